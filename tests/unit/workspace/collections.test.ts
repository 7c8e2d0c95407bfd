import { describe, it, expect } from 'vitest'
import { openWorkspace } from './setup'

describe('collections', () => {
  it('nest, hold items in several collections, filter the list, and refuse cycles', async () => {
    const w = await openWorkspace()
    const press = await w.call('collections:create', { name: 'Press 2022', description: 'Everything from 2022' })
    const fez = await w.call('collections:create', { name: 'Fez forum', parentId: press.id, notes: 'UNAOC' })
    const deep = await w.call('collections:create', { name: 'Speeches', parentId: fez.id })
    const a = await w.add('In both', { collections: [press.id, fez.id] })
    await w.add('Only Fez', { collections: [fez.id] })
    await w.add('Unfiled one')
    expect(await w.titles({ filter: { collection: press.id } })).toEqual(['In both'])
    expect(await w.titles({ filter: { collection: fez.id } })).toEqual(['In both', 'Only Fez'])
    expect(await w.titles({ filter: { unfiled: true } })).toEqual(['Unfiled one'])
    const list = await w.call('collections:list', {})
    expect(list.find((c) => c.id === fez.id)).toMatchObject({ name: 'Fez forum', parentId: press.id, notes: 'UNAOC', count: 2 })
    expect((await w.call('items:counts', {})).unfiled).toBe(1)

    const self = await w.attempt('collections:update', { id: press.id, parentId: press.id })
    expect(self).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'parentId' })
    expect(!self.ok && self.message).toBe('The collection “Press 2022” cannot be its own parent.')
    const cycle = await w.attempt('collections:update', { id: press.id, parentId: deep.id })
    expect(!cycle.ok && cycle.message).toBe('The collection “Press 2022” cannot be placed inside “Speeches”, which is inside it.')
    expect((await w.call('collections:list', {})).find((c) => c.id === press.id)?.parentId).toBeNull()

    expect(await w.attempt('collections:create', { name: 'fez FORUM', parentId: press.id })).toMatchObject({ ok: false, message: expect.stringMatching(/already a collection “Fez forum” inside “Press 2022”/) })
    expect(await w.attempt('collections:create', { name: '   ' })).toMatchObject({ ok: false, message: 'A collection name cannot be empty or only spaces.' })
    expect(await w.attempt('items:update', { id: a.id, fields: { collections: ['zzzzzzzzzzzz'] } })).toMatchObject({ ok: false, code: 'NOT_FOUND' })

    // Moving a branch elsewhere is fine.
    await w.call('collections:update', { id: deep.id, parentId: null, name: 'All speeches' })
    expect((await w.call('collections:list', {})).find((c) => c.id === deep.id)).toMatchObject({ parentId: null, name: 'All speeches' })
    await w.archive.close()
    expect(Object.keys(await w.stored('collections'))).toHaveLength(3)
  })

  it('keeps a manual order, and deleting one keeps its items and lifts its children', async () => {
    const w = await openWorkspace()
    const c = await w.call('collections:create', { name: 'Dossier' })
    const child = await w.call('collections:create', { name: 'Annex', parentId: c.id })
    const ids = []
    for (const t of ['First', 'Second', 'Third']) ids.push((await w.add(t, { collections: [c.id] })).id)
    await w.call('collections:reorder', { id: c.id, itemIds: [ids[2], ids[0]] })
    const page = await w.call('items:list', { filter: { collection: c.id }, sort: 'manual', order: 'asc' })
    expect(page.items.map((i) => i.title)).toEqual(['Third', 'First', 'Second'])
    expect(await w.attempt('items:list', { sort: 'manual' })).toMatchObject({ ok: false, field: 'sort' })
    const outsider = await w.add('Outsider')
    expect(await w.attempt('collections:reorder', { id: c.id, itemIds: [outsider.id] })).toMatchObject({ ok: false, message: 'The item “Outsider” is not in the collection “Dossier”.' })

    expect((await w.call('collections:delete', { id: c.id })).items).toBe(3)
    expect((await w.call('items:get', { id: ids[0] })).collections).toEqual([])
    expect((await w.call('collections:list', {})).map((x) => [x.name, x.parentId])).toEqual([['Annex', null]])
    expect(child.parentId).toBe(c.id)
    await w.call('history:undo', {})
    expect((await w.call('items:get', { id: ids[0] })).collections).toEqual([c.id])
    expect((await w.call('collections:list', {})).find((x) => x.id === child.id)?.parentId).toBe(c.id)
    await w.archive.close()
  })
})
