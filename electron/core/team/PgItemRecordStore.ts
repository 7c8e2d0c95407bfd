// The catalogue of a team archive: one row per item in `items`. As with the folder, every
// record is held in memory (the list, sorting and search read them synchronously): loaded at
// open, written through in the change's transaction, and refreshed from the change feed when
// another process changes an item. Each row has a version; a write names the version it was
// based on (UPDATE … WHERE version = base), so of two processes changing one item from the
// same version only the first wins and the second gets CONFLICT: no update is ever lost.
import type { ChangeBatch } from '../commit/ChangeBatch'
import { sortRecords, type ItemRecord } from '../CatalogStore'
import { changedMeanwhile } from '../items/conflicts'
import { PgBatch, pgBatch } from './PgBatch'
import { copyRows } from './pgCopy'
import type { TeamDatabase, Tx } from './TeamDatabase'

const TYPED = ['id', 'type', 'date', 'title', 'language', 'created', 'modified', 'trashed'] as const
const COLUMNS = 'id text, type text, date text, title text, language text, created text, modified text, trashed text, data jsonb, base bigint'
/** Records per statement: one JSON parameter each, well under the protocol's limits. */
const CHUNK = 2000

export type ItemRow = { id: string; type: string; date: string; title: string; language: string; created: string; modified: string; trashed: string | null; version: string; data: Record<string, unknown> }

/**
 * The record of a row: its typed columns, then the fields kept in `data`. Built as one object
 * literal and assigned to, not by rest and spread: at 100k rows (every open), the spread took
 * about 20 times as long (11-15 s against 0.5 s, in a micro-benchmark at load 11).
 */
export function recordFromRow(row: ItemRow): ItemRecord {
  const rec = { id: row.id, type: row.type, date: row.date, title: row.title, language: row.language, created: row.created, modified: row.modified, trashed: row.trashed }
  return Object.assign(rec, row.data) as unknown as ItemRecord
}

function rowOf(rec: ItemRecord, base: number | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(rec)) if (!(TYPED as readonly string[]).includes(k)) data[k] = v
  return { id: rec.id, type: rec.type, date: rec.date, title: rec.title, language: rec.language, created: rec.created, modified: rec.modified, trashed: rec.trashed, data, base: base ?? null }
}

/** Puts the records of a whole archive into an empty table at once (the migration), each at version 1. */
export async function copyRecords(tx: Tx, records: Iterable<ItemRecord>): Promise<number> {
  const rows = (function* () {
    for (const rec of records) {
      const row = rowOf(rec, undefined)
      yield [rec.id, rec.type, rec.date, rec.title, rec.language, rec.created, rec.modified, rec.trashed, JSON.stringify(row.data)]
    }
  })()
  return copyRows(tx, 'items', [...TYPED, 'data'], rows)
}

type WriteStatement = { sql: string; params: unknown[]; ids: string[]; check(rows: Array<{ id: string; version: string | number }>, written: Map<string, number>): void }

/**
 * The statements that write records (at most CHUNK each): new ones inserted, known ones updated
 * from the version read; each checks its rows (a row missing is CONFLICT) and notes the new versions.
 */
function writeStatements(records: ItemRecord[], versions: ReadonlyMap<string, number>): WriteStatement[] {
  const out: WriteStatement[] = []
  const fresh = records.filter((r) => !versions.has(r.id))
  // In the order of their ids, so that two changes to the same rows lock them in the same order
  // (a deadlock, which PostgreSQL breaks by ending one, is rarer; TeamDatabase runs that one again).
  const known = records.filter((r) => versions.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const check = (part: ItemRecord[]) => (rows: Array<{ id: string; version: string | number }>, written: Map<string, number>) => {
    if (rows.length !== part.length) {
      const got = new Set(rows.map((r) => r.id))
      throw changedMeanwhile(part.filter((r) => !got.has(r.id)).map((r) => r.id))
    }
    for (const r of rows) written.set(r.id, Number(r.version))
  }
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const part = fresh.slice(i, i + CHUNK)
    out.push({
      sql: `INSERT INTO items (id, type, date, title, language, created, modified, trashed, data)
       SELECT id, type, date, title, language, created, modified, trashed, data FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})
       ON CONFLICT (id) DO NOTHING RETURNING id, version`,
      params: [JSON.stringify(part.map((r) => rowOf(r, undefined)))],
      ids: part.map((r) => r.id),
      check: check(part)
    })
  }
  for (let i = 0; i < known.length; i += CHUNK) {
    const part = known.slice(i, i + CHUNK)
    out.push({
      sql: `UPDATE items AS i SET type = x.type, date = x.date, title = x.title, language = x.language, created = x.created,
         modified = x.modified, trashed = x.trashed, data = x.data, version = i.version + 1
       FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})
       WHERE i.id = x.id AND i.version = x.base RETURNING i.id, i.version`,
      params: [JSON.stringify(part.map((r) => rowOf(r, versions.get(r.id))))],
      ids: part.map((r) => r.id),
      check: check(part)
    })
  }
  return out
}

/** Writes records in a transaction: new ones inserted, known ones updated from the version read. Returns the new versions. */
export async function writeRecords(tx: Tx, records: ItemRecord[], versions: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const written = new Map<string, number>()
  for (const w of writeStatements(records, versions)) {
    const { rows } = await tx.query<{ id: string; version: string }>(w.sql, w.params)
    w.check(rows, written)
  }
  return written
}

export class PgItemRecordStore {
  private readonly records = new Map<string, ItemRecord>()
  /** The version of each row as this process last read or wrote it: the base of its next write. */
  private readonly versions = new Map<string, number>()
  private sortedCache = new Map<string, ItemRecord[]>()

  constructor(private readonly db: TeamDatabase) {}

  async load(): Promise<void> {
    const { rows } = await this.db.query<ItemRow>('SELECT * FROM items')
    this.records.clear()
    this.versions.clear()
    for (const row of rows) this.remember(row)
    this.sortedCache.clear()
  }

  private remember(row: ItemRow): void {
    this.records.set(row.id, recordFromRow(row))
    this.versions.set(row.id, Number(row.version))
  }

  /**
   * The rows of these items as read after another process changed them (an id without a row:
   * the item is gone); returns the ids whose row changed.
   */
  applyRows(ids: string[], rows: ItemRow[]): string[] {
    const changed: string[] = []
    for (const row of rows) {
      // A row no newer than this process knows: read before a change of its own that committed meanwhile.
      if ((this.versions.get(row.id) ?? 0) >= Number(row.version)) continue
      this.remember(row)
      changed.push(row.id)
    }
    const present = new Set(rows.map((r) => r.id))
    for (const id of ids)
      if (!present.has(id) && this.records.delete(id)) {
        this.versions.delete(id)
        changed.push(id)
      }
    if (changed.length) this.sortedCache.clear()
    return changed
  }

  /** The version of an item's row as this process knows it. */
  versionOf(id: string): number | undefined {
    return this.versions.get(id)
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
   * Like the folder's: the records in memory change at once (the change's other parts read
   * them) and are put back if the transaction fails; without a batch the write is a
   * transaction of its own.
   */
  async put(records: ItemRecord[], batch?: ChangeBatch): Promise<void> {
    const latest = new Map<string, ItemRecord>()
    for (const rec of records) latest.set(rec.id, rec)
    const previous = new Map<string, ItemRecord | undefined>()
    for (const [id, rec] of latest) {
      previous.set(id, this.records.get(id))
      this.records.set(id, rec)
    }
    this.sortedCache.clear()
    // The versions these records were computed from, taken now: the change feed may bring a newer
    // row before the transaction runs, and a write based on that one would overwrite it unseen.
    const bases = new Map<string, number>()
    for (const id of latest.keys()) {
      const v = this.versions.get(id)
      if (v !== undefined) bases.set(id, v)
    }
    const own = batch ? pgBatch(batch) : new PgBatch(this.db, `save ${latest.size} items`)
    let written = new Map<string, number>()
    const statements = writeStatements([...latest.values()], bases)
    if (statements.length === 1) {
      // One statement (a change of up to CHUNK items, all new or all known): led, with the change's other first reads.
      // In a change of one statement, the statement itself checks that every row was written.
      const [w] = statements
      const check = (rows: Array<{ id: string; version: number }>) => {
        written = new Map()
        w.check(rows, written)
      }
      own.lead<{ id: string; version: number }>('items', latest.keys(), w.sql, w.params, check, {
        sql: w.sql,
        params: w.params,
        expect: { ids: w.ids, error: changedMeanwhile },
        then: check,
        // Its answer lost, the change committed: each row is at the version its write gives (its base's next, 1 if new).
        lost: () => void (written = new Map([...latest.keys()].map((id) => [id, (bases.get(id) ?? 0) + 1])))
      })
    } else
      own.step('items', latest.keys(), async (tx) => {
        written = await writeRecords(tx, [...latest.values()], bases)
      })
    own.ifAbandoned(() => {
      for (const [id, old] of previous) {
        // A newer row the change feed brought meanwhile stays.
        if (this.records.get(id) !== latest.get(id)) continue
        if (old) this.records.set(id, old)
        else this.records.delete(id)
      }
      this.sortedCache.clear()
    })
    own.afterCommit(() => {
      for (const [id, v] of written) if ((this.versions.get(id) ?? 0) < v) this.versions.set(id, v)
    })
    if (!batch) await own.commit()
  }

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
