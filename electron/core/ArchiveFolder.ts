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
import { readItem } from './items/readItem'
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
      if (options.create === false) throw new CoreError('NOT_FOUND', `No archive at ${root} (there is no archive.json).`, undefined, { reason: 'NO_ARCHIVE', path: root })
      if (fs.existsSync(root) && !fs.statSync(root).isDirectory())
        throw new CoreError('ARCHIVE_INVALID', `${root} is a file, not an archive folder.`, undefined, { reason: 'NOT_AN_ARCHIVE', path: root })
      if (fs.existsSync(root) && fs.readdirSync(root).length > 0)
        throw new CoreError(
          'ARCHIVE_INVALID',
          `${root} is a folder that already holds other files and no archive.json; choose an empty or new folder.`,
          undefined,
          { reason: 'NOT_AN_ARCHIVE', path: root }
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
        throw new CoreError('ARCHIVE_INVALID', `${manifestFile} does not describe a Presskeep archive (format "${manifest.format}").`, undefined, { reason: 'NOT_AN_ARCHIVE', path: root })
      if (manifest.version > ARCHIVE_FORMAT_VERSION)
        throw new CoreError(
          'ARCHIVE_TOO_NEW',
          `This archive was written by a newer Presskeep (archive format ${manifest.version}; this version reads up to ${ARCHIVE_FORMAT_VERSION}). Update Presskeep to open it; it was left untouched.`,
          undefined,
          { reason: 'ARCHIVE_TOO_NEW', version: manifest.version, max: ARCHIVE_FORMAT_VERSION }
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
    // The catalogue let go first brings the pack up to date with the restored shards.
    await this.catalog.settle?.()
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
    if (!rec) throw new CoreError('NOT_FOUND', `No item with id ${id}.`, undefined, { reason: 'ITEM_NOT_FOUND', id })
    return rec
  }

  /** The item with its long texts; a damaged text file refuses (an export must not write it as empty). */
  async getItem(id: string): Promise<Item> {
    const rec = this.record(id)
    return itemFromRecord(rec, await this.texts.get(id))
  }

  /** The item to show: a damaged text file is named on it instead of refusing (items:get, the editor). */
  async showItem(id: string): Promise<Item> {
    return readItem(this.record(id), this.texts)
  }

  attachment(itemId: string, attachmentId: string): { attachment: Attachment; path: string } {
    const rec = this.record(itemId)
    const att = rec.attachments.find((a) => a.id === attachmentId)
    if (!att) throw new CoreError('NOT_FOUND', `Item ${itemId} has no attachment ${attachmentId}.`, undefined, { reason: 'ATTACHMENT_NOT_FOUND' })
    return { attachment: att, path: this.files.pathOf(att.sha256) }
  }
}

/** Recovery at open, with a failure named as what it is: the archive cannot open until it is done. */
async function recoverInterrupted(root: string): Promise<RecoveredBatch[]> {
  try {
    return await recoverIntents(root)
  } catch (err) {
    throw new CoreError(
      'ARCHIVE_INVALID',
      `A change that was interrupted (by a crash or a power cut) could not be finished: ${(err as Error).message}. Its record in intents/ was kept; nothing else was touched.`,
      undefined,
      { reason: 'ARCHIVE_DAMAGED', file: path.join(root, 'intents') }
    )
  }
}

/**
 * An archive folder's stores alone, opened to be read whole (a migration's source): what a crash
 * left is finished and the catalogue loaded, as at any open, but no search index is read and no
 * snapshot taken, which at 100k items would cost more than the reading itself. `close()` lets go
 * of the folder's lock.
 */
export class FolderStores extends ArchiveFolder {
  static open(dir: string): Promise<FolderStores> {
    return ArchiveFolder.openFolder(path.resolve(dir), { create: false }, (root, manifest, lock) => new FolderStores(root, manifest, lock))
  }

  close(): void {
    this.releaseLock()
  }
}

function readManifest(file: string): ArchiveManifest | 'missing' {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw new CoreError('ARCHIVE_INVALID', `Cannot read ${file}: ${(err as Error).message}`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
  }
  try {
    const m = JSON.parse(text) as ArchiveManifest
    if (typeof m.version !== 'number' || typeof m.format !== 'string') throw new Error('fields missing')
    return m
  } catch {
    throw new CoreError('ARCHIVE_INVALID', `${file} is damaged (not a valid archive description); the archive was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
  }
}

export { toRecord, sanitiseFileName } from './items/records'
