// Common words as bitmaps.
//
// Words that are each in most items (`minister budget health`) intersect as bitmaps, one
// AND per 32 items, and only the items left are scored: a walk through each word's
// postings, no list per word in between. A bitmap is kept per such word (N/8 bytes; only
// a word in ≥ 1/16 of the items qualifies, so they never outweigh the postings).
import type { ScoredList } from './lists'
import { idfOf } from './postings'
import type { IndexState } from './state'

/** Whether a term is in ≥ 1/16 of the packed items (and so gets a cached bitmap). */
export function isDense(index: IndexState, t: number): boolean {
  const m = index.packed
  return !!m && t < m.termCount && (m.termStart[t + 1] - m.termStart[t]) * 16 >= index.packedDocs
}

/** Whether every group has a common word (isDense), any field, and no packed item is deleted. */
export function denseEnough(index: IndexState, groups: Array<{ terms: number[]; fieldMask: number }>): boolean {
  if (!index.packed || index.deadInPacked > 0) return false
  for (const g of groups) if (g.fieldMask !== 0 || !g.terms.some((t) => isDense(index, t))) return false
  return true
}

export function termBits(index: IndexState, t: number): Int32Array {
  let bits = index.denseBitmaps.get(t)
  if (!bits) {
    const m = index.packed!
    bits = new Int32Array((index.packedDocs + 31) >>> 5)
    fillBits(m.doc, m.termStart[t], m.termStart[t + 1], bits)
    index.denseBitmaps.set(t, bits)
  }
  return bits
}

/** The items holding a term of every group (see denseEnough), scored like termList + probe / unionTerms. */
export function denseAnd(index: IndexState, groups: Array<{ terms: number[]; weights: number[] }>): ScoredList {
  const m = index.packed!
  const W = (index.packedDocs + 31) >>> 5
  const and = index.pool.i32(W)
  const any = index.pool.i32(W)
  let count = 0
  for (let k = 0; k < groups.length; k++) {
    const terms = groups[k].terms
    const target = k === 0 ? and : any
    if (k > 1) target.fill(0)
    // Rarer expansions are set from their postings (no bitmap kept for them).
    for (const t of terms) {
      if (isDense(index, t)) orBits(target, termBits(index, t), W)
      else if (t < m.termCount) fillBits(m.doc, m.termStart[t], m.termStart[t + 1], target)
    }
    if (k > 0) count = andBits(and, any, W)
  }
  const cap = count + index.delta.length
  const docs = index.pool.i32(cap)
  const scores = index.pool.f32(cap)
  let n = bitsToDocs(and, W, docs)
  const idf: number[][] = []
  for (const g of groups) {
    const row: number[] = []
    for (let x = 0; x < g.terms.length; x++) {
      const t = g.terms[x]
      const a = t < m.termCount ? m.termStart[t] : 0
      const b = t < m.termCount ? m.termStart[t + 1] : 0
      row.push(idfOf(index, b - a + (index.deltaDf.get(t) ?? 0), g.weights[x]))
      // A group of one term holds every item left; a wider group only some of them.
      if (g.terms.length === 1) addScoresAll(m.doc, m.code, m.codeTf, a, b, row[x], index.cols.norm, docs, n, scores)
      else addScores(m.doc, m.code, m.codeTf, a, b, row[x], index.cols.norm, docs, n, scores)
    }
    idf.push(row)
  }
  // Items edited since the last compaction.
  for (const e of index.delta) {
    let score = 0
    let all = true
    for (let k = 0; k < groups.length && all; k++) {
      let some = false
      for (let x = 0; x < groups[k].terms.length; x++) {
        const p = e.terms.get(groups[k].terms[x])
        if (!p) continue
        some = true
        score += (idf[k][x] * p.tf) / (p.tf + index.cols.norm[e.doc])
      }
      all = some
    }
    if (!all) continue
    docs[n] = e.doc
    scores[n] = score
    n++
  }
  return { docs, scores, n }
}


/** Sets the bit of every item of postings [a, b). */
export function fillBits(pd: Uint32Array, a: number, b: number, bits: Int32Array): void {
  for (let i = a; i < b; i++) {
    const d = pd[i]
    bits[d >>> 5] |= 1 << (d & 31)
  }
}


/** and &= bits over W words; returns how many bits are left. */
export function andBits(and: Int32Array, bits: Int32Array, W: number): number {
  let count = 0
  for (let w = 0; w < W; w++) {
    let x = and[w] & bits[w]
    and[w] = x
    // popcount
    x = x - ((x >>> 1) & 0x55555555)
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    count += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
  }
  return count
}


/** The set bits as item numbers, ascending. */
export function bitsToDocs(bits: Int32Array, W: number, docs: Int32Array): number {
  let n = 0
  for (let w = 0; w < W; w++) {
    let x = bits[w]
    while (x !== 0) {
      const low = x & -x
      docs[n++] = (w << 5) + 31 - Math.clz32(low)
      x ^= low
    }
  }
  return n
}


/** Adds the term's score (postings [a, b)) to those of the ascending docs[0, n) that hold it. */
export function addScores(pd: Uint32Array, pcode: Uint16Array, codeTf: Uint16Array, a: number, b: number, idf: number, norm: number[], docs: Int32Array, n: number, scores: Float32Array): void {
  let p = 0
  for (let i = a; i < b && p < n; i++) {
    const d = pd[i]
    while (p < n && docs[p] < d) p++
    if (p < n && docs[p] === d) {
      const tf = codeTf[pcode[i]]
      scores[p] += (idf * tf) / (tf + norm[d])
      p++
    }
  }
}


/** addScores when the term's postings hold every one of docs[0, n). */
export function addScoresAll(pd: Uint32Array, pcode: Uint16Array, codeTf: Uint16Array, a: number, b: number, idf: number, norm: number[], docs: Int32Array, n: number, scores: Float32Array): void {
  let p = 0
  for (let i = a; i < b && p < n; i++) {
    const d = pd[i]
    if (d !== docs[p]) continue
    const tf = codeTf[pcode[i]]
    scores[p] += (idf * tf) / (tf + norm[d])
    p++
  }
}


/** target |= bits over W words. */
export function orBits(target: Int32Array, bits: Int32Array, W: number): void {
  for (let w = 0; w < W; w++) target[w] |= bits[w]
}
