import { createHash } from 'node:crypto'
import {
  AUTHORITY_FIELD,
  AUTHORITY_KINDS,
  type AuthorityIdentifier,
  type AuthorityInfo,
  type AuthorityKind,
  type AuthorityRecord,
  type BulkPreview,
  LIMITS,
  type Collection,
  type CollectionInfo,
  type DuplicateProposal,
  type HistoryState,
  type ItemCounts,
  type ItemCreate,
  type ItemPatch,
  type TagInfo,
  type TagRecord
} from '../../../shared/model'
import type { ListResult, ParsedInput } from '../../../shared/contract'
import type { ArchiveFolder } from '../ArchiveFolder'
import { ItemRepository } from '../items/ItemRepository'
import { plural, quote, same, textsOf } from '../items/values'
import { summarise, type ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { newId } from '../ids'
import type { JournalEntry } from '../Journal'
import { changesOf, isTextField, planItem, prepareOps, TEXT_FIELDS, type ItemPlan, type ParsedBulkOp, type Texts } from './bulk'
import { withDescendants } from './collectionPaths'
import { countItems, inManualOrder, inStatusOrder, listMatcher } from './listing'
import { pairKey, proposeDuplicates } from './duplicates'
import { ancestorsOf, cleanName, isSameOrBelow, matchKey, normaliseTagName, retag } from './names'
import type { RecordSet, UndoLog } from '../stores'
import type { DocDiff, ItemDiff, StoreName, UndoEntry } from './UndoStack'

type ListInput = ParsedInput<'items:list'>
type Draft = { label: string; op: string; items: Array<Omit<ItemDiff, 'stamp' | 'prior'>>; docs: DocDiff[] }

/**
 * The cataloguing workspace over an open archive: tags, collections and authority records
 * (each a small lowdb file beside the item shards), list filters and counts, bulk edits, and
 * the undo history. Every change goes through `commit` (or `record` for the archive's own
 * edits), which writes each touched shard and file once, journals it, and makes it undoable.
 */
export class Workspace {
  readonly tags: RecordSet<TagRecord>
  readonly collections: RecordSet<Collection>
  readonly authorities: RecordSet<AuthorityRecord>
  readonly history: UndoLog
  /** The one way items are written; its queue orders every change the workspace makes too. */
  readonly items: ItemRepository
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
  // Tags
  // ---------------------------------------------------------------------------------------------

  listTags(): TagInfo[] {
    return this.cached('tags', () => {
      const info = new Map<string, TagInfo>()
      const get = (name: string) => {
        let t = info.get(name)
        if (!t) info.set(name, (t = { name, colour: this.tags.get(name)?.colour ?? null, count: 0, total: 0 }))
        return t
      }
      for (const rec of this.tags.all()) get(rec.name)
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        const seen = new Set<string>()
        for (const t of r.tags) {
          get(t).count++
          seen.add(t)
          for (const a of ancestorsOf(t)) seen.add(a)
        }
        for (const t of seen) get(t).total++
      }
      for (const t of [...info.keys()]) for (const a of ancestorsOf(t)) get(a)
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
      return [...info.values()].sort((a, b) => collator.compare(a.name, b.name))
    })
  }

  private tagExists(name: string): boolean {
    return this.listTags().some((t) => t.name === name) || [...this.archive.catalog.all()].some((r) => r.tags.includes(name))
  }

  private requireTag(raw: string, field: string): string {
    const name = normaliseTagName(raw, field)
    if (!this.tagExists(name)) throw new CoreError('NOT_FOUND', `There is no tag ${quote(name)}.`, field, { reason: 'TAG_NOT_FOUND', name })
    return name
  }

  /** Creates an empty tag (so it can be given a colour and used later), or changes a tag's colour. */
  setTag(rawName: string, colour: string | null) {
    return this.serial(async () => {
      const name = normaliseTagName(rawName, 'name')
      const before = this.tags.get(name) ?? null
      const after: TagRecord = { name, colour }
      if (same(before, after)) return after
      await this.commit({
        label: before || this.tagExists(name) ? `Colour of tag ${quote(name)}` : `Create tag ${quote(name)}`,
        op: 'tag-set',
        items: [],
        docs: [{ store: 'tags', id: name, before, after }]
      })
      return after
    })
  }

  /** Changes tags everywhere at once: each tag at or below a source becomes the same path under `into`. */
  private async moveTags(label: string, op: string, sources: string[], into: string): Promise<{ items: number }> {
    const items: Draft['items'] = []
    for (const r of this.archive.catalog.all()) {
      if (!r.tags.some((t) => sources.some((s) => isSameOrBelow(t, s)))) continue
      const next = [...new Set(r.tags.map((t) => {
        const s = sources.find((x) => isSameOrBelow(t, x))
        return s ? retag(t, s, into) : t
      }))]
      if (!same(next, r.tags)) items.push({ id: r.id, before: { tags: r.tags }, after: { tags: next } })
    }
    const docs: DocDiff[] = []
    const planned = new Map<string, TagRecord | null>()
    for (const rec of this.tags.all()) {
      const s = sources.find((x) => isSameOrBelow(rec.name, x))
      if (!s) continue
      const to = retag(rec.name, s, into)
      planned.set(rec.name, planned.get(rec.name) ?? null)
      const existing = planned.has(to) ? planned.get(to) : (this.tags.get(to) ?? null)
      // The tag merged into keeps its own colour; otherwise it takes the colour of what came into it.
      planned.set(to, { name: to, colour: existing?.colour ?? rec.colour })
    }
    for (const [id, after] of planned) {
      const before = this.tags.get(id) ?? null
      if (!same(before, after)) docs.push({ store: 'tags', id, before, after })
    }
    await this.commit({ label, op, items, docs })
    return { items: items.length }
  }

  renameTag(rawFrom: string, rawTo: string) {
    return this.serial(async () => {
      const from = this.requireTag(rawFrom, 'from')
      const to = normaliseTagName(rawTo, 'to')
      if (to === from) return { items: 0 }
      if (this.tagExists(to))
        throw new CoreError('INVALID_INPUT', `There is already a tag ${quote(to)}; to bring ${quote(from)} into it, merge the two tags.`, 'to', { reason: 'TAG_EXISTS', name: to, from })
      return this.moveTags(`Rename tag ${quote(from)} to ${quote(to)}`, 'tag-rename', [from], to)
    })
  }

  mergeTags(rawSources: string[], rawInto: string) {
    return this.serial(async () => {
      const into = normaliseTagName(rawInto, 'into')
      const sources = [...new Set(rawSources.map((s) => this.requireTag(s, 'sources')))]
      for (const s of sources) {
        if (s === into) throw new CoreError('INVALID_INPUT', `A tag cannot be merged into itself (${quote(s)}).`, 'into', { reason: 'MERGE_SAME' })
        if (isSameOrBelow(into, s))
          throw new CoreError('INVALID_INPUT', `${quote(s)} cannot be merged into ${quote(into)}, which is below it.`, 'into', { reason: 'TAG_MERGE_BELOW', name: s, into })
      }
      return this.moveTags(`Merge ${sources.map(quote).join(', ')} into ${quote(into)}`, 'tag-merge', sources, into)
    })
  }

  /** Removes a tag (and the tags below it) from every item. */
  deleteTag(rawName: string) {
    return this.serial(async () => {
      const name = this.requireTag(rawName, 'name')
      const items: Draft['items'] = []
      for (const r of this.archive.catalog.all()) {
        const next = r.tags.filter((t) => !isSameOrBelow(t, name))
        if (next.length !== r.tags.length) items.push({ id: r.id, before: { tags: r.tags }, after: { tags: next } })
      }
      const docs: DocDiff[] = this.tags
        .all()
        .filter((t) => isSameOrBelow(t.name, name))
        .map((t) => ({ store: 'tags' as const, id: t.name, before: t, after: null }))
      await this.commit({ label: `Delete tag ${quote(name)}`, op: 'tag-delete', items, docs })
      return { items: items.length }
    })
  }

  // ---------------------------------------------------------------------------------------------
  // Collections
  // ---------------------------------------------------------------------------------------------

  listCollections(): CollectionInfo[] {
    return this.cached('collections', () => {
      const all = this.collections.all()
      const parent = new Map(all.map((c) => [c.id, c.parentId]))
      const counts = new Map<string, number>()
      const totals = new Map<string, number>()
      const add = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1)
      for (const r of this.archive.catalog.all()) {
        if (r.trashed || r.collections.length === 0) continue
        for (const c of r.collections) add(counts, c)
        // An item counts once in each collection above it, however many of their children hold it.
        const above = new Set<string>()
        for (const c of r.collections) for (let id: string | null | undefined = c; id && !above.has(id); id = parent.get(id)) above.add(id)
        for (const id of above) add(totals, id)
      }
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
      return all
        .map((c) => ({ ...c, count: counts.get(c.id) ?? 0, total: totals.get(c.id) ?? 0 }))
        .sort((a, b) => collator.compare(a.name, b.name))
    })
  }

  private requireCollection(id: string, field = 'id'): Collection {
    const c = this.collections.get(id)
    if (!c) throw new CoreError('NOT_FOUND', `There is no collection with id ${id}.`, field, { reason: 'COLLECTION_NOT_FOUND' })
    return c
  }

  private checkCollectionName(name: string, parentId: string | null, self: string | null): void {
    const clash = this.collections
      .all()
      .find((c) => c.id !== self && c.parentId === parentId && c.name.toLocaleLowerCase() === name.toLocaleLowerCase())
    if (clash) {
      const where = parentId ? `inside ${quote(this.collections.get(parentId)!.name)}` : 'at the top level'
      throw new CoreError('INVALID_INPUT', `There is already a collection ${quote(clash.name)} ${where}.`, 'name', { reason: 'COLLECTION_EXISTS', name: clash.name })
    }
  }

  createCollection(input: { name: string; parentId?: string | null; description?: string; notes?: string }) {
    return this.serial(async () => {
      const name = cleanName(input.name, 'A collection name', 'name')
      const parentId = input.parentId ?? null
      if (parentId) this.requireCollection(parentId, 'parentId')
      this.checkCollectionName(name, parentId, null)
      const now = new Date().toISOString()
      const c: Collection = { id: newId(), name, parentId, description: input.description ?? '', notes: input.notes ?? '', order: [], created: now, modified: now }
      await this.commit({ label: `Create collection ${quote(name)}`, op: 'collection-create', items: [], docs: [{ store: 'collections', id: c.id, before: null, after: c }] })
      return c
    })
  }

  updateCollection(input: { id: string; name?: string; parentId?: string | null; description?: string; notes?: string }) {
    return this.serial(async () => {
      const before = this.requireCollection(input.id)
      const next: Collection = { ...before }
      if (input.name !== undefined) next.name = cleanName(input.name, 'A collection name', 'name')
      if (input.description !== undefined) next.description = input.description
      if (input.notes !== undefined) next.notes = input.notes
      if (input.parentId !== undefined) {
        const parentId = input.parentId
        if (parentId !== null) {
          this.requireCollection(parentId, 'parentId')
          // Walking up from the new parent must never reach the collection itself.
          for (let p: string | null = parentId; p; p = this.collections.get(p)?.parentId ?? null)
            if (p === before.id)
              throw new CoreError(
                'INVALID_INPUT',
                parentId === before.id
                  ? `The collection ${quote(before.name)} cannot be its own parent.`
                  : `The collection ${quote(before.name)} cannot be placed inside ${quote(this.collections.get(parentId)!.name)}, which is inside it.`,
                'parentId',
                { reason: 'COLLECTION_CYCLE', name: before.name, parent: this.collections.get(parentId)!.name }
              )
        }
        next.parentId = parentId
      }
      this.checkCollectionName(next.name, next.parentId, next.id)
      const changed = (['name', 'parentId', 'description', 'notes'] as const).some((k) => next[k] !== before[k])
      if (!changed) return before
      next.modified = new Date().toISOString()
      await this.commit({ label: `Edit collection ${quote(next.name)}`, op: 'collection-update', items: [], docs: [{ store: 'collections', id: next.id, before, after: next }] })
      return next
    })
  }

  /** Deletes a collection: its items stay (they leave it), its sub-collections move up one level. */
  deleteCollection(id: string) {
    return this.serial(async () => {
      const c = this.requireCollection(id)
      const docs: DocDiff[] = [{ store: 'collections', id, before: c, after: null }]
      for (const child of this.collections.all())
        if (child.parentId === id) docs.push({ store: 'collections', id: child.id, before: child, after: { ...child, parentId: c.parentId } })
      const items: Draft['items'] = []
      for (const r of this.archive.catalog.all())
        if (r.collections.includes(id)) items.push({ id: r.id, before: { collections: r.collections }, after: { collections: r.collections.filter((x) => x !== id) } })
      await this.commit({ label: `Delete collection ${quote(c.name)}`, op: 'collection-delete', items, docs })
      return { items: items.length }
    })
  }

  /** Sets the manual order of items in a collection (every id must be in it). */
  reorderCollection(id: string, itemIds: string[]) {
    return this.serial(async () => {
      const c = this.requireCollection(id)
      const order = [...new Set(itemIds)]
      for (const i of order) {
        const r = this.record(i)
        if (!r.collections.includes(id)) throw new CoreError('INVALID_INPUT', `The item ${quote(r.title)} is not in the collection ${quote(c.name)}.`, 'itemIds', { reason: 'NOT_IN_COLLECTION', title: r.title, name: c.name })
      }
      if (same(order, c.order)) return c
      const next = { ...c, order, modified: new Date().toISOString() }
      await this.commit({ label: `Reorder ${quote(c.name)}`, op: 'collection-reorder', items: [], docs: [{ store: 'collections', id, before: c, after: next }] })
      return next
    })
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
  // Authority records
  // ---------------------------------------------------------------------------------------------

  private mentions(): Map<string, number> {
    return this.cached('mentions', () => {
      const byKey = new Map<string, string>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) byKey.set(`${a.kind}:${this.key(n)}`, a.id)
      const counts = new Map<string, number>()
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        const hit = new Set<string>()
        for (const kind of AUTHORITY_KINDS)
          for (const n of r[AUTHORITY_FIELD[kind]]) {
            const id = byKey.get(`${kind}:${this.key(n)}`)
            if (id) hit.add(id)
          }
        for (const id of hit) counts.set(id, (counts.get(id) ?? 0) + 1)
      }
      return counts
    })
  }

  listAuthorities(kind?: AuthorityKind): AuthorityInfo[] {
    const counts = this.mentions()
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
    return this.authorities
      .all()
      .filter((a) => !kind || a.kind === kind)
      .map((a) => ({ ...a, count: counts.get(a.id) ?? 0 }))
      .sort((a, b) => collator.compare(a.preferred, b.preferred))
  }

  getAuthority(id: string): AuthorityInfo {
    const a = this.authorities.get(id)
    if (!a) throw new CoreError('NOT_FOUND', `There is no authority record with id ${id}.`, 'id', { reason: 'RECORD_NOT_FOUND' })
    return { ...a, count: this.mentions().get(id) ?? 0 }
  }

  private checkNames(kind: AuthorityKind, preferred: string, variants: string[], self: string | null): string[] {
    const keys = new Map<string, AuthorityRecord>()
    for (const a of this.authorities.all())
      if (a.kind === kind && a.id !== self) for (const n of [a.preferred, ...a.variants]) keys.set(this.key(n), a)
    const own = this.key(preferred)
    const kept: string[] = []
    for (const n of [preferred, ...variants]) {
      const other = keys.get(this.key(n))
      if (other)
        throw new CoreError(
          'INVALID_INPUT',
          `${quote(n)} is already a name of the ${kind} record ${quote(other.preferred)}; merge the two records instead.`,
          n === preferred ? 'preferred' : 'variants',
          { reason: 'NAME_OF_OTHER_RECORD', name: n, record: other.preferred }
        )
    }
    for (const v of variants) if (this.key(v) !== own && !kept.some((k) => this.key(k) === this.key(v))) kept.push(v)
    return kept
  }

  private cleanIdentifiers(ids: AuthorityIdentifier[]): AuthorityIdentifier[] {
    const formats: Record<string, [RegExp, string]> = {
      wikidata: [/^Q[1-9]\d*$/, 'a Wikidata id looks like Q42'],
      viaf: [/^[1-9]\d{0,21}$/, 'a VIAF id is a number, like 102333412'],
      isni: [/^\d{15}[\dX]$/, 'an ISNI has 16 characters, digits and a last X or digit, like 0000000121032683'],
      geonames: [/^[1-9]\d*$/, 'a GeoNames id is a number, like 2988507']
    }
    const out: AuthorityIdentifier[] = []
    for (const id of ids) {
      let value = id.value.trim()
      if (id.scheme === 'wikidata') value = value.replace(/^https?:\/\/(www\.)?wikidata\.org\/(wiki|entity)\//, '').toUpperCase()
      if (id.scheme === 'isni') value = value.replace(/\s+/g, '').toUpperCase()
      if (id.scheme === 'viaf') value = value.replace(/^https?:\/\/viaf\.org\/viaf\//, '').replace(/\/$/, '')
      const f = formats[id.scheme]
      if (f && !f[0].test(value)) throw new CoreError('INVALID_INPUT', `${quote(id.value)} is not a valid ${id.scheme} identifier: ${f[1]}.`, 'identifiers', { reason: 'IDENTIFIER_INVALID', value: id.value, scheme: id.scheme })
      if (!out.some((o) => o.scheme === id.scheme && o.value === value)) out.push({ scheme: id.scheme, value })
    }
    return out
  }

  createAuthority(input: { kind: AuthorityKind; preferred: string; variants?: string[]; note?: string; identifiers?: AuthorityIdentifier[] }) {
    return this.serial(async () => {
      const preferred = cleanName(input.preferred, 'The preferred name', 'preferred')
      const variants = this.checkNames(input.kind, preferred, (input.variants ?? []).map((v) => cleanName(v, 'A variant name', 'variants')), null)
      const now = new Date().toISOString()
      const a: AuthorityRecord = {
        id: newId(),
        kind: input.kind,
        preferred,
        variants,
        note: input.note ?? '',
        identifiers: this.cleanIdentifiers(input.identifiers ?? []),
        created: now,
        modified: now
      }
      await this.commit({ label: `Create ${a.kind} ${quote(preferred)}`, op: 'authority-create', items: [], docs: [{ store: 'authorities', id: a.id, before: null, after: a }] })
      return a
    })
  }

  updateAuthority(input: { id: string; preferred?: string; variants?: string[]; note?: string; identifiers?: AuthorityIdentifier[] }) {
    return this.serial(async () => {
      const before = this.getAuthority(input.id)
      const { count: _c, ...base } = before
      const preferred = input.preferred !== undefined ? cleanName(input.preferred, 'The preferred name', 'preferred') : base.preferred
      let variants = input.variants !== undefined ? input.variants.map((v) => cleanName(v, 'A variant name', 'variants')) : base.variants
      // A preferred form given up stays findable as a variant.
      if (input.preferred !== undefined && this.key(preferred) !== this.key(base.preferred) && input.variants === undefined) variants = [...variants, base.preferred]
      variants = this.checkNames(base.kind, preferred, variants, base.id)
      const next: AuthorityRecord = {
        ...base,
        preferred,
        variants,
        note: input.note ?? base.note,
        identifiers: input.identifiers ? this.cleanIdentifiers(input.identifiers) : base.identifiers
      }
      if (same(next, base)) return base
      next.modified = new Date().toISOString()
      await this.commit({ label: `Edit ${base.kind} ${quote(preferred)}`, op: 'authority-update', items: [], docs: [{ store: 'authorities', id: base.id, before: base, after: next }] })
      return next
    })
  }

  deleteAuthority(id: string) {
    return this.serial(async () => {
      const { count: _c, ...a } = this.getAuthority(id)
      await this.commit({ label: `Delete ${a.kind} ${quote(a.preferred)}`, op: 'authority-delete', items: [], docs: [{ store: 'authorities', id, before: a, after: null }] })
      return { deleted: id }
    })
  }

  /** Merges `sourceId` into `targetId`: every name of the source becomes a variant of the target. */
  mergeAuthorities(sourceId: string, targetId: string) {
    return this.serial(async () => {
      if (sourceId === targetId) throw new CoreError('INVALID_INPUT', 'A record cannot be merged into itself; choose two different records.', 'targetId', { reason: 'MERGE_SAME' })
      const { count: _s, ...source } = this.getAuthority(sourceId)
      const { count: _t, ...target } = this.getAuthority(targetId)
      if (source.kind !== target.kind)
        throw new CoreError('INVALID_INPUT', `A ${source.kind} record cannot be merged into ${target.kind === 'organisation' ? 'an' : 'a'} ${target.kind} record.`, 'targetId', { reason: 'RECORD_KINDS_DIFFER' })
      const names = [...target.variants]
      for (const n of [source.preferred, ...source.variants])
        if (this.key(n) !== this.key(target.preferred) && !names.some((x) => this.key(x) === this.key(n))) names.push(n)
      const identifiers = [...target.identifiers]
      for (const i of source.identifiers) if (!identifiers.some((x) => x.scheme === i.scheme && x.value === i.value)) identifiers.push(i)
      const note = [target.note, source.note].filter((n) => n.trim()).join('\n\n')
      const merged: AuthorityRecord = { ...target, variants: names, identifiers, note, modified: new Date().toISOString() }
      await this.commit({
        label: `Merge ${quote(source.preferred)} into ${quote(target.preferred)}`,
        op: 'authority-merge',
        items: this.preferredFormOnItems(merged),
        docs: [
          { store: 'authorities', id: source.id, before: source, after: null },
          { store: 'authorities', id: target.id, before: target, after: merged }
        ]
      })
      return merged
    })
  }

  /**
   * The items that name a record under another of its forms, changed to name it by its
   * preferred form (once), so that lists, facets and exports show one name. An imported
   * item keeps the spelling its source used in its provenance.
   */
  private preferredFormOnItems(record: AuthorityRecord): Draft['items'] {
    const field = AUTHORITY_FIELD[record.kind]
    const keys = new Set([record.preferred, ...record.variants].map((n) => this.key(n)))
    const out: Draft['items'] = []
    for (const r of this.archive.catalog.all()) {
      const names = r[field]
      if (!names.some((n) => keys.has(this.key(n)) && n !== record.preferred)) continue
      const next: string[] = []
      const replaced: string[] = []
      for (const n of names) {
        const named = keys.has(this.key(n))
        if (named && n !== record.preferred) replaced.push(n)
        const v = named ? record.preferred : n
        if (!next.includes(v)) next.push(v)
      }
      const before: Record<string, unknown> = { [field]: names }
      const after: Record<string, unknown> = { [field]: next }
      if (r.provenance) {
        const spellings = [...(r.provenance.spellings ?? [])]
        for (const n of replaced) if (!spellings.includes(n)) spellings.push(n)
        before.provenance = r.provenance
        after.provenance = { ...r.provenance, spellings }
      }
      out.push({ id: r.id, before, after })
    }
    return out
  }

  private rejected(): Set<string> {
    const r = this.authorities.data.rejected
    return new Set(Array.isArray(r) ? (r as string[]) : [])
  }

  duplicates(kind?: AuthorityKind): DuplicateProposal[] {
    return proposeDuplicates(
      this.authorities.all().filter((a) => !kind || a.kind === kind),
      this.rejected()
    )
  }

  /** Remembers that two records are not the same, so they are not proposed again. */
  rejectDuplicate(a: string, b: string) {
    return this.serial(async () => {
      if (a === b) throw new CoreError('INVALID_INPUT', 'Choose two different records.', 'b', { reason: 'MERGE_SAME' })
      const ra = this.getAuthority(a)
      const rb = this.getAuthority(b)
      const set = this.rejected()
      set.add(pairKey(a, b))
      this.authorities.data.rejected = [...set]
      await this.authorities.write()
      await this.archive.journal.append({ op: 'authority-not-duplicate', records: [a, b], names: [ra.preferred, rb.preferred] })
      return { rejected: [a, b] }
    })
  }

  /**
   * The spelling variants an import grouped ("Ramata Almami Mbaye" / "Ramata Almamy Mbaye")
   * become authority records: a group that shares a name with a record joins it (its other
   * forms become variants), else it makes a new record. A name another record already holds
   * stays with that record (records are merged by a person, never behind their back); a lone
   * name makes no record.
   */
  recordNameGroups(groups: ReadonlyArray<{ kind: AuthorityKind; preferred: string; variants: readonly string[] }>) {
    return this.serial(async () => {
      const owner = new Map<string, AuthorityRecord>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) owner.set(`${a.kind}:${this.key(n)}`, a)
      const before = new Map<string, AuthorityRecord | null>()
      const after = new Map<string, AuthorityRecord>()
      const now = new Date().toISOString()
      for (const g of groups) {
        const names: string[] = []
        for (const raw of [g.preferred, ...g.variants]) {
          const n = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
          if (n && n.length <= 500 && this.key(n) && !names.some((x) => this.key(x) === this.key(n))) names.push(n)
        }
        if (names.length < 2) continue
        const found = names.map((n) => owner.get(`${g.kind}:${this.key(n)}`)).find((r) => r !== undefined)
        let rec: AuthorityRecord
        if (found) {
          rec = after.get(found.id) ?? { ...found, variants: [...found.variants] }
          if (!before.has(found.id)) before.set(found.id, found)
        } else {
          rec = { id: newId(), kind: g.kind, preferred: names[0], variants: [], note: '', identifiers: [], created: now, modified: now }
          before.set(rec.id, null)
        }
        for (const n of names) {
          const key = `${g.kind}:${this.key(n)}`
          if (owner.has(key)) continue
          if (this.key(n) !== this.key(rec.preferred)) rec.variants.push(n)
          owner.set(key, rec)
        }
        after.set(rec.id, rec)
      }
      const docs: DocDiff[] = []
      for (const [id, rec] of after) {
        const was = before.get(id) ?? null
        if (was && same(was.variants, rec.variants)) continue
        docs.push({ store: 'authorities', id, before: was, after: was ? { ...rec, modified: now } : rec })
      }
      const created = docs.filter((d) => d.before === null).length
      await this.commit({
        label: `Record the names of an import (${plural(created, 'new authority record')}, ${plural(docs.length - created, 'record')} with new variants)`,
        op: 'authority-from-import',
        items: [],
        docs
      })
      return { created, joined: docs.length - created }
    })
  }

  /** Creates a record for every name in the items that no record covers yet (the commonest spelling preferred). */
  authoritiesFromItems(kind?: AuthorityKind) {
    return this.serial(async () => {
      const known = new Set<string>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) known.add(`${a.kind}:${this.key(n)}`)
      const found = new Map<string, { kind: AuthorityKind; spellings: Map<string, number> }>()
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        for (const k of AUTHORITY_KINDS) {
          if (kind && k !== kind) continue
          for (const n of r[AUTHORITY_FIELD[k]]) {
            const key = `${k}:${this.key(n)}`
            if (known.has(key) || this.key(n) === '') continue
            let f = found.get(key)
            if (!f) found.set(key, (f = { kind: k, spellings: new Map() }))
            f.spellings.set(n, (f.spellings.get(n) ?? 0) + 1)
          }
        }
      }
      const now = new Date().toISOString()
      const docs: DocDiff[] = []
      for (const f of found.values()) {
        const ranked = [...f.spellings].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length)
        const rec: AuthorityRecord = {
          id: newId(),
          kind: f.kind,
          preferred: ranked[0][0],
          variants: ranked.slice(1).map(([n]) => n),
          note: '',
          identifiers: [],
          created: now,
          modified: now
        }
        docs.push({ store: 'authorities', id: rec.id, before: null, after: rec })
      }
      await this.commit({ label: `Create ${plural(docs.length, 'authority record')} from the items`, op: 'authority-from-items', items: [], docs })
      return { created: docs.length }
    })
  }

  // ---------------------------------------------------------------------------------------------
  // Bulk edit
  // ---------------------------------------------------------------------------------------------

  private async plan(ids: string[], ops: ParsedBulkOp[]): Promise<{ plans: ItemPlan[]; errors: BulkPreview['errors']; selected: number }> {
    const unique = [...new Set(ids)]
    const recs = unique.map((id) => this.record(id))
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
    return { plans, errors, selected: unique.length }
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
    return this.serial(async () => {
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
