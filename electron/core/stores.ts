// The stores an open archive is made of, as the rest of the core uses them: small interfaces,
// so that what sits behind them (today the archive folder: CatalogStore, TextStore, FileStore,
// Journal, UndoStack, RecordFile, SavedSearches, ColumnMappings; a database for a team
// archive later) can change without the services noticing. The folder implementations are
// made in one place, ArchiveFolder; services receive them and never build paths to them.
// The implementations do not name these interfaces (that would make each import the other):
// ArchiveFolder assigning them to fields of these types is what checks they conform.
// A change to several stores is made all-or-nothing by staging each part into one ChangeBatch
// (intent records in the archive folder, one transaction in PostgreSQL) and committing it.
// Each implementation stages only into batches of its own kind (made by its ArchiveStorage).
import type { Readable } from 'node:stream'
import type { ItemRecord } from './CatalogStore'
import type { ChangeBatch } from './commit/ChangeBatch'
import type { StoredFile } from './FileStore'
import type { JournalEntry } from './Journal'
import type { ItemTexts } from './TextStore'
import type { UndoEntry } from './workspace/UndoStack'
import type { SavedSearch } from './search/SavedSearches'
import type { ColumnMapping } from './import/files/types'
import type { AuthorityRecord, Collection, TagRecord } from '../../shared/model'

/** The catalogue: one record per item (everything but its long texts), all in memory once loaded. */
export interface ItemRecordStore {
  readonly size: number
  load(): Promise<void>
  get(id: string): ItemRecord | undefined
  all(): IterableIterator<ItemRecord>
  /** Writes the records given (new or changed) durably before resolving; with a batch, stages them into it. */
  put(records: ItemRecord[], batch?: ChangeBatch): Promise<void>
  sorted(view: 'all' | 'trash', sort: string, order: 'asc' | 'desc'): ItemRecord[]
  /** Writes what makes the next open fast (the folder's catalogue pack), before the archive is let go. */
  settle?(): Promise<unknown>
}

/** The long texts of each item (body, description, notes, attachment texts). */
export interface ItemTextStore {
  get(id: string): Promise<ItemTexts>
  /** Several at once, in the order given. */
  getMany(ids: readonly string[]): Promise<ItemTexts[]>
  /**
   * The same for snippets, whose window is often near the start of a long body: each body may
   * come cut to its first `bodyChars[k]` characters (Infinity: whole), and `bodyCut` says it
   * was. A store that cannot read part of a text cheaply returns it whole.
   */
  getForSnippets(ids: readonly string[], bodyChars: readonly number[]): Promise<Array<{ texts: ItemTexts; bodyCut: boolean }>>
  getSync(id: string): ItemTexts
  getManySync(ids: readonly string[]): Array<ItemTexts | Error>
  put(id: string, texts: ItemTexts): Promise<void>
  stage(batch: ChangeBatch, id: string, texts: ItemTexts): void
  remove(id: string): Promise<void>
  /**
   * The texts a change committed in this same turn of the event loop wrote for the item, when
   * the store keeps them that long (the folder does): those who follow items:changed take them
   * instead of reading the item again.
   */
  committed?(id: string): ItemTexts | undefined
}

/** Attachment files, stored once by SHA-256. */
export interface AttachmentStore {
  /** The folder the files are kept in: nothing else writes there (an export into it is refused). */
  readonly folder: string
  /** Where a stored file can be read (exports, previews and the integrity check read it). */
  pathOf(sha256: string): string
  has(sha256: string): Promise<boolean>
  /** Whether the stored file is there and whole: the right size and hash. */
  holds(sha256: string, size: number): Promise<boolean>
  putStream(source: Readable, maxBytes?: number): Promise<StoredFile>
  putPath(file: string): Promise<StoredFile>
  remove(sha256: string): Promise<void>
}

/** The journal: every change, appended, never rewritten. */
export interface ChangeJournal {
  append(entry: JournalEntry): Promise<void>
  appendMany(entries: JournalEntry[]): Promise<void>
  stage(batch: ChangeBatch, entries: JournalEntry[]): void
  history(id: string): Promise<Array<JournalEntry & { t: string; user: string }>>
}

/** The undo and redo stacks, kept across sessions. */
export interface UndoLog {
  load(): Promise<void>
  /** Set when the stored history was found damaged at load: what happened and where it went. */
  readonly damaged: string | null
  readonly top: { undo: { seq: number; label: string } | null; redo: { seq: number; label: string } | null; undoDepth: number; redoDepth: number }
  read(seq: number): Promise<UndoEntry | null>
  save(entry: UndoEntry): Promise<void>
  push(entry: Omit<UndoEntry, 'seq'>): Promise<UndoEntry>
  stagePush(batch: ChangeBatch, entry: Omit<UndoEntry, 'seq'>): UndoEntry
  stageMove(batch: ChangeBatch, from: 'undo' | 'redo', entry: UndoEntry): void
  drop(from: 'undo' | 'redo', seq: number): Promise<void>
}

/** A small set of records keyed by id (tags, collections, authority records), written whole. */
export interface RecordSet<T> {
  load(): Promise<void>
  get(id: string): T | undefined
  all(): T[]
  /** Sets (or, with null, removes) a record in memory; `write` saves the set. */
  set(id: string, value: T | null): void
  write(): Promise<void>
  stage(batch: ChangeBatch): void
  /** The records with what the set keeps beside them (the authorities' rejected duplicate pairs). */
  readonly data: { records: Record<string, T>; [extra: string]: unknown }
}

export interface SavedSearchStore {
  list(): Promise<SavedSearch[]>
  save(input: Omit<SavedSearch, 'id' | 'created'>): Promise<SavedSearch>
  remove(id: string): Promise<void>
}

/** Column mappings of CSV/JSON imports, remembered by the table's column names. */
export interface ColumnMappingStore {
  all(): Promise<Record<string, ColumnMapping>>
  get(columns: string[]): Promise<ColumnMapping | undefined>
  remember(columns: string[], mapping: ColumnMapping): Promise<void>
}

/** The one-writer lock of an archive. */
export interface WriterLock {
  acquire(): void
  release(): void
}

/**
 * A second way to keep an archive (a team archive's PostgreSQL): every store, the batches that
 * change several of them at once, and what the archive's services need to know of it.
 */
export interface ArchiveStorage {
  readonly kind: 'postgres'
  /** Changes to different items may commit at once: each item is kept apart (its own row and version), unlike a folder's shards. */
  readonly independentItemWrites: boolean
  readonly catalog: ItemRecordStore
  readonly texts: ItemTextStore
  readonly files: AttachmentStore
  readonly journal: ChangeJournal
  readonly lock: WriterLock
  newBatch(label: string): ChangeBatch
  workspaceStores(): WorkspaceStores<TagRecord, Collection, AuthorityRecord>
  savedSearchStore(): SavedSearchStore
  columnMappingStore(): ColumnMappingStore
  /** Lets go of the database (and stops following its changes). */
  close(): Promise<void>
}

/** What the cataloguing workspace keeps: its three record sets and its undo log. */
export type WorkspaceStores<Tag, Collection, Authority> = {
  tags: RecordSet<Tag>
  collections: RecordSet<Collection>
  authorities: RecordSet<Authority>
  undo: UndoLog
}
