// The migration's COPY path escapes by hand (PostgreSQL's text format): values with every
// character that format treats specially go into the tables and come back exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemRecord } from '../../../electron/core/CatalogStore'
import { copyJournalRows, journalRow } from '../../../electron/core/team/PgJournal'
import { copyRecords, recordFromRow, type ItemRow } from '../../../electron/core/team/PgItemRecordStore'
import { copyTexts } from '../../../electron/core/team/PgTextStore'
import { migrateSchema } from '../../../electron/core/team/schema'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { freshDatabase } from '../../pg/database'

const NASTY = 'tab\there, line\nbreak, cr\r, back\\slash \\N \\\\t, "quotes" {braces}, comma, NULL, عربي, émoji 🗞'

let db: TeamDatabase
beforeAll(async () => {
  db = new TeamDatabase(await freshDatabase())
  await migrateSchema(db.pool)
})
afterAll(() => db.close())

describe('COPY into a team archive', () => {
  it('keeps tabs, line breaks, backslashes, quotes and non-Latin text exactly', async () => {
    const rec = {
      id: 'i1',
      type: 'article',
      date: '2022-11-23',
      title: NASTY,
      language: 'ar',
      created: '2022-11-23T10:00:00.000Z',
      modified: '2022-11-23T10:00:00.000Z',
      trashed: null,
      tags: [NASTY, 'a"b', 'c\\d'],
      attachments: []
    } as unknown as ItemRecord
    const journal = [
      { t: '2022-11-23T10:00:00.000Z', line: JSON.stringify({ op: 'edit', ids: ['i1', 'x"y', 'z\\w', 'sp ace'], after: { title: NASTY } }) },
      { t: '2022-11', line: '{"torn": "line\twith a tab' }
    ]
    await db.transaction(async (tx) => {
      expect(await copyRecords(tx, [rec])).toBe(1)
      expect(await copyTexts(tx, [['i1', { body: NASTY, description: '', notes: 'n\\', attachments: { a1: NASTY } }]])).toBe(1)
      expect(await copyJournalRows(tx, journal.map((l) => journalRow(l.line, l.t)))).toBe(2)
    })
    const items = await db.query<ItemRow>('SELECT * FROM items')
    expect(recordFromRow(items.rows[0])).toEqual(rec)
    expect(items.rows[0].version).toBe('1')
    const texts = await db.query('SELECT * FROM item_texts')
    expect(texts.rows[0]).toEqual({ id: 'i1', body: NASTY, description: '', notes: 'n\\', attachments: { a1: NASTY } })
    const lines = await db.query<{ t: string; item_id: string | null; ids: string[] | null; line: string }>('SELECT t, item_id, ids, line FROM journal ORDER BY seq')
    expect(lines.rows).toEqual([
      { t: journal[0].t, item_id: null, ids: ['i1', 'x"y', 'z\\w', 'sp ace'], line: journal[0].line },
      { t: '2022-11', item_id: null, ids: null, line: journal[1].line }
    ])
  })
})
