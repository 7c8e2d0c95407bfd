// Every store of a team archive, on one database and one folder of files: the second
// implementation of the store interfaces (stores.ts), which the archive's services use
// without knowing which one they run on.
import type { AuthorityRecord, Collection, TagRecord } from '../../../shared/model'
import { FileStore } from '../FileStore'
import { ColumnMappings, type Remembered } from '../import/files/mappings'
import type { ArchiveStorage, AttachmentStore, ChangeJournal, ColumnMappingStore, ItemRecordStore, ItemTextStore, SavedSearchStore, WorkspaceStores, WriterLock } from '../stores'
import { ChangeFeed, type ChangeRead, type TeamChange } from './ChangeFeed'
import { readChanges, type ChangesRead } from './changeRead'
import { PgBatch } from './PgBatch'
import { PgItemRecordStore } from './PgItemRecordStore'
import { PgJournal } from './PgJournal'
import { PgRecordSet } from './PgRecordSet'
import { PgSavedSearches } from './PgSavedSearches'
import { PgTextStore } from './PgTextStore'
import { PgUndoLog } from './PgUndoLog'
import type { TeamDatabase } from './TeamDatabase'

/** Many processes write a team archive at once: the versions in the rows keep them apart, not a lock. */
const NO_LOCK: WriterLock = { acquire() {}, release() {} }

export class PgStorage implements ArchiveStorage {
  readonly kind = 'postgres' as const
  /** A row per item, each write checked against the version it was based on (PgItemRecordStore). */
  readonly independentItemWrites = true
  readonly records: PgItemRecordStore
  readonly catalog: ItemRecordStore
  readonly texts: ItemTextStore & PgTextStore
  readonly files: AttachmentStore
  readonly journal: ChangeJournal & PgJournal
  readonly lock = NO_LOCK
  readonly feed: ChangeFeed
  readonly sets: { tags: PgRecordSet<TagRecord>; collections: PgRecordSet<Collection>; authorities: PgRecordSet<AuthorityRecord>; 'column-mappings': PgRecordSet<Remembered> }
  readonly undo: PgUndoLog
  private readonly mappings: ColumnMappings
  private readonly searches: PgSavedSearches
  /** Run once the database is let go (the working folder's lock released). */
  readonly afterClose: Array<() => void> = []

  constructor(
    readonly db: TeamDatabase,
    filesDir: string,
    /** What to do once other processes' changes are applied here (the archive announces them). */
    onRemote: (itemIds: string[]) => void
  ) {
    this.records = new PgItemRecordStore(db)
    this.catalog = this.records
    this.texts = new PgTextStore(db)
    this.files = new FileStore(filesDir)
    this.journal = new PgJournal(db)
    this.sets = {
      tags: new PgRecordSet<TagRecord>(db, 'tags'),
      collections: new PgRecordSet<Collection>(db, 'collections'),
      authorities: new PgRecordSet<AuthorityRecord>(db, 'authorities'),
      'column-mappings': new PgRecordSet<Remembered>(db, 'column-mappings')
    }
    this.undo = new PgUndoLog(db)
    this.mappings = new ColumnMappings(this.sets['column-mappings'])
    this.searches = new PgSavedSearches(db)
    this.feed = new ChangeFeed(db, (after, skip) => this.readChanges(after, skip, onRemote))
  }

  /** The changes after `after`, read with the rows and texts of the items others changed (changeRead.ts). */
  private async readChanges(after: number, skip: number[], onRemote: (ids: string[]) => void): Promise<ChangeRead> {
    // Counted before the read: a text this process changes meanwhile is newer than the one read.
    const textsReadAt = this.texts.changeCount
    const read = await readChanges(this.db, after, skip)
    return { changes: read.changes, apply: (remote) => this.applyRemote(remote, read, textsReadAt, onRemote) }
  }

  /** Brings the records in memory up to date with what other processes changed, from what was read with the changes. */
  private async applyRemote(changes: TeamChange[], read: ChangesRead, textsReadAt: number, onRemote: (ids: string[]) => void): Promise<void> {
    const kinds = new Set(changes.flatMap((c) => c.kinds))
    const ids = [...new Set(changes.flatMap((c) => c.ids))]
    // Texts kept of these items are older than their rows: replaced by those read with the changes, or dropped.
    this.texts.replaceFromFeed(ids, read.texts ?? new Map(), textsReadAt)
    const refreshed = kinds.has('items') ? this.records.applyRows(read.itemIds, read.rows) : []
    if (read.undo) this.undo.applyStates(read.undo)
    const reloads: Array<Promise<void>> = []
    for (const kind of ['tags', 'collections', 'authorities', 'column-mappings'] as const) if (kinds.has(kind)) reloads.push(this.sets[kind].load())
    await Promise.all(reloads)
    // An item whose texts alone changed (its row as it was) is indexed again too.
    const textsOnly = kinds.has('texts') ? read.itemIds.filter((id) => !refreshed.includes(id)) : []
    if (refreshed.length || textsOnly.length || reloads.length || read.undo) onRemote([...refreshed, ...textsOnly])
  }

  newBatch(label: string): PgBatch {
    return new PgBatch(this.db, label)
  }

  workspaceStores(): WorkspaceStores<TagRecord, Collection, AuthorityRecord> {
    return { tags: this.sets.tags, collections: this.sets.collections, authorities: this.sets.authorities, undo: this.undo }
  }

  savedSearchStore(): SavedSearchStore {
    return this.searches
  }

  columnMappingStore(): ColumnMappingStore {
    return this.mappings
  }

  async close(): Promise<void> {
    await this.feed.stop()
    await this.db.close()
    for (const fn of this.afterClose.splice(0)) fn()
  }
}
