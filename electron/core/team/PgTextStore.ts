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

/** Texts kept of the items this process read or wrote last. */
const RECENT_MAX = 512
const copyOf = (t: ItemTexts): ItemTexts => ({ ...t, attachments: { ...t.attachments } })
/** An item's texts from its row (the row's other columns left out), or none when there is no row. */
const textsOfRow = (r: Omit<TextRow, 'id'> | undefined): ItemTexts => (r ? { body: r.body, description: r.description, notes: r.notes, attachments: r.attachments } : EMPTY())

/**
 * The first `n` characters of `head` (the database's characters: code points, so a character
 * outside the BMP is one, as in PostgreSQL's left()), and whether `head` went on beyond them.
 */
export function firstChars(head: string, n: number): { text: string; cut: boolean } {
  // UTF-16 units are at least as many as code points: no more units than n, no more characters.
  if (head.length <= n) return { text: head, cut: false }
  if (!SURROGATE.test(head)) return { text: head.slice(0, n), cut: true }
  let i = 0
  for (let k = 0; k < n && i < head.length; k++) i += head.codePointAt(i)! > 0xffff ? 2 : 1
  return i < head.length ? { text: head.slice(0, i), cut: true } : { text: head, cut: false }
}
const SURROGATE = /[\uD800-\uDFFF]/

export class PgTextStore {
  /**
   * The texts of the items this process read or wrote last: an edit reads its item's texts for
   * its answer, and the search index again to index it, and a change needs them before. Kept as
   * the records in memory are: what this process commits replaces them, a change another
   * process made drops them when the change feed brings it (PgStorage), before the records
   * are read again.
   */
  private readonly recent = new Map<string, ItemTexts>()
  /**
   * When each item's texts last changed, counted in changes (`changes`): a read that started
   * before its item's last change is not kept. Forgotten in bulk to stay small; an item not
   * listed counts as changed when the list was last emptied, so no read from before that is kept.
   */
  private readonly changedAt = new Map<string, number>()
  private changes = 0
  private emptiedAt = 0

  constructor(private readonly db: TeamDatabase) {}

  /** Keeps texts read (or written) when `startedAt` was the count of changes. */
  private keep(id: string, texts: ItemTexts, startedAt: number): void {
    if ((this.changedAt.get(id) ?? this.emptiedAt) > startedAt) return
    this.recent.delete(id)
    this.recent.set(id, texts)
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value!)
  }

  /** The count of changes now: a read begun at this count is kept only for items not changed since. */
  get changeCount(): number {
    return this.changes
  }

  /**
   * Another process changed these items, and `read` holds the texts read with that change
   * (changeRead.ts) when `readAt` was the count of changes: they replace what was kept, except
   * for items this process changed since (its own texts are newer); the rest is dropped.
   */
  replaceFromFeed(ids: readonly string[], read: ReadonlyMap<string, ItemTexts>, readAt: number): void {
    const changedSince = new Set(ids.filter((id) => (this.changedAt.get(id) ?? this.emptiedAt) > readAt))
    this.forget(ids)
    for (const [id, texts] of read) if (!changedSince.has(id)) this.keep(id, texts, this.changes)
  }

  /** Drops what is kept of these items (changed elsewhere, or about to change). */
  forget(ids: Iterable<string>): void {
    this.changes++
    for (const id of ids) {
      this.recent.delete(id)
      this.changedAt.set(id, this.changes)
    }
    if (this.changedAt.size > RECENT_MAX * 8) {
      this.changedAt.clear()
      this.emptiedAt = this.changes
    }
  }

  /**
   * Reads under way, by item: a second read of the same texts meanwhile (an edit's answer read
   * beside its commit, then the search index following that edit) waits for the first instead of
   * asking again, if the item has not changed since the first began.
   */
  private readonly reading = new Map<string, { startedAt: number; texts: Promise<ItemTexts> }>()

  /** The read under way of this item's texts, if it began after the item's last change. */
  private joinable(id: string): Promise<ItemTexts> | undefined {
    const r = this.reading.get(id)
    return r && (this.changedAt.get(id) ?? this.emptiedAt) <= r.startedAt ? r.texts : undefined
  }

  async get(id: string): Promise<ItemTexts> {
    const kept = this.recent.get(id)
    if (kept) return copyOf(kept)
    const under = this.joinable(id)
    if (under) return copyOf(await under)
    const startedAt = this.changes
    const texts = this.db.query<TextRow>('SELECT * FROM item_texts WHERE id = $1', [id]).then(({ rows }) => textsOfRow(rows[0]))
    const entry = { startedAt, texts }
    this.reading.set(id, entry)
    try {
      const read = await texts
      this.keep(id, read, startedAt)
      return copyOf(read)
    } finally {
      if (this.reading.get(id) === entry) this.reading.delete(id)
    }
  }

  /**
   * Many at once, in the order given (exports, the search index): those kept from memory (the
   * items this process just changed, or whose change the feed just brought), the rest in one read.
   */
  async getMany(ids: readonly string[]): Promise<ItemTexts[]> {
    // Taken now: what is kept may be dropped while the rest is read.
    const kept = new Map<string, ItemTexts>()
    for (const id of ids) {
      const t = this.recent.get(id)
      if (t) kept.set(id, copyOf(t))
    }
    const joined = new Map<string, Promise<ItemTexts>>()
    for (const id of ids) {
      const under = kept.has(id) ? undefined : this.joinable(id)
      if (under) joined.set(id, under)
    }
    const missing = ids.filter((id) => !kept.has(id) && !joined.has(id))
    const read = new Map<string, TextRow>()
    if (missing.length) {
      const { rows } = await this.db.query<TextRow>('SELECT * FROM item_texts WHERE id = ANY($1)', [missing])
      for (const r of rows) read.set(r.id, r)
    }
    for (const [id, texts] of joined) kept.set(id, copyOf(await texts))
    return ids.map((id) => kept.get(id) ?? textsOfRow(read.get(id)))
  }

  /**
   * Texts for a page of snippets, in one query: each body cut in the database to the characters
   * its snippet needs (a snippet's window is mostly near the start of a body of several KB, and
   * decoding the whole bodies of 50 rows was the larger part of a search's CPU here). Not kept
   * in `recent`, which holds whole texts.
   */
  async getForSnippets(ids: readonly string[], bodyChars: readonly number[]): Promise<Array<{ texts: ItemTexts; bodyCut: boolean }>> {
    // -1 stands for the whole body (Infinity does not go into an int array).
    const limits = bodyChars.map((n) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : -1))
    // One character more than asked for tells whether the body goes on, without its length: the
    // length of a compressed body decompresses all of it, while its first characters are only a
    // slice (the query's time in the database halved: 0.70 to 0.38 ms for a page of 50 at 100k
    // items). Only the columns used (the driver decodes each column of each row), the place as an
    // int4, which the driver gives as a number (a bigint comes as a string).
    const { rows } = await this.db.query<Omit<TextRow, 'id'> & { k: number }>(
      `SELECT x.k::int4 AS k, CASE WHEN x.n < 0 THEN t.body ELSE left(t.body, x.n + 1) END AS body, t.description, t.notes, t.attachments
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS x(id, n, k) JOIN item_texts t ON t.id = x.id`,
      [ids, limits]
    )
    // By place in the list (ordinality counts from 1): an id asked for twice gets both answers.
    const byPlace: Array<(typeof rows)[number] | undefined> = new Array(ids.length)
    for (const r of rows) byPlace[r.k - 1] = r
    return ids.map((_, k) => {
      const r = byPlace[k]
      if (!r) return { texts: EMPTY(), bodyCut: false }
      const head = limits[k] < 0 ? { text: r.body, cut: false } : firstChars(r.body, limits[k])
      return { texts: { body: head.text, description: r.description, notes: r.notes, attachments: r.attachments }, bodyCut: head.cut }
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
    const written = copyOf(texts)
    pgBatch(batch)
      .step('texts', [id], (tx) => writeTexts(tx, [[id, written]]))
      .afterCommit(() => {
        this.forget([id])
        this.keep(id, written, this.changes)
      })
      .ifAbandoned(() => this.forget([id]))
  }

  async remove(id: string): Promise<void> {
    this.forget([id])
    const batch = new PgBatch(this.db, 'remove texts')
    batch.step('texts', [id], async (tx) => void (await tx.query('DELETE FROM item_texts WHERE id = $1', [id])))
    await batch.commit()
  }
}
