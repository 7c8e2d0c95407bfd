import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { corpus } from '../helpers'
import { openWorkspace } from './setup'

// Names as the seed page writes them, some under two spellings.
const seed = readFileSync(corpus('seed-press-page.txt'), 'utf8')

describe('authority records', () => {
  it('are made from the names in items, proposed as duplicates, merged with their variants, and find every spelling', async () => {
    expect(seed).toContain('Ramata Almamy Mbaye')
    const w = await openWorkspace()
    await w.add('Forum opening', { people: ['Dr. Salim M. AlMalik', 'Ramata Almami Mbaye'], places: ['Fez'] })
    await w.add('IOM meeting', { people: ['Dr. AlMalik', 'António Vitorino'], organisations: ['IOM'] })
    await w.add('TURKSOY meeting', { people: ['Ramata Almamy Mbaye', 'Sultanbai Raev'] })
    expect(await w.call('authorities:fromItems', {})).toEqual({ created: 8 })
    const people = await w.call('authorities:list', { kind: 'person' })
    expect(people.map((p) => p.preferred).sort()).toEqual(['António Vitorino', 'Dr. AlMalik', 'Dr. Salim M. AlMalik', 'Ramata Almami Mbaye', 'Ramata Almamy Mbaye', 'Sultanbai Raev'])

    const proposals = await w.call('authorities:duplicates', { kind: 'person' })
    const pairs = proposals.map((p) => [p.a.preferred, p.b.preferred].sort().join(' = '))
    expect(pairs).toContain('Ramata Almami Mbaye = Ramata Almamy Mbaye')
    expect(pairs).toContain('Dr. AlMalik = Dr. Salim M. AlMalik')
    expect(pairs).not.toContain('António Vitorino = Sultanbai Raev')

    const by = (n: string) => people.find((p) => p.preferred === n)!
    expect(await w.attempt('authorities:merge', { sourceId: by('Dr. AlMalik').id, targetId: by('Dr. AlMalik').id })).toMatchObject({
      ok: false,
      message: 'A record cannot be merged into itself; choose two different records.'
    })
    await w.call('authorities:update', { id: by('Dr. Salim M. AlMalik').id, identifiers: [{ scheme: 'wikidata', value: 'https://www.wikidata.org/wiki/q20000000' }], note: 'Director-General of ICESCO' })
    const merged = await w.call('authorities:merge', { sourceId: by('Dr. AlMalik').id, targetId: by('Dr. Salim M. AlMalik').id })
    expect(merged).toMatchObject({ preferred: 'Dr. Salim M. AlMalik', variants: ['Dr. AlMalik'], identifiers: [{ scheme: 'wikidata', value: 'Q20000000' }] })
    expect(await w.titles({ filter: { authority: merged.id } })).toEqual(['Forum opening', 'IOM meeting'])
    expect((await w.call('authorities:get', { id: merged.id })).count).toBe(2)

    // A rejected proposal is not made again.
    await w.call('authorities:reject', { a: by('Ramata Almami Mbaye').id, b: by('Ramata Almamy Mbaye').id })
    expect((await w.call('authorities:duplicates', {})).length).toBe(0)

    // Undo brings the two records back; the merge was one change.
    await w.call('history:undo', {})
    expect((await w.call('authorities:list', { kind: 'person' })).length).toBe(6)
    await w.call('history:redo', {})
    expect((await w.call('authorities:list', { kind: 'person' })).length).toBe(5)
    await w.archive.close()
  })

  it('check names and identifiers typed by hand', async () => {
    const w = await openWorkspace()
    const org = await w.call('authorities:create', { kind: 'organisation', preferred: 'ICESCO', variants: ['Islamic World Educational, Scientific and Cultural Organization', 'icesco'], identifiers: [{ scheme: 'viaf', value: '137154437' }] })
    expect(org.variants).toEqual(['Islamic World Educational, Scientific and Cultural Organization'])
    expect(await w.attempt('authorities:create', { kind: 'organisation', preferred: 'Icesco' })).toMatchObject({ ok: false, message: '“Icesco” is already a name of the organisation record “ICESCO”; merge the two records instead.' })
    // The same name may name a place and an organisation.
    await w.call('authorities:create', { kind: 'place', preferred: 'ICESCO' })
    expect(await w.attempt('authorities:create', { kind: 'person', preferred: ' ' })).toMatchObject({ ok: false, message: 'The preferred name cannot be empty or only spaces.' })
    expect(await w.attempt('authorities:update', { id: org.id, identifiers: [{ scheme: 'wikidata', value: '42' }] })).toMatchObject({ ok: false, message: '“42” is not a valid wikidata identifier: a Wikidata id looks like Q42.' })
    const person = await w.call('authorities:create', { kind: 'person', preferred: 'A. Person' })
    expect(await w.attempt('authorities:merge', { sourceId: person.id, targetId: org.id })).toMatchObject({ ok: false, message: 'A person record cannot be merged into an organisation record.' })
    // A preferred form given up stays as a variant.
    const renamed = await w.call('authorities:update', { id: org.id, preferred: 'ICESCO (Rabat)' })
    expect(renamed.variants).toContain('ICESCO')
    await w.archive.close()
  })
})
