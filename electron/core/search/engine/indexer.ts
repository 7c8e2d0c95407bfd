// Building: many items at once into packed postings (the fast path of an empty index).
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import { renormalise, setItemRow } from './columns'
import { Growable16, Growable32 } from './lists'
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
  const packed: PackedPostings = {
    termCount: T,
    termStart,
    doc: new Uint32Array(P),
    tf: new Uint16Array(P),
    mask: new Uint16Array(P),
    posStart: new Uint32Array(P),
    posCount: new Uint32Array(P),
    adj: new Uint32Array(P),
    pos16: new Uint16Array(pos16.n),
    pos32: new Uint32Array(pos32.n)
  }
  // Postings were appended in doc order, so a stable scatter by term keeps docs ascending.
  for (let i = 0; i < P; i++) {
    const j = fill[pTerm.a[i]]++
    packed.doc[j] = pDoc.a[i]
    packed.tf[j] = pTf.a[i]
    packed.mask[j] = pMask.a[i]
    packed.adj[j] = pAdj.a[i]
    packed.posStart[j] = pPos.a[i]
    packed.posCount[j] = pCnt.a[i]
  }
  // Positions were appended item by item; lay them out term by term, in postings order, so
  // that a phrase reads each term's positions as it walks its postings instead of jumping
  // across the whole array (a cache miss per candidate made phrases 5x slower).
  let o16 = 0
  let o32 = 0
  for (let j = 0; j < P; j++) {
    const from = packed.posStart[j]
    const cnt = packed.posCount[j]
    if (index.cols.longPositions[packed.doc[j]] === 1) {
      packed.posStart[j] = o32
      for (let k = 0; k < cnt; k++) packed.pos32[o32++] = pos32.a[from + k]
    } else {
      packed.posStart[j] = o16
      for (let k = 0; k < cnt; k++) packed.pos16[o16++] = pos16.a[from + k]
    }
  }
  index.packed = packed
  index.packedDocs = d
  // Anything derived from the (empty) index before is out of date.
  index.packedChanged()
  index.vocab.fillPrefixDictionary()
}
