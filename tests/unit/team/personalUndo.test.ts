// Undo in a team archive takes back one's own last change, never a colleague's: two people
// editing through two server processes each undo their own, in either order.
import { describe, expect, it } from 'vitest'
import { runAs } from '../../../electron/core/actor'
import { twoProcesses } from './twoProcesses'

describe('undo in a team archive', () => {
  it("undoes only one's own changes, from any server process", async () => {
    const [a, b] = await twoProcesses()
    try {
      const [one, two] = await runAs('amina', () => a.createItems([{ title: 'One' }, { title: 'Two' }]))
      await b.storage.feed.catchUp()
      const wa = await a.workspace()
      const wb = await b.workspace()
      // Amina edits item one on process A; then Karim edits item two on process B.
      await runAs('amina', () => wa.updateItem(one.id, { title: 'One, by Amina' }))
      await b.storage.feed.catchUp()
      await runAs('karim', () => wb.updateItem(two.id, { title: 'Two, by Karim' }))
      await a.storage.feed.catchUp()
      // Each sees their own last change on top, whatever the other did after it.
      expect(runAs('amina', () => wa.historyState()).undo).toBe(runAs('amina', () => wb.historyState()).undo)
      expect(runAs('karim', () => wa.historyState()).undoDepth).toBe(1)
      // Amina's undo (on A, where Karim's change came last) takes back hers, not his.
      await runAs('amina', () => wa.undo())
      await b.storage.feed.catchUp()
      expect(b.catalog.get(one.id)?.title).toBe('One')
      expect(b.catalog.get(two.id)?.title).toBe('Two, by Karim')
      // Karim's undo, on the other process, takes back his.
      await runAs('karim', () => wb.undo())
      await a.storage.feed.catchUp()
      expect(a.catalog.get(two.id)?.title).toBe('Two')
      expect(runAs('karim', () => wa.historyState())).toMatchObject({ undoDepth: 0, redoDepth: 1 })
      // Someone with no change of their own has nothing to undo, and changes nothing trying.
      await expect(runAs('léa', () => wa.undo())).rejects.toMatchObject({ code: 'NOT_FOUND' })
      // Amina still holds her create on her stack; her redo brings her edit back.
      await runAs('amina', () => wb.redo())
      await a.storage.feed.catchUp()
      expect(a.catalog.get(one.id)?.title).toBe('One, by Amina')
      // The journal names each person on their own lines.
      const users = (await a.journal.history(two.id)).map((e) => `${e.op}:${e.user}`)
      expect(users).toEqual(['create:amina', 'update:karim', 'undo:karim'])
    } finally {
      await a.close()
      await b.close()
    }
  })
})
