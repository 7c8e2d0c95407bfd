import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { Low } from 'lowdb'
import type { Item, ItemSummary } from '../../shared/model'
import { DurableJsonFile } from './DurableJsonFile'
import { shardOf } from './ids'

/** An item as the catalogue keeps it: long texts live in the TextStore, not here. */
export type ItemRecord = Omit<Item, 'body'> & { excerpt: string; bodyLength: number }

type ShardData = { items: Record<string, ItemRecord> }

const SHARD_FILE = /^[0-9a-f]{3}\.json$/

/**
 * The items of the catalogue, in lowdb files sharded by a hash of the id, so that saving
 * one edit rewrites one small file (about 25 items at 100k) whatever the archive's size.
 * All records are held in memory for listing; long texts are not.
 */
export class CatalogStore {
  private readonly shards = new Map<string, Low<ShardData>>()
  private readonly records = new Map<string, ItemRecord>()
  private sortedCache = new Map<string, ItemRecord[]>()

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true })
    const names = (await fsp.readdir(this.dir)).filter((n) => SHARD_FILE.test(n))
    // Read in parallel batches: thousands of small files open much faster than in series.
    const batch = 64
    for (let i = 0; i < names.length; i += batch) {
      await Promise.all(
        names.slice(i, i + batch).map(async (name) => {
          const low = this.shard(name.slice(0, 3))
          await low.read()
          for (const [id, rec] of Object.entries(low.data.items)) this.records.set(id, rec)
        })
      )
    }
  }

  private shard(key: string): Low<ShardData> {
    let low = this.shards.get(key)
    if (!low) {
      low = new Low<ShardData>(new DurableJsonFile(path.join(this.dir, `${key}.json`)), { items: {} })
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

  /** Saves records durably; each touched shard is rewritten once. */
  async put(records: ItemRecord[]): Promise<void> {
    const touched = new Map<string, Low<ShardData>>()
    for (const rec of records) {
      const key = shardOf(rec.id)
      const low = this.shard(key)
      low.data.items[rec.id] = rec
      this.records.set(rec.id, rec)
      touched.set(key, low)
    }
    this.sortedCache.clear()
    await Promise.all([...touched.values()].map((low) => low.write()))
  }

  /** Sorted view over all records (cached until the next change). */
  sorted(view: 'all' | 'trash', sort: string, order: 'asc' | 'desc'): ItemRecord[] {
    const key = `${view}|${sort}|${order}`
    let list = this.sortedCache.get(key)
    if (list) return list
    list = []
    for (const r of this.records.values()) if ((r.trashed !== null) === (view === 'trash')) list.push(r)
    const field = sort as keyof ItemRecord
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
    const cmp =
      sort === 'title' || sort === 'outlet'
        ? (a: ItemRecord, b: ItemRecord) => collator.compare(String(a[field]), String(b[field]))
        : (a: ItemRecord, b: ItemRecord) => (a[field]! < b[field]! ? -1 : a[field]! > b[field]! ? 1 : 0)
    list.sort((a, b) => cmp(a, b) || (a.id < b.id ? -1 : 1))
    if (order === 'desc') list.reverse()
    this.sortedCache.set(key, list)
    return list
  }
}

export function summarise(rec: ItemRecord): ItemSummary {
  const { notes: _n, description: _d, bodyLength: _b, ...rest } = rec
  return rest
}
