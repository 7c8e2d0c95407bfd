// What an edit costs the database: the schema lets an edited item's new row version stay on its
// page with no index entry (a HOT update), even on a page filled by the rows written before it,
// and a person's long undo stacks are compressed with lz4. pageinspect reads the row versions
// themselves: the statistics views are only sent by each connection now and then.
import { describe, expect, it } from 'vitest'
import { runAs } from '../../../electron/core/actor'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

/** A row version written by a HOT update: no index points at it (HEAP_ONLY_TUPLE in t_infomask2). */
const HEAP_ONLY = 0x8000

describe('edits in a team archive', () => {
  it('are HOT updates of the item row, with page room left by the rows written before, and long undo stacks are lz4', async () => {
    const database = await freshDatabase()
    const archive = await openTeamArchive({ database, files: tempDir('pk-files-'), state: tempDir() })
    try {
      const db = archive.storage.db
      await db.query('CREATE EXTENSION IF NOT EXISTS pageinspect')
      // Enough rows for several pages: the first ones are full as far as the table lets them fill.
      const items = await runAs('amina', () => archive.createItems(Array.from({ length: 150 }, (_, i) => ({ title: `Item ${i} ${'x'.repeat(200)}` }))))
      const where = async (id: string) => {
        const { rows } = await db.query<{ page: number; lp: number }>("SELECT (ctid::text::point)[0]::int AS page, (ctid::text::point)[1]::int AS lp FROM items WHERE id = $1", [id])
        return rows[0]
      }
      const pages = await Promise.all(items.map((it) => where(it.id)))
      expect(new Set(pages.map((p) => p.page)).size).toBeGreaterThan(3)
      // The first page's rows, each edited twice: a new title, then the trash mark (a typed column of its own).
      const first = items.filter((_, i) => pages[i].page === 0).slice(0, 3)
      expect(first).toHaveLength(3)
      for (const item of first) {
        await runAs('amina', () => archive.updateItem(item.id, { title: `${item.title}, checked` }))
        await runAs('amina', () => archive.setTrashed([item.id], true))
        const now = await where(item.id)
        expect(now.page).toBe(0)
        const { rows } = await db.query<{ infomask2: number }>('SELECT t_infomask2 AS infomask2 FROM heap_page_items(get_raw_page($1, 0)) WHERE lp = $2', ['items', now.lp])
        expect(rows[0].infomask2 & HEAP_ONLY).toBe(HEAP_ONLY)
      }

      // Past about fifty entries a person's stacks pass the 2 kB where PostgreSQL compresses a value.
      for (let i = 0; i < 70; i++) await runAs('amina', () => archive.updateItem(items[100].id, { title: `Edit ${i} of a long enough label` }))
      const { rows } = await db.query<{ c: string | null }>("SELECT pg_column_compression(state) AS c FROM undo_state WHERE person = 'amina'")
      expect(rows[0].c).toBe('lz4')
    } finally {
      await archive.close()
    }
  })
})
