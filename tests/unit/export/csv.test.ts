// The CSV writer builds its rows itself and reads the items' texts in batches (for
// speed): these tests hold its fields to csv-stringify's quoting, and the file it writes
// to what the archive holds, value by value, across several read batches.
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../electron/core/Archive'
import { CSV_COLUMNS, exportItems } from '../../../electron/core/export'
import { csvCell, csvField, csvRow } from '../../../electron/core/export/csv'
import { loadEntries } from '../../../electron/core/export/records'
import type { Item } from '../../../shared/model'
import { openTestArchive } from '../../pg/backend'
import { awkwardItems } from './awkwardItems'
import { cleanup, tempDir } from './helpers'

// The library's own output with the writer's options, quoting bare line breaks too
// (see csvField): the oracle for the hand-written quoting.
const oracle = (cells: string[]) => stringify([cells], { record_delimiter: 'windows', quote_record_delimiter: true })

const AWKWARD = [
  '',
  'plain',
  ' leading space',
  'a,b',
  ',',
  '"',
  'say "hi"',
  '""',
  'line\nbreak',
  'line\r\nbreak',
  'cr\ronly',
  'ends with cr\r',
  '\n',
  'tab\there',
  'semi; colon',
  "'quoted'",
  'أعلن الوزير، اليوم، أن "الحكومة"\nستعزز التعاون',
  '📰 emoji, 🇲🇦',
  'lone \ud800 surrogate',
  'x'.repeat(5000) + ',"'
]

describe('CSV fields', () => {
  it('quotes and escapes every field as csv-stringify does', () => {
    for (const v of AWKWARD) expect(csvRow([csvField(v)]), JSON.stringify(v)).toBe(oracle([v]))
    // Whole rows of mixed fields, in many combinations (a fixed sequence, so a failure repeats).
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let r = 0; r < 300; r++) {
      const cells = Array.from({ length: 1 + (next() % 12) }, () => AWKWARD[next() % AWKWARD.length] + AWKWARD[next() % AWKWARD.length])
      expect(csvRow(cells.map(csvField))).toBe(oracle(cells))
    }
  })

  it('neutralises formulas before quoting, on the first character only', () => {
    expect(csvCell('=1+1')).toBe(`'=1+1`)
    expect(csvCell('+33 1 23')).toBe(`'+33 1 23`)
    expect(csvCell('-5')).toBe(`'-5`)
    expect(csvCell('@user')).toBe(`'@user`)
    expect(csvCell('\tx')).toBe(`'\tx`)
    expect(csvCell('\r\n=x')).toBe(`"'\r\n=x"`)
    expect(csvCell('=HYPERLINK("a","b")')).toBe(`"'=HYPERLINK(""a"",""b"")"`)
    expect(csvCell('1=1')).toBe('1=1')
    expect(csvCell('a-b')).toBe('a-b')
    expect(csvCell('')).toBe('')
    // Values outside the model's types (a damaged record) are text, never "undefined".
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-3)).toBe(`'-3`)
  })
})

/** Everything outside quoted fields: a spreadsheet reads each CR or LF there as the end of a row. */
const unquoted = (csv: string) => csv.replace(/"(?:[^"]|"")*"/g, '')

describe('CSV export', () => {
  let dir: string
  let archive: Archive
  let ids: string[]

  beforeAll(async () => {
    dir = tempDir('pk-csv-')
    archive = (await openTestArchive(undefined, { under: dir })).archive
    ids = (await archive.createItems(awkwardItems())).map((i) => i.id)
  })
  afterAll(async () => {
    await cleanup({ dir, archive })
  })

  it('writes every item, value by value, in the order given, read back by a CSV parser', async () => {
    // An order unlike creation order, with a repeated id (exported once).
    const order = [...ids.slice(40), ...ids.slice(0, 40).reverse(), ids[3]]
    const out = path.join(dir, 'items.csv')
    const summary = await exportItems(archive, order, { format: 'csv', out })
    expect(summary.items).toBe(75)
    const bytes = readFileSync(out)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.endsWith('\r\n')).toBe(true)
    expect(unquoted(text).replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const rows: string[][] = parse(bytes, { bom: true, record_delimiter: '\r\n' })
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.key))
    expect(rows).toHaveLength(76)
    const expected = order.slice(0, 75)
    for (let r = 0; r < expected.length; r++) {
      const item = await archive.getItem(expected[r])
      const want = CSV_COLUMNS.map((c) => {
        const v = c.get(item)
        return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
      })
      expect(rows[r + 1], item.title).toEqual(want)
    }
    const long = rows.find((row) => row[0] === ids[5])!
    // Past what the writer's buffer takes at once (1 MiB at 3 bytes a character).
    expect(long[CSV_COLUMNS.findIndex((c) => c.key === 'body')].length).toBeGreaterThan((1 << 20) / 3)
    expect(rows.find((row) => row[0] === ids[3])![1]).toBe(`'=SUM(A1:A9)`)
  })

  it('loads each item exactly as archive.getItem gives it, keys in the same order', async () => {
    const got: Item[] = []
    for await (const entry of loadEntries(archive, ids, { withAttachmentText: false })) got.push(entry.item)
    expect(got.map((i) => i.id)).toEqual(ids)
    for (const item of got) {
      const want = await archive.getItem(item.id)
      expect(item).toStrictEqual(want)
      // JSON exports write the keys in this order.
      expect(JSON.stringify(item)).toBe(JSON.stringify(want))
    }
  })
})
