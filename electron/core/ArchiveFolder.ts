import { promises as fsp } from 'node:fs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import mime from 'mime-types'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  ITEM_DEFAULTS,
  type ArchiveInfo,
  type Attachment,
  type Item,
  type ItemCreate,
  type ItemPatch
} from '../../shared/model'
import type { EventName, Events } from '../../shared/contract'
import { CatalogStore, itemFromRecord, type ItemRecord } from './CatalogStore'
import { CoreError } from './errors'
import { AtomicBatch } from './commit/AtomicBatch'
import { recoverIntents, type RecoveredBatch } from './commit/recover'
import { FileStore } from './FileStore'
import { sweepTempFiles, writeFileAtomicSync } from './fsutil'
import { newId } from './ids'
import { plainName } from './export/names'
import { Journal } from './Journal'
import { ArchiveLock } from './Lock'
import { TextStore, type ItemTexts } from './TextStore'
import type { ArchiveStorage, WriterLock, AttachmentStore, ChangeJournal, ColumnMappingStore, ItemRecordStore, ItemTextStore, SavedSearchStore, WorkspaceStores } from './stores'
import type { ChangeBatch } from './commit/ChangeBatch'
import { RecordFile } from './workspace/RecordFile'
import { UndoStack } from './workspace/UndoStack'
import { SavedSearches } from './search/SavedSearches'
import { ColumnMappings } from './import/files/mappings'
import type { AuthorityRecord, Collection, TagRecord } from '../../shared/model'

export type ArchiveManifest = {
  format: string
  version: number
  id: string
  created: string
  name?: string
  /** Catalogue snapshots: how many are kept, and every how many minutes one is taken (0: only at open). */
  backups?: { keep: number; intervalMinutes: number }
}

export type OpenOptions = {
  /** Create the archive when the folder does not exist or is empty (default true). */
  create?: boolean
}

type Listener<E extends EventName> = (payload: Events[E]) => void


/**
 * What an archive folder stores: the catalogue, the texts, the files, the journal, the lock,
 * and the events that announce changes to them. It starts no service: `Archive` (Archive.ts)
 * is the open archive that creates and owns those, so services depend on this class and
 * never on the object that owns them.
 */
export class ArchiveFolder {
  // Not readonly: restoring a backup while the archive is open swaps in a freshly loaded catalogue.
  catalog: ItemRecordStore
  readonly texts: ItemTextStore
  readonly files: AttachmentStore
  readonly journal: ChangeJournal
  /** Changes a crash interrupted, finished or rolled back when this archive opened. */
  recovered: RecoveredBatch[] = []
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()

  /**
   * `root` is the archive folder; for a team archive (`storage` given: its stores are rows in
   * PostgreSQL) it is this process's own working folder (its search index, temp files).
   */
  protected constructor(
    readonly root: string,
    readonly manifest: ArchiveManifest,
    private readonly lock: ArchiveLock | WriterLock,
    readonly storage: ArchiveStorage | null = null
  ) {
    const tmp = path.join(root, 'tmp')
    this.catalog = storage?.catalog ?? new CatalogStore(path.join(root, 'catalog', 'items'), tmp, root)
    this.texts = storage?.texts ?? new TextStore(path.join(root, 'text'), tmp)
    this.files = storage?.files ?? new FileStore(path.join(root, 'files'))
    this.journal = storage?.journal ?? new Journal(path.join(root, 'journal'))
  }

  /** A change to several stores, made all or nothing when committed. */
  newBatch(label: string): ChangeBatch {
    return this.storage ? this.storage.newBatch(label) : new AtomicBatch(this.root, label)
  }

  /**
   * Opens the folder at `root` (creating it unless options.create is false), takes its lock,
   * clears what a crash left in tmp/ and loads the catalogue. `make` builds the object that
   * will own it (an Archive); the lock is released again if loading fails.
   */
  protected static async openFolder<T extends ArchiveFolder>(
    root: string,
    options: OpenOptions,
    make: (root: string, manifest: ArchiveManifest, lock: ArchiveLock) => T
  ): Promise<T> {
    const manifestFile = path.join(root, 'archive.json')
    let manifest: ArchiveManifest
    const existing = readManifest(manifestFile)
    if (existing === 'missing') {
      if (options.create === false) throw new CoreError('NOT_FOUND', `No archive at ${root} (there is no archive.json).`)
      if (fs.existsSync(root) && !fs.statSync(root).isDirectory())
        throw new CoreError('ARCHIVE_INVALID', `${root} is a file, not an archive folder.`)
      if (fs.existsSync(root) && fs.readdirSync(root).length > 0)
        throw new CoreError(
          'ARCHIVE_INVALID',
          `${root} is a folder that already holds other files and no archive.json; choose an empty or new folder.`
        )
      fs.mkdirSync(root, { recursive: true })
      manifest = {
        format: ARCHIVE_FORMAT,
        version: ARCHIVE_FORMAT_VERSION,
        id: randomUUID(),
        created: new Date().toISOString(),
        name: path.basename(root).replace(/\.presskeep$/i, '')
      }
      for (const sub of ['catalog/items', 'text', 'files/sha256', 'index', 'journal', 'backups', 'tmp'])
        fs.mkdirSync(path.join(root, sub), { recursive: true })
      writeFileAtomicSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n')
    } else {
      manifest = existing
      if (manifest.format !== ARCHIVE_FORMAT)
        throw new CoreError('ARCHIVE_INVALID', `${manifestFile} does not describe a Presskeep archive (format "${manifest.format}").`)
      if (manifest.version > ARCHIVE_FORMAT_VERSION)
        throw new CoreError(
          'ARCHIVE_TOO_NEW',
          `This archive was written by a newer Presskeep (archive format ${manifest.version}; this version reads up to ${ARCHIVE_FORMAT_VERSION}). Update Presskeep to open it; it was left untouched.`
        )
    }
    const lock = new ArchiveLock(path.join(root, 'archive.lock'))
    lock.acquire()
    const archive = make(root, manifest, lock)
    try {
      // Before anything reads the catalogue: a change to many files that a crash interrupted
      // is finished (or, when it had not begun to apply, rolled back).
      archive.recovered = await recoverInterrupted(root)
      // Temp files never hold committed data: whatever a crash left is cleared.
      await fsp.rm(path.join(root, 'tmp'), { recursive: true, force: true })
      await fsp.mkdir(path.join(root, 'tmp'), { recursive: true })
      await sweepTempFiles(path.join(root, 'catalog'))
      await fsp.rm(path.join(root, 'files', 'incoming'), { recursive: true, force: true })
      await archive.catalog.load()
    } catch (err) {
      lock.release()
      throw err
    }
    return archive
  }

  /** The cataloguing workspace's stores in this folder: catalog/{tags,collections,authorities}.json and undo/. */
  workspaceStores(): WorkspaceStores<TagRecord, Collection, AuthorityRecord> {
    if (this.storage) return this.storage.workspaceStores()
    const tmp = path.join(this.root, 'tmp')
    const dir = path.join(this.root, 'catalog')
    return {
      tags: new RecordFile<TagRecord>(path.join(dir, 'tags.json'), 'presskeep-tags', tmp),
      collections: new RecordFile<Collection>(path.join(dir, 'collections.json'), 'presskeep-collections', tmp),
      authorities: new RecordFile<AuthorityRecord>(path.join(dir, 'authorities.json'), 'presskeep-authorities', tmp),
      undo: new UndoStack(path.join(this.root, 'undo'), tmp)
    }
  }

  /** Saved searches (smart collections), in catalog/searches.json. */
  savedSearchStore(): SavedSearchStore {
    if (this.storage) return this.storage.savedSearchStore()
    return new SavedSearches(this.root)
  }

  /** Remembered column mappings of table imports, in catalog/column-mappings.json. */
  columnMappingStore(): ColumnMappingStore {
    if (this.storage) return this.storage.columnMappingStore()
    return ColumnMappings.inFolder(this.root)
  }

  /** Replaces the manifest (archive.json), written atomically. */
  protected writeManifest(next: ArchiveManifest): void {
    writeFileAtomicSync(path.join(this.root, 'archive.json'), JSON.stringify(next, null, 2) + '\n')
    ;(this as { manifest: ArchiveManifest }).manifest = next
  }

  /** Lets go of the folder: whoever opens it next may write. */
  protected releaseLock(): void {
    this.lock.release()
  }

  /** Reloads the catalogue from disk (after a backup was restored in place). */
  protected async reloadRecords(): Promise<void> {
    const fresh = new CatalogStore(path.join(this.root, 'catalog', 'items'), path.join(this.root, 'tmp'), this.root)
    await fresh.load()
    this.catalog = fresh
  }

  on<E extends EventName>(event: E, fn: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(fn as Listener<EventName>)
    return () => set!.delete(fn as Listener<EventName>)
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(payload)
      } catch {
        // A listener's failure must not break the change that was already committed.
      }
    }
  }

  info(): ArchiveInfo {
    let items = 0
    let trashed = 0
    let attachments = 0
    for (const r of this.catalog.all()) {
      if (r.trashed) trashed++
      else items++
      attachments += r.attachments.length
    }
    return {
      path: this.root,
      name: this.manifest.name ?? path.basename(this.root),
      id: this.manifest.id,
      format: this.manifest.format,
      version: this.manifest.version,
      created: this.manifest.created,
      counts: { items, trashed, attachments }
    }
  }

  private record(id: string): ItemRecord {
    const rec = this.catalog.get(id)
    if (!rec) throw new CoreError('NOT_FOUND', `No item with id ${id}.`)
    return rec
  }

  async getItem(id: string): Promise<Item> {
    const rec = this.record(id)
    return itemFromRecord(rec, await this.texts.get(id))
  }

  /** Creates many items with as few shard writes as possible (imports, benchmarks). */
  async createItems(inputs: ItemCreate[], journalOp = 'create'): Promise<Item[]> {
    const now = new Date().toISOString()
    const items: Item[] = inputs.map((fields) => ({
      ...ITEM_DEFAULTS,
      ...fields,
      id: newId(),
      created: now,
      modified: now,
      trashed: null,
      attachments: []
    }))
    // Texts, records and journal lines in one batch: after a crash all the items exist, with
    // their texts and journal lines, or none does.
    const batch = this.newBatch(`${journalOp} ${items.length} items`)
    for (const i of items)
      if (i.body || i.description || i.notes) this.texts.stage(batch, i.id, { body: i.body, description: i.description, notes: i.notes, attachments: {} })
    await this.catalog.put(items.map(toRecord), batch)
    this.journal.stage(batch, items.map((i) => ({ op: journalOp, id: i.id, after: i })))
    await batch.commit()
    this.emit('items:changed', { ids: items.map((i) => i.id), reason: journalOp })
    return items
  }

  /**
   * Creates items together with files already in the file store (imports): one text write
   * per item, and one catalogue and journal write for the batch, instead of one per file.
   */
  async createItemsWithFiles(
    entries: Array<{ fields: ItemCreate; files: Array<{ name: string; sha256: string; size: number; text?: string }> }>,
    journalOp = 'import'
  ): Promise<Item[]> {
    const now = new Date().toISOString()
    const items: Item[] = []
    const batch = this.newBatch(`${journalOp} ${entries.length} items`)
    for (const { fields, files } of entries) {
      const attachments = attachmentRecords(files, now)
      const item: Item = { ...ITEM_DEFAULTS, ...fields, id: newId(), created: now, modified: now, trashed: null, attachments }
      const attachmentTexts: Record<string, string> = {}
      files.forEach((f, i) => {
        if (f.text) attachmentTexts[attachments[i].id] = f.text
      })
      if (item.body || item.description || item.notes || Object.keys(attachmentTexts).length)
        this.texts.stage(batch, item.id, { body: item.body, description: item.description, notes: item.notes, attachments: attachmentTexts })
      items.push(item)
    }
    await this.catalog.put(items.map(toRecord), batch)
    this.journal.stage(batch, items.map((i) => ({ op: journalOp, id: i.id, after: i })))
    await batch.commit()
    this.emit('items:changed', { ids: items.map((i) => i.id), reason: journalOp })
    return items
  }

  async createItem(fields: ItemCreate): Promise<Item> {
    return (await this.createItems([fields]))[0]
  }

  async updateItem(id: string, patch: ItemPatch): Promise<Item> {
    const rec = this.record(id)
    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    const meta: Record<string, unknown> = {}
    let texts: ItemTexts | undefined
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue
      if (isTextField(key)) {
        texts ??= await this.texts.get(id)
        if (texts[key] === value) continue
        before[key] = texts[key]
        texts = { ...texts, [key]: value as string }
      } else {
        const old = (rec as Record<string, unknown>)[key]
        if (JSON.stringify(old) === JSON.stringify(value)) continue
        before[key] = old
        meta[key] = value
      }
      after[key] = value
    }
    if (Object.keys(after).length === 0) return this.getItem(id)
    const next = { ...rec, ...meta, modified: new Date().toISOString() } as ItemRecord
    const textsChanged = TEXT_FIELDS.some((f) => f in after)
    if (textsChanged) {
      next.bodyLength = texts!.body.length
      await this.texts.put(id, texts!)
    }
    await this.catalog.put([next])
    await this.journal.append({ op: 'update', id, before, after })
    this.emit('items:changed', { ids: [id], reason: 'update' })
    return this.getItem(id)
  }

  /** With a batch, the change joins it (and is made when the caller commits it). */
  async setTrashed(ids: string[], trashed: boolean, into?: ChangeBatch): Promise<number> {
    const now = new Date().toISOString()
    const changed: ItemRecord[] = []
    for (const id of new Set(ids)) {
      const rec = this.record(id)
      if ((rec.trashed !== null) === trashed) continue
      changed.push({ ...rec, trashed: trashed ? now : null, modified: now })
    }
    if (changed.length === 0) return 0
    const batch = into ?? this.newBatch(trashed ? 'trash' : 'restore')
    await this.catalog.put(changed, batch)
    this.journal.stage(batch, [{ op: trashed ? 'trash' : 'restore', ids: changed.map((r) => r.id) }])
    batch.afterCommit(() => this.emit('items:changed', { ids: changed.map((r) => r.id), reason: trashed ? 'trash' : 'restore' }))
    if (!into) await batch.commit()
    return changed.length
  }

  /** Attaches files from disk. All files are checked before any is stored. */
  async attachPaths(itemId: string, paths: string[]): Promise<Item> {
    this.record(itemId)
    for (const p of paths) {
      try {
        const st = await fsp.stat(p)
        if (!st.isFile()) throw new CoreError('FILE_UNREADABLE', `Cannot attach ${p}: it is not a regular file.`, 'paths')
        await fsp.access(p, fs.constants.R_OK)
      } catch (err) {
        if (err instanceof CoreError) throw err
        const code = (err as NodeJS.ErrnoException).code
        const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err)
        throw new CoreError('FILE_UNREADABLE', `Cannot attach ${p}: ${why}.`, 'paths')
      }
    }
    const stored: Array<{ name: string; sha256: string; size: number; created: boolean }> = []
    try {
      for (const p of paths) stored.push({ name: path.basename(p), ...(await this.files.putPath(p)) })
    } catch (err) {
      await this.dropUnreferenced(stored.filter((s) => s.created).map((s) => s.sha256))
      throw err
    }
    return this.addAttachments(itemId, stored)
  }

  /** Attaches one file given as a stream (browser upload). */
  async attachStream(itemId: string, name: string, source: Readable): Promise<Item> {
    this.record(itemId)
    const safeName = sanitiseFileName(name)
    const s = await this.files.putStream(source)
    return this.addAttachments(itemId, [{ name: safeName, ...s }])
  }

  private async addAttachments(
    itemId: string,
    stored: Array<{ name: string; sha256: string; size: number }>
  ): Promise<Item> {
    const rec = this.record(itemId)
    const now = new Date().toISOString()
    const added = attachmentRecords(stored, now)
    await this.catalog.put([{ ...rec, attachments: [...rec.attachments, ...added], modified: now }])
    await this.journal.append({ op: 'attach', id: itemId, after: added })
    this.emit('items:changed', { ids: [itemId], reason: 'attach' })
    return this.getItem(itemId)
  }

  async removeAttachment(itemId: string, attachmentId: string): Promise<Item> {
    const rec = this.record(itemId)
    const att = rec.attachments.find((a) => a.id === attachmentId)
    if (!att) throw new CoreError('NOT_FOUND', `Item ${itemId} has no attachment ${attachmentId}.`)
    const now = new Date().toISOString()
    await this.catalog.put([
      { ...rec, attachments: rec.attachments.filter((a) => a.id !== attachmentId), modified: now }
    ])
    await this.journal.append({ op: 'detach', id: itemId, before: att })
    // The stored file stays: other items may refer to it, and undo or the trash may bring it back.
    // Unreferenced files are reported by the integrity check, never deleted silently.
    this.emit('items:changed', { ids: [itemId], reason: 'detach' })
    return this.getItem(itemId)
  }

  attachment(itemId: string, attachmentId: string): { attachment: Attachment; path: string } {
    const rec = this.record(itemId)
    const att = rec.attachments.find((a) => a.id === attachmentId)
    if (!att) throw new CoreError('NOT_FOUND', `Item ${itemId} has no attachment ${attachmentId}.`)
    return { attachment: att, path: this.files.pathOf(att.sha256) }
  }

  private async dropUnreferenced(shas: string[]): Promise<void> {
    if (shas.length === 0) return
    const used = new Set<string>()
    for (const r of this.catalog.all()) for (const a of r.attachments) used.add(a.sha256)
    for (const sha of shas) if (!used.has(sha)) await this.files.remove(sha)
  }
}

/** Recovery at open, with a failure named as what it is: the archive cannot open until it is done. */
async function recoverInterrupted(root: string): Promise<RecoveredBatch[]> {
  try {
    return await recoverIntents(root)
  } catch (err) {
    throw new CoreError(
      'ARCHIVE_INVALID',
      `A change that was interrupted (by a crash or a power cut) could not be finished: ${(err as Error).message}. Its record in intents/ was kept; nothing else was touched.`
    )
  }
}

function readManifest(file: string): ArchiveManifest | 'missing' {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw new CoreError('ARCHIVE_INVALID', `Cannot read ${file}: ${(err as Error).message}`)
  }
  try {
    const m = JSON.parse(text) as ArchiveManifest
    if (typeof m.version !== 'number' || typeof m.format !== 'string') throw new Error('fields missing')
    return m
  } catch {
    throw new CoreError('ARCHIVE_INVALID', `${file} is damaged (not a valid archive description); the archive was left untouched.`)
  }
}

/** Attachment records for files already in the file store (type from the name). */
function attachmentRecords(files: Array<{ name: string; sha256: string; size: number }>, added: string): Attachment[] {
  return files.map((s) => ({
    id: newId(),
    name: sanitiseFileName(s.name),
    size: s.size,
    type: mime.lookup(s.name) || 'application/octet-stream',
    sha256: s.sha256,
    added
  }))
}

/** The catalogue's record of an item: everything but its long texts. */
export function toRecord(item: Item): ItemRecord {
  const { body, description: _d, notes: _n, ...rest } = item
  return { ...rest, bodyLength: body.length }
}

/** The long texts of an item live in the TextStore, not in the catalogue shards. */
const TEXT_FIELDS = ['body', 'description', 'notes'] as const
const isTextField = (key: string): key is (typeof TEXT_FIELDS)[number] => (TEXT_FIELDS as readonly string[]).includes(key)


/** A display name safe on every platform: no folders, no control characters, bounded. */
export function sanitiseFileName(name: string): string {
  const base = plainName(name).split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim()
  if (clean === '' || clean === '.' || clean === '..') clean = 'file'
  return clean.slice(0, 255)
}
