import { promises as fsp, readFileSync } from 'node:fs'
import type { ItemTexts } from './TextStore'
import * as path from 'node:path'
import { Low } from 'lowdb'
import type { Item, ItemSummary } from '../../shared/model'
import { DurableJsonFile } from './DurableJsonFile'
import { shardOf } from './ids'
import { CoreError } from './errors'
import { AtomicBatch } from './commit/AtomicBatch'
import { readShards, type ShardContent, type ShardsRead } from './catalogPack/readShards'
import { buildPack, type PackBuilt } from './catalogPack/buildPack'
import { PACK_PATH } from './catalogPack/packFile'
import { fillDefaults, shardProblem, toDisk, type ItemRecord, type ShardData } from './catalogPack/shardFormat'
import { recordsOfRows } from './catalogPack/rows'

export { shardProblem }
export type { ItemRecord }

/** A pack found stale at open is written again this long after, unless the archive closes first. */
const PACK_REFRESH_DELAY_MS = 30_000

/**
 * The items of the catalogue, in lowdb files sharded by a hash of the id, so that saving
 * one edit rewrites one small file (about 25 items at 100k) whatever the archive's size.
 * All records are held in memory for listing; long texts are not. Opening reads them from the
 * catalogue pack (catalogPack/: one file, made again when the archive closes) for every shard
 * still as the pack saw it, and from the shard files for the others.
 */
export class CatalogStore {
  private readonly shards = new Map<string, Low<ShardData>>()
  private readonly records = new Map<string, ItemRecord>()
  /** The ids of each shard loaded from the pack, until the shard is first written. */
  private readonly packedIds = new Map<string, string[]>()
  private sortedCache = new Map<string, ItemRecord[]>()

  /** `dir` is <archive>/catalog/items: a change to several shards stages its batch in the archive. */
  constructor(
    private readonly dir: string,
    private readonly tmpDir?: string,
    private readonly root = path.resolve(dir, '..', '..')
  ) {
    this.packFile = path.join(root, PACK_PATH)
  }

  /** What the last load read (shards from the pack, files and bytes read). */
  lastLoad: ShardsRead | null = null
  private readonly packFile: string
  /** Counts the puts, so that a pack built before the last of them is known to be behind. */
  private writes = 0
  private packedAt = 0
  private packStale = false
  private packing: Promise<PackBuilt | null> | null = null
  private packTimer: NodeJS.Timeout | null = null

  async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true })
    // The pack holds the shards' contents in one file (catalogPack/); a shard written since it
    // was built is read from its own file. Without a temp folder (a reader in another thread)
    // the pack is read but never written.
    const read = await readShards(this.dir, this.packFile, (shard) => this.take(shard))
    this.lastLoad = read
    this.packStale = read.packStale
    // A pack that cannot be used goes now (made again later): the check says so until then.
    if (read.packProblem && this.tmpDir)
      await fsp.rm(this.packFile, { force: true }).catch(() => {
        // Not a file (a folder in its place): never used either, since it cannot be read as one.
      })
    if (this.packStale && this.tmpDir) {
      this.packTimer = setTimeout(() => void this.writePack(), PACK_REFRESH_DELAY_MS)
      this.packTimer.unref()
    }
  }

  /**
   * Takes one shard's records: from the pack's rows (made from this very file, checked when
   * made), else from the file's text, naming the file when it is damaged. A section of the pack
   * that is not rows is read again from its file.
   */
  private take({ name, file, rows, text }: ShardContent): void {
    const key = name.slice(0, 3)
    const fromPack = rows === undefined ? null : recordsOfRows(rows)
    if (fromPack && typeof fromPack !== 'string') {
      // The shard's lowdb data is made when the shard is first written (shard() below).
      const ids: string[] = new Array(fromPack.length)
      for (let i = 0; i < fromPack.length; i++) {
        this.records.set(fromPack[i].id, fromPack[i])
        ids[i] = fromPack[i].id
      }
      this.packedIds.set(key, ids)
      return
    }
    let data: ShardData
    const source = text ?? readFileSync(file, 'utf8')
    try {
      data = JSON.parse(source) as ShardData
    } catch (err) {
      if (err instanceof SyntaxError)
        throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${file} is damaged (not valid JSON); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
      throw err
    }
    const problem = shardProblem(data)
    if (problem) throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${file} is damaged (${problem}); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
    const low = this.shard(key)
    low.data = data
    for (const id in data.items) {
      fillDefaults(data.items[id] as unknown as Record<string, unknown>)
      this.records.set(id, data.items[id])
    }
  }

  /**
   * Brings the pack up to date with the shard files when anything was written since it was
   * built (or it was found stale at open): called when the archive closes, so that the next
   * open reads one file. A pack that cannot be written is not an error (it is a cache: the
   * next open reads the shards it lacks from their files).
   */
  async settle(): Promise<PackBuilt | null> {
    if (this.packTimer) clearTimeout(this.packTimer)
    this.packTimer = null
    await this.packing
    if (this.tmpDir && (this.packStale || this.packedAt !== this.writes)) return this.writePack()
    return null
  }

  private writePack(): Promise<PackBuilt | null> {
    this.packing ??= (async () => {
      const at = this.writes
      try {
        const built = await buildPack(this.dir, this.packFile, this.tmpDir!)
        this.packedAt = at
        this.packStale = false
        return built
      } catch {
        // Left stale: the shards stay the truth, and the next open reads the ones the pack lacks.
        return null
      } finally {
        this.packing = null
      }
    })()
    return this.packing
  }

  private shard(key: string): Low<ShardData> {
    let low = this.shards.get(key)
    if (!low) {
      const items: ShardData['items'] = {}
      for (const id of this.packedIds.get(key) ?? []) items[id] = this.records.get(id)!
      this.packedIds.delete(key)
      low = new Low<ShardData>(new DurableJsonFile(path.join(this.dir, `${key}.json`), this.tmpDir, toDisk), { items })
      this.shards.set(key, low)
    }
    return low
  }

  get size(): number {
    return this.records.size
  }

  get(id: string): ItemRecord | undefined {
    return this.records.get(id)
  }

  all(): IterableIterator<ItemRecord> {
    return this.records.values()
  }

  /**
   * Saves records durably; each touched shard is rewritten once. With a batch, the shards join
   * it (written when it commits, with whatever else the change writes); without one, a change
   * to several shards is a batch of its own, so a crash leaves all of them old or all new.
   */
  async put(records: ItemRecord[], batch?: AtomicBatch): Promise<void> {
    const touched = new Map<string, Low<ShardData>>()
    const previous = new Map<string, ItemRecord | undefined>()
    for (const rec of records) {
      const key = shardOf(rec.id)
      const low = this.shard(key)
      if (!previous.has(rec.id)) previous.set(rec.id, this.records.get(rec.id))
      low.data.items[rec.id] = rec
      this.records.set(rec.id, rec)
      touched.set(key, low)
    }
    this.writes++
    this.sortedCache.clear()
    const lows = [...touched.values()]
    const stage = (b: AtomicBatch) => {
      for (const low of lows) (low.adapter as DurableJsonFile<ShardData>).stage(b, low.data)
    }
    if (batch) {
      stage(batch)
      batch.afterCommit(() => this.writes++)
      // The records in memory change now (the change's other parts read them); if the batch
      // is abandoned before anything of it is on disk, they are put back.
      batch.ifAbandoned(() => {
        for (const [id, old] of previous) {
          const items = this.shard(shardOf(id)).data.items
          if (old) {
            items[id] = old
            this.records.set(id, old)
          } else {
            delete items[id]
            this.records.delete(id)
          }
        }
        this.sortedCache.clear()
      })
    } else if (lows.length === 1) await lows[0].write()
    else {
      const own = new AtomicBatch(this.root, `save ${records.length} items`)
      stage(own)
      await own.commit()
    }
  }

  /** Sorted view over all records (cached until the next change). */
  sorted(view: 'all' | 'trash', sort: string, order: 'asc' | 'desc'): ItemRecord[] {
    const key = `${view}|${sort}|${order}`
    let list = this.sortedCache.get(key)
    if (list) return list
    list = sortRecords(this.records.values(), view, sort)
    if (order === 'desc') list.reverse()
    this.sortedCache.set(key, list)
    return list
  }
}

/** The records of a view (all or trash), sorted ascending by a field, ties by id; shared by every ItemRecordStore. */
export function sortRecords(records: Iterable<ItemRecord>, view: 'all' | 'trash', sort: string): ItemRecord[] {
  const list: ItemRecord[] = []
  for (const r of records) if ((r.trashed !== null) === (view === 'trash')) list.push(r)
  const field = sort as keyof ItemRecord
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
  const cmp =
    sort === 'title' || sort === 'outlet'
      ? (a: ItemRecord, b: ItemRecord) => collator.compare(String(a[field]), String(b[field]))
      : (a: ItemRecord, b: ItemRecord) => (a[field]! < b[field]! ? -1 : a[field]! > b[field]! ? 1 : 0)
  list.sort((a, b) => cmp(a, b) || (a.id < b.id ? -1 : 1))
  return list
}

/**
 * The whole item: the record's fields in their order, less bodyLength, then the long texts.
 * Copied field by field: V8 runs the rest pattern `{ bodyLength, ...rest }` through a slow
 * generic path, about 10 µs an item, a fifth of a 100k-item CSV export.
 */
export function itemFromRecord(rec: ItemRecord, texts: Pick<ItemTexts, 'body' | 'description' | 'notes'>): Item {
  const item: Record<string, unknown> = {}
  for (const key in rec) if (key !== 'bodyLength') item[key] = rec[key as keyof ItemRecord]
  item.body = texts.body
  item.description = texts.description
  item.notes = texts.notes
  return item as Item
}

export function summarise(rec: ItemRecord): ItemSummary {
  // Copied key by key, not by rest destructuring: a page of search hits summarises 50 records,
  // and the rest copy took 2-5 times as long (about 8% of a team search's CPU at 10k items).
  const out: Record<string, unknown> = {}
  for (const k in rec) if (k !== 'bodyLength') out[k] = (rec as Record<string, unknown>)[k]
  return out as ItemSummary
}
