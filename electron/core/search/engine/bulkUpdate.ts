// Changes of many items at once (a bulk edit, its undo, a tag rename across the archive): one
// pass over the index for all of them, instead of one delta entry per item and a compaction
// of the whole index every few thousand (delta.ts is for a few items at a time).
//
// - updateMany: items analysed anew, packed like a build's and merged by one compaction.
// - updateMetadata: items whose metadata alone changed (tags, people, organisations, places,
//   collections, outlet, byline, type, language, dates). An item's metadata comes after its
//   texts in its positions (analysis.ts), so only the metadata is analysed: the texts'
//   postings are kept from the index (compaction.ts's TextPart), and no body is read or
//   analysed again. At 10k items of about 460 words that is the difference between seconds of
//   analysis and a few hundred milliseconds.
import type { SearchDoc } from '../types'
import { analyse, textFieldAt, type Analysed } from './analysis'
import { setItemRow, setMetadataColumns } from './columns'
import { compact, compaction } from './compaction'
import { deltaIndexOf, removeItem, type DeltaPosting } from './delta'
import { lengthNorm, WEIGHT_OF_BIT } from './fields'
import { PostingsBuilder } from './indexer'
import type { IndexState } from './state'

/** Adds or replaces many items: removed, analysed into one batch, merged with everything else by one compaction. */
export function updateMany(index: IndexState, docs: SearchDoc[]): void {
  const latest = new Map<string, SearchDoc>()
  for (const doc of docs) latest.set(doc.id, doc)
  for (const id of latest.keys()) if (index.idToDoc.has(id)) removeItem(index, id)
  const builder = new PostingsBuilder()
  for (const doc of latest.values()) {
    const d = index.cols.id.length
    const a = analyse(index.vocab, doc)
    setItemRow(index, d, doc, a)
    builder.addItem(d, index.cols.longPositions[d] === 1, 0, a.termCount, a.terms, a.tfs, a.masks, a.adjs, countsOf(a), a.positions, 0, null)
  }
  compact(index, { added: builder.pack(index.vocab.termCount, index.cols.longPositions) })
}

/**
 * Replaces the metadata of indexed items, keeping what the index holds of their texts (title,
 * description, notes, body, attachments and regions): the caller vouches that those did not
 * change. Throws on an item that is not indexed, before changing anything.
 */
export function updateMetadata(index: IndexState, docs: SearchDoc[]): void {
  for (const _ of metadataUpdate(index, docs));
}

/** Items analysed between two pauses of metadataUpdate. */
const SLICE_ITEMS = 2000

/**
 * updateMetadata in slices: it pauses (a yield) every few milliseconds of work, and queries
 * asked between slices read the index as it was before, except for items of the delta,
 * which change at once (each whole: its postings and its columns together). The packed
 * items' new postings and columns take effect together at the end.
 */
export function* metadataUpdate(index: IndexState, docs: SearchDoc[]): Generator<void, void, void> {
  const latest = new Map<number, SearchDoc>()
  for (const doc of docs) {
    const d = index.idToDoc.get(doc.id)
    if (d === undefined) throw new Error(`item ${doc.id} is not indexed: its texts cannot be kept`)
    latest.set(d, doc)
  }
  const N = index.cols.id.length
  const rewritten = new Uint8Array(N)
  const metaLength = new Uint32Array(N)
  const builder = new PostingsBuilder()
  const packed: number[] = []
  // Item numbers ascending: the builder's postings must come item by item in order.
  for (const d of [...latest.keys()].sort((x, y) => x - y)) {
    const doc = latest.get(d)!
    const fieldStarts = index.cols.fieldStarts[d]
    const a = analyse(index.vocab, doc, fieldStarts[fieldStarts.length - 1])
    if (index.packed && d < index.packedDocs) {
      rewritten[d] = 1
      metaLength[d] = a.length
      builder.addItem(d, true, 0, a.termCount, a.terms, a.tfs, a.masks, a.adjs, countsOf(a), a.positions, 0, null)
      packed.push(d)
      if (packed.length % SLICE_ITEMS === 0) yield
    } else {
      setMetadataColumns(index, d, doc)
      replaceDeltaMetadata(index, d, a)
      dropDerivedColumns(index)
    }
  }
  if (packed.length === 0) return
  // Metadata positions follow the texts, past 65,535 in a long item: kept in 32 bits here.
  const postings = builder.pack(index.vocab.termCount, new Uint8Array(N).fill(1))
  yield
  const beforeSwap = () => {
    for (const d of packed) setMetadataColumns(index, d, latest.get(d)!)
    dropDerivedColumns(index)
  }
  yield* compaction(index, { rewrite: { rewritten, metaLength, postings }, beforeSwap })
}

/** What the facets, the date filters and the title order derived from the columns. */
function dropDerivedColumns(index: IndexState): void {
  index.facetTableCache = null
  index.dateIndexCache = null
  index.titleRank = null
}

/** posFrom holds where each term's positions start; the builder wants how many. */
function countsOf(a: Analysed): Int32Array {
  const counts = a.posFrom
  for (let k = 0; k < a.termCount; k++) counts[k] = counts[k + 1] - counts[k]
  return counts
}

/** An item of the delta: its postings cut to its texts' positions, then its new metadata's merged in. */
function replaceDeltaMetadata(index: IndexState, d: number, a: Analysed): void {
  const entry = index.delta[deltaIndexOf(index, d)]
  const fieldStarts = index.cols.fieldStarts[d]
  const metaStart = fieldStarts[fieldStarts.length - 1]
  const terms = new Map<number, DeltaPosting>()
  let textTokens = 0
  for (const [t, p] of entry.terms) {
    dropDeltaDf(index, t)
    let n = 0
    let tf = 0
    let mask = 0
    while (n < p.pos.length && p.pos[n] < metaStart) {
      const bit = textFieldAt(p.pos[n], fieldStarts)
      tf += WEIGHT_OF_BIT[bit]
      mask |= bit
      n++
    }
    textTokens += n
    // The old neighbour signature may keep bits of the old metadata: a filter, never an answer.
    if (n > 0) terms.set(t, { tf, mask, adj: p.adj, pos: p.pos.slice(0, n) })
  }
  for (let k = 0; k < a.termCount; k++) {
    const t = a.terms[k]
    const pos = Array.from(a.positions.subarray(a.posFrom[k], a.posFrom[k + 1]))
    const p = terms.get(t)
    if (p) {
      p.tf += a.tfs[k]
      p.mask |= a.masks[k]
      p.adj |= a.adjs[k]
      for (const x of pos) p.pos.push(x)
    } else terms.set(t, { tf: a.tfs[k], mask: a.masks[k], adj: a.adjs[k] >>> 0, pos })
  }
  for (const [t, p] of terms) {
    p.tf = Math.min(p.tf, 65535)
    index.deltaDf.set(t, (index.deltaDf.get(t) ?? 0) + 1)
  }
  entry.terms = terms
  // The postings kept by term hold this item's old ones: made again from the delta when next asked for.
  index.deltaByTerm.clear()
  const length = textTokens + a.length
  const cols = index.cols
  index.totalLen += length - cols.tokenCount[d]
  cols.tokenCount[d] = length
  cols.longPositions[d] = length >= 65535 ? 1 : 0
  cols.norm[d] = lengthNorm(length, Math.max(1, index.totalLen / index.liveCount))
}

function dropDeltaDf(index: IndexState, t: number): void {
  const c = (index.deltaDf.get(t) ?? 1) - 1
  if (c > 0) index.deltaDf.set(t, c)
  else index.deltaDf.delete(t)
}
