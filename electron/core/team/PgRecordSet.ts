// A small set of records of a team archive (tags, collections, authorities, column mappings):
// one row per record in `records`, and what the set keeps beside them in `record_set_extras`.
// The set is held in memory like the folder's file; a write saves only the records that
// changed since the last read or write, so two processes changing different records of one
// set do not undo each other's change. A record is written only if its row is still as this
// process last read it (compared in the database, in the same statement): a change made on a
// record another process changed meanwhile is refused whole, and the set is read again. A read
// (the change feed's) keeps a change not yet written and what it was made on.
import type { ChangeBatch } from '../commit/ChangeBatch'
import { CoreError } from '../errors'
import { PgBatch, pgBatch, type ChangeKind } from './PgBatch'
import type { TeamDatabase, Tx } from './TeamDatabase'

type Data<T> = { records: Record<string, T>; [extra: string]: unknown }

export async function writeRecordSet(tx: Tx, kind: string, records: Record<string, unknown>, extras: Record<string, unknown>): Promise<void> {
  const rows = Object.entries(records).map(([id, data]) => ({ id, data }))
  await tx.query(
    `INSERT INTO records (kind, id, data) SELECT $1, id, data FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb)
     ON CONFLICT (kind, id) DO UPDATE SET data = EXCLUDED.data`,
    [kind, JSON.stringify(rows)]
  )
  await tx.query('INSERT INTO record_set_extras (kind, data) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET data = EXCLUDED.data', [kind, JSON.stringify(extras)])
}

export class PgRecordSet<T> {
  readonly data: Data<T> = { records: {} }
  /** Each record's JSON as last read or written: what a change of it was made on, and what a write compares with. */
  private saved = new Map<string, string>()
  private savedExtras = '{}'

  constructor(
    private readonly db: TeamDatabase,
    readonly kind: ChangeKind
  ) {}

  /**
   * Reads the set again. A record changed in memory and not yet written (a change between its
   * `set` and its commit) keeps that change and what it was made on: its write then finds
   * whether another process changed the record meanwhile, instead of the read dropping the
   * change, or the change being taken as made on the record read now.
   */
  async load(): Promise<void> {
    const [records, extras] = await Promise.all([
      this.db.query<{ id: string; data: T }>('SELECT id, data FROM records WHERE kind = $1', [this.kind]),
      this.db.query<{ data: Record<string, unknown> }>('SELECT data FROM record_set_extras WHERE kind = $1', [this.kind])
    ])
    const pending = this.pendingChanges()
    const extrasPending = JSON.stringify(this.extras()) !== this.savedExtras
    if (!extrasPending) {
      this.replaceExtras(extras.rows[0]?.data ?? {})
      this.savedExtras = JSON.stringify(this.extras())
    }
    const held = this.data.records
    this.data.records = {}
    const saved = new Map<string, string>()
    for (const r of records.rows) {
      if (pending.has(r.id)) continue
      this.data.records[r.id] = r.data
      saved.set(r.id, JSON.stringify(r.data))
    }
    for (const id of pending) {
      if (Object.prototype.hasOwnProperty.call(held, id)) this.data.records[id] = held[id]
      else delete this.data.records[id]
      if (this.saved.has(id)) saved.set(id, this.saved.get(id)!)
    }
    this.saved = saved
  }

  /** The ids whose record in memory differs from what was last read or written. */
  private pendingChanges(): Set<string> {
    const ids = new Set<string>()
    for (const [id, value] of Object.entries(this.data.records)) if (this.saved.get(id) !== JSON.stringify(value)) ids.add(id)
    for (const id of this.saved.keys()) if (!Object.prototype.hasOwnProperty.call(this.data.records, id)) ids.add(id)
    return ids
  }

  /** What the set keeps beside its records, replaced in the same object: whoever holds `data` sees it. */
  private replaceExtras(extras: Record<string, unknown>): void {
    for (const key of Object.keys(this.data)) if (key !== 'records') delete this.data[key]
    Object.assign(this.data, extras)
  }

  private extras(): Record<string, unknown> {
    const { records: _r, ...rest } = this.data
    return rest
  }

  get(id: string): T | undefined {
    return Object.prototype.hasOwnProperty.call(this.data.records, id) ? this.data.records[id] : undefined
  }

  all(): T[] {
    return Object.values(this.data.records)
  }

  set(id: string, value: T | null): void {
    if (value === null) delete this.data.records[id]
    else this.data.records[id] = value
  }

  async write(): Promise<void> {
    const batch = new PgBatch(this.db, `save ${this.kind}`)
    this.stage(batch)
    await batch.commit()
  }

  /** The records as they are when the batch commits, compared with what they were made on. */
  stage(batch: ChangeBatch): void {
    let written: Array<[string, string | null]> = []
    let nextExtras = ''
    let conflicted = false
    const conflict = () => ((conflicted = true), changedMeanwhile(this.kind))
    pgBatch(batch)
      .step(this.kind, [], async (tx) => {
        const changed = [...this.pendingChanges()]
        written = changed.map((id) => [id, Object.prototype.hasOwnProperty.call(this.data.records, id) ? JSON.stringify(this.data.records[id]) : null])
        nextExtras = JSON.stringify(this.extras())
        if (written.length) {
          // Each row as it was when the change was made on it (null for a new record): written or removed only if it still is.
          const old = (id: string) => (this.saved.has(id) ? (JSON.parse(this.saved.get(id)!) as unknown) : null)
          const rows = written.filter(([, json]) => json !== null).map(([id, json]) => ({ id, data: JSON.parse(json!) as unknown, old: old(id) }))
          const gone = written.filter(([, json]) => json === null).map(([id]) => ({ id, old: old(id) }))
          const { rows: counts } = await tx.query<{ written: number; kept: number }>(
            `WITH input AS (SELECT id, data, old FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb, old jsonb)),
             updated AS (UPDATE records r SET data = i.data FROM input i WHERE i.old IS NOT NULL AND r.kind = $1 AND r.id = i.id AND r.data = i.old RETURNING r.id),
             inserted AS (INSERT INTO records (kind, id, data) SELECT $1, id, data FROM input WHERE old IS NULL ON CONFLICT (kind, id) DO NOTHING RETURNING id),
             doomed AS (SELECT id, old FROM jsonb_to_recordset($3::jsonb) AS x(id text, old jsonb)),
             deleted AS (DELETE FROM records r USING doomed d WHERE r.kind = $1 AND r.id = d.id AND r.data = d.old RETURNING r.id),
             -- A record someone else removed first is gone, as this change wants; only one still there, and changed, is refused.
             kept AS (SELECT r.id FROM records r JOIN doomed d ON r.kind = $1 AND r.id = d.id AND r.data <> d.old)
             SELECT (SELECT count(*) FROM updated)::int + (SELECT count(*) FROM inserted)::int AS written,
                    (SELECT count(*) FROM kept)::int AS kept`,
            [this.kind, JSON.stringify(rows), JSON.stringify(gone)]
          )
          if (counts[0].written !== rows.length || counts[0].kept !== 0) throw conflict()
        }
        if (nextExtras !== this.savedExtras) {
          const { rowCount } = await tx.query(
            `INSERT INTO record_set_extras AS e (kind, data) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET data = EXCLUDED.data WHERE e.data = $3::jsonb`,
            [this.kind, nextExtras, this.savedExtras]
          )
          if (rowCount !== 1) throw conflict()
        }
      })
      .afterCommit(() => {
        for (const [id, json] of written) {
          if (json === null) this.saved.delete(id)
          else this.saved.set(id, json)
        }
        this.savedExtras = nextExtras
      })
      // Another process changed what this change was made on: the change is dropped from memory
      // (as the batch's callers, whose callbacks run after this one, put back what they had
      // set), then the set is read again, so that the next try is made on the other's change. A
      // write before that read ends is refused the same way (compared with what it was made on).
      .ifAbandoned(() => {
        if (!conflicted) return
        for (const [id] of written) {
          const base = this.saved.get(id)
          if (base === undefined) delete this.data.records[id]
          else this.data.records[id] = JSON.parse(base) as T
        }
        if (nextExtras !== this.savedExtras) this.replaceExtras(JSON.parse(this.savedExtras) as Record<string, unknown>)
        // A read that fails (the database gone) is made again by the next notification of the feed.
        queueMicrotask(() => void this.load().catch(() => undefined))
      })
  }
}

function changedMeanwhile(kind: string): CoreError {
  const what = { tags: 'a tag', collections: 'a collection', authorities: 'an authority record', 'column-mappings': 'a column mapping' }[kind] ?? 'a record'
  return new CoreError('CONFLICT', `Someone else changed ${what} that this change was made on, in the meantime; nothing of this change was saved. Look at it again and redo the change.`, undefined, {
    reason: 'CHANGED_BY_SOMEONE_ELSE'
  })
}
