// A batch of items analysed on its own (in a worker thread, for a build on every core): its
// terms numbered in the batch's own vocabulary, which indexer.ts's mergeBatch maps to the
// index's term ids by stem. Everything per posting and per item is in flat typed arrays, so
// the batch crosses threads by transfer, not by copy.
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import { Growable16, Growable32 } from './lists'
import { Vocabulary } from './vocabulary'

export type AnalysedBatch = {
  /** The batch's term numbers → stems; its folded forms and the term number of each. */
  stems: string[]
  forms: string[]
  formTerm: Int32Array
  /** Per item: how many distinct terms (postings), how many tokens, where its fields start. */
  termCounts: Uint32Array
  lengths: Uint32Array
  fieldStarts: number[][]
  /** Per posting, item by item: term number, weighted tf, field mask, neighbour signature, how many positions. */
  terms: Uint32Array
  tfs: Uint16Array
  masks: Uint16Array
  adjs: Uint16Array
  posCounts: Uint32Array
  /** Positions, posting by posting. */
  positions: Uint32Array
}

/** Analyses items (the caller leaves out items without an id and repeated ids). */
export function analyseBatch(docs: SearchDoc[]): AnalysedBatch {
  // Each distinct word form is folded and stemmed once per batch (the vocabulary's cache).
  const vocab = new Vocabulary()
  const terms = new Growable32(1 << 16)
  const tfs = new Growable16(1 << 16)
  const masks = new Growable16(1 << 16)
  const adjs = new Growable16(1 << 16)
  const posCounts = new Growable32(1 << 16)
  const positions = new Growable32(1 << 18)
  const termCounts = new Uint32Array(docs.length)
  const lengths = new Uint32Array(docs.length)
  const fieldStarts: number[][] = []
  for (let i = 0; i < docs.length; i++) {
    const a = analyse(vocab, docs[i])
    termCounts[i] = a.termCount
    lengths[i] = a.length
    fieldStarts.push(a.fieldStarts)
    terms.append(a.terms, 0, a.termCount)
    tfs.append(a.tfs, 0, a.termCount)
    masks.append(a.masks, 0, a.termCount)
    adjs.append(a.adjs, 0, a.termCount)
    for (let k = 0; k < a.termCount; k++) posCounts.push(a.posFrom[k + 1] - a.posFrom[k])
    positions.append(a.positions, 0, a.length)
  }
  const forms = vocab.pendingForms
  return {
    stems: vocab.stems,
    forms,
    formTerm: Int32Array.from(forms, (f) => vocab.tokMap.get(f)!),
    termCounts,
    lengths,
    fieldStarts,
    terms: terms.a.slice(0, terms.n),
    tfs: tfs.a.slice(0, tfs.n),
    masks: masks.a.slice(0, masks.n),
    adjs: adjs.a.slice(0, adjs.n),
    posCounts: posCounts.a.slice(0, posCounts.n),
    positions: positions.a.slice(0, positions.n)
  }
}

/** The buffers of a batch to transfer with postMessage. */
export function batchBuffers(b: AnalysedBatch): ArrayBuffer[] {
  return [b.formTerm, b.termCounts, b.lengths, b.terms, b.tfs, b.masks, b.adjs, b.posCounts, b.positions].map((a) => a.buffer as ArrayBuffer)
}
