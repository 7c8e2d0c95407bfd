// Set operations on scored lists: union (scores summed), intersection, difference, filter.
import type { IndexState } from './state'
import { EMPTY_LIST, gallopTo, type ScoredList } from './lists'

/** Union of lists, scores summed; output ascending. */
export function union(index: IndexState, lists: ScoredList[]): ScoredList {
  const nonEmpty = lists.filter((l) => l.n > 0)
  if (nonEmpty.length === 0) return EMPTY_LIST
  if (nonEmpty.length === 1) return nonEmpty[0]
  index.scratch.ensure(index.cols.id.length)
  const g = index.scratch.nextGen()
  const stamp = index.scratch.stamp
  const acc = index.scratch.acc
  let count = 0
  let lo = Infinity
  let hi = -1
  for (const l of nonEmpty) {
    const docs = l.docs
    const sc = l.scores
    for (let i = 0; i < l.n; i++) {
      const d = docs[i]
      if (stamp[d] !== g) {
        stamp[d] = g
        acc[d] = sc[i]
        count++
      } else acc[d] += sc[i]
    }
    if (docs[0] < lo) lo = docs[0]
    if (docs[l.n - 1] > hi) hi = docs[l.n - 1]
  }
  const docs = index.pool.i32(count)
  const scores = index.pool.f32(count)
  let n = 0
  if (count * 16 < hi - lo) {
    // Few hits in a wide range: sorting them beats scanning the range.
    const g2 = index.scratch.nextGen()
    for (const l of nonEmpty) {
      for (let i = 0; i < l.n; i++) {
        const d = l.docs[i]
        if (stamp[d] === g) {
          stamp[d] = g2
          docs[n++] = d
        }
      }
    }
    docs.subarray(0, n).sort()
    for (let i = 0; i < n; i++) scores[i] = acc[docs[i]]
  } else {
    for (let d = lo; d <= hi; d++) {
      if (stamp[d] === g) {
        docs[n] = d
        scores[n] = acc[d]
        n++
      }
    }
  }
  return { docs, scores, n }
}

/** Intersection, scores summed. */
export function intersect(index: IndexState, x: ScoredList, y: ScoredList): ScoredList {
  const [a, b] = x.n <= y.n ? [x, y] : [y, x]
  if (a.n === 0) return EMPTY_LIST
  const docs = index.pool.i32(a.n)
  const scores = index.pool.f32(a.n)
  let n = 0
  let j = 0
  const bd = b.docs
  const bn = b.n
  const gallop = bn > a.n * 8
  for (let i = 0; i < a.n && j < bn; i++) {
    const d = a.docs[i]
    if (gallop) j = gallopTo(bd, d, j, bn)
    else while (j < bn && bd[j] < d) j++
    if (j < bn && bd[j] === d) {
      docs[n] = d
      scores[n] = a.scores[i] + b.scores[j]
      n++
      j++
    }
  }
  return { docs, scores, n }
}

export function subtract(index: IndexState, a: ScoredList, b: ScoredList): ScoredList {
  if (b.n === 0 || a.n === 0) return a
  const docs = index.pool.i32(a.n)
  const scores = index.pool.f32(a.n)
  let n = 0
  let j = 0
  for (let i = 0; i < a.n; i++) {
    const d = a.docs[i]
    j = gallopTo(b.docs, d, j, b.n)
    if (j < b.n && b.docs[j] === d) continue
    docs[n] = d
    scores[n] = a.scores[i]
    n++
  }
  return { docs, scores, n }
}

export function filter(index: IndexState, a: ScoredList, keep: (d: number) => boolean): ScoredList {
  const docs = index.pool.i32(a.n)
  const scores = index.pool.f32(a.n)
  let n = 0
  for (let i = 0; i < a.n; i++) {
    const d = a.docs[i]
    if (keep(d)) {
      docs[n] = d
      scores[n] = a.scores[i]
      n++
    }
  }
  return { docs, scores, n }
}

export function allLive(index: IndexState): ScoredList {
  const N = index.cols.id.length
  const docs = index.pool.i32(index.liveCount)
  let n = 0
  for (let d = 0; d < N; d++) if (index.cols.alive[d] === 1) docs[n++] = d
  return { docs, scores: index.pool.f32(n), n }
}
