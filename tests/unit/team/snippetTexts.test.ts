// A team archive's snippets read each page's texts in one query, bodies cut in the database to
// what the snippets need, and show what the whole texts would.
import { describe, expect, it, vi } from 'vitest'
import { searchDocOf } from '../../../electron/core/search/docs'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

const long = (k: number, word: string, at: number) =>
  Array.from({ length: 900 }, (_, i) => (i === at ? word : ['the', 'harbour', 'board', 'met,', 'élèves', 'à', 'Rabat;', 'المدرسة'][(i + k) % 8])).join(k % 2 ? ' ' : '  ')

describe('team archive snippets', () => {
  it('read a page of texts in one query, cut where the window allows, with the snippets of whole texts', async () => {
    const team = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir('pk-state-') })
    try {
      const inputs = Array.from({ length: 30 }, (_, k) => ({ title: `Notice ${k}`, body: long(k, k % 3 ? 'lighthouse' : 'Lighthouse.', k % 4 === 0 ? 880 : 5 + k), description: k === 7 ? 'A lighthouse keeper.' : '' }))
      const made = await team.createItems(inputs)
      await team.search.ready()
      const store = team.storage.texts
      const read = vi.spyOn(store, 'getForSnippets')
      const queries = vi.spyOn(team.storage.db, 'query')
      const r = await team.search.query('lighthouse', { limit: 50 })
      expect(r.hits).toHaveLength(30)
      expect(read).toHaveBeenCalledTimes(1)
      expect(queries.mock.calls.filter(([sql]) => /item_texts/.test(sql))).toHaveLength(1)
      const answers = await read.mock.results[0].value
      expect(answers.filter((a: { bodyCut: boolean }) => a.bodyCut).length).toBeGreaterThan(10)
      for (const a of answers) if (a.bodyCut) expect(inputs.some((m) => m.body.startsWith(a.texts.body) && m.body.length > a.texts.body.length)).toBe(true)

      // The same items indexed in memory, snippets from their whole texts.
      const texts = new Map(await Promise.all(made.map(async (m) => [m.id, await store.get(m.id)] as const)))
      const index = SearchIndex.build(made.map((m) => searchDocOf(team.catalog.get(m.id)!, texts.get(m.id)!)))
      const whole = await index.search('lighthouse', { limit: 50, getTexts: (id) => ({ ...texts.get(id)!, attachments: [] }) })
      const byId = new Map(whole.hits.map((h) => [h.id, h.snippet]))
      for (const h of r.hits) expect(h.snippet, h.id).toEqual(byId.get(h.id))
    } finally {
      await team.close()
    }
  })

  it('gives bodies whole, or cut to the characters asked for and said so', async () => {
    const team = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir('pk-state-') })
    try {
      const [a, b] = await team.createItems([{ title: 'A', body: 'Ünïcode bodies, cut by characters.' }, { title: 'B', body: 'short' }])
      const got = await team.storage.texts.getForSnippets([a.id, 'missing', b.id, a.id], [7, 100, 5, Infinity])
      expect(got.map((g) => [g.texts.body, g.bodyCut])).toEqual([
        ['Ünïcode', true],
        ['', false],
        ['short', false],
        ['Ünïcode bodies, cut by characters.', false]
      ])
    } finally {
      await team.close()
    }
  })
})
