// A team archive keeps the texts of the items it read or wrote last; a read that started before
// its item changed (announced by forget) is never kept, however many changes came in between.
import { describe, expect, it } from 'vitest'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

describe('texts kept by a team archive', () => {
  it('keeps a read, and drops one that started before its item changed, even past a bulk forget', async () => {
    const team = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir('pk-state-') })
    try {
      const [item] = await team.createItems([{ title: 'Kept', body: 'first body' }])
      const store = team.storage.texts
      const db = team.storage.db
      // Another process changes the body behind this one's back: what is kept is read again only once forgotten.
      await store.get(item.id)
      await db.query('UPDATE item_texts SET body = $2 WHERE id = $1', [item.id, 'second body'])
      expect((await store.get(item.id)).body).toBe('first body')
      store.forget([item.id])
      expect((await store.get(item.id)).body).toBe('second body')

      // A read in flight when its item changes, then enough other changes to empty the record of
      // changes; the record emptied once before the read too, as after a busy hour.
      const others = Array.from({ length: 5000 }, (_, k) => `other-${k}`)
      store.forget([item.id])
      store.forget(others)
      const inFlight = store.get(item.id)
      store.forget([item.id])
      store.forget(others)
      await inFlight
      await db.query('UPDATE item_texts SET body = $2 WHERE id = $1', [item.id, 'third body'])
      expect((await store.get(item.id)).body).toBe('third body')
    } finally {
      await team.close()
    }
  })
})
