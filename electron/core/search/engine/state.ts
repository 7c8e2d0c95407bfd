// Everything an index holds, in one object that the engine's modules read and change (the
// SearchIndex facade owns one). Each module documents the parts it owns; this file only
// gathers them so that a reader sees the whole state in one place.
import { emptyColumns, type ItemColumns } from './columns'
import type { DeltaDoc, DeltaTermPostings } from './delta'
import { emptyDictionaries, type FacetDictionaries } from './facetDictionary'
import type { FacetTable } from './facets'
import type { DateIndex } from './filters'
import { ListPool, Scratch } from './lists'
import type { PackedPostings } from './postings'
import { Vocabulary } from './vocabulary'

export class IndexState {
  vocab = new Vocabulary()

  /** Per item, by item number. */
  cols: ItemColumns = emptyColumns()
  idToDoc = new Map<string, number>()
  dicts: FacetDictionaries = emptyDictionaries()

  /** Postings of items 0..packedDocs-1; later items are in `delta`. */
  packed: PackedPostings | null = null
  packedDocs = 0
  /** Items added or changed since the last compaction, by item number ascending. */
  delta: DeltaDoc[] = []
  /** How many items of `delta` hold each term. */
  deltaDf = new Map<number, number>()
  /**
   * The postings of `delta` of the terms queries asked for, by term, brought up to date when
   * asked (delta.ts, deltaPostingsOf): a query reads a term's edited items from here instead
   * of looking the term up in every edited item, which, with a thousand edited items and
   * every expansion of a prefix, made a query several times slower.
   */
  deltaByTerm = new Map<number, DeltaTermPostings>()
  /** Packed items removed since the last compaction (tombstones: alive = 0). */
  deadInPacked = 0

  liveCount = 0
  /** Sum of the live items' token counts (for the average length of BM25). */
  totalLen = 0
  minYear = 1e9
  maxYear = -1e9

  // Derived on first use, dropped when what they derive from changes.
  titleRank: Float64Array | null = null
  facetTableCache: FacetTable | null = null
  dateIndexCache: DateIndex | null = null
  /** Bitmaps of the terms that are in most items (see bitmaps.ts). */
  denseBitmaps = new Map<number, Int32Array>()

  // Per-query buffers.
  pool = new ListPool()
  scratch = new Scratch()
  /** Two numbers returned by the hot loops that have two results. */
  probeOut = new Int32Array(2)

  /** Drops everything derived from the packed postings (after a build or a compaction). */
  packedChanged(): void {
    this.facetTableCache = null
    this.dateIndexCache = null
    this.denseBitmaps.clear()
    this.titleRank = null
  }
}
