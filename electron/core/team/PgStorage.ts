// Every store of a team archive, on one database and one folder of files: the second
// implementation of the store interfaces (stores.ts), which the archive's services use
// without knowing which one they run on.
import type { AuthorityRecord, Collection, TagRecord } from '../../../shared/model'
import { FileStore } from '../FileStore'
import { ColumnMappings, type Remembered } from '../import/files/mappings'
import type { ArchiveStorage, AttachmentStore, ChangeJournal, ColumnMappingStore, ItemRecordStore, ItemTextStore, SavedSearchStore, WorkspaceStores, WriterLock } from '../stores'
import { ChangeFeed, type TeamChange } from './ChangeFeed'
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
    this.feed = new ChangeFeed(db, (changes) => this.applyRemote(changes, onRemote))
  }

  /** Brings the records in memory up to date with what other processes changed. */
  private async applyRemote(changes: TeamChange[], onRemote: (ids: string[]) => void): Promise<void> {
    const kinds = new Set(changes.flatMap((c) => c.kinds))
    const ids = [...new Set(changes.flatMap((c) => c.ids))]
    // Before the rows are read again: texts kept of these items may be older than their rows.
    this.texts.forget(ids)
    const refreshed = kinds.has('items') ? await this.records.refresh(ids) : []
    const reloads: Array<Promise<void>> = []
    for (const kind of ['tags', 'collections', 'authorities', 'column-mappings'] as const) if (kinds.has(kind)) reloads.push(this.sets[kind].load())
    if (kinds.has('undo')) reloads.push(this.undo.load())
    await Promise.all(reloads)
    // Texts are read from the database each time: an item whose texts alone changed is re-indexed.
    const textOnly = kinds.has('texts') ? ids.filter((id) => !refreshed.includes(id)) : []
    if (refreshed.length || textOnly.length || reloads.length) onRemote([...refreshed, ...textOnly])
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
