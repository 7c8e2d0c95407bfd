import { describe, it, expect } from 'vitest'
import { openWorkspace } from './setup'

describe('tags', () => {
  it('are hierarchical: a tag filters its own items and those of the tags below it, with counts', async () => {
    const w = await openWorkspace()
    await w.add('Lagos summit', { tags: ['region/africa/west', 'summit'] })
    await w.add('Nairobi talks', { tags: ['region/africa/east'] })
    await w.add('Paris forum', { tags: ['region/europe'] })
    await w.add('Untagged')
    expect(await w.titles({ filter: { tag: 'region/africa' } })).toEqual(['Lagos summit', 'Nairobi talks'])
    expect(await w.titles({ filter: { tag: 'region' } })).toEqual(['Lagos summit', 'Nairobi talks', 'Paris forum'])
    expect(await w.titles({ filter: { tag: 'region/af' } })).toEqual([])
    const tags = Object.fromEntries((await w.call('tags:list', {})).map((t) => [t.name, t]))
    expect(tags['region']).toMatchObject({ count: 0, total: 3 })
    expect(tags['region/africa']).toMatchObject({ count: 0, total: 2 })
    expect(tags['region/africa/west']).toMatchObject({ count: 1, total: 1 })
    expect(tags['summit']).toMatchObject({ count: 1, total: 1 })
    await w.archive.close()
  })

  it('are coloured, renamed and merged on every item at once, and persist', async () => {
    const w = await openWorkspace()
    const a = await w.add('A', { tags: ['Africa', 'region/africa'] })
    const b = await w.add('B', { tags: ['region/africa/west'] })
    await w.call('tags:set', { name: 'region/africa', colour: '#1F6FEB' })
    await w.call('tags:set', { name: 'Africa', colour: '#ff0000' })
    expect((await w.call('tags:rename', { from: 'region', to: 'area' })).items).toBe(2)
    expect((await w.call('items:get', { id: b.id })).tags).toEqual(['area/africa/west'])
    let tags = await w.call('tags:list', {})
    expect(tags.find((t) => t.name === 'area/africa')?.colour).toBe('#1f6feb')
    expect(tags.some((t) => t.name.startsWith('region'))).toBe(false)

    // Renaming onto an existing tag is a merge, and says so.
    const clash = await w.attempt('tags:rename', { from: 'Africa', to: 'area/africa' })
    expect(clash).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(!clash.ok && clash.message).toMatch(/already a tag “area\/africa”.*merge/)

    expect((await w.call('tags:merge', { sources: ['Africa'], into: 'area/africa' })).items).toBe(1)
    expect((await w.call('items:get', { id: a.id })).tags).toEqual(['area/africa'])
    tags = await w.call('tags:list', {})
    expect(tags.find((t) => t.name === 'area/africa')?.colour).toBe('#1f6feb')
    expect(tags.some((t) => t.name === 'Africa')).toBe(false)
    await w.archive.close()

    expect((await w.stored('tags'))['area/africa']).toEqual({ name: 'area/africa', colour: '#1f6feb' })
    const again = await openWorkspace(w.dir)
    expect((await again.call('items:get', { id: b.id })).tags).toEqual(['area/africa/west'])
    expect((await again.call('tags:list', {})).find((t) => t.name === 'area/africa')?.total).toBe(2)
    await again.archive.close()
  })

  it('refuses bad names with clear messages and keeps emoji and other scripts intact', async () => {
    const w = await openWorkspace()
    const item = await w.add('Tagged')
    const bad: Array<[string, RegExp]> = [
      ['/africa', /starts or ends with a slash/],
      ['region/', /starts or ends with a slash/],
      ['region//africa', /empty level/],
      ['   ', /empty or only spaces/],
      ['x'.repeat(500), /at most 200 characters.*has 500/],
      ['line\nbreak', /control character/]
    ]
    for (const [name, message] of bad) {
      const r = await w.attempt('items:update', { id: item.id, fields: { tags: [name] } })
      expect(r.ok, name).toBe(false)
      // The item schema itself refuses an empty entry before the tag rules see it.
      expect(!r.ok && r.message).toMatch(name.trim() === '' ? /tags\.0 Too small/ : message)
      const s = await w.attempt('tags:set', { name, colour: null })
      expect(!s.ok && s.message).toMatch(message)
    }
    expect((await w.call('items:get', { id: item.id })).tags).toEqual([])
    const saved = await w.call('items:update', { id: item.id, fields: { tags: ['🔥 urgent', ' region / المغرب ', 'région/Île-de-France'] } })
    expect(saved.tags).toEqual(['🔥 urgent', 'region/المغرب', 'région/Île-de-France'])
    expect(await w.titles({ filter: { tag: '🔥 urgent' } })).toEqual(['Tagged'])
    expect(await w.attempt('tags:merge', { sources: ['🔥 urgent'], into: '🔥 urgent' })).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be merged into itself/) })
    expect(await w.attempt('tags:set', { name: 'x', colour: 'red' as string })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await w.attempt('tags:rename', { from: 'nope', to: 'x' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    await w.archive.close()
  })

  it('deletes a tag and those below it from every item', async () => {
    const w = await openWorkspace()
    const a = await w.add('A', { tags: ['topic/peace', 'topic', 'keep'] })
    expect((await w.call('tags:delete', { name: 'topic' })).items).toBe(1)
    expect((await w.call('items:get', { id: a.id })).tags).toEqual(['keep'])
    await w.call('history:undo', {})
    expect((await w.call('items:get', { id: a.id })).tags).toEqual(['topic/peace', 'topic', 'keep'])
    await w.archive.close()
  })
})
