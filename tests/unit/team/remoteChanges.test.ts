// Another process's change, as this one's change feed applies it: the items' rows and texts come
// in one statement after the changes, and the search index takes the texts from there instead
// of reading them again; a row older than one this process already wrote is not taken.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openTeamArchive, type TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'
import { twoProcesses } from './twoProcesses'

/** Resolves once the archive has announced changes of these items from another process and its index holds them. */
function remoteChangesIndexed(archive: TeamArchive, ids: string[]): Promise<void> {
  const waiting = new Set(ids)
  return new Promise((resolve) => {
    const off = archive.on('items:changed', ({ ids: changed, reason }) => {
      if (reason !== 'remote') return
      for (const id of changed) waiting.delete(id)
      if (waiting.size > 0) return
      off()
      void archive.search.current().then(resolve)
    })
  })
}

describe("another process's change, applied here", () => {
  it('brings the texts with the rows: the index reads none of its own, and finds the new words', async () => {
    const [a, b] = await twoProcesses()
    try {
      const items = await a.createItems([
        { title: 'Harbour dues', body: 'The port authority met.' },
        { title: 'Ferry timetable', body: 'Boats leave at nine.' }
      ])
      await a.search.ready()
      await b.storage.feed.catchUp()
      // Every statement A's connections send from here on.
      const statements: string[] = []
      const query = pg.Client.prototype.query
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0] as string | { text?: string }
        statements.push(typeof q === 'string' ? q : (q?.text ?? ''))
        return (query as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof query
      try {
        const seen = remoteChangesIndexed(a, items.map((i) => i.id))
        for (const i of items) await b.updateItem(i.id, { body: `${i.title}: lighthouse keepers` })
        await seen
      } finally {
        pg.Client.prototype.query = query
      }
      expect(statements.filter((s) => s.startsWith('SELECT seq, origin, kinds, ids, at FROM changes')).length).toBeGreaterThanOrEqual(1)
      // The rows and texts came with the changes; nothing read them again.
      expect(statements.filter((s) => /FROM item_texts t WHERE t\.id = ANY/.test(s)).length).toBeGreaterThanOrEqual(1)
      expect(statements.filter((s) => /FROM item_texts WHERE/.test(s))).toEqual([])
      expect(statements.filter((s) => /FROM items WHERE/.test(s))).toEqual([])
      const found = await a.search.query('lighthouse', { limit: 10, facets: false, histogram: false })
      expect(found.hits.map((h) => h.id).sort()).toEqual(items.map((i) => i.id).sort())
      expect((await a.storage.texts.get(items[0].id)).body).toBe('Harbour dues: lighthouse keepers')
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('keeps a row it wrote over an older one read meanwhile', async () => {
    const a = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir() })
    try {
      const [item] = await a.createItems([{ title: 'First' }])
      const { rows } = await a.storage.db.query<Parameters<typeof a.storage.records.applyRows>[1][number]>('SELECT * FROM items WHERE id = $1', [item.id])
      await a.updateItem(item.id, { title: 'Second' })
      // The row read before this process's own change, applied after it: not taken.
      expect(a.storage.records.applyRows([item.id], rows)).toEqual([])
      expect(a.catalog.get(item.id)?.title).toBe('Second')
      // A newer one is.
      const newer = { ...rows[0], title: 'Third', version: String(Number(rows[0].version) + 5) }
      expect(a.storage.records.applyRows([item.id], [newer])).toEqual([item.id])
      expect(a.catalog.get(item.id)?.title).toBe('Third')
    } finally {
      await a.close()
    }
  })
})
