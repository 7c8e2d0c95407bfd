// Packed postings (compressed sparse rows: one slice per term, item numbers ascending) and
// what reads them: a term's scored list, the union of a word's expansions, positions.
import { bm25Idf } from './fields'
import { collectStamped, EMPTY_LIST, type ScoredList } from './lists'
import type { IndexState } from './state'
import { DELTA_STRIDE, deltaDf, deltaIndexOf, deltaPostingsOf } from './delta'
import { PositionCursor } from './positions'
import type { ColdPostings } from './coldPostings'
import type { TfMaskTable } from './tfMask'

/** Packed postings: term t's are [termStart[t], termStart[t+1]). */
export type PackedPostings = TfMaskTable & {
  termCount: number
  termStart: Uint32Array
  /** Item number of each posting. */
  doc: Uint32Array
  /** The posting's (weighted term frequency, field mask) pair, by its number in codeTf / codeMask (tfMask.ts). */
  code: Uint16Array
  /** Per block of 32 postings, where its position records start, and the end (positions.ts). */
  posBlockAt: Uint32Array
  /** Neighbour signatures (analysis.ts) and position records: in memory or read from disk (coldPostings.ts). */
  cold: ColdPostings
}

/** How many items hold term t. */
export function df(index: IndexState, t: number): number {
  const m = index.packed
  const inPacked = m && t < m.termCount ? m.termStart[t + 1] - m.termStart[t] : 0
  return inPacked + deltaDf(index, t)
}

/** BM25 idf of a term in `df` items, with the query weight and the (K1 + 1) factor folded in. */
export function idfOf(index: IndexState, df: number, weight: number): number {
  return bm25Idf(df, index.liveCount, weight)
}

/** The items that contain term `t` (in a field of `fieldMask` when given), with BM25F scores. */
export function termList(index: IndexState, t: number, fieldMask: number, weight: number): ScoredList {
  if (t < 0) return EMPTY_LIST
  const m = index.packed
  const a = m && t < m.termCount ? m.termStart[t] : 0
  const b = m && t < m.termCount ? m.termStart[t + 1] : 0
  const dDf = deltaDf(index, t)
  const df = b - a + dDf
  if (df === 0) return EMPTY_LIST
  const idf = idfOf(index, df, weight)
  const docs = index.pool.i32(df)
  const scores = index.pool.f32(df)
  const norm = index.cols.norm
  let n = m && b > a ? scorePostings(m.doc, m.code, m.codeTf, m.codeMask, a, b, index.cols.alive, index.deadInPacked > 0, fieldMask, idf, norm, docs, scores) : 0
  if (dDf > 0) {
    const inDelta = deltaPostingsOf(index, t)!
    const alive = index.cols.alive
    for (let i = 0; i < inDelta.length; i += DELTA_STRIDE) {
      const d = inDelta[i]
      const tf = inDelta[i + 1]
      if (alive[d] !== 1 || (fieldMask !== 0 && (inDelta[i + 2] & fieldMask) === 0)) continue
      docs[n] = d
      scores[n] = (idf * tf) / (tf + norm[d])
      n++
    }
  }
  return { docs, scores, n }
}

/** Positions of packed posting `src` (of term t), or of delta item -src-1. One read of its block of records. */
export function positionsOf(index: IndexState, t: number, src: number): ArrayLike<number> {
  if (src < 0) return index.delta[-src - 1].terms.get(t)?.pos ?? []
  const cursor = new PositionCursor(index.packed!, 0)
  const out = cursor.read(src, new Int32Array(8), 0)
  return out.subarray(0, cursor.count)
}

/** Positions of term t in item d, or null. */
export function positionsIn(index: IndexState, t: number, d: number): ArrayLike<number> | null {
  const m = index.packed
  if (m && t < m.termCount && d < index.packedDocs) {
    let lo = m.termStart[t]
    let hi = m.termStart[t + 1] - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const x = m.doc[mid]
      if (x === d) return positionsOf(index, t, mid)
      if (x < d) lo = mid + 1
      else hi = mid - 1
    }
    return null
  }
  const j = deltaIndexOf(index, d)
  if (j < 0) return null
  return index.delta[j].terms.get(t)?.pos ?? null
}

/**
 * Items holding any of `terms` (a word and its prefix or typo expansions), scores summed:
 * the postings go straight into the accumulator, without a list per term in between.
 */
export function unionTerms(index: IndexState, terms: number[], weights: number[], fieldMask: number): ScoredList {
  if (terms.length === 0) return EMPTY_LIST
  if (terms.length === 1) return termList(index, terms[0], fieldMask, weights[0])
  index.scratch.ensure(index.cols.id.length)
  const g = index.scratch.nextGen()
  const stamp = index.scratch.stamp
  const acc = index.scratch.acc
  const m = index.packed
  const norm = index.cols.norm
  const range = index.probeOut
  let count = 0
  let lo = Infinity
  let hi = -1
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]
    const a = m && t < m.termCount ? m.termStart[t] : 0
    const b = m && t < m.termCount ? m.termStart[t + 1] : 0
    const dDf = deltaDf(index, t)
    const df = b - a + dDf
    if (df === 0) continue
    const idf = idfOf(index, df, weights[k])
    if (m && b > a) {
      count += accumulatePostings(m.doc, m.code, m.codeTf, m.codeMask, a, b, index.cols.alive, index.deadInPacked > 0, fieldMask, idf, norm, stamp, acc, g, range)
      if (range[0] < lo) lo = range[0]
      if (range[1] > hi) hi = range[1]
    }
    if (dDf > 0) {
      const inDelta = deltaPostingsOf(index, t)!
      const alive = index.cols.alive
      for (let i = 0; i < inDelta.length; i += DELTA_STRIDE) {
        const d = inDelta[i]
        const tf = inDelta[i + 1]
        if (alive[d] !== 1 || (fieldMask !== 0 && (inDelta[i + 2] & fieldMask) === 0)) continue
        const sc = (idf * tf) / (tf + norm[d])
        if (stamp[d] !== g) {
          stamp[d] = g
          acc[d] = sc
          count++
        } else acc[d] += sc
        if (d < lo) lo = d
        if (d > hi) hi = d
      }
    }
  }
  if (count === 0) return EMPTY_LIST
  const docs = index.pool.i32(count)
  const scores = index.pool.f32(count)
  let n = 0
  if (count * 16 < hi - lo) {
    // Few items in a wide range: gather them from the postings and sort.
    const g2 = index.scratch.nextGen()
    for (const t of terms) {
      const a = m && t < m.termCount ? m.termStart[t] : 0
      const b = m && t < m.termCount ? m.termStart[t + 1] : 0
      for (let i = a; i < b; i++) {
        const d = m!.doc[i]
        if (stamp[d] === g) {
          stamp[d] = g2
          docs[n++] = d
        }
      }
      // Only the delta's items that hold the term (a prefix can have hundreds of expansions); a removed one was never stamped.
      const inDelta = deltaPostingsOf(index, t) ?? []
      for (let i = 0; i < inDelta.length; i += DELTA_STRIDE) {
        const d = inDelta[i]
        if (stamp[d] === g) {
          stamp[d] = g2
          docs[n++] = d
        }
      }
    }
    docs.subarray(0, n).sort()
    for (let i = 0; i < n; i++) scores[i] = acc[docs[i]]
  } else n = collectStamped(stamp, acc, g, lo, hi, docs, scores)
  return { docs, scores, n }
}


/** Scores of postings [a, b): live items (in a field of fieldMask when given). */
export function scorePostings(
  pd: Uint32Array,
  pcode: Uint16Array,
  codeTf: Uint16Array,
  codeMask: Uint16Array,
  a: number,
  b: number,
  alive: number[],
  checkAlive: boolean,
  fieldMask: number,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array
): number {
  let n = 0
  if (!checkAlive && fieldMask === 0) {
    for (let i = a; i < b; i++) {
      const d = pd[i]
      const tf = codeTf[pcode[i]]
      docs[n] = d
      scores[n] = (idf * tf) / (tf + norm[d])
      n++
    }
    return n
  }
  for (let i = a; i < b; i++) {
    const d = pd[i]
    if (checkAlive && alive[d] !== 1) continue
    if (fieldMask !== 0 && (codeMask[pcode[i]] & fieldMask) === 0) continue
    const tf = codeTf[pcode[i]]
    docs[n] = d
    scores[n] = (idf * tf) / (tf + norm[d])
    n++
  }
  return n
}


/** Adds postings [a, b) into acc (marking items with g in stamp); returns how many items are new, writes the first and last item to `range`. */
export function accumulatePostings(
  pd: Uint32Array,
  pcode: Uint16Array,
  codeTf: Uint16Array,
  codeMask: Uint16Array,
  a: number,
  b: number,
  alive: number[],
  checkAlive: boolean,
  fieldMask: number,
  idf: number,
  norm: number[],
  stamp: Int32Array,
  acc: Float32Array,
  g: number,
  range: Int32Array
): number {
  let added = 0
  let first = -1
  let last = -1
  for (let i = a; i < b; i++) {
    const d = pd[i]
    if (checkAlive && alive[d] !== 1) continue
    if (fieldMask !== 0 && (codeMask[pcode[i]] & fieldMask) === 0) continue
    const tf = codeTf[pcode[i]]
    const sc = (idf * tf) / (tf + norm[d])
    if (stamp[d] !== g) {
      stamp[d] = g
      acc[d] = sc
      added++
    } else acc[d] += sc
    if (first < 0) first = d
    last = d
  }
  range[0] = first < 0 ? 0x7fffffff : first
  range[1] = last
  return added
}
