// The full-text index of an archive: every item's title, body, description, notes,
// attachment text and metadata, searchable in one query with the language of
// queryParser.ts, with totals, facets, a date histogram and snippets.
//
// This is the facade; the engine is in engine/, one module per stage (after Tantivy's
// src/{termdict,postings,query,collector,snippet,indexer}):
// - vocabulary.ts   the term dictionary, prefix and typo expansion (sorted word forms)
// - analysis.ts     an item → terms with weighted frequency, fields, positions, neighbour signatures
// - fields.ts       field bits and BM25F weights
// - columns.ts      per-item columns, declared once
// - postings.ts     packed postings and what reads them (term lists, unions of expansions)
// - indexer.ts      the bulk build (batch.ts and ../parallelBuild.ts: on every core); delta.ts edits since the last compaction; compaction.ts merges them
// - bulkUpdate.ts   changes of many items in one compaction (metadata alone: texts' postings kept)
// - positions.ts    where each posting's positions are (a compact directory)
// - lists.ts, setOperations.ts, bitmaps.ts   scored lists, set operations, common words as bitmaps
// - phrase.ts, probe.ts, filters.ts          phrase check, probing a word into a set, field and date filters
// - planner.ts      a parsed query → the scored list of its items (plans around the smallest set)
// - topK.ts, facets.ts                       top-k, facet and histogram collectors
// - snippets.ts     snippets; persistence.ts  save and load (metaFile.ts: the vocabulary and columns as typed sections)
//
// Why our own postings, not FlexSearch (measured with `npm run bench -- --only search`):
// FlexSearch 0.8 answers "the best ids" but has no document frequencies, scores, totals or
// term positions. On this archive's shape (100k items of ~3 KB, where a common word is in
// most items) computing an exact total, facets and a phrase check from its result arrays
// costs more than the whole 5 ms budget, and a forward tokenizer over bodies multiplies the
// memory by five. Even as the dictionary of word forms for prefixes (until index format 5) it
// cost 26 MB and 0.8 s of every open at 100k items, for what a binary search over the sorted
// forms answers as fast. So the postings are ours, in flat typed arrays, saved as one binary file that loads in a read.
// Totals stay exact on every path (tests/unit/search/exactTotals.test.ts checks them
// against reading every item).
import { CoreError } from '../errors'
import { metadataUpdate, updateMany, updateMetadata } from './engine/bulkUpdate'
import { compact } from './engine/compaction'
import { addToDelta, removeItem } from './engine/delta'
import { countFacets, facetsOf, histogramOf } from './engine/facets'
import { buildPacked } from './engine/indexer'
import { loadIndexState, saveIndexState, type LoadFailure } from './engine/persistence'
import { evaluate } from './engine/planner'
import { bodyCharsFor, HighlightedWords, pageHits, snippetOf, SortedHits, WHOLE_BODY_NEEDED } from './engine/snippets'
import { IndexState } from './engine/state'
import { topK } from './engine/topK'
import { buildInParallel, type ParallelBuildOptions } from './parallelBuild'
import { parseQuery } from './queryParser'
import type { GetTexts, SearchDoc, SearchHit, SearchOptions, SearchResult, SnippetTexts } from './types'

export { INDEX_FORMAT, INDEX_VERSION } from './engine/persistence'
export { editDistanceWithin } from './engine/vocabulary'
// Re-exported for callers that need the same normalisation (highlighting elsewhere, tests).
export { scanTokens } from './normalize'

const MAX_LIMIT = 1000
/** Edits kept beside the packed postings before they are merged in. */
const DELTA_COMPACT_AT = 4000

export type SearchIndexStats = { items: number; terms: number; postings: number; deltaItems: number; deletedPending: number }

export class SearchIndex {
  private state: IndexState

  constructor(state = new IndexState()) {
    this.state = state
  }

  /** Builds an index from many items at once (much faster than adding them one by one). */
  static build(docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): SearchIndex {
    const index = new SearchIndex()
    index.addMany(docs, onProgress)
    return index
  }

  /** Builds an index from many items on every core (parallelBuild.ts); the same index as build(). */
  static async buildParallel(docs: Iterable<SearchDoc>, options: ParallelBuildOptions = {}): Promise<SearchIndex> {
    const index = new SearchIndex()
    await buildInParallel(index.state, docs, options)
    return index
  }

  /** Adds many items; on an empty index this is the fast bulk build. */
  addMany(docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): void {
    if (this.state.cols.id.length > 0) {
      for (const d of docs) this.add(d)
      return
    }
    buildPacked(this.state, docs, onProgress)
  }

  /** Adds an item, or replaces it if its id is already indexed. */
  add(doc: SearchDoc): void {
    if (!doc || typeof doc.id !== 'string' || !doc.id) throw new CoreError('INVALID_INPUT', 'An item to index needs an id.', 'id')
    if (this.state.idToDoc.has(doc.id)) removeItem(this.state, doc.id)
    addToDelta(this.state, doc)
    if (this.state.delta.length > DELTA_COMPACT_AT) compact(this.state)
  }

  update(doc: SearchDoc): void {
    this.add(doc)
  }

  /**
   * Adds or replaces many items in one step (one analysis pass, one compaction): for a change
   * of many items, where add() one by one would analyse into the delta and compact the whole
   * index every few thousand items.
   */
  updateMany(docs: SearchDoc[]): void {
    for (const doc of docs) if (!doc || typeof doc.id !== 'string' || !doc.id) throw new CoreError('INVALID_INPUT', 'An item to index needs an id.', 'id')
    updateMany(this.state, docs)
  }

  /**
   * Replaces the metadata of indexed items (tags, people, organisations, places, collections,
   * outlet, byline, type, language, dates), keeping what the index holds of their title,
   * texts, attachments and regions, which the caller says did not change: no text is read
   * or analysed again (engine/bulkUpdate.ts). The texts in `docs` are not looked at.
   */
  updateMetadata(docs: SearchDoc[]): void {
    this.checkIndexed(docs)
    updateMetadata(this.state, docs)
  }

  /**
   * The same in slices of a few milliseconds, awaiting `pause()` between them (the caller
   * answers queries meanwhile, from the index as it was: the changed items' new metadata
   * takes effect at the end, except for items edited since the last compaction, which change
   * at once). Nothing else may change the index until it resolves.
   */
  async updateMetadataInSlices(docs: SearchDoc[], pause: () => Promise<void>): Promise<void> {
    this.checkIndexed(docs)
    const steps = metadataUpdate(this.state, docs)
    this.merging = true
    try {
      while (!steps.next().done) await pause()
    } finally {
      this.merging = false
    }
  }

  /** True while updateMetadataInSlices runs. */
  merging = false

  private checkIndexed(docs: SearchDoc[]): void {
    for (const doc of docs)
      if (!doc || !this.state.idToDoc.has(doc.id)) throw new CoreError('NOT_FOUND', `Item ${doc?.id} is not in the search index: index it whole (update) instead.`, 'id')
  }

  /** Removes an item; unknown ids are ignored (returns false). */
  remove(id: string): boolean {
    return removeItem(this.state, id)
  }

  has(id: string): boolean {
    return this.state.idToDoc.has(id)
  }

  /** Each indexed item's modification time (ms since 1970) as it was indexed: what a catch-up compares with the catalogue. */
  indexedModified(): Map<string, number> {
    const out = new Map<string, number>()
    for (const [id, d] of this.state.idToDoc) out.set(id, this.state.cols.modified[d])
    return out
  }

  get size(): number {
    return this.state.liveCount
  }

  stats(): SearchIndexStats {
    const s = this.state
    return {
      items: s.liveCount,
      terms: s.vocab.termCount,
      postings: s.packed ? s.packed.doc.length : 0,
      deltaItems: s.delta.length,
      deletedPending: s.deadInPacked
    }
  }

  /** Merges edits into the packed postings and drops deleted items (renumbering). */
  compact(): void {
    compact(this.state)
  }

  /** Runs a query. Never throws on any query text; see `ignored` for what was dropped. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const { result, pending } = this.run(query, options)
    if (pending) await pending()
    return result
  }

  /** The same without waiting: snippets need a getTexts that answers synchronously. */
  searchSync(query: string, options: SearchOptions = {}): SearchResult {
    const { result, pending } = this.run(query, options, true)
    if (pending) throw new CoreError('INVALID_INPUT', 'searchSync needs a getTexts that returns texts, not a promise.')
    return result
  }

  private run(query: string, options: SearchOptions, sync = false): { result: SearchResult; pending: (() => Promise<void>) | null } {
    const t0 = performance.now()
    const read = parseQuery(typeof query === 'string' ? query : '', { prefix: options.prefix, fuzzy: options.fuzzy })
    const parsed = options.expand ? options.expand(read) : read
    const highlight = new Set<number>()
    const { list, textClauses } = evaluate(this.state, parsed, highlight)

    const offset = clampInt(options.offset, 0, 1e9, 0)
    const limit = clampInt(options.limit, 0, MAX_LIMIT, 50)
    // Without words to rank by, relevance means newest first.
    const sort = options.sort ?? 'relevance'
    const effectiveSort = sort === 'relevance' && textClauses === 0 ? 'date' : sort
    const top = topK(this.state, list, effectiveSort, options.order, offset + limit)
    const pageDocs = top.slice(offset, offset + limit)
    const hits: SearchHit[] = pageDocs.map((i) => ({ id: this.state.cols.id[list.docs[i]], score: round3(list.scores[i]) }))
    const wantFacets = options.facets !== false
    const wantHistogram = options.histogram !== false
    const counted = wantFacets || wantHistogram ? countFacets(this.state, list) : null
    const facets = counted && wantFacets ? facetsOf(this.state, counted.counts, counted.table, clampInt(options.facetLimit, 1, 1000, 20)) : null
    const { histogram, unit } = counted && wantHistogram ? histogramOf(this.state, counted.counts, counted.table) : { histogram: [], unit: 'month' as const }
    const result: SearchResult = {
      total: list.n,
      hits,
      facets,
      histogram,
      histogramUnit: unit,
      ignored: parsed.ignored,
      took: 0
    }
    const snippetCount = Math.min(hits.length, clampInt(options.snippets, 0, MAX_LIMIT, hits.length))
    const docsForSnippets = pageDocs.slice(0, snippetCount).map((i) => list.docs[i])
    const sortedHits = pageHits(this.state, docsForSnippets, highlight).map((h) => new SortedHits(h, highlight.size))
    this.state.pool.release()
    const finish = () => {
      result.took = round3(performance.now() - t0)
    }
    if (snippetCount === 0) {
      finish()
      return { result, pending: null }
    }
    type Read = Array<SnippetTexts | null | undefined>
    const settle = (xs: Array<ReturnType<GetTexts> | null>): Promise<Read> => Promise.all(xs.map((x) => Promise.resolve(x).catch(() => null)))
    /** The texts of the page's items `ks` (a getter that fails gives none: their snippets come from the title). */
    const readPage = (ks: number[], bodyChars: (k: number) => number): Read | Promise<Read> => {
      const ids = ks.map((k) => this.state.cols.id[docsForSnippets[k]])
      const getPage = options.getPageTexts
      if (getPage) {
        const none = () => ks.map(() => null)
        try {
          return getPage(ids, ks.map(bodyChars)).catch(none)
        } catch {
          return none()
        }
      }
      const texts = ks.map((k, j) => {
        if (!options.getTexts) return null
        try {
          return options.getTexts(ids[j], bodyChars(k))
        } catch {
          return null
        }
      })
      return texts.some((x) => x instanceof Promise) ? settle(texts) : (texts as Read)
    }
    const all = docsForSnippets.map((_, k) => k)
    const texts = readPage(all, (k) => bodyCharsFor(this.state, docsForSnippets[k], sortedHits[k]))
    const words = new HighlightedWords(this.state, highlight)
    /** Snippets of the page's items `ks`; answers those whose body came cut too short (read them again whole). */
    const apply = (ks: number[], resolved: Read): number[] => {
      const again: number[] = []
      ks.forEach((k, j) => {
        const sn = snippetOf(this.state, docsForSnippets[k], resolved[j] ?? null, words, sortedHits[k])
        if (sn === WHOLE_BODY_NEEDED) again.push(k)
        else if (sn) hits[k].snippet = sn
      })
      return again
    }
    if (texts instanceof Promise) {
      if (sync) return { result, pending: async () => {} }
      return {
        result,
        pending: async () => {
          const t1 = performance.now()
          const resolved = await texts
          let waited = performance.now() - t1
          const again = apply(all, resolved)
          if (again.length > 0) {
            const t2 = performance.now()
            const whole = await readPage(again, () => Infinity)
            waited += performance.now() - t2
            apply(again, whole)
          }
          result.took = round3(performance.now() - t0 - waited)
        }
      }
    }
    const again = apply(all, texts)
    // A getter that answers at once and cuts bodies: the few cut too short are read again.
    const whole = readPage(again, () => Infinity)
    if (!(whole instanceof Promise)) apply(again, whole)
    finish()
    return { result, pending: null }
  }

  /** Lets go of the file the index reads positions from (a loaded or saved index); searching afterwards throws. */
  close(): void {
    this.state.packed?.cold.close()
  }

  /** Writes the index under `dir` (the archive's index/ folder). `stamp` says which catalogue state it reflects. */
  async save(dir: string, stamp = ''): Promise<void> {
    await saveIndexState(this.state, dir, stamp)
  }

  /**
   * Loads an index saved by save(). Never throws: a missing, older-format, stale (stamp
   * differs from `expectStamp` when given) or damaged index comes back as a reason, and
   * the caller rebuilds from the catalogue.
   */
  static async tryLoad(dir: string, expectStamp?: string): Promise<{ ok: true; index: SearchIndex; stamp: string } | LoadFailure> {
    const r = await loadIndexState(dir, expectStamp)
    return r.ok ? { ok: true, index: new SearchIndex(r.state), stamp: r.stamp } : r
  }

  /** Like tryLoad, but a failure is a CoreError. */
  static async load(dir: string, expectStamp?: string): Promise<SearchIndex> {
    const r = await SearchIndex.tryLoad(dir, expectStamp)
    if (!r.ok) throw new CoreError(r.reason === 'missing' ? 'NOT_FOUND' : 'ARCHIVE_INVALID', `${r.message} Rebuild it from the catalogue.`, undefined, { reason: 'INDEX_UNAVAILABLE' })
    return r.index
  }
}

function clampInt(v: unknown, lo: number, hi: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt
  return Math.min(hi, Math.max(lo, Math.floor(v)))
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}
