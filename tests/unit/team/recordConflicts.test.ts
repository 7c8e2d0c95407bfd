// Tags, collections and authority records of a team archive are shared by every server process:
// a change made on a record that another process changed meanwhile is refused whole, never
// written over the other's change, and the record is read again so that the next try works.
import { describe, expect, it, vi } from 'vitest'
import { twoProcesses } from './twoProcesses'

describe('shared records of a team archive', () => {
  it('refuse a change made on a record changed meanwhile by another process, and take the next try', async () => {
    const [a, b] = await twoProcesses()
    try {
      const [wa, wb] = [await a.workspace(), await b.workspace()]
      await wa.setTag('region/europe', null)
      await wa.setTag('region/africa', null)
      await b.storage.feed.catchUp()
      expect(wb.listTags().map((t) => t.name)).toEqual(expect.arrayContaining(['region/europe', 'region/africa']))
      // B stops following the feed: what it holds stays as it was, as between two notifications.
      await b.storage.feed.stop()
      await wa.setTag('region/europe', '#aa0000')

      // A change of another record of the same set is no conflict.
      await wb.setTag('region/africa', '#00aa00')
      // The record A changed: refused, with the reason the interface translates; A's colour stays.
      await expect(wb.setTag('region/europe', '#0000aa')).rejects.toMatchObject({ code: 'CONFLICT', params: { reason: 'CHANGED_BY_SOMEONE_ELSE' } })
      const colours = async () => Object.fromEntries((await a.storage.workspaceStores().tags.load(), a.storage.workspaceStores().tags.all()).map((t) => [t.name, t.colour]))
      expect(await colours()).toMatchObject({ 'region/europe': '#aa0000', 'region/africa': '#00aa00' })
      // B reads the set again by itself (its feed is stopped): its next try is made on A's change, and is taken.
      const tagsOfB = b.storage.workspaceStores().tags
      await vi.waitFor(() => expect(tagsOfB.get('region/europe')?.colour).toBe('#aa0000'))
      await wb.setTag('region/europe', '#0000aa')
      expect(await colours()).toMatchObject({ 'region/europe': '#0000aa', 'region/africa': '#00aa00' })

      // Deleting a record changed meanwhile is refused too, and deletes nothing.
      await wa.setTag('region/africa', '#111111')
      await expect(wb.deleteTag('region/africa')).rejects.toMatchObject({ code: 'CONFLICT' })
      expect(await colours()).toMatchObject({ 'region/africa': '#111111' })
      await vi.waitFor(() => expect(tagsOfB.get('region/africa')?.colour).toBe('#111111'))
      await wb.deleteTag('region/africa')
      expect(Object.keys(await colours())).not.toContain('region/africa')

      // A collection renamed by one and moved by the other: the second is refused, the first kept.
      const c = await wa.createCollection({ name: 'Forum 2022' })
      await b.storage.workspaceStores().collections.load()
      await wa.updateCollection({ id: c.id, name: 'Forum de Fès 2022' })
      await expect(wb.updateCollection({ id: c.id, name: 'Forum 2022 (press)' })).rejects.toMatchObject({ code: 'CONFLICT' })
      await a.storage.workspaceStores().collections.load()
      expect(a.storage.workspaceStores().collections.get(c.id)?.name).toBe('Forum de Fès 2022')

      // A read of the set between a change in memory and its write (the feed's, after a
      // colleague's change) keeps the change and what it was made on.
      await a.storage.feed.stop()
      const tagsOfA = a.storage.workspaceStores().tags
      await tagsOfA.load()
      tagsOfA.set('region/asia', { name: 'region/asia', colour: '#444444' })
      await tagsOfA.load()
      expect(tagsOfA.get('region/asia')?.colour).toBe('#444444')
      await tagsOfA.write()
      expect(await colours()).toMatchObject({ 'region/asia': '#444444' })
      tagsOfA.set('region/europe', { name: 'region/europe', colour: '#222222' })
      await wb.setTag('region/europe', '#333333')
      await tagsOfA.load()
      expect(tagsOfA.get('region/europe')?.colour).toBe('#222222')
      await expect(tagsOfA.write()).rejects.toMatchObject({ code: 'CONFLICT' })
      await tagsOfA.load()
      expect(tagsOfA.get('region/europe')?.colour).toBe('#333333')
    } finally {
      await a.close()
      await b.close()
    }
  })
})
