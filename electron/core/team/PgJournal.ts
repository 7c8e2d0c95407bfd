// The journal of a team archive: one row per line in `journal`, each line exactly as the
// folder's journal would write it (migrations copy lines both ways unchanged), plus the item
// ids it is about, to find an item's history. Each line names the person who made the change.
import * as os from 'node:os'
import type { ChangeBatch } from '../commit/ChangeBatch'
import { clip, type JournalEntry } from '../Journal'
import { PgBatch, pgBatch } from './PgBatch'
import { copyRows } from './pgCopy'
import type { TeamDatabase, Tx } from './TeamDatabase'
import { currentActor } from '../actor'

/** A journal line as stored: its time, the items it names, and the JSON text. */
export type JournalLine = { t: string; line: string }

export type JournalRow = { t: string; item_id: string | null; ids: string[] | null; line: string }

/**
 * The row of a journal line: the items it is about read from it (a torn line is about none).
 * A line of a folder's month file (`month` given) takes its time from the line when that is of
 * the file's month, else the month; the line is parsed once for both (a journal of 100k
 * created items is hundreds of MB).
 */
export function journalRow(line: string, t: string, month?: string): JournalRow {
  let id: string | null = null
  let ids: string[] | null = null
  try {
    const e = JSON.parse(line) as { t?: unknown; id?: unknown; ids?: unknown }
    if (month !== undefined && typeof e.t === 'string' && e.t.slice(0, 7) === month) t = e.t
    if (typeof e.id === 'string') id = e.id
    if (Array.isArray(e.ids)) ids = e.ids.filter((x): x is string => typeof x === 'string')
  } catch {
    // A torn line (from a folder journal after a crash) is kept as it is, about no item.
  }
  return { t, item_id: id, ids, line }
}

/** The statements that append lines (no answer needed: deferred to the change's last statement). */
export function journalStatements(lines: JournalLine[]): Array<{ sql: string; params: unknown[] }> {
  const out: Array<{ sql: string; params: unknown[] }> = []
  for (let i = 0; i < lines.length; i += 2000)
    out.push({
      sql: `INSERT INTO journal (t, item_id, ids, line)
       SELECT t, item_id, ids, line FROM jsonb_to_recordset($1::jsonb) AS x(t text, item_id text, ids text[], line text)`,
      params: [JSON.stringify(lines.slice(i, i + 2000).map((l) => journalRow(l.line, l.t)))]
    })
  return out
}

/** Appends a whole journal at once, in order (the migration). */
export async function copyJournalRows(tx: Tx, journal: Iterable<JournalRow>): Promise<number> {
  const rows = (function* () {
    for (const r of journal) yield [r.t, r.item_id, r.ids, r.line]
  })()
  return copyRows(tx, 'journal', ['t', 'item_id', 'ids', 'line'], rows)
}

export class PgJournal {
  /** Who the lines name when no signed-in person makes the change (currentActor: the team server's caller, per request).  */
  user: string = safeUser()
  private readonly host = os.hostname()

  constructor(private readonly db: TeamDatabase) {}

  private lines(entries: JournalEntry[]): JournalLine[] {
    const t = new Date().toISOString()
    return entries.map((entry) => ({ t, line: JSON.stringify({ t, user: currentActor() ?? this.user, host: this.host, ...entry, before: clip(entry.before), after: clip(entry.after) }) }))
  }

  append(entry: JournalEntry): Promise<void> {
    return this.appendMany([entry])
  }

  async appendMany(entries: JournalEntry[]): Promise<void> {
    const batch = new PgBatch(this.db, 'journal')
    this.stage(batch, entries)
    await batch.commit()
  }

  stage(batch: ChangeBatch, entries: JournalEntry[]): void {
    if (entries.length === 0) return
    const b = pgBatch(batch)
    for (const { sql, params } of journalStatements(this.lines(entries))) b.defer('journal', [], sql, params)
  }

  async history(id: string): Promise<Array<JournalEntry & { t: string; user: string }>> {
    const { rows } = await this.db.query<{ line: string }>('SELECT line FROM journal WHERE item_id = $1 OR ids @> ARRAY[$1]::text[] ORDER BY seq', [id])
    return rows.map((r) => JSON.parse(r.line))
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username
  } catch {
    return 'unknown'
  }
}
