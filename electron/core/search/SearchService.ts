// Keeps an archive's search index in step with the catalogue: loads it from index/ at open
// (rebuilding it off the main thread when it is missing, stale or corrupt), applies every
// change as it happens, saves it when idle and at close, and answers queries.
import * as path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { SearchAnswer } from '../../../shared/contract'
import { LIMITS, type ItemSummary } from '../../../shared/model'
import type { ArchiveFolder } from '../ArchiveFolder'
import type { Workspace } from '../workspace/Workspace'
import { summarise, type ItemRecord } from '../CatalogStore'
import type { ItemTexts } from '../TextStore'
import { CoreError } from '../errors'
import { startAnnouncedJob, type Job, type JobRunner } from '../jobs/JobRunner'
import { workerScriptFor } from '../jobs/workerScript'
import { catalogStamp, searchDocOf, snippetTextsOf } from './docs'
import { nameExpander } from './nameExpansion'
import type { ParsedQuery } from './queryParser'
import { IndexDamagedError } from './engine/coldPostings'
import { SearchIndex } from './SearchIndex'
import type { SearchDoc, SearchOptions, SearchResult } from './types'

export type { SearchAnswer }

export type SearchStatus = {
  ready: boolean
  loading: boolean
  size: number
  rebuilding: { jobId: string; done: number; total: number } | null
  /** Why the last rebuild failed, while there is no index to answer from. */
  failed: string | null
}

const SAVE_AFTER_IDLE_MS = 30_000
/** From this many changed items (and a twentieth of the index), a change is applied in one step: one compaction instead of the delta. */
const BULK_AT = 500
/** The item fields the index reads its texts from: a change of none of them leaves the texts' postings as they are. */
const TEXT_PART_FIELDS = new Set(['title', 'body', 'description', 'notes', 'attachments', 'regions'])
const NO_TEXTS: ItemTexts = { body: '', description: '', notes: '', attachments: {} }
const INLINE_BUILD_MAX = 2_000
const PAGE_OF_IDS = 1000
/** A saved team index with more items to bring up to date than this (and a quarter of it) is built again instead. */
const CATCH_UP_MAX = 20_000

/** The stores the index is built from, the runner its rebuilds run on, and the workspace that resolves names. */
type IndexedArchive = ArchiveFolder & { readonly jobs: JobRunner; workspace(): Promise<Workspace> }

/** What to do to an index of these items (id → modification time indexed) to make it the catalogue's. */
export function differences(indexed: ReadonlyMap<string, number>, records: Iterable<ItemRecord>): { update: string[]; remove: string[] } {
  const update: string[] = []
  const remove: string[] = []
  const seen = new Set<string>()
  for (const rec of records) {
    seen.add(rec.id)
    const at = indexed.get(rec.id)
    if (rec.trashed !== null) {
      if (at !== undefined) remove.push(rec.id)
    } else if (at === undefined || at !== (Date.parse(rec.modified) || 0)) update.push(rec.id)
  }
  for (const id of indexed.keys()) if (!seen.has(id)) remove.push(id)
  return { update, remove }
}

export class SearchService {
  /**
   * A rebuild worker that says nothing for this long is stuck (it reports progress as it reads
   * and indexes, every thousand items or so, and before it saves): it is stopped and the rebuild
   * fails with that reason.
   */
  static workerSilenceMs = 300_000
  /** From this many postings (about 4,000 items of press text), a change of many items' metadata is merged in slices, searches answering between them. */
  static slicedFromPostings = 1_000_000
  private index: SearchIndex | null = null
  private job: Job<unknown> | null = null
  private progress = { done: 0, total: 0 }
  private dirty = false
  private changedWhileBuilding = new Set<string>()
  /**
   * Items whose change could not be read into the index (their text file unreadable for a
   * moment, a database gone): tried again with the next change and before the next search, and
   * while any is left the index is not saved, so that a reopen brings it up to date instead of
   * loading an index stamped current that misses them.
   */
  private unapplied = new Set<string>()
  private saveTimer: NodeJS.Timeout | null = null
  /** The save being written, if any: closing waits for it (the index must not be closed under it). */
  private saving: Promise<void> = Promise.resolve()
  private queue: Promise<void> = Promise.resolve()
  /** Changes announced and not yet applied, and the searches waiting for them. */
  private pending = 0
  private waiting: Array<() => void> = []
  private disposeListener: () => void
  private closed = false
  private opening: Promise<void> = Promise.resolve()
  private failure: string | null = null

  constructor(private readonly archive: IndexedArchive) {
    this.disposeListener = archive.on('items:changed', ({ ids, fields }) => this.follow(ids, fields))
  }

  /**
   * Changes announced while the index is busy with an earlier one wait here and are applied
   * together, each item once: `apply` indexes an item as the catalogue holds it when it runs,
   * so an item changed twice meanwhile (a busy one, edited by several people) is read and
   * analysed once instead of twice, and several items' texts come in one read.
   */
  private gathered: { ids: Set<string>; fields: Set<string> | null; changes: number; written: Map<string, ItemTexts> } | null = null

  private follow(ids: string[], fields?: string[]): void {
    this.pending++
    // Taken now, as the change is announced: the texts it wrote, which need no reading back. A
    // later change to the same item that brings none (it may still have changed them) drops them.
    const written = (into: Map<string, ItemTexts>) => {
      for (const id of ids) {
        const texts = this.archive.texts.committed?.(id)
        if (texts) into.set(id, texts)
        else into.delete(id)
      }
    }
    const waiting = this.gathered
    if (waiting) {
      for (const id of ids) waiting.ids.add(id)
      written(waiting.written)
      // Fields are merged only while every change named them: one that did not may have changed any.
      if (waiting.fields && fields) for (const f of fields) waiting.fields.add(f)
      else waiting.fields = null
      waiting.changes++
      return
    }
    const gathered = { ids: new Set(ids), fields: fields ? new Set(fields) : null, changes: 1, written: new Map<string, ItemTexts>() }
    written(gathered.written)
    this.gathered = gathered
    this.queue = this.queue
      .then(() => this.opening)
      .then(() => {
        // From here on, a change announced is gathered for the next turn: this one reads the catalogue now.
        if (this.gathered === gathered) this.gathered = null
        return this.apply([...gathered.ids], gathered.fields ? [...gathered.fields] : undefined, gathered.written)
      })
      // A failed open is reported by status() and query(); a failed change is kept in `unapplied`.
      .catch((err) => console.warn(`The search index could not follow a change: ${(err as Error).message}`))
      .finally(() => {
        this.pending -= gathered.changes
        this.wakeWaiting()
      })
  }

  /**
   * Resolves once the changes announced so far are in the index, except a change of many
   * items being merged in slices: a search then answers from the index as it was before that
   * change (in a few milliseconds, instead of waiting for the merge), and finds it once merged.
   */
  private async changesApplied(): Promise<void> {
    while (this.pending > 0 && !this.index?.merging) await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private wakeWaiting(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const wake of waiting) wake()
  }

  /** How many items a merge in slices is changing now (0 when none): a search answered meanwhile says so. */
  private itemsBeingMerged = 0

  /** Resolves once every change announced so far is in the index, a merge in slices included. */
  async current(): Promise<void> {
    await this.opening
    while (this.pending > 0) await this.queue
  }

  private get dir(): string {
    return path.join(this.archive.root, 'index')
  }

  /** Starts loading the index in the background. */
  start(): void {
    // After the current turn: the first page of items is served before the index is read.
    this.opening = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.open()).catch((err) => {
      // An index that cannot even be read is rebuilt from the catalogue.
      if (!this.closed && !this.index) this.rebuild(`unreadable (${(err as Error).message})`)
    })
  }

  /** Resolves when the saved index is loaded (or a rebuild has started). */
  ready(): Promise<void> {
    return this.opening
  }

  /** Loads the saved index, or starts rebuilding it when it cannot be used. */
  async open(): Promise<void> {
    if (this.archive.storage) return this.openShared()
    const { stamp } = catalogStamp(this.archive.catalog.all())
    const loaded = await SearchIndex.tryLoad(this.dir, stamp)
    if (loaded.ok) this.index = loaded.index
    else if (this.archive.catalog.size <= INLINE_BUILD_MAX) await this.buildInline()
    // The job's progress says why: "search index in another format: rebuilding" after an update that changed the format.
    else this.rebuild(loaded.reason === 'version' ? 'in another format' : loaded.reason)
  }

  /**
   * A team archive's index, kept in this process's working folder: other processes change the
   * catalogue while this one is away, so a saved index is loaded whatever catalogue it
   * reflected and brought up to date item by item (what changed, appeared or went since it
   * was saved, by each item's modification time); built again only when it is missing,
   * unreadable, or most of it changed.
   */
  private async openShared(): Promise<void> {
    const loaded = await SearchIndex.tryLoad(this.dir)
    if (!loaded.ok) return this.buildInline()
    const { update, remove } = differences(loaded.index.indexedModified(), this.archive.catalog.all())
    if (update.length > Math.max(CATCH_UP_MAX, loaded.index.size / 4)) return this.buildInline()
    for (const id of remove) loaded.index.remove(id)
    for (let i = 0; i < update.length; i += PAGE_OF_IDS) {
      const ids = update.slice(i, i + PAGE_OF_IDS)
      const texts = await this.archive.texts.getMany(ids)
      ids.forEach((id, k) => loaded.index.update(searchDocOf(this.archive.catalog.get(id)!, texts[k])))
    }
    this.index = loaded.index
    if (update.length || remove.length) {
      this.dirty = true
      this.scheduleSave()
    }
  }

  /** Indexed at once, in this process (on every core, parallelBuild.ts): small folders, and team archives, whose rows a worker cannot read. */
  private async buildInline(): Promise<void> {
    const docs: ReturnType<typeof searchDocOf>[] = []
    const live = [...this.archive.catalog.all()].filter((rec) => rec.trashed === null)
    // Texts a page at a time: one round trip per page, not per item, from a database; the next
    // page is asked for before this one is made into documents, so the database reads it meanwhile.
    const pageOf = (i: number) => {
      const page = this.archive.texts.getMany(live.slice(i, i + PAGE_OF_IDS).map((r) => r.id))
      // Awaited in its turn; a failure of a page asked for ahead is not an unhandled one meanwhile.
      page.catch(() => {})
      return page
    }
    let next = live.length ? pageOf(0) : null
    for (let i = 0; i < live.length; i += PAGE_OF_IDS) {
      const texts = await next!
      next = i + PAGE_OF_IDS < live.length ? pageOf(i + PAGE_OF_IDS) : null
      for (let k = 0; k < texts.length; k++) docs.push(searchDocOf(live[i + k], texts[k]))
    }
    this.index = await SearchIndex.buildParallel(docs)
    this.dirty = docs.length > 0
    if (!this.dirty) return
    // A team archive's build is long at scale and the next open wants it: saved now, not when idle.
    if (this.archive.storage) void this.save().catch(() => {})
    else this.scheduleSave()
  }

  status(): SearchStatus {
    return {
      ready: this.index !== null && this.job === null,
      loading: this.index === null && this.job === null && this.failure === null,
      size: this.index?.size ?? 0,
      rebuilding: this.job ? { jobId: this.job.id, ...this.progress } : null,
      failed: this.index === null && this.job === null ? this.failure : null
    }
  }

  /** Rebuilds from the catalogue as a job in a worker thread; the app stays usable meanwhile. */
  rebuild(reason = 'requested'): Job<unknown> {
    if (this.job) return this.job
    // The worker reads the archive folder; a team archive's rows are read here, in this thread.
    const build = this.archive.storage
      ? async () => {
          await this.buildInline()
          const pending = [...this.changedWhileBuilding]
          this.changedWhileBuilding.clear()
          await this.apply(pending)
          return { size: this.index!.size }
        }
      : null
    const job = startAnnouncedJob(this.archive, 'reindex', 0, (ctx) => build ? build() : this.buildInWorker(ctx.signal, (done, total) => {
      this.progress = { done, total }
      ctx.setTotal(total)
      ctx.progress(done, reason === 'requested' ? 'rebuilding the search index' : `search index ${reason}: rebuilding`)
    }))
    this.job = job
    this.failure = null
    void job.done.then((outcome) => {
      this.job = null
      // Without an index nothing can answer: every search says why instead of waiting.
      if (outcome.state !== 'done') this.failure = outcome.error ?? `the rebuild was ${outcome.state}`
    })
    return job
  }

  /** The rebuild's result: how many items, and how many batches of them other threads analysed (0: one thread did it all). */
  private async buildInWorker(signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<{ size: number; workerBatches: number }> {
    const { script, eval: isEval } = workerScriptFor(__dirname, 'buildWorker')
    const worker = new Worker(script, { eval: isEval, workerData: { root: this.archive.root } })
    const result = await new Promise<{ stamp: string; latest: string; size: number; workerBatches: number }>((resolve, reject) => {
      let stalled = false
      const silenceMs = SearchService.workerSilenceMs
      let watchdog: NodeJS.Timeout
      const heard = () => {
        clearTimeout(watchdog)
        watchdog = setTimeout(() => {
          stalled = true
          void worker.terminate()
        }, silenceMs)
      }
      heard()
      const onAbort = () => void worker.terminate()
      signal.addEventListener('abort', onAbort, { once: true })
      worker.on('message', (msg: { type: string; done?: number; total?: number; stamp?: string; latest?: string; size?: number; workerBatches?: number; message?: string }) => {
        heard()
        if (msg.type === 'progress') onProgress(msg.done!, msg.total!)
        else if (msg.type === 'done') resolve(msg as { stamp: string; latest: string; size: number; workerBatches: number })
        else if (msg.type === 'error') reject(new CoreError('INTERNAL', `Rebuilding the search index failed: ${msg.message}`, undefined, { reason: 'INDEX_UNAVAILABLE' }))
      })
      worker.on('error', reject)
      worker.on('exit', (code) => {
        clearTimeout(watchdog)
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted) reject(new CoreError('INTERNAL', 'Rebuilding the search index was cancelled.'))
        else if (stalled) reject(new CoreError('INTERNAL', `The search index worker stopped answering for ${silenceMs / 1000} s and was stopped.`, undefined, { reason: 'INDEX_UNAVAILABLE' }))
        else if (code !== 0) reject(new CoreError('INTERNAL', `The search index worker stopped (code ${code}).`, undefined, { reason: 'INDEX_UNAVAILABLE' }))
      })
    })
    const index = await SearchIndex.load(this.dir, result.stamp)
    // Catch up with what changed while the worker read the catalogue.
    for (const rec of this.archive.catalog.all()) if (rec.modified > result.latest) this.changedWhileBuilding.add(rec.id)
    this.index = index
    const pending = [...this.changedWhileBuilding]
    this.changedWhileBuilding.clear()
    await this.apply(pending)
    return { size: index.size, workerBatches: result.workerBatches }
  }

  /**
   * Brings the index up to date with changed items. `fields`, when the change named them: a
   * change that touched none of the fields the index reads from the texts (title, body,
   * description, notes, attachments, regions) reads no text and analyses only the metadata.
   * A change of many items is applied in one step (SearchIndex.updateMany / updateMetadata:
   * one compaction) rather than item by item.
   */
  private async apply(ids: string[], fields?: string[], written?: ReadonlyMap<string, ItemTexts>): Promise<void> {
    if (this.closed) return
    if (!this.index || this.job) {
      for (const id of ids) this.changedWhileBuilding.add(id)
      if (!this.index) return
    }
    const index = this.index
    const retried = new Set(this.unapplied)
    const todo = new Set([...this.unapplied, ...ids])
    this.unapplied.clear()
    const metadataOnly = fields !== undefined && !fields.some((f) => TEXT_PART_FIELDS.has(f))
    let failure: Error | null = null
    if (todo.size >= Math.max(BULK_AT, index.size / 20)) {
      failure = await this.applyInOneStep(index, [...todo], metadataOnly ? (id) => !retried.has(id) && index.has(id) : () => false)
    } else {
      // From a database, the texts of several changed items in one round trip (another process's
      // changes come in groups); one that fails is read again alone below, so its failure is its own.
      const together = new Map<string, ItemTexts>()
      const live = [...todo].filter((id) => this.archive.catalog.get(id)?.trashed === null)
      if (this.archive.storage && live.length > 1) {
        const texts = await this.archive.texts.getMany(live).catch(() => [])
        texts.forEach((t, k) => together.set(live[k], t))
      }
      for (const id of todo) {
        try {
          const rec = this.archive.catalog.get(id)
          if (!rec || rec.trashed !== null) index.remove(id)
          else index.update(searchDocOf(rec, together.get(id) ?? written?.get(id) ?? (await this.archive.texts.get(id))))
        } catch (err) {
          this.unapplied.add(id)
          failure = err as Error
        }
      }
    }
    this.dirty = true
    if (failure) console.warn(`The search index could not read ${this.unapplied.size} changed item(s) and will try again: ${failure.message}`)
    this.scheduleSave()
  }

  /** Many changed items in one step: removed ones, ones whose metadata alone changed (no text read), the rest read whole. */
  private async applyInOneStep(index: SearchIndex, ids: string[], keepsTexts: (id: string) => boolean): Promise<Error | null> {
    const metadata: SearchDoc[] = []
    const whole: string[] = []
    for (const id of ids) {
      const rec = this.archive.catalog.get(id)
      if (!rec || rec.trashed !== null) index.remove(id)
      else if (keepsTexts(id)) metadata.push(searchDocOf(rec, NO_TEXTS))
      else whole.push(id)
    }
    let failure: Error | null = null
    // A step that fails changes nothing of the packed items (their new postings take effect at
    // its end): they are tried again, whole, with the next change or before the next search.
    const attempt = async (ids: string[], step: () => void | Promise<void>) => {
      try {
        await step()
      } catch (err) {
        for (const id of ids) this.unapplied.add(id)
        failure = err as Error
      }
    }
    if (metadata.length)
      await attempt(
        metadata.map((d) => d.id),
        // A large index in slices, answering searches between them; a small one at once (a few milliseconds).
        index.stats().postings >= SearchService.slicedFromPostings
          ? async () => {
              this.itemsBeingMerged += metadata.length
              try {
                await index.updateMetadataInSlices(metadata, () => {
                  this.wakeWaiting()
                  return new Promise<void>((resolve) => setImmediate(resolve))
                })
              } finally {
                this.itemsBeingMerged -= metadata.length
              }
            }
          : () => index.updateMetadata(metadata)
      )
    const docs: SearchDoc[] = []
    // Texts a page at a time: one round trip per page, not per item, from a database.
    for (let i = 0; i < whole.length; i += PAGE_OF_IDS) {
      const page = whole.slice(i, i + PAGE_OF_IDS)
      try {
        const texts = await this.archive.texts.getMany(page)
        page.forEach((id, k) => docs.push(searchDocOf(this.archive.catalog.get(id)!, texts[k])))
      } catch (err) {
        for (const id of page) this.unapplied.add(id)
        failure = err as Error
      }
    }
    if (docs.length) await attempt(docs.map((d) => d.id), () => index.updateMany(docs))
    return failure
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = setTimeout(() => void this.save(), SAVE_AFTER_IDLE_MS)
    this.saveTimer.unref()
  }

  /** Saves the index when it changed; saves run one after another, and each caller waits for its own. */
  async save(): Promise<void> {
    if (!this.index || !this.dirty || this.job || this.unapplied.size > 0) return this.saving
    // Saving compacts, which must wait for a merge in slices to end.
    if (this.index.merging) return this.scheduleSave()
    this.dirty = false
    const index = this.index
    const run = this.saving.then(() => index.save(this.dir, catalogStamp(this.archive.catalog.all()).stamp))
    this.saving = run.catch(() => {
      this.dirty = true
    })
    await run
  }

  async query(q: string, options: Omit<SearchOptions, 'getTexts' | 'getPageTexts'>): Promise<SearchAnswer> {
    await this.opening
    if (!this.index && !this.job && this.failure !== null)
      throw new CoreError('INTERNAL', `The search index could not be rebuilt (${this.failure}). Rebuild it again (Archive → Rebuild Search Index, or \`presskeep reindex\`).`, undefined, { reason: 'INDEX_UNAVAILABLE' })
    if (!this.index) {
      return {
        total: 0,
        hits: [],
        items: [],
        facets: null,
        histogram: [],
        histogramUnit: 'year',
        ignored: [],
        took: 0,
        rebuilding: { ...this.progress }
      }
    }
    if (this.unapplied.size > 0) this.follow([])
    await this.changesApplied()
    const { texts, catalog } = this.archive
    /** Summaries made while the database reads the page's texts: the answer's, unless the record changed meanwhile. */
    const summarisedEarly = new Map<string, { rec: ItemRecord; summary: ItemSummary }>()
    // From a database, the page's texts in one query (each body cut to its snippet's window);
    // from a folder, each item's file.
    const textsOptions: Pick<SearchOptions, 'getTexts' | 'getPageTexts'> = this.archive.storage
      ? {
          getPageTexts: async (ids, bodyChars) => {
            const reading = texts.getForSnippets(ids, bodyChars)
            // Awaited below; a failure meanwhile is not an unhandled one.
            reading.catch(() => {})
            // The driver's pool sends the query on the next tick: the page's summaries are made
            // after it, while the database works, instead of after its answer.
            await new Promise<void>((resolve) => process.nextTick(resolve))
            for (const id of ids) {
              const rec = catalog.get(id)
              if (rec) summarisedEarly.set(id, { rec, summary: summarise(rec) })
            }
            const read = await reading
            return ids.map((id, k) => {
              const rec = catalog.get(id)
              return rec ? snippetTextsOf(rec, read[k].texts, read[k].bodyCut) : null
            })
          }
        }
      : {
          getTexts: async (id) => {
            const rec = catalog.get(id)
            return rec ? snippetTextsOf(rec, await texts.get(id)) : null
          }
        }
    let result: SearchResult
    try {
      result = await this.index.search(q, { ...options, expand: await this.expander(), ...textsOptions })
    } catch (err) {
      // Positions are checked as they are first read (engine/coldPostings.ts): a damaged
      // file is found by a query, which then answers like any query during a rebuild.
      if (!(err instanceof IndexDamagedError)) throw err
      this.index.close()
      this.index = null
      this.rebuild('damaged')
      return this.query(q, options)
    }
    const items: ItemSummary[] = []
    const hits = result.hits.filter((h) => {
      const rec = this.archive.catalog.get(h.id)
      if (!rec) return false
      const early = summarisedEarly.get(h.id)
      items.push(early?.rec === rec ? early.summary : summarise(rec))
      return true
    })
    return {
      ...result,
      hits,
      items,
      ...(this.job ? { rebuilding: { ...this.progress } } : {}),
      // The search was answered between the slices of a merge: the person is told those items are found as they were.
      ...(this.itemsBeingMerged > 0 ? { updating: { items: this.itemsBeingMerged } } : {})
    }
  }

  /** Every item the query finds, best first (at most `limit`: a selection has a size limit). */
  async ids(q: string, options: { fuzzy?: boolean; limit?: number } = {}): Promise<string[]> {
    const ids: string[] = []
    const limit = options.limit ?? LIMITS.idsPerCall
    for (let offset = 0; offset < limit; offset += PAGE_OF_IDS) {
      const r = await this.query(q, { offset, limit: Math.min(PAGE_OF_IDS, limit - offset), fuzzy: options.fuzzy, facets: false, histogram: false, snippets: 0 })
      for (const h of r.hits) ids.push(h.id)
      if (r.hits.length < PAGE_OF_IDS || offset + PAGE_OF_IDS >= r.total) break
    }
    return ids
  }

  /**
   * Collection names and authority records resolved through the catalogue. A catalogue that
   * cannot be read leaves names unresolved, and the answer says so among what it ignored.
   */
  private async expander(): Promise<(parsed: ParsedQuery) => ParsedQuery> {
    try {
      const cat = await this.archive.workspace()
      return nameExpander({ collections: () => cat.collections.all(), authorities: () => cat.authorities.all() })
    } catch (err) {
      const why = `collection names and authority records could not be read (${(err as Error).message}): names were matched as written`
      return (parsed) => ({ ...parsed, ignored: [...parsed.ignored, why] })
    }
  }

  async close(): Promise<void> {
    await this.opening
    this.disposeListener()
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.job?.cancel()
    await this.queue
    await this.save().catch(() => {})
    // A save started earlier (a team archive's build saves at once) finishes before the index is closed.
    await this.saving
    this.index?.close()
    this.closed = true
  }
}
