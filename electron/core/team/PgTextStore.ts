// The long texts of a team archive's items, one row each in `item_texts`.
import type { ChangeBatch } from '../commit/ChangeBatch'
import { CoreError } from '../errors'
import type { ItemTexts } from '../TextStore'
import { PgBatch, pgBatch } from './PgBatch'
import { copyRows } from './pgCopy'
import type { TeamDatabase, Tx } from './TeamDatabase'

const EMPTY = (): ItemTexts => ({ body: '', description: '', notes: '', attachments: {} })
type TextRow = { id: string; body: string; description: string; notes: string; attachments: Record<string, string> }

/** Writes texts in a transaction, many at once. */
export async function writeTexts(tx: Tx, entries: Array<[string, ItemTexts]>): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const part = entries.slice(i, i + 1000).map(([id, t]) => ({ id, body: t.body, description: t.description, notes: t.notes, attachments: t.attachments ?? {} }))
    await tx.query(
      `INSERT INTO item_texts (id, body, description, notes, attachments)
       SELECT id, body, description, notes, attachments FROM jsonb_to_recordset($1::jsonb) AS x(id text, body text, description text, notes text, attachments jsonb)
       ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, description = EXCLUDED.description, notes = EXCLUDED.notes, attachments = EXCLUDED.attachments`,
      [JSON.stringify(part)]
    )
  }
}

/** Puts the texts of a whole archive into an empty table at once (the migration). */
export async function copyTexts(tx: Tx, entries: Iterable<[string, ItemTexts]>): Promise<number> {
  const rows = (function* () {
    for (const [id, t] of entries) yield [id, t.body, t.description, t.notes, JSON.stringify(t.attachments ?? {})]
  })()
  return copyRows(tx, 'item_texts', ['id', 'body', 'description', 'notes', 'attachments'], rows)
}

export class PgTextStore {
  constructor(private readonly db: TeamDatabase) {}

  async get(id: string): Promise<ItemTexts> {
    const { rows } = await this.db.query<TextRow>('SELECT * FROM item_texts WHERE id = $1', [id])
    if (!rows[0]) return EMPTY()
    const { body, description, notes, attachments } = rows[0]
    return { body, description, notes, attachments }
  }

  /** Many at once, in the order given (exports, the search index). */
  async getMany(ids: readonly string[]): Promise<ItemTexts[]> {
    const { rows } = await this.db.query<TextRow>('SELECT * FROM item_texts WHERE id = ANY($1)', [ids])
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.map((id) => {
      const r = byId.get(id)
      return r ? { body: r.body, description: r.description, notes: r.notes, attachments: r.attachments } : EMPTY()
    })
  }

  /** A database cannot be read synchronously: the bulk readers fall back to `get` (see export/records.ts). */
  getSync(id: string): ItemTexts {
    throw new CoreError('INTERNAL', `The texts of ${id} are in the team archive's database and are read asynchronously.`)
  }

  getManySync(ids: readonly string[]): Array<ItemTexts | Error> {
    return ids.map(() => new Error('read asynchronously from the database'))
  }

  async put(id: string, texts: ItemTexts): Promise<void> {
    const batch = new PgBatch(this.db, 'save texts')
    this.stage(batch, id, texts)
    await batch.commit()
  }

  stage(batch: ChangeBatch, id: string, texts: ItemTexts): void {
    pgBatch(batch).step('texts', [id], (tx) => writeTexts(tx, [[id, texts]]))
  }

  async remove(id: string): Promise<void> {
    const batch = new PgBatch(this.db, 'remove texts')
    batch.step('texts', [id], async (tx) => void (await tx.query('DELETE FROM item_texts WHERE id = $1', [id])))
    await batch.commit()
  }
}
