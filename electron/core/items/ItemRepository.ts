// The one place where items are written. Every way into an item (the editor, bulk edits, tag
// renames and authority merges, undo and redo, every importer, bag import, the CLI, the demo)
// comes here, so every change gets the same checks, the same journal line, the same undo entry
// and the same version number. It sits above the store interfaces (stores.ts): no paths, no fs,
// no lowdb, so that the same code runs on a folder and on a database.
import { ITEM_DEFAULTS, type Attachment, type Collection, type Item, type ItemCreate, type ItemPatch } from '../../../shared/model'
import type { ItemRecord } from '../CatalogStore'
import { readItem } from './readItem'
import type { ChangeBatch } from '../commit/ChangeBatch'
import { CoreError } from '../errors'
import { newId } from '../ids'
import type { JournalEntry } from '../Journal'
import type { ChangeJournal, ItemRecordStore, ItemTextStore, RecordSet, UndoLog } from '../stores'
import type { DocDiff, ItemDiff, StoreName, UndoEntry } from '../workspace/UndoStack'
import { normaliseTagName } from '../workspace/names'
import { changedMeanwhile, conflictOf, ItemConflictError } from './conflicts'
import { toRecord, attachmentRecords, type StoredFileRef } from './records'
import { isTextField, TEXT_FIELDS, type Texts } from '../workspace/bulk'
import { plural, quote, same, textsOf } from './values'
import type { ItemTexts } from '../TextStore'

/** What the repository writes to, reached through their interfaces (a folder archive today). */
export type ItemRepositoryStores = {
  readonly catalog: ItemRecordStore
  readonly texts: ItemTextStore
  readonly journal: ChangeJournal
  /** A change batch: everything staged into it is made all together, or none of it. */
  newBatch(label: string): ChangeBatch
  /** The storage other than a folder, if any: whether it lets changes to different items commit at once. */
  readonly storage?: { readonly independentItemWrites: boolean } | null
  emit(event: 'items:changed', payload: { ids: string[]; reason: string; fields?: string[] }): void
}

/** The records a change may carry along with its items (a tag rename, a collection made by an import). */
export type RecordSets = { tags: RecordSet<unknown>; collections: RecordSet<Collection>; authorities: RecordSet<unknown> }

/** One change: each item's fields before and after, and the records changed with them. */
export type ItemChange = { label: string; op: string; items: Array<{ id: string; before: Record<string, unknown>; after: Record<string, unknown> }>; docs: DocDiff[] }

export type CreateOptions = {
  op?: string
  label?: string
  /**
   * False for the one-file items of a folder import: a folder is hundreds of changes, more
   * than the undo history keeps, and an undo entry per file would double the files each one
   * writes. Such items are taken back by trashing them (the import's summary lists them).
   */
  undoable?: boolean
}

/** The version a record is at: records written before versions existed are at 1. */
export const versionOf = (rec: { version?: number }): number => rec.version ?? 1

export class ItemRepository {
  /** The last section that runs alone (every write queued before it done first); never rejects. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Sections on some items only, queued or running (settled versions: they never reject). */
  private readonly onItems = new Set<Promise<unknown>>()
  /** The last section queued on each item. */
  private readonly itemTails = new Map<string, Promise<unknown>>()
  /** How many queued sections run now: the unqueued writes below are only allowed inside one. */
  private holding = 0

  constructor(
    private readonly stores: ItemRepositoryStores,
    private readonly records: RecordSets,
    private readonly undoLog: UndoLog,
    /** Called after every committed change (the workspace drops its caches). */
    private readonly changed: () => void = () => {}
  ) {}

  /**
   * Runs `fn` when every write queued before it is done, alone: a change reads the state the
   * previous one left, and a version check and the write it guards cannot be interleaved.
   */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = Promise.all([this.queue, ...this.onItems]).then(() => this.held(fn))
    // The queue only orders writes; each caller gets its own failure through `next`.
    this.queue = next.catch(() => undefined)
    return next
  }

  /**
   * Runs `fn`, a change to these items only (no records, no other item: an edit, a bulk edit of
   * item fields), after the writes queued
   * before it on the same items and every section queued before it that runs alone. Where the
   * storage keeps items apart (a database row per item, its version checked by every write:
   * PgItemRecordStore), changes to different items then commit at once instead of waiting for
   * each other; a folder, whose shards hold many items each, runs every change alone.
   */
  serialOn<T>(ids: string[], fn: () => Promise<T>): Promise<T> {
    if (!this.stores.storage?.independentItemWrites) return this.serial(fn)
    const before = [this.queue, ...ids.map((id) => this.itemTails.get(id) ?? null)]
    const next = Promise.all(before).then(() => this.held(fn))
    const settled = next.catch(() => undefined)
    this.onItems.add(settled)
    for (const id of ids) this.itemTails.set(id, settled)
    void settled.then(() => {
      this.onItems.delete(settled)
      for (const id of ids) if (this.itemTails.get(id) === settled) this.itemTails.delete(id)
    })
    return next
  }

  /**
   * Resolves when no change to this item runs or waits (where changes to items run beside each
   * other, serialOn): what the caller then reads of it, before its next await, is committed.
   */
  async settledOn(id: string): Promise<void> {
    for (let tail = this.itemTails.get(id); tail; tail = this.itemTails.get(id)) await tail
  }

  private async held<T>(fn: () => Promise<T>): Promise<T> {
    this.holding++
    try {
      return await fn()
    } finally {
      this.holding--
    }
  }

  /** Resolves once every write queued so far is done (closing the archive). */
  async idle(): Promise<void> {
    await Promise.all([this.queue, ...this.onItems])
  }

  private mustHold(): void {
    if (this.holding === 0) throw new Error('ItemRepository: a change was applied outside serial(); it would race with other writes.')
  }

  private record(id: string): ItemRecord {
    const rec = this.stores.catalog.get(id)
    if (!rec) throw new CoreError('NOT_FOUND', `No item with id ${id}.`, undefined, { reason: 'ITEM_NOT_FOUND', id })
    return rec
  }

  /** The item as stored (a damaged text file named on it: readItem). */
  async get(id: string): Promise<Item> {
    return readItem(this.record(id), this.stores.texts)
  }

  private store(name: StoreName): RecordSet<unknown> {
    return this.records[name] as RecordSet<unknown>
  }

  // ---------------------------------------------------------------------------------------------
  // Checks every way into an item passes
  // ---------------------------------------------------------------------------------------------

  /** Tag names made canonical and collection ids checked. */
  checkFields<T extends ItemPatch>(patch: T): T {
    const fields = { ...patch }
    if (fields.tags) fields.tags = [...new Set(fields.tags.map((t) => normaliseTagName(t, 'fields.tags')))]
    if (fields.collections) {
      for (const c of fields.collections)
        if (!this.records.collections.get(c)) throw new CoreError('NOT_FOUND', `There is no collection with id ${c}.`, 'fields.collections', { reason: 'COLLECTION_NOT_FOUND' })
      fields.collections = [...new Set(fields.collections)]
    }
    if (fields.regions) {
      const ids = new Set<string>()
      fields.regions = fields.regions.map((r, i) => {
        if (ids.has(r.id)) throw new CoreError('INVALID_INPUT', `Two regions have the id ${r.id}.`, `fields.regions.${i}.id`)
        ids.add(r.id)
        return { ...r, tags: [...new Set(r.tags.map((t) => normaliseTagName(t, `fields.regions.${i}.tags`)))] }
      })
    }
    return fields
  }

  /** A region is drawn on one of the item's own attachments. */
  private checkRegionTargets(rec: { attachments: Array<{ id: string }> }, fields: ItemPatch): void {
    const own = new Set(rec.attachments.map((a) => a.id))
    fields.regions?.forEach((r, i) => {
      if (!own.has(r.attachmentId))
        throw new CoreError('NOT_FOUND', `The item has no attachment with id ${r.attachmentId} for region “${r.title}”.`, `fields.regions.${i}.attachmentId`, { reason: 'ATTACHMENT_NOT_FOUND' })
    })
  }

  // ---------------------------------------------------------------------------------------------
  // Creating
  // ---------------------------------------------------------------------------------------------

  /** Creates items (checked, journalled, one undo entry that moves them to the trash). */
  create(inputs: ItemCreate[], options: CreateOptions = {}): Promise<Item[]> {
    return this.createWithFiles(inputs.map((fields) => ({ fields, files: [] })), options)
  }

  /**
   * Creates items together with files already in the attachment store (imports): texts,
   * records, journal lines and the undo entry in one batch, so after a crash all the items
   * exist or none does. Undoing a creation moves the items to the trash: nothing is ever
   * deleted by undo.
   */
  createWithFiles(entries: Array<{ fields: ItemCreate; files: StoredFileRef[] }>, options: CreateOptions = {}): Promise<Item[]> {
    return this.serial(() => this.createHeld(entries, options))
  }

  private async createHeld(entries: Array<{ fields: ItemCreate; files: StoredFileRef[] }>, options: CreateOptions): Promise<Item[]> {
    const op = options.op ?? 'create'
    const checked = entries.map((e) => ({ fields: this.checkFields(e.fields), files: e.files }))
    const now = new Date().toISOString()
    const items: Item[] = []
    const label = options.label ?? (checked.length === 1 ? `${op === 'create' ? 'Create' : 'Import'} ${quote(checked[0].fields.title)}` : `${op === 'create' ? 'Create' : 'Import'} ${plural(checked.length, 'item')}`)
    const batch = this.stores.newBatch(label)
    for (const { fields, files } of checked) {
      const attachments = attachmentRecords(files, now)
      const item: Item = { ...ITEM_DEFAULTS, ...fields, id: newId(), version: 1, created: now, modified: now, trashed: null, attachments }
      const attachmentTexts: Record<string, string> = {}
      files.forEach((f, i) => {
        if (f.text) attachmentTexts[attachments[i].id] = f.text
      })
      if (item.body || item.description || item.notes || Object.keys(attachmentTexts).length)
        this.stores.texts.stage(batch, item.id, { body: item.body, description: item.description, notes: item.notes, attachments: attachmentTexts })
      items.push(item)
    }
    if (items.length === 0) return items
    await this.stores.catalog.put(items.map(toRecord), batch)
    this.stores.journal.stage(batch, items.map((i) => ({ op, id: i.id, version: 1, after: i })))
    if (options.undoable !== false)
      this.undoLog.stagePush(batch, {
        label,
        op,
        at: now,
        items: items.map((i) => ({ id: i.id, before: { trashed: now }, after: { trashed: null }, prior: now, stamp: now })),
        docs: []
      })
    await this.commitBatch(batch, items.map((i) => i.id), op)
    return items
  }

  /**
   * Puts items into the archive as they are, with the ids, times and versions they already
   * have (a Presskeep bag read back). Tags are checked as any item's; collection ids are kept
   * even when this archive has no such collection (the bag import warns, and the integrity
   * check offers to take them off), since dropping them would lose what the bag says.
   * Not undoable: its records of collections and authorities are, and a second import of the
   * same bag changes nothing.
   */
  putVerbatim(entries: Array<{ item: Item; attachmentText: Record<string, string> }>, journal: { op: string; source: string }): Promise<void> {
    return this.serial(async () => {
      if (entries.length === 0) return
      const batch = this.stores.newBatch(`${journal.op} ${plural(entries.length, 'item')}`)
      const items = entries.map(({ item, attachmentText }) => {
        const tags = [...new Set(item.tags.map((t) => normaliseTagName(t, 'tags')))]
        const existing = this.stores.catalog.get(item.id)
        // A replaced item moves on from the version this archive had, so a client holding it sees the change.
        const version = existing ? Math.max(versionOf(existing), versionOf(item)) + 1 : versionOf(item)
        const next: Item = { ...item, tags, version }
        if (next.body || next.description || next.notes || Object.keys(attachmentText).length > 0 || existing)
          this.stores.texts.stage(batch, next.id, { body: next.body, description: next.description, notes: next.notes, attachments: attachmentText })
        return next
      })
      await this.stores.catalog.put(items.map(toRecord), batch)
      this.stores.journal.stage(batch, items.map((i) => ({ op: journal.op, id: i.id, version: i.version, after: i, source: journal.source })))
      await this.commitBatch(batch, items.map((i) => i.id), journal.op)
    })
  }

  // ---------------------------------------------------------------------------------------------
  // Changing
  // ---------------------------------------------------------------------------------------------

  /**
   * Changes some fields of an item. With `baseVersion` (the version the person's edit was made
   * on), a field changed both here and by another change since is a conflict, refused with the
   * item as it is now and the fields involved; fields only the other change touched are kept,
   * and this change's other fields are applied on top of them.
   */
  update(id: string, patch: ItemPatch, baseVersion?: number): Promise<Item> {
    return this.serialOn([id], async () => {
      // Checked, and written, on one record: another process's change that the change feed brings
      // while this waits for a read (the texts, the journal) starts the check again on it, since
      // the write takes the version of the record it finds then.
      for (;;) {
        const rec = this.record(id)
        const fields = this.checkFields(patch)
        this.checkRegionTargets(rec, fields)
        // The text file is read once, now: for the values a text edit replaces, for the texts it
        // stages, and for the answer. A change of other fields leaves the file alone, so the read
        // runs beside the commit instead of after it. (Handled at once: a damaged file is named
        // on the answer, or refuses a text edit, below.)
        const stored = this.stores.texts.get(id)
        stored.catch(() => {})
        const touchesTexts = Object.keys(fields).some(isTextField)
        const texts = touchesTexts ? textsOf(await stored) : undefined
        if (this.record(id) !== rec) continue
        const current = (k: string) => (isTextField(k) ? texts![k] : (rec as Record<string, unknown>)[k])
        const before: Record<string, unknown> = {}
        const after: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined || same(current(k), v)) continue
          before[k] = current(k)
          after[k] = v
        }
        const answer = (texts: Promise<ItemTexts>) => readItem(this.record(id), { get: () => texts })
        if (baseVersion !== undefined && baseVersion !== versionOf(rec)) {
          const conflict = await conflictOf(this.stores.journal, rec, baseVersion, Object.keys(after))
          if (this.record(id) !== rec) continue
          if (conflict.fields.length > 0 || baseVersion > versionOf(rec))
            throw new ItemConflictError(await answer(stored), conflict.fields, conflict.touched, baseVersion)
        }
        if (Object.keys(after).length === 0) return answer(stored)
        const staged = touchesTexts ? new Map([[id, await stored]]) : undefined
        await this.applyHeld({ label: `Edit ${quote(rec.title)}`, op: 'update', items: [{ id, before, after }], docs: [] }, staged)
        // What the file holds now is what was staged: the answer needs no second read.
        return answer(touchesTexts ? Promise.resolve({ ...(await stored), ...textValues(after) }) : stored)
      }
    })
  }

  /** Moves items to the trash or takes them out; one undo entry. Returns how many changed. */
  setTrashed(ids: string[], trashed: boolean): Promise<number> {
    return this.serial(async () => {
      const unique = [...new Set(ids)]
      const recs = unique.map((id) => this.record(id))
      const now = new Date().toISOString()
      const items = recs.filter((r) => (r.trashed !== null) !== trashed).map((r) => ({ id: r.id, before: { trashed: r.trashed }, after: { trashed: trashed ? now : null } }))
      const label = trashed ? `Move ${plural(unique.length, 'item')} to the trash` : `Restore ${plural(unique.length, 'item')}`
      await this.applyHeld({ label, op: trashed ? 'trash' : 'restore', items, docs: [] })
      return items.length
    })
  }

  /**
   * Attaches files already in the attachment store, with the text extracted from them:
   * record, texts and journal line in one batch. Not on the undo stack (removing the
   * attachment is how it is taken back), but versioned like any change.
   */
  attach(itemId: string, files: StoredFileRef[]): Promise<Item> {
    return this.serialOn([itemId], async () => {
      const rec = this.record(itemId)
      const now = new Date().toISOString()
      const added = attachmentRecords(files, now)
      const batch = this.stores.newBatch(`attach ${plural(added.length, 'file')}`)
      const extracted: Record<string, string> = {}
      files.forEach((f, i) => {
        if (f.text) extracted[added[i].id] = f.text
      })
      if (Object.keys(extracted).length) {
        const t = await this.stores.texts.get(itemId)
        this.stores.texts.stage(batch, itemId, { ...t, attachments: { ...t.attachments, ...extracted } })
      }
      const version = versionOf(rec) + 1
      await this.stores.catalog.put([{ ...rec, attachments: [...rec.attachments, ...added], modified: now, version }], batch)
      this.stores.journal.stage(batch, [{ op: 'attach', id: itemId, version, after: added }])
      await this.commitBatch(batch, [itemId], 'attach')
      return this.get(itemId)
    })
  }

  /**
   * Takes an attachment off an item; the stored file stays (others may use it; the check reports
   * orphans). The regions drawn on it go with it, in the same change: a region is a place on that
   * file and means nothing without it. The journal line keeps them (`before.regions`), so the
   * history shows what went, and a reader still holding them on an older version is refused.
   */
  detach(itemId: string, attachmentId: string): Promise<Item> {
    return this.serialOn([itemId], async () => {
      const rec = this.record(itemId)
      const att: Attachment | undefined = rec.attachments.find((a) => a.id === attachmentId)
      if (!att) throw new CoreError('NOT_FOUND', `Item ${itemId} has no attachment ${attachmentId}.`, undefined, { reason: 'ATTACHMENT_NOT_FOUND' })
      const version = versionOf(rec) + 1
      const regions = rec.regions ?? []
      const gone = regions.filter((r) => r.attachmentId === attachmentId)
      const batch = this.stores.newBatch('detach a file')
      await this.stores.catalog.put(
        [
          {
            ...rec,
            attachments: rec.attachments.filter((a) => a.id !== attachmentId),
            ...(gone.length > 0 ? { regions: regions.filter((r) => r.attachmentId !== attachmentId) } : {}),
            modified: new Date().toISOString(),
            version
          }
        ],
        batch
      )
      this.stores.journal.stage(batch, [{ op: 'detach', id: itemId, version, before: gone.length > 0 ? { ...att, regions: gone } : att }])
      await this.commitBatch(batch, [itemId], 'detach')
      return this.get(itemId)
    })
  }

  /**
   * Applies a change whose items and records the caller computed (bulk edits, tag renames,
   * authority merges, collections), journals it and puts it on the undo stack, all in one
   * batch. Only inside `serial`: the caller read the state it changes in the same section.
   */
  async applyHeld(change: ItemChange, texts?: ReadonlyMap<string, ItemTexts>): Promise<UndoEntry | null> {
    this.mustHold()
    if (change.items.length === 0 && change.docs.length === 0) return null
    const prior = new Map(change.items.map((d) => [d.id, this.record(d.id).modified]))
    const batch = this.stores.newBatch(change.label)
    const { stamp, versions } = await this.stageWrite(
      batch,
      change.items.map((d) => ({ id: d.id, values: d.after })),
      change.docs.map((d) => ({ store: d.store, id: d.id, value: d.after })),
      texts
    )
    this.stores.journal.stage(batch, journalEntries(change.op, change.label, change.items, change.docs, versions))
    const entry = this.undoLog.stagePush(batch, {
      label: change.label,
      op: change.op,
      at: stamp,
      items: change.items.map((d) => ({ ...d, prior: prior.get(d.id)!, stamp })),
      docs: change.docs
    })
    await this.commitBatch(batch, change.items.map((d) => d.id), change.op, fieldsOf(change.items.flatMap((d) => [d.before, d.after])))
    return entry
  }

  /**
   * Adds item values and records to a batch; each shard and each file once. Every item moves
   * to its next version. The records in memory change now, the files at commit. `known`: texts
   * the caller already read in this section (not read again).
   */
  private async stageWrite(
    batch: ChangeBatch,
    items: Array<{ id: string; values: Record<string, unknown> }>,
    docs: Array<{ store: StoreName; id: string; value: unknown | null }>,
    known?: ReadonlyMap<string, ItemTexts>
  ): Promise<{ stamp: string; versions: Map<string, number> }> {
    const now = new Date().toISOString()
    // What the caller computed the change on (it calls with nothing awaited since).
    const basis = items.map(({ id }) => this.record(id))
    const texts: Promise<void>[] = []
    for (const { id, values } of items) {
      const { body, description, notes } = values
      const textPatch = Object.fromEntries(Object.entries({ body, description, notes }).filter(([, v]) => v !== undefined))
      if (Object.keys(textPatch).length)
        texts.push(
          (known?.has(id) ? Promise.resolve(known.get(id)!) : this.stores.texts.get(id)).then((t) => {
            const next = { ...t, ...textPatch }
            this.stores.texts.stage(batch, id, next)
            return undefined
          })
        )
    }
    await Promise.all(texts)
    // Another process's change to one of them, brought by the change feed while the texts were
    // read: the change was computed on what it replaced, so it is refused rather than written over it.
    const moved = items.filter(({ id }, i) => this.record(id) !== basis[i]).map(({ id }) => id)
    if (moved.length) throw changedMeanwhile(moved)
    // The records taken now, with nothing awaited until the catalogue has them: the catalogue
    // bases the write on the version it holds when given them (PgItemRecordStore.put).
    const recs: ItemRecord[] = []
    const versions = new Map<string, number>()
    for (const { id, values } of items) {
      const rec = this.record(id)
      const { body, description, notes, ...meta } = values
      const version = versionOf(rec) + 1
      versions.set(id, version)
      const next = { ...rec, ...(meta as Partial<ItemRecord>), modified: (meta.modified as string | undefined) ?? now, version }
      if (typeof body === 'string') next.bodyLength = body.length
      recs.push(next)
    }
    const stores = new Set<StoreName>()
    const previous: Array<{ store: StoreName; id: string; value: unknown | null }> = []
    for (const d of docs) {
      previous.push({ store: d.store, id: d.id, value: this.store(d.store).get(d.id) ?? null })
      this.store(d.store).set(d.id, d.value)
      stores.add(d.store)
    }
    batch.ifAbandoned(() => {
      for (const p of previous.reverse()) this.store(p.store).set(p.id, p.value)
    })
    if (recs.length) await this.stores.catalog.put(recs, batch)
    for (const s of stores) this.store(s).stage(batch)
    return { stamp: now, versions }
  }

  /** `fields`: every field the change touched, when the caller knows them (the search index then reads only what changed). */
  private async commitBatch(batch: ChangeBatch, ids: string[], reason: string, fields?: string[]): Promise<void> {
    try {
      await batch.commit()
    } finally {
      this.changed()
    }
    if (ids.length) this.stores.emit('items:changed', { ids, reason, ...(fields ? { fields } : {}) })
  }

  // ---------------------------------------------------------------------------------------------
  // Undo and redo
  // ---------------------------------------------------------------------------------------------

  undo(): Promise<{ label: string; ids: string[] }> {
    return this.serial(() => this.step('undo'))
  }

  redo(): Promise<{ label: string; ids: string[] }> {
    return this.serial(() => this.step('redo'))
  }

  /**
   * Takes a change back (or makes it again). Refused, changing nothing, when any item or record
   * is no longer as the change left it: going back would clobber the later change, and a
   * field-wise partial undo would leave an item in a state nobody made.
   */
  private async step(dir: 'undo' | 'redo'): Promise<{ label: string; ids: string[] }> {
    const history = this.undoLog
    const ref = history.top[dir]
    if (!ref)
      throw new CoreError('NOT_FOUND', `${dir === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.'}${history.damaged ? ` ${history.damaged}` : ''}`, undefined, {
        reason: dir === 'undo' ? 'NOTHING_TO_UNDO' : 'NOTHING_TO_REDO'
      })
    const entry = await history.read(ref.seq)
    if (!entry) {
      await history.drop(dir, ref.seq)
      throw new CoreError('CONFLICT', `The record of “${ref.label}” could not be read, so it cannot be ${dir === 'undo' ? 'undone' : 'redone'}; it was dropped from the history.`, undefined, { reason: 'UNDO_CONFLICT' })
    }
    const [expect, target] = dir === 'undo' ? (['after', 'before'] as const) : (['before', 'after'] as const)
    const verb = dir === 'undo' ? 'undo' : 'redo'
    // Each item's text file read once, for the check below and for the texts the step stages.
    const read = new Map<string, ItemTexts>()
    const textsOfItem = async (id: string) => read.get(id) ?? read.set(id, await this.stores.texts.get(id)).get(id)!
    for (const d of entry.items) {
      const rec = this.stores.catalog.get(d.id)
      const changedSince = () =>
        new CoreError(
          'CONFLICT',
          `Cannot ${verb} “${entry.label}”: the item ${quote(rec?.title ?? d.id)} was changed after it (at ${rec?.modified.slice(0, 19).replace('T', ' ')} UTC), by another edit or job. Nothing was changed.`,
          undefined,
          { reason: 'UNDO_CONFLICT' }
        )
      if (!rec) throw new CoreError('CONFLICT', `Cannot ${verb} “${entry.label}”: the item ${d.id} no longer exists. Nothing was changed.`, undefined, { reason: 'UNDO_CONFLICT' })
      if (rec.modified !== (dir === 'undo' ? d.stamp : d.prior)) throw changedSince()
      for (const [k, v] of Object.entries(d[expect])) {
        const current = isTextField(k) ? (await textsOfItem(d.id))[k] : (rec as Record<string, unknown>)[k]
        if (!same(current, v)) throw changedSince()
      }
    }
    for (const d of entry.docs) {
      const current = this.store(d.store).get(d.id) ?? null
      if (!same(current, d[expect])) throw new CoreError('CONFLICT', `Cannot ${verb} “${entry.label}”: ${describeDoc(d)} was changed after it. Nothing was changed.`, undefined, { reason: 'UNDO_CONFLICT' })
    }
    // The change, its journal lines and the move between the stacks: one batch, as in applyHeld.
    const batch = this.stores.newBatch(`${verb} ${entry.label}`)
    const { versions } = await this.stageWrite(
      batch,
      entry.items.map((d) => ({ id: d.id, values: { ...d[target], modified: dir === 'undo' ? d.prior : d.stamp } })),
      entry.docs.map((d) => ({ store: d.store, id: d.id, value: d[target] })),
      read
    )
    const flipped = <T extends { before: unknown; after: unknown }>(d: T): T => (dir === 'undo' ? { ...d, before: d.after, after: d.before } : d)
    this.stores.journal.stage(batch, journalEntries(verb, entry.label, entry.items.map(flipped) as ItemDiff[], entry.docs.map(flipped), versions))
    this.undoLog.stageMove(batch, dir, entry)
    const ids = entry.items.map((d) => d.id)
    await this.commitBatch(batch, ids, verb, fieldsOf(entry.items.flatMap((d) => [d.before, d.after])))
    return { label: entry.label, ids }
  }
}

/** The long texts among a change's values. */
function textValues(values: Record<string, unknown>): Partial<Texts> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => isTextField(k))) as Partial<Texts>
}

/** The fields named in a change's values (before and after). */
function fieldsOf(values: Array<Record<string, unknown>>): string[] {
  const fields = new Set<string>()
  for (const v of values) for (const k of Object.keys(v)) fields.add(k)
  return [...fields]
}

function journalEntries(op: string, label: string, items: ItemChange['items'], docs: DocDiff[], versions: Map<string, number>): JournalEntry[] {
  const lean = (v: Record<string, unknown>) => {
    const { bodyLength: _b, modified: _m, ...rest } = v
    return rest
  }
  return [
    ...items.map((d) => ({ op, label, id: d.id, version: versions.get(d.id), before: lean(d.before), after: lean(d.after) })),
    ...docs.map((d) => ({ op, label, store: d.store, record: d.id, before: d.before, after: d.after }))
  ]
}

function describeDoc(d: DocDiff): string {
  const v = (d.after ?? d.before) as Record<string, unknown> | null
  if (d.store === 'tags') return `the tag ${quote(String(v?.name ?? d.id))}`
  if (d.store === 'collections') return `the collection ${quote(String(v?.name ?? d.id))}`
  return `the record ${quote(String(v?.preferred ?? d.id))}`
}
