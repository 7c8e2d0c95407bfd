// A team archive's search index is kept in the process's working folder and, at the next
// open, brought up to date with what other processes changed meanwhile, item by item.
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ItemRecord } from '../../../electron/core/CatalogStore'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { differences } from '../../../electron/core/search/SearchService'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

const rec = (id: string, modified: string, trashed: string | null = null) => ({ id, modified, trashed }) as unknown as ItemRecord

describe('a team archive search index', () => {
  it('names what to index again and what to drop, by modification time', () => {
    const t = (s: string) => Date.parse(s)
    const indexed = new Map([
      ['same', t('2026-01-01T00:00:00.000Z')],
      ['edited', t('2026-01-01T00:00:00.000Z')],
      ['trashed', t('2026-01-01T00:00:00.000Z')],
      ['deleted', t('2026-01-01T00:00:00.000Z')]
    ])
    const records = [
      rec('same', '2026-01-01T00:00:00.000Z'),
      // Earlier, not only later: another machine's clock may be behind.
      rec('edited', '2025-12-31T23:59:59.999Z'),
      rec('trashed', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
      rec('new', '2026-01-03T00:00:00.000Z'),
      rec('trashed-never-indexed', '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z')
    ]
    expect(differences(indexed, records)).toEqual({ update: ['edited', 'new'], remove: ['trashed', 'deleted'] })
  })

  it('keeps the index a first open built when the archive is closed at once, and loads it at the next open', async () => {
    const database = await freshDatabase()
    const files = tempDir('pk-files-')
    const maker = await openTeamArchive({ database, files, state: tempDir('pk-state-') })
    await maker.createItems(Array.from({ length: 300 }, (_, i) => ({ title: `Notice ${i}`, body: `Harbour dues number ${i} were raised.` })))
    await maker.close()

    // The first open in this working folder builds the index and starts saving it; closing must not cut that save.
    const state = tempDir('pk-state-')
    const first = await openTeamArchive({ database, files, state })
    await first.search.ready()
    await first.close()
    const saved = await SearchIndex.tryLoad(path.join(state, 'index'))
    expect(saved.ok && saved.index.size).toBe(300)
    if (saved.ok) saved.index.close()

    const again = await openTeamArchive({ database, files, state })
    try {
      await again.search.ready()
      expect((await again.search.query('harbour', {})).total).toBe(300)
      // Loaded, not built again: no reindex job ran.
      expect(again.search.status().rebuilding).toBeNull()
    } finally {
      await again.close()
    }
  })

  it('finds at the next open what another process changed while this one was closed', async () => {
    const database = await freshDatabase()
    const files = tempDir('pk-files-')
    const state = tempDir('pk-state-')
    const a = await openTeamArchive({ database, files, state })
    const [kept, edited, trashed] = await a.createItems([
      { title: 'Harbour report', body: 'The quay was rebuilt.' },
      { title: 'Budget speech', body: 'The minister spoke.' },
      { title: 'Old notice', body: 'Ferry timetable.' }
    ])
    await a.search.ready()
    expect((await a.search.query('ferry', {})).total).toBe(1)
    await a.close()

    const b = await openTeamArchive({ database, files, state: tempDir() })
    await b.updateItem(edited.id, { body: 'The minister spoke of lighthouses.' })
    await b.setTrashed([trashed.id], true)
    const [added] = await b.createItems([{ title: 'Lighthouse keepers', body: 'A new association.' }])
    await b.close()

    const again = await openTeamArchive({ database, files, state })
    try {
      await again.search.ready()
      const ids = async (q: string) => (await again.search.query(q, {})).hits.map((h) => h.id).sort()
      expect(await ids('lighthouse')).toEqual([edited.id, added.id].sort())
      expect(await ids('ferry')).toEqual([])
      expect(await ids('quay')).toEqual([kept.id])
      expect(again.search.status().size).toBe(3)
    } finally {
      await again.close()
    }
  })
})
