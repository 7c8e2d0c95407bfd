// Bulk writes into a team archive's tables with COPY … FROM STDIN (pg-copy-streams), for the
// migration of a whole archive: one stream per table instead of statements whose single JSON
// parameter PostgreSQL must parse into jsonb before reading a row of it (that parse of a
// multi-megabyte document per 2,000 rows was most of the migration's database time).
// The rows go in PostgreSQL's text format, escaped here; the stream runs on the
// transaction's connection, so a failure anywhere leaves nothing.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'
import type { Tx } from './TeamDatabase'

/** A column's value: text as it is, null as SQL NULL, a list as a text[] literal. */
export type CopyValue = string | null | string[]

/** Bytes of rows sent to the server at a time. */
const CHUNK_CHARS = 1 << 20

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N'
  const text = Array.isArray(value) ? arrayLiteral(value) : value
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/** A text[] literal: every element quoted, its quotes and backslashes escaped. */
function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

function* chunks(rows: Iterable<CopyValue[]>): Generator<string> {
  let lines: string[] = []
  let size = 0
  for (const row of rows) {
    const line = row.map(copyField).join('\t') + '\n'
    lines.push(line)
    size += line.length
    if (size >= CHUNK_CHARS) {
      yield lines.join('')
      lines = []
      size = 0
    }
  }
  if (lines.length) yield lines.join('')
}

/** Copies rows into `table` (its `columns`, in order) on the transaction's connection; returns how many. */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<number> {
  const sink = tx.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
  await pipeline(Readable.from(chunks(rows)), sink)
  return sink.rowCount
}
