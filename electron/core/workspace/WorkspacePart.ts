// What the cataloguing workspace's parts (tags, collections, authority records) share: the
// archive, the three record sets, the one queue every change runs in, the commit that makes a
// change journalled and undoable, and the caches that the next change drops. The Workspace
// makes one context and hands it to each part, so each part reads as the Workspace did.
import type { AuthorityRecord, Collection, TagRecord } from '../../../shared/model'
import type { ArchiveFolder } from '../ArchiveFolder'
import type { ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import type { RecordSet } from '../stores'
import type { DocDiff, ItemDiff, UndoEntry } from './UndoStack'

/** A change as a part computes it: the repository adds the versions, times and undo entry. */
export type Draft = { label: string; op: string; items: Array<Omit<ItemDiff, 'stamp' | 'prior'>>; docs: DocDiff[] }

export type WorkspaceContext = {
  readonly archive: ArchiveFolder
  readonly tags: RecordSet<TagRecord>
  readonly collections: RecordSet<Collection>
  readonly authorities: RecordSet<AuthorityRecord>
  /** Runs `fn` alone, after every change queued before it (the item repository's queue). */
  serial<T>(fn: () => Promise<T>): Promise<T>
  /** Applies a change computed inside `serial`: items and records together, journalled, undoable. */
  commit(draft: Draft): Promise<UndoEntry | null>
  /** A value computed over the catalogue, kept until the next change. */
  cached<T>(key: string, make: () => T): T
  /** A name as names are compared (case, accents and spacing aside). */
  key(name: string): string
}

export abstract class WorkspacePart {
  constructor(private readonly ctx: WorkspaceContext) {}

  protected get archive(): ArchiveFolder {
    return this.ctx.archive
  }

  protected get tags(): RecordSet<TagRecord> {
    return this.ctx.tags
  }

  protected get collections(): RecordSet<Collection> {
    return this.ctx.collections
  }

  protected get authorities(): RecordSet<AuthorityRecord> {
    return this.ctx.authorities
  }

  protected serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.ctx.serial(fn)
  }

  protected commit(draft: Draft): Promise<UndoEntry | null> {
    return this.ctx.commit(draft)
  }

  protected cached<T>(key: string, make: () => T): T {
    return this.ctx.cached(key, make)
  }

  protected key(name: string): string {
    return this.ctx.key(name)
  }

  protected record(id: string): ItemRecord {
    const rec = this.archive.catalog.get(id)
    if (!rec) throw new CoreError('NOT_FOUND', `No item with id ${id}.`, undefined, { reason: 'ITEM_NOT_FOUND', id })
    return rec
  }
}
