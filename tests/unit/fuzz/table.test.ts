// Fuzz of the CSV and JSON table importer: tables generated from the column names other tools
// use and from hostile cell values, serialised as CSV/TSV/JSON/CSL-JSON, then mutated as bytes.
import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { extractTable } from '../../../electron/core/import/files/table'
import { fuzz, mutateBytes, mutations, NASTY_TOKENS, scaled } from './fuzzKit'
import { checkExtracted, scratch } from './fileInput'

const COLUMNS = ['title', 'Headline', 'date', 'published_at', 'type', 'language', 'outlet', 'author', 'url', 'body', 'tags', 'people', 'embargo', 'id', 'عنوان', 'Titre', '', ' ', 'x'.repeat(300)]
const cell = fc.oneof(
  fc.constantFrom('2022-11-23', '23/11/2022', '2022-02-30', 'press-release', 'speech', 'fr', 'en_US', 'a; b; c', '<p>Hello <b>world</b></p>', 'https://example.org/a', ''),
  fc.constantFrom(...NASTY_TOKENS),
  fc.string({ unit: 'binary', maxLength: 30 })
)

const table = fc.record({
  columns: fc.uniqueArray(fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 8 }),
  rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 12 }),
  format: fc.constantFrom('csv', 'csv;', 'tsv', 'json', 'json-items', 'csl'),
  ms: mutations(200, 3)
})

const q = (s: string) => (/[",;\t\n\r|]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

function serialise(t: { columns: string[]; rows: string[][]; format: string }): { name: string; text: string } {
  const objects = t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? ''])))
  switch (t.format) {
    case 'json':
      return { name: 'table.json', text: JSON.stringify(objects) }
    case 'json-items':
      return { name: 'table.json', text: JSON.stringify({ items: objects }) }
    case 'csl':
      return {
        name: 'table.json',
        text: JSON.stringify(
          objects.map((o, i) => ({ ...o, issued: i % 2 ? { 'date-parts': [[2022, i, 30]] } : { raw: o.date ?? '' }, author: [{ given: o.title ?? '', family: 'X' }, { literal: o.body ?? '' }] }))
        )
      }
    default: {
      const sep = t.format === 'tsv' ? '\t' : t.format === 'csv;' ? ';' : ','
      const lines = [t.columns, ...t.rows].map((r) => r.map(q).join(sep))
      return { name: t.format === 'tsv' ? 'table.tsv' : 'table.csv', text: lines.join('\r\n') }
    }
  }
}

const files = scratch('table')
afterAll(() => files.remove())

describe('fuzz: CSV and JSON tables', () => {
  it('gives rows or a clear error for 6,000 mutated tables', async () => {
    await fuzz({
      name: 'tables (extractTable)',
      arbitrary: table.map((t) => {
        const s = serialise(t)
        return { name: s.name, bytes: mutateBytes(Buffer.from(s.text, 'utf8'), t.ms) }
      }),
      runs: scaled(6_000),
      exec: async (input) => extractTable(await files.write(input.name, input.bytes)),
      check: (r) => checkExtracted(r),
      timeBoundMs: 5_000
    })
  })
})
