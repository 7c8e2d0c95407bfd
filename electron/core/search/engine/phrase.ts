// Phrase check: items holding terms at consecutive positions.
import { F_TITLE } from './fields'
import { DELTA_STRIDE, deltaDf, deltaIndexOf, deltaPostingsOf, type DeltaPosting } from './delta'
import { EMPTY_LIST, gallopU32, sortedHas, type ScoredList } from './lists'
import { idfOf, type PackedPostings } from './postings'
import { PositionCursor } from './positions'
import { nextBit, prevBit } from './analysis'
import type { IndexState } from './state'

/**
 * Items holding `terms` at consecutive positions (in the title when fieldMask is F_TITLE),
 * scored like an AND of the terms, times 1.5. One pass over the rarest term's postings
 * that gallops through the others' raw postings (nothing is materialised per term); the
 * neighbour signatures rule out most items of a phrase of common words, and positions are
 * read only for the rest. Exact: every item returned has the phrase, and every item with
 * it is returned.
 */
export function evalPhrase(index: IndexState, terms: number[], fieldMask: number): ScoredList {
  const K = terms.length
  const m = index.packed
  const packedTerms = m ? m.termCount : 0
  const lo = new Int32Array(K)
  const hi = new Int32Array(K)
  const idf = new Float64Array(K)
  let r = 0
  let minDf = Infinity
  for (let k = 0; k < K; k++) {
    const t = terms[k]
    lo[k] = m && t < packedTerms ? m.termStart[t] : 0
    hi[k] = m && t < packedTerms ? m.termStart[t + 1] : 0
    const df = hi[k] - lo[k] + deltaDf(index, t)
    if (df === 0) return EMPTY_LIST
    idf[k] = idfOf(index, df, 1)
    if (hi[k] - lo[k] < minDf) {
      minDf = hi[k] - lo[k]
      r = k
    }
  }
  // Signature bits each posting must have: term k's next bits hold term k+1, term k+1's
  // previous bits hold term k.
  // Int32, like the result of `&`, so that bit 31 compares equal.
  const need = new Int32Array(K)
  for (let k = 0; k + 1 < K; k++) {
    need[k] |= nextBit(index.vocab.adjHash[terms[k + 1]])
    need[k + 1] |= prevBit(index.vocab.adjHash[terms[k]])
  }
  // The delta's items that hold the anchor term (an item without it has no phrase), and some removed since.
  const anchorInDelta = deltaPostingsOf(index, terms[r]) ?? []
  const cap = hi[r] - lo[r] + anchorInDelta.length / DELTA_STRIDE
  const docs = index.pool.i32(cap)
  const scores = index.pool.f32(cap)
  let n = m && hi[r] > lo[r] ? phraseInPacked(index, m, terms, lo, hi, idf, need, r, fieldMask, docs, scores) : 0
  const norm = index.cols.norm
  // Items edited since the last compaction (few): their positions directly.
  for (let i = 0; i < anchorInDelta.length; i += DELTA_STRIDE) {
    if (index.cols.alive[anchorInDelta[i]] !== 1) continue
    const e = index.delta[deltaIndexOf(index, anchorInDelta[i])]
    const ps: DeltaPosting[] = []
    for (let k = 0; k < K; k++) {
      const p = e.terms.get(terms[k])
      if (!p || (fieldMask !== 0 && (p.mask & fieldMask) === 0)) break
      ps.push(p)
    }
    if (ps.length < K) continue
    const d = e.doc
    const titleEnd = fieldMask === F_TITLE ? index.cols.fieldStarts[d][0] : Infinity
    const anchor = ps[r].pos
    let found = false
    for (let q = 0; q < anchor.length && !found; q++) {
      const start = anchor[q] - r
      if (start < 0 || start >= titleEnd) continue
      found = true
      for (let k = 0; k < K; k++) {
        if (k !== r && !sortedHas(ps[k].pos, 0, ps[k].pos.length, start + k)) {
          found = false
          break
        }
      }
    }
    if (!found) continue
    let score = 0
    for (let k = 0; k < K; k++) score += (idf[k] * ps[k].tf) / (ps[k].tf + norm[d])
    docs[n] = d
    scores[n] = score * 1.5
    n++
  }
  return { docs, scores, n }
}

/** evalPhrase over the packed postings (its own function: the hot loop optimises alone). */
export function phraseInPacked(index: IndexState, m: PackedPostings, terms: number[], lo: Int32Array, hi: Int32Array, idf: Float64Array, need: Int32Array, r: number, fieldMask: number, docs: Int32Array, scores: Float32Array): number {
  const K = terms.length
  let n = 0
  const norm = index.cols.norm
  const pd = m.doc
  const pcode = m.code
  const codeTf = m.codeTf
  const codeMask = m.codeMask
  // Each term's signatures in one read (from disk for a loaded index: coldPostings.ts).
  const adjs = Array.from({ length: K }, (_, k) => m.cold.adj(lo[k], hi[k]))
  const alive = index.cols.alive
  const checkAlive = index.deadInPacked > 0
  const cur = lo.slice()
  const at = new Int32Array(K)
  const starts = new Int32Array(K)
  const counts = new Int32Array(K)
  // Position records, read only for items that pass the signatures, in postings order.
  const cursors: Array<PositionCursor | null> = new Array(K).fill(null)
  let pos: Int32Array = new Int32Array(256)
  // The others in order of rarity, so that a missing term is found soonest.
  const others: number[] = []
  for (let k = 0; k < K; k++) if (k !== r) others.push(k)
  others.sort((x, y) => hi[x] - lo[x] - (hi[y] - lo[y]))
  const no = others.length
  const needR = need[r]
  const adjR = adjs[r]
  const loR = lo[r]
  outer: for (let i = lo[r]; i < hi[r]; i++) {
    if ((adjR[i - loR] & needR) !== needR) continue
    if (fieldMask !== 0 && (codeMask[pcode[i]] & fieldMask) === 0) continue
    const d = pd[i]
    if (checkAlive && alive[d] !== 1) continue
    for (let o = 0; o < no; o++) {
      const k = others[o]
      const j = gallopU32(pd, d, cur[k], hi[k])
      cur[k] = j
      if (j >= hi[k]) break outer
      if (pd[j] !== d) continue outer
      if ((adjs[k][j - lo[k]] & need[k]) !== need[k]) continue outer
      at[k] = j
    }
    at[r] = i
    const titleEnd = fieldMask === F_TITLE ? index.cols.fieldStarts[d][0] : NO_LIMIT
    let used = 0
    for (let k = 0; k < K; k++) {
      const c = (cursors[k] ??= new PositionCursor(m))
      pos = c.read(at[k], pos, used)
      starts[k] = used
      counts[k] = c.count
      used += c.count
    }
    const found = phraseAt(pos, starts, counts, K, titleEnd)
    if (!found) continue
    let score = 0
    for (let k = 0; k < K; k++) {
      const tf = codeTf[pcode[at[k]]]
      score += (idf[k] * tf) / (tf + norm[d])
    }
    docs[n] = d
    scores[n] = score * 1.5
    n++
  }
  return n
}


export const NO_LIMIT = 0x7fffffff


/**
 * Whether one item holds the phrase: term k's positions in this item are
 * store[starts[k], starts[k] + counts[k]) (ascending), and they must be consecutive and
 * start before `titleEnd`. Anchored on the term with the fewest positions in this item, a
 * merge for two terms, binary searches for more.
 */
export function phraseAt(store: Int32Array, starts: Int32Array, counts: Int32Array, K: number, titleEnd: number): boolean {
  if (K === 2) {
    let x = starts[0]
    const xe = x + counts[0]
    let y = starts[1]
    const ye = y + counts[1]
    while (x < xe && y < ye) {
      const want = store[x] + 1
      const have = store[y]
      if (have === want) return want - 1 < titleEnd
      if (have < want) y++
      else x++
    }
    return false
  }
  let anchor = 0
  for (let k = 1; k < K; k++) if (counts[k] < counts[anchor]) anchor = k
  for (let q = starts[anchor], qe = q + counts[anchor]; q < qe; q++) {
    const start = store[q] - anchor
    if (start < 0) continue
    if (start >= titleEnd) return false
    let ok = true
    for (let k = 0; k < K && ok; k++) {
      if (k === anchor) continue
      ok = sortedHas(store, starts[k], starts[k] + counts[k], start + k)
    }
    if (ok) return true
  }
  return false
}
