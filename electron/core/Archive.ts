// The open archive: the one object that creates and owns everything that lives while an
// archive is open (its stores, search, jobs, cataloguing workspace, saved searches, column
// mappings, imports waiting for a mapping, backups), and closes them in order.
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import type { Item, ItemCreate, ItemPatch } from '../../shared/model'
import { ArchiveFolder, type ArchiveManifest, type OpenOptions } from './ArchiveFolder'
import { Workspace } from './workspace/Workspace'
import type { ItemRepository } from './items/ItemRepository'
import { attachPaths, attachStream } from './items/attachFiles'
import { PendingImports } from './import/files/pending'
import type { ArchiveStorage, ColumnMappingStore, SavedSearchStore, WriterLock } from './stores'
import { JobRunner } from './jobs/JobRunner'
import type { ArchiveLock } from './Lock'
import { backupOnOpen, explainOpenFailure, scheduleBackups } from './safety/backups'
import { SearchService } from './search/SearchService'

export { sanitiseFileName, toRecord, type ArchiveManifest, type OpenOptions } from './ArchiveFolder'

/**
 * An open archive: the folder's stores (ArchiveFolder) and the services built on them. The
 * services depend on ArchiveFolder, never on this class, so nothing imports its owner.
 */
export class Archive extends ArchiveFolder {
  /** Long tasks (imports, exports, re-indexing, checks); progress goes out as jobs:progress events. */
  readonly jobs = new JobRunner((p) => this.emit('jobs:progress', p))
  readonly search = new SearchService(this)
  readonly savedSearches: SavedSearchStore
  readonly columnMappings: ColumnMappingStore
  readonly pendingImports = new PendingImports()
  /** The snapshot taken at open, in the background (close awaits it). */
  openBackup: Promise<unknown> = Promise.resolve(null)
  private stopBackups: () => void = () => {}
  private workspaceOpening: Promise<Workspace> | null = null
  /** The workspace once open (the item repository's changes in flight are its). */
  private workspaceOpened: Workspace | null = null
  private closing: Promise<void> | null = null

  private constructor(root: string, manifest: ArchiveManifest, lock: ArchiveLock | WriterLock, storage: ArchiveStorage | null = null) {
    super(root, manifest, lock, storage)
    this.savedSearches = this.savedSearchStore()
    this.columnMappings = this.columnMappingStore()
  }

  static async open(dir: string, options: OpenOptions = {}): Promise<Archive> {
    const root = path.resolve(dir)
    let archive: Archive
    try {
      archive = await ArchiveFolder.openFolder(root, options, (r, m, l) => new Archive(r, m, l))
    } catch (err) {
      // A damaged catalogue file is named, with the last good backup to offer.
      throw await explainOpenFailure(root, err)
    }
    // The index loads in the background: items can be listed before it is ready, and
    // searches wait for it (at 100k items it takes about a second).
    archive.search.start()
    // The catalogue just loaded is known good: snapshot it unless nothing changed since the
    // last snapshot. In the background (the first snapshot of a large archive copies its
    // catalogue); a failed backup never stops the archive from opening.
    archive.openBackup = backupOnOpen(archive).catch(() => null)
    archive.stopBackups = archive.scheduleBackups()
    return archive
  }

  /**
   * An archive kept in other storage than a folder (a team archive's database, whose
   * catalogue the caller has loaded); `root` is this process's working folder (search index,
   * temp files). Backups are the database's own (pg_dump), not snapshots of a folder.
   */
  static openOn(root: string, manifest: ArchiveManifest, storage: ArchiveStorage): Archive {
    const archive = new Archive(root, manifest, storage.lock, storage)
    archive.search.start()
    return archive
  }

  /** The cataloguing workspace (tags, collections, authorities, bulk edit, undo), loaded on first use. */
  workspace(): Promise<Workspace> {
    if (!this.workspaceOpening) {
      const opening = Workspace.open(this)
      this.workspaceOpening = opening
      opening.then(
        (ws) => {
          if (this.workspaceOpening === opening) this.workspaceOpened = ws
        },
        () => {
          if (this.workspaceOpening === opening) this.workspaceOpening = null
        }
      )
    }
    return this.workspaceOpening
  }

  /**
   * The item to show, as committed: a change to it still in flight (its record already changed in
   * memory, and put back if the database refuses it) is waited for, so that no one is shown, and
   * then saves on, a version that may never be stored, while another process stores a different
   * change under the same number. No write can be in flight before the workspace is opened.
   */
  override async showItem(id: string): Promise<Item> {
    // Not waiting for a workspace still opening: no change is staged before it has opened.
    if (this.workspaceOpened) await this.workspaceOpened.items.settledOn(id)
    return super.showItem(id)
  }

  /** The one way to write items (opened with the workspace, whose records it checks against). */
  async items(): Promise<ItemRepository> {
    return (await this.workspace()).items
  }

  // The item writes the CLI, the benchmarks and scripts make on an open archive, forwarded to
  // the repository: the same checks, journal lines, undo entries and versions as the editor's.
  async createItem(fields: ItemCreate): Promise<Item> {
    return (await (await this.items()).create([fields]))[0]
  }

  async createItems(inputs: ItemCreate[], op = 'create'): Promise<Item[]> {
    return (await this.items()).create(inputs, { op })
  }

  async updateItem(id: string, patch: ItemPatch, baseVersion?: number): Promise<Item> {
    return (await this.items()).update(id, patch, baseVersion)
  }

  async setTrashed(ids: string[], trashed: boolean): Promise<number> {
    return (await this.items()).setTrashed(ids, trashed)
  }

  /** Attaches files from disk (all checked before any is stored). */
  async attachPaths(itemId: string, paths: string[]): Promise<Item> {
    return attachPaths(this, await this.items(), itemId, paths)
  }

  /** Attaches one file given as a stream (browser upload); `text`, the text extracted from it. */
  async attachStream(itemId: string, name: string, source: Readable, text?: string): Promise<Item> {
    return attachStream(this, await this.items(), itemId, name, source, text)
  }

  async removeAttachment(itemId: string, attachmentId: string): Promise<Item> {
    return (await this.items()).detach(itemId, attachmentId)
  }

  /** Sets how the catalogue is backed up (kept in archive.json: the snapshots live in the archive). */
  setBackupConfig(config: { keep: number; intervalMinutes: number }): void {
    this.writeManifest({ ...this.manifest, backups: { keep: config.keep, intervalMinutes: config.intervalMinutes } })
    this.stopBackups()
    this.stopBackups = this.scheduleBackups()
  }

  private scheduleBackups(): () => void {
    return scheduleBackups(this, (outcome) => this.emit('backups:scheduled', outcome))
  }

  /** Reloads the catalogue from disk after a backup was restored in place, and re-indexes it. */
  async reloadCatalog(): Promise<void> {
    await this.reloadRecords()
    this.search.rebuild('restored from a backup')
  }

  /**
   * Closes everything this archive opened, in order: no more backups; imports waiting for a
   * mapping dropped (their staged uploads removed); running jobs cancelled and awaited (an
   * import keeps what it committed); the workspace's queued writes finished; the index saved;
   * then the lock released. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= this.closeInOrder()
    return this.closing
  }

  /** Whether close() was called: a working folder it used may be given to another opening. */
  get closed(): boolean {
    return this.closing !== null
  }

  private async closeInOrder(): Promise<void> {
    this.stopBackups()
    try {
      await this.pendingImports.discardAll()
      await this.jobs.cancelAll()
      const workspace = await this.workspaceOpening?.catch(() => null)
      await workspace?.idle()
      await this.search.close()
      await this.catalog.settle?.()
    } finally {
      this.releaseLock()
      await this.storage?.close()
    }
    // After the release: the snapshot only reads files that are each complete, whoever
    // opens the archive next.
    await this.openBackup
  }
}
