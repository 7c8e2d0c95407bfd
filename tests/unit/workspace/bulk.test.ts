import { describe, it, expect } from 'vitest'
import { openWorkspace } from './setup'

describe('bulk edit', () => {
  it('previews every change, applies exactly that, and journals each item', async () => {
    const w = await openWorkspace()
    const c = await w.call('collections:create', { name: 'Forum' })
    const a = await w.add('ICESCO at the forum', { tags: ['old'], outlet: 'ICESCO News', people: ['Ramata Almamy Mbaye'] })
    const b = await w.add('Forum closes', { outlet: 'Icesco news', people: ['Ramata Almamy Mbaye', 'Dr. AlMalik'] })
    const untouched = await w.add('Untouched', { outlet: 'Other' })
    const ops = [
      { op: 'addTags' as const, tags: ['event/unaoc-2022'] },
      { op: 'removeTags' as const, tags: ['old'] },
      { op: 'addCollections' as const, collections: [c.id] },
      { op: 'setField' as const, field: 'status' as const, value: 'catalogued' },
      { op: 'replace' as const, field: 'outlet' as const, find: 'icesco news', replace: 'ICESCO', caseSensitive: false },
      { op: 'replace' as const, field: 'people' as const, find: 'Almam[iy]', replace: 'Almami', regex: true }
    ]
    const preview = await w.call('bulk:preview', { ids: [a.id, b.id], ops })
    expect(preview).toMatchObject({ selected: 2, changed: 2, more: 0, errors: [] })
    const byItem = (id: string) => Object.fromEntries(preview.changes.filter((ch) => ch.id === id).map((ch) => [ch.field, [ch.before, ch.after]]))
    expect(byItem(a.id)).toEqual({
      tags: ['old', 'event/unaoc-2022'],
      collections: ['', c.id],
      status: ['new', 'catalogued'],
      outlet: ['ICESCO News', 'ICESCO'],
      people: ['Ramata Almamy Mbaye', 'Ramata Almami Mbaye']
    })
    expect(byItem(b.id).people).toEqual(['Ramata Almamy Mbaye; Dr. AlMalik', 'Ramata Almami Mbaye; Dr. AlMalik'])
    // Nothing changed yet.
    expect((await w.call('items:get', { id: a.id })).tags).toEqual(['old'])

    expect(await w.call('bulk:apply', { ids: [a.id, b.id], ops, token: preview.token })).toEqual({ selected: 2, changed: 2 })
    const a2 = await w.call('items:get', { id: a.id })
    expect(a2).toMatchObject({ tags: ['event/unaoc-2022'], collections: [c.id], status: 'catalogued', outlet: 'ICESCO', people: ['Ramata Almami Mbaye'] })
    expect((await w.call('items:get', { id: untouched.id })).outlet).toBe('Other')
    expect(await w.titles({ filter: { status: 'catalogued' } })).toEqual(['Forum closes', 'ICESCO at the forum'])
    const entries = (await w.journal()).filter((e) => e.op === 'bulk-edit')
    expect(entries.map((e) => e.id).sort()).toEqual([a.id, b.id].sort())
    expect(entries.find((e) => e.id === a.id)).toMatchObject({ before: { outlet: 'ICESCO News' }, after: { outlet: 'ICESCO' } })
    await w.archive.close()
  })

  it('refuses a stale preview, an invalid result, a bad pattern, and unknown ids, changing nothing', async () => {
    const w = await openWorkspace()
    const a = await w.add('Dated', { date: '2022-11-23', body: 'The body mentions Fes twice: Fes.' })
    const b = await w.add('Other', { date: '2021-01-01' })
    const ops = [{ op: 'replace' as const, field: 'title' as const, find: 'Dated', replace: 'Dated item' }]
    const preview = await w.call('bulk:preview', { ids: [a.id], ops })
    await w.call('items:update', { id: a.id, fields: { notes: 'changed meanwhile' } })
    expect(await w.attempt('bulk:apply', { ids: [a.id], ops, token: preview.token })).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect((await w.call('items:get', { id: a.id })).title).toBe('Dated')

    const badDate = [{ op: 'replace' as const, field: 'date' as const, find: '-(\\d\\d)-', replace: '-1$1-', regex: true }]
    const p2 = await w.call('bulk:preview', { ids: [a.id, b.id], ops: badDate })
    expect(p2.errors.map((e) => e.title).sort()).toEqual(['Dated', 'Other'])
    expect(p2.errors[0].message).toMatch(/date would become “20\d\d-1\d\d-\d\d”, which must be a date/)
    const r = await w.attempt('bulk:apply', { ids: [a.id, b.id], ops: badDate })
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(!r.ok && r.message).toMatch(/cannot apply to 2 items, so nothing was changed/)
    expect((await w.call('items:get', { id: a.id })).date).toBe('2022-11-23')

    expect(await w.attempt('bulk:preview', { ids: [a.id], ops: [{ op: 'replace', field: 'title', find: '(', replace: '', regex: true }] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^“\(” is not a valid regular expression/)
    })
    expect(await w.attempt('bulk:preview', { ids: [a.id], ops: [{ op: 'setField', field: 'date', value: 'yesterday' }] })).toMatchObject({ ok: false, field: 'ops.0.value' })
    expect(await w.attempt('bulk:preview', { ids: [a.id, 'zzzzzzzzzzzz'], ops })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await w.attempt('bulk:preview', { ids: [a.id], ops: [{ op: 'addTags', tags: ['/bad'] }] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })

    // A literal replacement keeps `$1` as typed; the body is edited in the text store.
    await w.call('bulk:apply', { ids: [a.id], ops: [{ op: 'replace', field: 'body', find: 'Fes', replace: 'Fez ($1)' }] })
    const item = await w.call('items:get', { id: a.id })
    expect(item.body).toBe('The body mentions Fez ($1) twice: Fez ($1).')
    // The search index follows the bulk edit of the text.
    expect((await w.archive.search.query('"Fez ($1)"', {})).hits.map((h) => h.id)).toContain(a.id)
    await w.archive.close()
  })
})
