// Scored lists (the currency of query evaluation) and the buffers they are made of.

/** A result list: item numbers ascending with their scores; only the first `n` count. */
export type ScoredList = { docs: Int32Array; scores: Float32Array; n: number }
export const EMPTY_LIST: ScoredList = { docs: new Int32Array(0), scores: new Float32Array(0), n: 0 }

/**
 * Result lists come from pools reused across queries: a query over a common word would
 * otherwise allocate megabytes that the garbage collector then stops the world for.
 * Everything handed out during a query goes back with release() when it ends.
 */
export class ListPool {
  private freeI32: Int32Array[][] = []
  private freeF32: Float32Array[][] = []
  private usedI32: Int32Array[] = []
  private usedF32: Float32Array[] = []

  // Pooled buffers come back as new ones would: zeroed over the length asked for. (A reused
  // buffer once kept an earlier query's cursors, so a phrase check started mid-list and
  // missed items that an identical query on a fresh index found.)
  i32(n: number): Int32Array {
    const c = n <= 1024 ? 10 : 32 - Math.clz32(n - 1)
    const reused = this.freeI32[c]?.pop()
    const a = reused ?? new Int32Array(1 << c)
    if (reused) a.fill(0, 0, n)
    this.usedI32.push(a)
    return a
  }

  f32(n: number): Float32Array {
    const c = n <= 1024 ? 10 : 32 - Math.clz32(n - 1)
    const reused = this.freeF32[c]?.pop()
    const a = reused ?? new Float32Array(1 << c)
    if (reused) a.fill(0, 0, n)
    this.usedF32.push(a)
    return a
  }

  release(): void {
    for (const a of this.usedI32) {
      const c = 31 - Math.clz32(a.length)
      const l = (this.freeI32[c] ??= [])
      if (l.length < 16) l.push(a)
    }
    for (const a of this.usedF32) {
      const c = 31 - Math.clz32(a.length)
      const l = (this.freeF32[c] ??= [])
      if (l.length < 16) l.push(a)
    }
    this.usedI32 = []
    this.usedF32 = []
  }
}

/**
 * Per-item scratch for unions and probes: an item is "in" the current set when its stamp
 * holds the current generation, so clearing a set is one increment, not a fill.
 */
export class Scratch {
  stamp = new Int32Array(0)
  /** Accumulated score per item, valid where stamp holds the current generation. */
  acc = new Float32Array(0)
  /** Posting index per item, valid where stamp holds the current generation (probes). */
  slot = new Int32Array(0)
  private gen = 0

  /** Makes room for `items` items. */
  ensure(items: number): void {
    if (this.stamp.length < items) {
      this.stamp = new Int32Array(Math.max(items, this.stamp.length * 2, 1024))
      this.acc = new Float32Array(this.stamp.length)
      this.slot = new Int32Array(this.stamp.length)
      this.gen = 0
    }
  }

  nextGen(): number {
    this.gen++
    if (this.gen > 2_000_000_000) {
      this.stamp.fill(0)
      this.gen = 1
    }
    return this.gen
  }
}

/** First index j ≥ from with arr[j] ≥ target (exponential then binary search). */
export function gallopTo(arr: Int32Array, target: number, from: number, n: number): number {
  if (from >= n || arr[from] >= target) return from
  let step = 1
  let lo = from
  let hi = from + 1
  while (hi < n && arr[hi] < target) {
    lo = hi
    step *= 2
    hi = from + step
  }
  if (hi > n) hi = n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid] < target) lo = mid
    else hi = mid
  }
  return hi
}

/**
 * gallopTo over packed postings. A copy for Uint32Array on purpose: one function taking both
 * array types makes its loop polymorphic, and these searches run inside the hottest loops.
 */
export function gallopU32(arr: Uint32Array, target: number, from: number, n: number): number {
  if (from >= n || arr[from] >= target) return from
  let step = 1
  let lo = from
  let hi = from + 1
  while (hi < n && arr[hi] < target) {
    lo = hi
    step *= 2
    hi = from + step
  }
  if (hi > n) hi = n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid] < target) lo = mid
    else hi = mid
  }
  return hi
}

/** The items stamped g in [lo, hi], ascending, with their accumulated scores. */
export function collectStamped(stamp: Int32Array, acc: Float32Array, g: number, lo: number, hi: number, docs: Int32Array, scores: Float32Array): number {
  let n = 0
  for (let d = lo; d <= hi; d++) {
    if (stamp[d] === g) {
      docs[n] = d
      scores[n] = acc[d]
      n++
    }
  }
  return n
}

/** The first place in the ascending arr whose value is not below x (arr.length when none is). */
export function lowerBound(arr: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Whether the ascending arr[from, to) holds v. */
export function sortedHas(arr: ArrayLike<number>, from: number, to: number, v: number): boolean {
  let lo = from
  let hi = to - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const x = arr[mid]
    if (x === v) return true
    if (x < v) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/** A typed array of numbers (what Growable.append copies from). */
export type NumberArray = ArrayLike<number> & { subarray(from: number, to: number): ArrayLike<number> }

/** Grows by doubling; `a` holds `n` values (used while building, before sizes are known). */
export class Growable32 {
  a: Uint32Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Uint32Array(cap)
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = v
  }
  /** Appends src[from, to) in one copy (a build appends millions of values). */
  append(src: NumberArray, from: number, to: number): void {
    const need = this.n + (to - from)
    if (need > this.a.length) {
      let cap = this.a.length * 2
      while (cap < need) cap *= 2
      const b = new Uint32Array(cap)
      b.set(this.a.subarray(0, this.n))
      this.a = b
    }
    // A loop, not a.set(src.subarray(...)): the sources are Int32Arrays going into Uint32 or
    // Uint16 arrays, and a set between typed arrays of different types takes V8's slow
    // generic path (this append was a quarter of a build's time on the building thread).
    const a = this.a
    let n = this.n
    for (let i = from; i < to; i++) a[n++] = src[i]
    this.n = need
  }
}
export class Growable16 {
  a: Uint16Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Uint16Array(cap)
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint16Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = v
  }
  /** Appends src[from, to) in one copy (a build appends millions of values). */
  append(src: NumberArray, from: number, to: number): void {
    const need = this.n + (to - from)
    if (need > this.a.length) {
      let cap = this.a.length * 2
      while (cap < need) cap *= 2
      const b = new Uint16Array(cap)
      b.set(this.a.subarray(0, this.n))
      this.a = b
    }
    // A loop, not a.set(src.subarray(...)): the sources are Int32Arrays going into Uint32 or
    // Uint16 arrays, and a set between typed arrays of different types takes V8's slow
    // generic path (this append was a quarter of a build's time on the building thread).
    const a = this.a
    let n = this.n
    for (let i = from; i < to; i++) a[n++] = src[i]
    this.n = need
  }
}
