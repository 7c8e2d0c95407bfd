// Building: many items at once into packed postings (the fast path of an empty index).
// Items are analysed one by one here (buildPacked), or in batches by worker threads
// (../parallelBuild.ts, with batch.ts) and merged in item order (mergeBatch); either way the
// postings go through a PostingsBuilder and are packed once at the end (finishBuild).
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import type { AnalysedBatch } from './batch'
import { renormalise, setItemRow } from './columns'
import { Growable16, Growable32, type NumberArray } from './lists'
import { MemoryCold } from './coldPostings'
import { PositionRecordWriter } from './positions'
import type { PackedPostings } from './postings'
import { TfMaskTableBuilder } from './tfMask'
import type { IndexState } from './state'

/** Postings appended item by item (item numbers ascending), packed term by term at the end. */
export class PostingsBuilder {
  private pTerm = new Growable32(1 << 16)
  private pDoc = new Growable32(1 << 16)
  private pTf = new Growable16(1 << 16)
  private pMask = new Growable16(1 << 16)
  private pAdj = new Growable16(1 << 16)
  private pPos = new Growable32(1 << 16)
  private pCnt = new Growable32(1 << 16)
  private pos16 = new Growable16(1 << 20)
  private pos32 = new Growable32(1024)

  /**
   * Item d's postings: terms[from, to) with their tf, mask and adj; posting k's positions are
   * positions[posFrom + (counts up to k)], `counts[k]` of them. `mapTerm` turns the terms'
   * numbers into term ids (a batch numbers its terms its own way).
   */
  addItem(
    d: number,
    long: boolean,
    from: number,
    to: number,
    terms: ArrayLike<number>,
    tfs: NumberArray,
    masks: NumberArray,
    adjs: NumberArray,
    counts: NumberArray,
    positions: NumberArray,
    posFrom: number,
    mapTerm: Int32Array | null
  ): void {
    const store = long ? this.pos32 : this.pos16
    let at = store.n
    for (let k = from; k < to; k++) {
      this.pTerm.push(mapTerm ? mapTerm[terms[k]] : terms[k])
      this.pDoc.push(d)
      this.pPos.push(at)
      at += counts[k]
    }
    this.pTf.append(tfs, from, to)
    this.pMask.append(masks, from, to)
    this.pAdj.append(adjs, from, to)
    this.pCnt.append(counts, from, to)
    // The item's positions, posting after posting, are one run: one copy.
    store.append(positions, posFrom, posFrom + (at - store.n))
  }

  /** The packed postings of `termCount` terms; `long` says which items keep 32-bit positions. */
  pack(termCount: number, long: ArrayLike<number>): PackedPostings {
    const T = termCount
    const { pTerm, pDoc, pTf, pMask, pAdj, pPos, pCnt, pos16, pos32 } = this
    const P = pTerm.n
    const termStart = new Uint32Array(T + 1)
    for (let i = 0; i < P; i++) termStart[pTerm.a[i] + 1]++
    for (let t = 0; t < T; t++) termStart[t + 1] += termStart[t]
    const fill = termStart.slice(0, T)
    const doc = new Uint32Array(P)
    const tf = new Uint16Array(P)
    const mask = new Uint16Array(P)
    const adj = new Uint16Array(P)
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
    // Pairs numbered in postings order (not in the order items were analysed, which depends
    // on how the build was split): the same postings give the same table.
    const code = new Uint16Array(P)
    const pairs = new TfMaskTableBuilder()
    for (let j = 0; j < P; j++) code[j] = pairs.code(tf[j], mask[j])
    // Positions were appended item by item; they are coded term by term, in postings order,
    // so that a phrase reads each term's records as it walks its postings (positions.ts).
    const records = new PositionRecordWriter(pos16.n + pos32.n * 2 + P)
    for (let j = 0; j < P; j++) {
      if (long[doc[j]] === 1) records.push(pos32.a, posFrom[j], posCount[j])
      else records.push(pos16.a, posFrom[j], posCount[j])
    }
    const { records: recordBytes, posBlockAt } = records.finish(P)
    return { termCount: T, termStart, doc, code, ...pairs.finish(), posBlockAt, cold: new MemoryCold(adj, recordBytes) }
  }
}

/** Builds packed postings from many items; the index must be empty. */
export function buildPacked(index: IndexState, docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): void {
  const builder = new PostingsBuilder()
  let d = 0
  for (const doc of docs) {
    if (!doc || typeof doc.id !== 'string' || index.idToDoc.has(doc.id)) continue
    const a = analyse(index.vocab, doc)
    setItemRow(index, d, doc, a)
    const counts = a.posFrom
    // posFrom holds starts; the builder wants counts.
    for (let k = 0; k < a.termCount; k++) counts[k] = counts[k + 1] - counts[k]
    builder.addItem(d, index.cols.longPositions[d] === 1, 0, a.termCount, a.terms, a.tfs, a.masks, a.adjs, counts, a.positions, 0, null)
    d++
    if (onProgress && d % 1000 === 0) onProgress(d)
  }
  finishBuild(index, builder)
}

/** Adds a batch's items (analysed by batch.ts, in another thread) as the next item numbers. */
export function mergeBatch(index: IndexState, builder: PostingsBuilder, docs: SearchDoc[], b: AnalysedBatch): void {
  const vocab = index.vocab
  // The batch's own term numbers → term ids, by stem; its forms join the vocabulary.
  const mapTerm = new Int32Array(b.stems.length)
  for (let t = 0; t < b.stems.length; t++) mapTerm[t] = vocab.stemMap.get(b.stems[t]) ?? vocab.addStem(b.stems[t])
  for (let i = 0; i < b.forms.length; i++) vocab.addForm(b.forms[i], mapTerm[b.formTerm[i]])
  let p = 0
  let q = 0
  for (let i = 0; i < docs.length; i++) {
    const d = index.cols.id.length
    const length = b.lengths[i]
    setItemRow(index, d, docs[i], { length, fieldStarts: b.fieldStarts[i] })
    const to = p + b.termCounts[i]
    builder.addItem(d, index.cols.longPositions[d] === 1, p, to, b.terms, b.tfs, b.masks, b.adjs, b.posCounts, b.positions, q, mapTerm)
    p = to
    q += length
  }
}

/** Packs what the builder holds into the (empty) index. */
export function finishBuild(index: IndexState, builder: PostingsBuilder): void {
  // Norms were computed with a running average length; use the final one.
  renormalise(index)
  index.packed = builder.pack(index.vocab.termCount, index.cols.longPositions)
  index.packedDocs = index.cols.id.length
  // Anything derived from the (empty) index before is out of date.
  index.packedChanged()
  index.vocab.mergePendingForms()
}
