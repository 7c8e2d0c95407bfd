// Authority records as the single truth for names: the variants a page import grouped become
// records that any spelling searches through; a merge puts the preferred form on the items (the
// source's spelling kept in their provenance); organisations are not proposed by shared words.
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { commitProposal, proposeTextForArchive } from '../../../electron/core/import/press'
import { corpus } from '../helpers'
import { openWorkspace } from './setup'

const seed = readFileSync(corpus('seed-press-page.txt'), 'utf8')

describe('authority control', () => {
  it('a page import records its grouped variants, once; any variant finds every item', async () => {
    const w = await openWorkspace()
    const proposal = await proposeTextForArchive(w.archive, seed, { sourceName: 'seed-press-page.txt' })
    const ramata = proposal.authorities.find((a) => a.variants.includes('Ramata Almamy Mbaye'))!
    expect(ramata.variants).toContain('Ramata Almami Mbaye')
    await commitProposal(w.archive, proposal, { sourceName: 'seed-press-page.txt', sourceBytes: seed })
    const people = await w.call('authorities:list', { kind: 'person' })
    const record = people.find((p) => [p.preferred, ...p.variants].includes('Ramata Almamy Mbaye'))!
    expect([record.preferred, ...record.variants]).toEqual(expect.arrayContaining(['Ramata Almami Mbaye', 'Ramata Almamy Mbaye']))
    // Every item naming her under either spelling (on the page: two items), whichever spelling is searched.
    const naming = (await w.call('items:list', { limit: 100, filter: { authority: record.id } })).items.map((i) => i.id).sort()
    expect(naming.length).toBe(2)
    await w.archive.search.ready()
    for (const q of ['person:"Ramata Almamy Mbaye"', 'person:"Ramata Almami Mbaye"', 'person:"ramata almamy"'])
      expect((await w.call('search:query', { q, limit: 100 })).items.map((i) => i.id).sort(), q).toEqual(naming)

    // The same page again makes no second record.
    const again = await proposeTextForArchive(w.archive, seed, { sourceName: 'again.txt' })
    await commitProposal(w.archive, again, { sourceName: 'again.txt', sourceBytes: seed })
    expect((await w.call('authorities:list', { kind: 'person' })).length).toBe(people.length)
    await w.archive.close()
  })

  it('after a merge the items name the preferred form; an imported item keeps the source spelling in its provenance', async () => {
    const w = await openWorkspace()
    const typed = await w.add('Typed by hand', { people: ['Kais Hammami'] })
    const proposal = await proposeTextForArchive(w.archive, 'Foresight meeting\n\nOn Monday, 5 December 2022, Dr. Al-Hammami presented a working document on strategic foresight in Rabat.', {
      sourceName: 'page.txt'
    })
    proposal.items[0].fields.people = ['Al-Hammami']
    const [imported] = (await commitProposal(w.archive, proposal, { sourceName: 'page.txt', sourceBytes: 'x' })).items
    const a = await w.call('authorities:create', { kind: 'person', preferred: 'Kais Hammami' })
    const b = await w.call('authorities:create', { kind: 'person', preferred: 'Al-Hammami' })
    await w.archive.search.ready()
    await w.call('authorities:merge', { sourceId: b.id, targetId: a.id })
    expect((await w.call('items:get', { id: imported.id })).people).toEqual(['Kais Hammami'])
    expect((await w.call('items:get', { id: imported.id })).provenance?.spellings).toEqual(['Al-Hammami'])
    expect((await w.call('items:get', { id: typed.id })).people).toEqual(['Kais Hammami'])
    // The People facet shows one name.
    const facet = (await w.call('search:query', { q: 'person:Hammami' })).facets!.person.map((f) => f.value)
    expect(facet).toEqual(['Kais Hammami'])
    // One undo takes the merge back, spellings and all.
    await w.call('history:undo', {})
    expect((await w.call('items:get', { id: imported.id })).people).toEqual(['Al-Hammami'])
    expect((await w.call('items:get', { id: imported.id })).provenance?.spellings).toBeUndefined()
    await w.archive.close()
  })

  it('organisation duplicates are near spellings, not names that share words', async () => {
    const w = await openWorkspace()
    await w.call('authorities:create', { kind: 'organisation', preferred: 'United Nations' })
    await w.call('authorities:create', { kind: 'organisation', preferred: 'UNESCO', variants: ['United Nations Educational, Scientific and Cultural Organization'] })
    await w.call('authorities:create', { kind: 'organisation', preferred: 'Unitd Nations' })
    await w.call('authorities:create', { kind: 'person', preferred: 'AlMalik' })
    await w.call('authorities:create', { kind: 'person', preferred: 'Salim M. AlMalik' })
    const pairs = (await w.call('authorities:duplicates', {})).map((p) => [p.a.preferred, p.b.preferred].sort().join(' = ')).sort()
    expect(pairs).toEqual(['AlMalik = Salim M. AlMalik', 'Unitd Nations = United Nations'])
    await w.archive.close()
  })
})
