// Building: many items at once into packed postings (the fast path of an empty index).
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import { renormalise, setItemRow } from './columns'
import { Growable16, Growable32 } from './lists'
import { PositionDirectoryBuilder } from './positions'
import type { PackedPostings } from './postings'
import type { IndexState } from './state'

/** Builds packed postings from many items; the index must be empty. */
export function buildPacked(index: IndexState, docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): void {
  const pTerm = new Growable32(1 << 16)
  const pDoc = new Growable32(1 << 16)
  const pTf = new Growable16(1 << 16)
  const pMask = new Growable16(1 << 16)
  const pAdj = new Growable32(1 << 16)
  const pPos = new Growable32(1 << 16)
  const pCnt = new Growable32(1 << 16)
  const pos16 = new Growable16(1 << 20)
  const pos32 = new Growable32(1024)
  let d = 0
  index.vocab.deferPrefixDictionary()
  for (const doc of docs) {
    if (!doc || typeof doc.id !== 'string' || index.idToDoc.has(doc.id)) continue
    const a = analyse(index.vocab, doc)
    setItemRow(index, d, doc, a)
    const long = index.cols.longPositions[d] === 1
    const { positions, posFrom } = a
    for (let k = 0; k < a.termCount; k++) {
      pTerm.push(a.terms[k])
      pDoc.push(d)
      pTf.push(a.tfs[k])
      pMask.push(a.masks[k])
      pAdj.push(a.adjs[k])
      const from = posFrom[k]
      const to = posFrom[k + 1]
      pCnt.push(to - from)
      if (long) {
        pPos.push(pos32.n)
        for (let q = from; q < to; q++) pos32.push(positions[q])
      } else {
        pPos.push(pos16.n)
        for (let q = from; q < to; q++) pos16.push(positions[q])
      }
    }
    d++
    if (onProgress && d % 1000 === 0) onProgress(d)
  }
  // Norms were computed with a running average length; use the final one.
  renormalise(index)
  const T = index.vocab.termCount
  const P = pTerm.n
  const termStart = new Uint32Array(T + 1)
  for (let i = 0; i < P; i++) termStart[pTerm.a[i] + 1]++
  for (let t = 0; t < T; t++) termStart[t + 1] += termStart[t]
  const fill = termStart.slice(0, T)
  const doc = new Uint32Array(P)
  const tf = new Uint16Array(P)
  const mask = new Uint16Array(P)
  const adj = new Uint32Array(P)
  // Where each posting's positions are while building (item by item); the packed postings keep a compact directory (positions.ts).
  const posFrom = new Uint32Array(P)
  const posCount = new Uint32Array(P)
  // Postings were appended in doc order, so a stable scatter by term keeps docs ascending.
  for (let i = 0; i < P; i++) {
    const j = fill[pTerm.a[i]]++
    doc[j] = pDoc.a[i]
    tf[j] = pTf.a[i]
    mask[j] = pMask.a[i]
    adj[j] = pAdj.a[i]
    posFrom[j] = pPos.a[i]
    posCount[j] = pCnt.a[i]
  }
  // Positions were appended item by item; lay them out term by term, in postings order, so
  // that a phrase reads each term's positions as it walks its postings instead of jumping
  // across the whole array (a cache miss per candidate made phrases 5x slower).
  const out16 = new Uint16Array(pos16.n)
  const out32 = new Uint32Array(pos32.n)
  const dir = new PositionDirectoryBuilder(P)
  let o16 = 0
  let o32 = 0
  for (let j = 0; j < P; j++) {
    const from = posFrom[j]
    const cnt = posCount[j]
    const long = index.cols.longPositions[doc[j]] === 1
    dir.push(cnt, long)
    if (long) for (let k = 0; k < cnt; k++) out32[o32++] = pos32.a[from + k]
    else for (let k = 0; k < cnt; k++) out16[o16++] = pos16.a[from + k]
  }
  const packed: PackedPostings = { termCount: T, termStart, doc, tf, mask, adj, pos16: out16, pos32: out32, ...dir.finish() }
  index.packed = packed
  index.packedDocs = d
  // Anything derived from the (empty) index before is out of date.
  index.packedChanged()
  index.vocab.fillPrefixDictionary()
}
