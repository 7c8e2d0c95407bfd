import { createHash } from 'node:crypto'
import {
  type AuthorityKind,
  type AuthorityRecord,
  type BulkPreview,
  LIMITS,
  type Collection,
  type HistoryState,
  type ItemCounts,
  type ItemCreate,
  type ItemPatch,
  type TagRecord
} from '../../../shared/model'
import type { ListResult, ParsedInput } from '../../../shared/contract'
import type { ArchiveFolder } from '../ArchiveFolder'
import { ItemRepository } from '../items/ItemRepository'
import { plural, quote, same, textsOf } from '../items/values'
import { summarise, type ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { newId } from '../ids'
import { changesOf, isTextField, planItem, prepareOps, type ItemPlan, type ParsedBulkOp } from './bulk'
import { countItems, inManualOrder, inStatusOrder, listMatcher } from './listing'
import { matchKey, normaliseTagName } from './names'
import type { RecordSet, UndoLog } from '../stores'
import type { DocDiff, StoreName, UndoEntry } from './UndoStack'
import type { Draft, WorkspaceContext } from './WorkspacePart'
import { TagService } from './TagService'
import { CollectionService } from './CollectionService'
import { AuthorityService } from './AuthorityService'

type ListInput = ParsedInput<'items:list'>

/**
 * The cataloguing workspace over an open archive: tags (TagService), collections
 * (CollectionService) and authority records (AuthorityService), each a small file beside the
 * item shards; list filters and counts; bulk edits; and the undo history. Every change goes
 * through the item repository's `applyHeld`, which writes each touched shard and file once,
 * journals it, and makes it undoable.
 */
export class Workspace {
  readonly tags: RecordSet<TagRecord>
  readonly collections: RecordSet<Collection>
  readonly authorities: RecordSet<AuthorityRecord>
  readonly history: UndoLog
  /** The one way items are written; its queue orders every change the workspace makes too. */
  readonly items: ItemRepository
  private readonly tagging: TagService
  private readonly filing: CollectionService
  private readonly names: AuthorityService
  private version = 0
  private readonly caches = new Map<string, unknown>()
  private readonly keyMemo = new Map<string, string>()

  private constructor(readonly archive: ArchiveFolder) {
    const stores = archive.workspaceStores()
    this.tags = stores.tags
    this.collections = stores.collections
    this.authorities = stores.authorities
    this.history = stores.undo
    this.items = new ItemRepository(archive, { tags: this.tags, collections: this.collections, authorities: this.authorities }, this.history, () => this.touch())
    const context: WorkspaceContext = {
      archive,
      tags: this.tags,
      collections: this.collections,
      authorities: this.authorities,
      serial: (fn) => this.serial(fn),
      commit: (draft) => this.commit(draft),
      cached: (key, make) => this.cached(key, make),
      key: (name) => this.key(name)
    }
    this.tagging = new TagService(context)
    this.filing = new CollectionService(context)
    this.names = new AuthorityService(context)
  }

  static async open(archive: ArchiveFolder): Promise<Workspace> {
    const c = new Workspace(archive)
    await Promise.all([c.tags.load(), c.collections.load(), c.authorities.load(), c.history.load()])
    archive.on('items:changed', () => c.touch())
    return c
  }

  private touch(): void {
    this.version++
    this.caches.clear()
  }

  /** Resolves once every catalogue change queued so far has been written (closing the archive). */
  async idle(): Promise<void> {
    await this.items.idle()
  }

  /** Catalogue changes run one at a time, in the item repository's queue: each reads the state the previous one left. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.items.serial(fn)
  }

  /** Applies a change computed inside `serial` (items and records together, journalled, undoable). */
  private commit(draft: Draft): Promise<UndoEntry | null> {
    return this.items.applyHeld(draft)
  }

  private cached<T>(key: string, make: () => T): T {
    const stamp = `${key}|${this.archive.catalog.size}`
    if (this.caches.has(stamp)) return this.caches.get(stamp) as T
    const v = make()
    this.caches.set(stamp, v)
    return v
  }

  private key(name: string): string {
    let k = this.keyMemo.get(name)
    if (k === undefined) {
      k = matchKey(name)
      if (this.keyMemo.size > 200_000) this.keyMemo.clear()
      this.keyMemo.set(name, k)
    }
    return k
  }

  private record(id: string): ItemRecord {
    const rec = this.archive.catalog.get(id)
    if (!rec) throw new CoreError('NOT_FOUND', `No item with id ${id}.`, undefined, { reason: 'ITEM_NOT_FOUND', id })
    return rec
  }

  private store(name: StoreName): RecordSet<unknown> {
    return this[name] as RecordSet<unknown>
  }

  // ---------------------------------------------------------------------------------------------
  // Undo (the item repository keeps the history; the workspace says what it holds)
  // ---------------------------------------------------------------------------------------------

  historyState(): HistoryState {
    const t = this.history.top
    const damaged = this.history.damaged
    return { undo: t.undo?.label ?? null, redo: t.redo?.label ?? null, undoDepth: t.undoDepth, redoDepth: t.redoDepth, ...(damaged ? { notice: damaged } : {}) }
  }

  undo(): Promise<{ label: string; ids: string[] }> {
    return this.items.undo()
  }

  redo(): Promise<{ label: string; ids: string[] }> {
    return this.items.redo()
  }

  // ---------------------------------------------------------------------------------------------
  // Items: edits and trash through the archive's stores, made undoable
  // ---------------------------------------------------------------------------------------------

  private checkFields<T extends ItemPatch>(patch: T): T {
    return this.items.checkFields(patch)
  }

  /**
   * Items arriving from an import, checked as an edit is: tags normalised (one that cannot be a
   * tag is dropped with a warning, so a file's other fields are not lost), and collections
   * named rather than identified (a CSV's "collection" column) resolved to the collection of
   * that name (top level first, case aside), created and journalled when there is none.
   */
  prepareImported(inputs: ItemCreate[]): Promise<ItemCreate[]> {
    return this.serial(async () => {
      const byName = new Map<string, string>()
      for (const c of this.collections.all()) {
        const key = c.name.toLocaleLowerCase()
        if (!byName.has(key) || c.parentId === null) byName.set(key, c.id)
      }
      const out: ItemCreate[] = []
      for (const input of inputs) {
        const item: ItemCreate = { ...input }
        const warnings = [...(input.warnings ?? [])]
        if (item.tags) {
          const tags = new Set<string>()
          for (const raw of item.tags)
            try {
              tags.add(normaliseTagName(raw, 'tags'))
            } catch (err) {
              warnings.push({ code: 'FIELD_DROPPED', message: `The tag ${quote(raw)} was not kept: ${(err as Error).message}`.slice(0, LIMITS.shortText) })
            }
          item.tags = [...tags]
        }
        if (item.collections) {
          const ids = new Set<string>()
          for (const value of item.collections) {
            if (this.collections.get(value)) {
              ids.add(value)
              continue
            }
            const name = value.normalize('NFC').replace(/\s+/g, ' ').trim()
            if (!name) continue
            let id = byName.get(name.toLocaleLowerCase())
            if (!id) {
              const now = new Date().toISOString()
              const c: Collection = { id: newId(), name, parentId: null, description: '', notes: '', order: [], created: now, modified: now }
              await this.commit({ label: `Create collection ${quote(name)}`, op: 'collection-create', items: [], docs: [{ store: 'collections', id: c.id, before: null, after: c }] })
              byName.set(name.toLocaleLowerCase(), (id = c.id))
            }
            ids.add(id)
          }
          item.collections = [...ids]
        }
        if (warnings.length > (input.warnings?.length ?? 0)) item.warnings = warnings.slice(0, 100)
        out.push(this.checkFields(item))
      }
      return out
    })
  }

  /** Creates an item; undoing it moves it to the trash (nothing is ever deleted by undo). */
  async createItem(input: ItemCreate) {
    return (await this.items.create([input]))[0]
  }

  /** Changes some fields; with `baseVersion`, refused as a conflict when another change touched the same fields since. */
  updateItem(id: string, patch: ItemPatch, baseVersion?: number) {
    return this.items.update(id, patch, baseVersion)
  }

  setTrashed(ids: string[], trashed: boolean) {
    return this.items.setTrashed(ids, trashed)
  }

  // ---------------------------------------------------------------------------------------------
  // The list: filters, manual order, counts
  // ---------------------------------------------------------------------------------------------

  list(input: ListInput): ListResult {
    const { offset, limit } = input
    const rows = this.rows(input)
    return { total: rows.length, offset, items: rows.slice(offset, offset + limit).map(summarise) }
  }

  ids(input: Omit<ListInput, 'offset' | 'limit'>): string[] {
    return this.rows(input).map((r) => r.id)
  }

  private rows(input: Omit<ListInput, 'offset' | 'limit'>): ItemRecord[] {
    const { view, sort, order } = input
    const filter = input.filter ?? {}
    const manual = sort === 'manual'
    if (manual && !filter.collection)
      throw new CoreError('INVALID_INPUT', 'The manual order exists only inside a collection: choose a collection, or another sort.', 'sort', { reason: 'MANUAL_ORDER_NEEDS_COLLECTION' })
    // Statuses sort in the order of the work (new → needs review), not alphabetically.
    const byStatus = sort === 'status'
    const base = this.archive.catalog.sorted(view, manual ? 'created' : byStatus ? 'modified' : sort, manual || byStatus ? 'desc' : order)
    let rows = base
    const test = listMatcher(filter, { collections: () => this.collections.all(), authority: (id) => this.authorities.get(id), key: (n) => this.key(n) })
    if (test || manual || byStatus) {
      const key = `list|${view}|${sort}|${order}|${JSON.stringify(filter)}`
      const hit = this.caches.get(key) as { base: ItemRecord[]; rows: ItemRecord[] } | undefined
      if (hit && hit.base === base) rows = hit.rows
      else {
        rows = test ? base.filter(test) : base.slice()
        if (manual) rows = inManualOrder(rows, this.collections.get(filter.collection!)?.order ?? [], order === 'desc')
        if (byStatus) rows = inStatusOrder(rows, order === 'desc')
        this.caches.set(key, { base, rows })
      }
    }
    return rows
  }

  counts(): ItemCounts {
    return this.cached('counts', () => countItems(this.archive.catalog.all()))
  }

  // ---------------------------------------------------------------------------------------------
  // Tags (TagService), collections (CollectionService), authority records (AuthorityService)
  // ---------------------------------------------------------------------------------------------

  listTags() {
    return this.tagging.listTags()
  }
  setTag(name: string, colour: string | null) {
    return this.tagging.setTag(name, colour)
  }
  renameTag(from: string, to: string) {
    return this.tagging.renameTag(from, to)
  }
  mergeTags(sources: string[], into: string) {
    return this.tagging.mergeTags(sources, into)
  }
  deleteTag(name: string) {
    return this.tagging.deleteTag(name)
  }

  listCollections() {
    return this.filing.listCollections()
  }
  createCollection(input: Parameters<CollectionService['createCollection']>[0]) {
    return this.filing.createCollection(input)
  }
  updateCollection(input: Parameters<CollectionService['updateCollection']>[0]) {
    return this.filing.updateCollection(input)
  }
  deleteCollection(id: string) {
    return this.filing.deleteCollection(id)
  }
  reorderCollection(id: string, itemIds: string[]) {
    return this.filing.reorderCollection(id, itemIds)
  }

  listAuthorities(kind?: AuthorityKind) {
    return this.names.listAuthorities(kind)
  }
  getAuthority(id: string) {
    return this.names.getAuthority(id)
  }
  createAuthority(input: Parameters<AuthorityService['createAuthority']>[0]) {
    return this.names.createAuthority(input)
  }
  updateAuthority(input: Parameters<AuthorityService['updateAuthority']>[0]) {
    return this.names.updateAuthority(input)
  }
  deleteAuthority(id: string) {
    return this.names.deleteAuthority(id)
  }
  mergeAuthorities(sourceId: string, targetId: string) {
    return this.names.mergeAuthorities(sourceId, targetId)
  }
  duplicates(kind?: AuthorityKind) {
    return this.names.duplicates(kind)
  }
  rejectDuplicate(a: string, b: string) {
    return this.names.rejectDuplicate(a, b)
  }
  recordNameGroups(groups: Parameters<AuthorityService['recordNameGroups']>[0]) {
    return this.names.recordNameGroups(groups)
  }
  authoritiesFromItems(kind?: AuthorityKind) {
    return this.names.authoritiesFromItems(kind)
  }

  // ---------------------------------------------------------------------------------------------
  // Records brought in from elsewhere (added for the bag import, electron/core/export)
  // ---------------------------------------------------------------------------------------------

  /**
   * Writes collection, tag and authority records worked out by a caller that knows their
   * source (a Presskeep bag keeps its records' ids, which createCollection and
   * createAuthority cannot). `plan` runs inside the catalogue's queue, so it decides on the
   * state the change applies to; the records it returns (null removes one) are written,
   * journalled and put on the undo stack as one change. Nothing is written when the plan
   * changes nothing. The plan is trusted to keep the catalogue's rules (unique names, no
   * cycles): the caller validates its source first.
   */
  putRecords<T>(
    label: string,
    op: string,
    plan: () => { docs: Array<{ store: StoreName; id: string; value: unknown | null }>; result: T }
  ): Promise<{ result: T; changed: number; undoSeq: number | null }> {
    return this.serial(async () => {
      const { docs, result } = plan()
      const diffs: DocDiff[] = []
      for (const d of docs) {
        const before = this.store(d.store).get(d.id) ?? null
        if (!same(before, d.value)) diffs.push({ store: d.store, id: d.id, before, after: d.value })
      }
      const entry = await this.commit({ label, op, items: [], docs: diffs })
      return { result, changed: diffs.length, undoSeq: entry?.seq ?? null }
    })
  }


  // ---------------------------------------------------------------------------------------------
  // Bulk edit
  // ---------------------------------------------------------------------------------------------

  private async plan(ids: string[], ops: ParsedBulkOp[]): Promise<{ plans: ItemPlan[]; errors: BulkPreview['errors']; selected: number }> {
    const unique = [...new Set(ids)]
    for (;;) {
      const recs = unique.map((id) => this.record(id))
      const planned = await this.planOn(recs, ops)
      // Another process's change brought by the change feed while the texts were read: planned again on it.
      if (recs.every((rec) => this.record(rec.id) === rec)) return { ...planned, selected: unique.length }
    }
  }

  private async planOn(recs: ItemRecord[], ops: ParsedBulkOp[]): Promise<{ plans: ItemPlan[]; errors: BulkPreview['errors'] }> {
    const prepared = prepareOps(ops, (c) => !!this.collections.get(c))
    const needsBody = prepared.some((p) => (p.op === 'replace' || p.op === 'setField') && isTextField(p.field))
    const plans: ItemPlan[] = []
    const errors: BulkPreview['errors'] = []
    for (const rec of recs) {
      const texts = needsBody ? textsOf(await this.archive.texts.get(rec.id)) : undefined
      const p = planItem(rec, texts, prepared)
      if (!p) continue
      if ('error' in p) errors.push({ id: p.id, title: p.title, message: p.error, params: p.params })
      else plans.push(p)
    }
    return { plans, errors }
  }

  private tokenOf(plans: ItemPlan[]): string {
    const h = createHash('sha256')
    for (const p of plans) h.update(JSON.stringify([p.id, this.archive.catalog.get(p.id)?.modified, p.after]))
    return h.digest('hex').slice(0, 32)
  }

  async bulkPreview(ids: string[], ops: ParsedBulkOp[]): Promise<BulkPreview> {
    const { plans, errors, selected } = await this.plan(ids, ops)
    const { changes, more } = changesOf(plans)
    return { token: this.tokenOf(plans), selected, changed: plans.length, changes, more, errors }
  }

  bulkApply(ids: string[], ops: ParsedBulkOp[], token?: string) {
    // A change to these items' fields only (no records): in a team archive, beside changes to other items.
    return this.items.serialOn([...new Set(ids)], async () => {
      const { plans, errors, selected } = await this.plan(ids, ops)
      if (errors.length)
        throw new CoreError(
          'INVALID_INPUT',
          `The edit cannot apply to ${plural(errors.length, 'item')}, so nothing was changed: ${quote(errors[0].title)}: ${errors[0].message}.`,
          'ops',
          { reason: 'BULK_REFUSED', n: errors.length, title: errors[0].title }
        )
      if (token !== undefined && token !== this.tokenOf(plans))
        throw new CoreError('CONFLICT', 'The selected items changed since the preview; nothing was changed. Look at the preview again before applying.', 'token', { reason: 'PREVIEW_STALE' })
      await this.commit({
        label: `Bulk edit of ${plural(plans.length, 'item')} (${describeOps(ops)})`,
        op: 'bulk-edit',
        items: plans.map((p) => ({ id: p.id, before: p.before, after: p.after })),
        docs: []
      })
      return { selected, changed: plans.length }
    })
  }
}

function describeOps(ops: ParsedBulkOp[]): string {
  return ops
    .map((o) => {
      switch (o.op) {
        case 'addTags':
          return `add tag ${o.tags.join(', ')}`
        case 'removeTags':
          return `remove tag ${o.tags.join(', ')}`
        case 'addCollections':
          return 'add to collection'
        case 'removeCollections':
          return 'remove from collection'
        case 'setField':
          return `set ${o.field}`
        case 'replace':
          return `replace in ${o.field}`
      }
    })
    .join('; ')
}
