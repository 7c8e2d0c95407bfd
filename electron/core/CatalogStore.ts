import { promises as fsp } from 'node:fs'
import type { ItemTexts } from './TextStore'
import * as path from 'node:path'
import { Low } from 'lowdb'
import { ITEM_DEFAULTS, type Item, type ItemSummary } from '../../shared/model'
import { DurableJsonFile } from './DurableJsonFile'
import { shardOf } from './ids'
import { CoreError } from './errors'
import { AtomicBatch } from './commit/AtomicBatch'
import { readFilesInOrder } from './readFilesParallel'

/** An item as the catalogue keeps it: long texts live in the TextStore, not here. */
export type ItemRecord = Omit<Item, 'body' | 'description' | 'notes'> & { bodyLength: number }

// On disk a record leaves out every field that still has its default value: about half the
// bytes of a typical record, so opening 100k items reads and parses half as much.
const SPARSE_DEFAULTS: Record<string, unknown> = (() => {
  const { description: _d, notes: _n, body: _b, ...rest } = ITEM_DEFAULTS as Record<string, unknown>
  // version 1 is left out like any default: a record written before versions existed reads as 1.
  return { ...rest, trashed: null, attachments: [], bodyLength: 0, version: 1 }
})()
const SPARSE_KEYS = Object.keys(SPARSE_DEFAULTS)

function isDefault(key: string, value: unknown): boolean {
  const d = SPARSE_DEFAULTS[key]
  if (Array.isArray(d)) return Array.isArray(value) && value.length === 0
  return value === d
}

function toDisk(data: ShardData): string {
  return JSON.stringify(data, function (key, value) {
    // Only the fields of a record (this = the record) are thinned, never nested values.
    if (this && typeof this === 'object' && 'id' in this && 'created' in this && key in SPARSE_DEFAULTS && isDefault(key, value))
      return undefined
    return value
  })
}

function fillDefaults(rec: Record<string, unknown>): void {
  for (const key of SPARSE_KEYS) {
    if (!(key in rec)) {
      const d = SPARSE_DEFAULTS[key]
      rec[key] = Array.isArray(d) ? [] : d
    }
  }
}

type ShardData = { items: Record<string, ItemRecord> }

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * What is wrong with a parsed catalogue shard, or null when it has the shape of one: valid
 * JSON of another shape (an array, a record that is a number) must be named as damage, not
 * fail later in code that trusts it. Used at load, by the integrity check and by restore.
 */
export function shardProblem(data: unknown): string | null {
  if (!isPlainObject(data)) return 'not a JSON object'
  if (!isPlainObject(data.items)) return 'no "items" object'
  for (const [id, rec] of Object.entries(data.items)) {
    const where = `record ${JSON.stringify(id.slice(0, 40))}`
    if (!isPlainObject(rec)) return `${where} is not an object`
    if (rec.id !== id) return `${where} holds another id`
    for (const key of ['title', 'created', 'modified'])
      if (typeof rec[key] !== 'string') return `${where} has no ${key}`
    for (const key of SPARSE_KEYS) if (key in rec && Array.isArray(SPARSE_DEFAULTS[key]) && !Array.isArray(rec[key])) return `${where} has a ${key} that is not a list`
  }
  return null
}

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

  /** `dir` is <archive>/catalog/items: a change to several shards stages its batch in the archive. */
  constructor(
    private readonly dir: string,
    private readonly tmpDir?: string,
    private readonly root = path.resolve(dir, '..', '..')
  ) {}

  async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true })
    const names = (await fsp.readdir(this.dir)).filter((n) => SHARD_FILE.test(n))
    const files = names.map((name) => path.join(this.dir, name))
    // Several reads wait on the disk at once (readFilesParallel.ts: on a cold cache that is
    // what opening costs); the shards are taken in order, as they were read one by one before.
    await readFilesInOrder(files, (i, text) => {
      const file = files[i]
      const low = this.shard(names[i].slice(0, 3))
      let data: ShardData
      try {
        data = JSON.parse(text) as ShardData
      } catch (err) {
        if (err instanceof SyntaxError)
          throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${file} is damaged (not valid JSON); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
        throw err
      }
      const problem = shardProblem(data)
      if (problem) throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${file} is damaged (${problem}); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file })
      low.data = data
      for (const id in data.items) {
        fillDefaults(data.items[id] as unknown as Record<string, unknown>)
        this.records.set(id, data.items[id])
      }
    })
  }

  private shard(key: string): Low<ShardData> {
    let low = this.shards.get(key)
    if (!low) {
      low = new Low<ShardData>(new DurableJsonFile(path.join(this.dir, `${key}.json`), this.tmpDir, toDisk), { items: {} })
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
    this.sortedCache.clear()
    const lows = [...touched.values()]
    const stage = (b: AtomicBatch) => {
      for (const low of lows) (low.adapter as DurableJsonFile<ShardData>).stage(b, low.data)
    }
    if (batch) {
      stage(batch)
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
