// Probe: a list ∩ (or minus) the items holding one term, read by galloping through the
// term's packed postings instead of materialising them.
import { gallopU32, type ScoredList, EMPTY_LIST } from './lists'
import { idfOf } from './postings'
import type { IndexState } from './state'

/**
 * `list` ∩ the items holding term t (in a field of fieldMask when given), its BM25F score
 * added; or, with `exclude`, `list` minus those items. Gallops through the term's packed
 * postings instead of materialising them: a common word is in most items, the list
 * usually far fewer.
 */
export function probe(index: IndexState, list: ScoredList, t: number, fieldMask: number, exclude: boolean): ScoredList {
  if (list.n === 0) return list
  const m = index.packed
  const a = m && t < m.termCount ? m.termStart[t] : 0
  const b = m && t < m.termCount ? m.termStart[t + 1] : 0
  const df = b - a + (index.deltaDf.get(t) ?? 0)
  if (df === 0) return exclude ? list : EMPTY_LIST
  const idf = idfOf(index, df, 1)
  const docs = index.pool.i32(list.n)
  const scores = index.pool.f32(list.n)
  let i = 0
  let n = 0
  if (m && b - a < list.n * 4) {
    // The term's postings are not much longer than the list: mark them all, then look
    // each item up (two streaming passes beat a gallop whose every step is a guess).
    index.scratch.ensure(index.cols.id.length)
    const out = index.probeOut
    probeDense(list.docs, list.scores, list.n, index.packedDocs, m.doc, m.code, m.codeTf, m.codeMask, a, b, fieldMask, exclude, idf, index.cols.norm, docs, scores, out, index.scratch.stamp, index.scratch.nextGen(), index.scratch.slot)
    i = out[0]
    n = out[1]
  } else if (m) {
    const out = index.probeOut
    probeMain(list.docs, list.scores, list.n, index.packedDocs, m.doc, m.code, m.codeTf, m.codeMask, a, b, fieldMask, exclude, idf, index.cols.norm, docs, scores, out)
    i = out[0]
    n = out[1]
  }
  // Items edited since the last compaction come after every packed one, in delta order.
  let j = 0
  const delta = index.delta
  for (; i < list.n; i++) {
    const d = list.docs[i]
    while (j < delta.length && delta[j].doc < d) j++
    const p = j < delta.length && delta[j].doc === d ? delta[j].terms.get(t) : undefined
    const hit = p !== undefined && (fieldMask === 0 || (p.mask & fieldMask) !== 0)
    if (exclude) {
      if (hit) continue
      docs[n] = d
      scores[n] = list.scores[i]
      n++
    } else if (hit) {
      docs[n] = d
      scores[n] = list.scores[i] + (idf * p.tf) / (p.tf + index.cols.norm[d])
      n++
    }
  }
  return { docs, scores, n }
}


/** The packed part of probe: writes [items of `ld` consumed, items written] to `out`. */
export function probeMain(
  ld: Int32Array,
  ls: Float32Array,
  ln: number,
  packedDocs: number,
  pd: Uint32Array,
  pcode: Uint16Array,
  codeTf: Uint16Array,
  codeMask: Uint16Array,
  a: number,
  b: number,
  fieldMask: number,
  exclude: boolean,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array,
  out: Int32Array
): void {
  let j = a
  let n = 0
  let i = 0
  for (; i < ln; i++) {
    const d = ld[i]
    if (d >= packedDocs) break
    j = gallopU32(pd, d, j, b)
    const hit = j < b && pd[j] === d && (fieldMask === 0 || (codeMask[pcode[j]] & fieldMask) !== 0)
    if (exclude) {
      if (!hit) {
        docs[n] = d
        scores[n] = ls[i]
        n++
      }
    } else if (hit) {
      const tf = codeTf[pcode[j]]
      docs[n] = d
      scores[n] = ls[i] + (idf * tf) / (tf + norm[d])
      n++
    }
  }
  out[0] = i
  out[1] = n
}


/** probeMain for a list about as long as the postings: marks the postings, then looks up. */
export function probeDense(
  ld: Int32Array,
  ls: Float32Array,
  ln: number,
  packedDocs: number,
  pd: Uint32Array,
  pcode: Uint16Array,
  codeTf: Uint16Array,
  codeMask: Uint16Array,
  a: number,
  b: number,
  fieldMask: number,
  exclude: boolean,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array,
  out: Int32Array,
  stamp: Int32Array,
  g: number,
  slot: Int32Array
): void {
  for (let j = a; j < b; j++) {
    if (fieldMask !== 0 && (codeMask[pcode[j]] & fieldMask) === 0) continue
    const d = pd[j]
    stamp[d] = g
    slot[d] = j
  }
  let n = 0
  let i = 0
  for (; i < ln; i++) {
    const d = ld[i]
    if (d >= packedDocs) break
    const hit = stamp[d] === g
    if (exclude) {
      if (!hit) {
        docs[n] = d
        scores[n] = ls[i]
        n++
      }
    } else if (hit) {
      const tf = codeTf[pcode[slot[d]]]
      docs[n] = d
      scores[n] = ls[i] + (idf * tf) / (tf + norm[d])
      n++
    }
  }
  out[0] = i
  out[1] = n
}
