// A team archive's search answers the items of its hits as they are when it answers: the summaries
// made while the database reads the page's texts are not kept for a record changed meanwhile.
import { describe, expect, it } from 'vitest'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

describe('team search summaries', () => {
  it('are those of the records as the answer is made', async () => {
    const team = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir('pk-state-') })
    try {
      const made = await team.createItems(Array.from({ length: 5 }, (_, k) => ({ title: `Harbour notice ${k}`, body: `The harbour board met on day ${k}.` })))
      await team.search.ready()
      const store = team.storage.texts
      const read = store.getForSnippets.bind(store)
      // While the page's texts are read, another change renames the second item.
      store.getForSnippets = async (ids, bodyChars) => {
        const texts = await read(ids, bodyChars)
        await team.updateItem(made[1].id, { title: 'Renamed while searching' })
        return texts
      }
      const r = await team.search.query('harbour', { limit: 50, facets: false, histogram: false })
      expect(r.items.map((i) => i.id).sort()).toEqual(made.map((m) => m.id).sort())
      const byId = new Map(r.items.map((i) => [i.id, i]))
      expect(byId.get(made[1].id)!.title).toBe('Renamed while searching')
      expect(byId.get(made[0].id)!.title).toBe('Harbour notice 0')
      expect(r.items.every((i) => !('bodyLength' in i))).toBe(true)
    } finally {
      await team.close()
    }
  })
})
