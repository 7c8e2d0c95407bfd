// Exporting a collection by its name: its items and its sub-collections' items, in its manual order.
import { describe, it, expect } from 'vitest'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { resolveScope } from '../../../electron/core/export/service'
import { openTestArchive } from '../../pg/backend'

describe('export scope: a collection', () => {
  it('resolves a collection by name, with its sub-collections, and refuses an unknown one', async () => {
    const { archive: a } = await openTestArchive()
    const api = createDispatcher(() => a, { allow: ['app', 'trusted'] })
    const call = async (m: string, input: unknown) => {
      const r = await api(m, input)
      if (!r.ok) throw new Error(r.message)
      return r.value as { id: string }
    }
    const top = await call('collections:create', { name: 'Migration' })
    const sub = await call('collections:create', { name: 'Fez forum', parentId: top.id })
    const one = await call('items:create', { fields: { title: 'In the top collection', date: '2022-11-23', collections: [top.id] } })
    const two = await call('items:create', { fields: { title: 'In the sub-collection', date: '2022-11-22', collections: [sub.id] } })
    await call('items:create', { fields: { title: 'Elsewhere' } })
    const r = await resolveScope(a, { kind: 'collection', name: 'migration' })
    expect(new Set(r.ids)).toEqual(new Set([one.id, two.id]))
    expect(r.collection?.name).toBe('Migration')
    await expect(resolveScope(a, { kind: 'collection', name: 'Nope' })).rejects.toThrow(/no collection named "Nope"/)
    await a.close()
  })
})
