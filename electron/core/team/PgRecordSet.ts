// A small set of records of a team archive (tags, collections, authorities, column mappings):
// one row per record in `records`, and what the set keeps beside them in `record_set_extras`.
// The set is held in memory like the folder's file; a write saves only the records that
// changed since the last read or write, so two processes changing different records of one
// set do not undo each other's change.
import type { ChangeBatch } from '../commit/ChangeBatch'
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
  /** Each record's JSON as last read or written: what a write compares with. */
  private saved = new Map<string, string>()
  private savedExtras = '{}'

  constructor(
    private readonly db: TeamDatabase,
    readonly kind: ChangeKind
  ) {}

  async load(): Promise<void> {
    const [records, extras] = await Promise.all([
      this.db.query<{ id: string; data: T }>('SELECT id, data FROM records WHERE kind = $1', [this.kind]),
      this.db.query<{ data: Record<string, unknown> }>('SELECT data FROM record_set_extras WHERE kind = $1', [this.kind])
    ])
    // The same object stays: whoever holds `data` sees the records read again.
    for (const key of Object.keys(this.data)) if (key !== 'records') delete this.data[key]
    Object.assign(this.data, extras.rows[0]?.data ?? {})
    this.data.records = {}
    this.saved = new Map()
    for (const r of records.rows) {
      this.data.records[r.id] = r.data
      this.saved.set(r.id, JSON.stringify(r.data))
    }
    this.savedExtras = JSON.stringify(this.extras())
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

  /** The records as they are when the batch commits, compared with what was saved. */
  stage(batch: ChangeBatch): void {
    let next = new Map<string, string>()
    let nextExtras = ''
    pgBatch(batch)
      .step(this.kind, [], async (tx) => {
        next = new Map(Object.entries(this.data.records).map(([id, v]) => [id, JSON.stringify(v)]))
        const changed = [...next].filter(([id, json]) => this.saved.get(id) !== json)
        const removed = [...this.saved.keys()].filter((id) => !next.has(id))
        nextExtras = JSON.stringify(this.extras())
        if (changed.length)
          await tx.query(
            `INSERT INTO records (kind, id, data) SELECT $1, id, data FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb)
             ON CONFLICT (kind, id) DO UPDATE SET data = EXCLUDED.data`,
            [this.kind, JSON.stringify(changed.map(([id, json]) => ({ id, data: JSON.parse(json) })))]
          )
        if (removed.length) await tx.query('DELETE FROM records WHERE kind = $1 AND id = ANY($2)', [this.kind, removed])
        if (nextExtras !== this.savedExtras)
          await tx.query('INSERT INTO record_set_extras (kind, data) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET data = EXCLUDED.data', [this.kind, nextExtras])
      })
      .afterCommit(() => {
        this.saved = next
        this.savedExtras = nextExtras
      })
  }
}
