// What a person curated, found and exported by name: collections by name or path (with their
// sub-collections rolled up, or not), tags, search results, and names through authority records.
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { runCli } from '../../../electron/cli/cli'
import { resolveScope } from '../../../electron/core/export/service'
import { newArchivePath, tempDir } from '../helpers'
import { openWorkspace } from './setup'

describe('curated scopes', () => {
  it('collections by name and path roll up in the list, search and export; tags export; the bag names the path', async () => {
    const w = await openWorkspace()
    const events = await w.call('collections:create', { name: 'Events' })
    const fez = await w.call('collections:create', { name: 'UNAOC Global Forum, Fez 2022', parentId: events.id, description: 'The ninth forum.' })
    const other = await w.call('collections:create', { name: 'Reports' })
    const twin = await w.call('collections:create', { name: 'UNAOC Global Forum, Fez 2022', parentId: other.id })
    const own = await w.add('Opening of the events season', { date: '2022-01-10', collections: [events.id], tags: ['region/africa'] })
    const a = await w.add('Forum opens in Fez', { date: '2022-11-22', collections: [fez.id], tags: ['region/africa/north'] })
    const b = await w.add('Forum closes in Fez', { date: '2022-11-23', collections: [fez.id] })
    await w.add('A report filed elsewhere', { collections: [twin.id] })

    // The list: a parent holds its children's items when asked, each item once; counts say both.
    expect(await w.titles({ filter: { collection: events.id } })).toEqual([own.title])
    expect(await w.titles({ filter: { collection: events.id, withSubcollections: true } })).toEqual([b.title, a.title, own.title].sort())
    const info = (await w.call('collections:list', {})).find((c) => c.id === events.id)!
    expect([info.count, info.total]).toEqual([1, 3])

    // Search by name (folded), by path, and a parent's name rolls up; an unknown name says so.
    await w.archive.search.ready()
    const found = async (q: string) => (await w.call('search:query', { q, limit: 100 })).items.map((i) => i.title).sort()
    expect(await found('collection:"unaoc global forum, fez 2022"')).toEqual(['A report filed elsewhere', a.title, b.title].sort())
    expect(await found('collection:"Events/UNAOC Global Forum, Fez 2022"')).toEqual([a.title, b.title].sort())
    expect(await found('collection:Events')).toEqual([b.title, a.title, own.title].sort())
    expect(await found('closes -collection:Reports')).toEqual([b.title])
    const unknown = await w.call('search:query', { q: 'collection:Nowhere' })
    expect([unknown.total, unknown.ignored.join(' ')]).toEqual([0, 'no collection is named "Nowhere"'])
    expect((await w.call('search:ids', { q: 'collection:Events' })).sort()).toEqual([own.id, a.id, b.id].sort())

    // Export scopes: a path; without its sub-collections; a name shared by two is refused with their paths; a tag.
    const scoped = await resolveScope(w.archive, { kind: 'collection', name: 'Events/UNAOC Global Forum, Fez 2022' })
    expect([scoped.ids, scoped.collection]).toEqual([[a.id, b.id], { name: 'Events › UNAOC Global Forum, Fez 2022', description: 'The ninth forum.' }])
    expect((await resolveScope(w.archive, { kind: 'collection', name: 'Events', withSubcollections: false })).ids).toEqual([own.id])
    expect((await resolveScope(w.archive, { kind: 'collection', name: 'Events' })).ids).toEqual([own.id, a.id, b.id])
    await expect(resolveScope(w.archive, { kind: 'collection', name: 'UNAOC Global Forum, Fez 2022' })).rejects.toThrow(
      'Several collections are named "UNAOC Global Forum, Fez 2022" ("Events/UNAOC Global Forum, Fez 2022", "Reports/UNAOC Global Forum, Fez 2022"); name one by its path.'
    )
    expect(await resolveScope(w.archive, { kind: 'tag', name: 'region/africa' })).toEqual({ ids: [own.id, a.id], collection: { name: 'Tag: region/africa' } })

    // A real bag: bag-info names the collection by its path.
    const out = path.join(tempDir(), 'fez-bag')
    const { jobId } = await w.call('export:run', { scope: { kind: 'collection', name: fez.id }, format: 'bagit', out })
    const outcome = await w.call('jobs:wait', { jobId })
    expect(outcome.state).toBe('done')
    const bagInfo = readFileSync(path.join(out, 'bag-info.txt'), 'utf8')
    expect(bagInfo).toContain('Internal-Sender-Identifier: Events › UNAOC Global Forum, Fez 2022')
    expect(bagInfo).toContain('External-Description: The ninth forum.')
    await w.archive.close()
  })

  it('the same scopes on the command line: a collection by path, without its sub-collections, a tag', async () => {
    const dir = newArchivePath()
    const cli = async (...args: string[]) => {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli(['--archive', dir, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) })
      return { code, out: out.join('\n'), err: err.join('\n') }
    }
    expect((await cli('init')).code).toBe(0)
    const top = /Created collection (\w+)/.exec((await cli('collections', 'create', 'Events')).out)![1]
    const sub = /Created collection (\w+)/.exec((await cli('collections', 'create', 'Fez 2022', '--parent', top)).out)![1]
    const add = async (title: string, collection: string, tag: string) => {
      const id = JSON.parse((await cli('--json', 'add', '--title', title, '--tag', tag)).out).id as string
      expect((await cli('bulk', id, '--add-to', collection)).code).toBe(0)
    }
    await add('Season opening', top, 'press/en')
    await add('Forum in Fez', sub, 'press/fr')
    const out = tempDir()
    const run = async (name: string, ...scope: string[]) => cli('--json', 'export', ...scope, '--format', 'json', '--out', path.join(out, name))
    const titles = (name: string) => (JSON.parse(readFileSync(path.join(out, name), 'utf8')).items as Array<{ title: string }>).map((i) => i.title).sort()
    expect((await run('events.json', '--collection', 'events')).code).toBe(0)
    expect(titles('events.json')).toEqual(['Forum in Fez', 'Season opening'])
    expect((await run('own.json', '--collection', 'Events', '--no-subcollections')).code).toBe(0)
    expect(titles('own.json')).toEqual(['Season opening'])
    expect((await run('fez.json', '--collection', 'Events/Fez 2022')).code).toBe(0)
    expect(titles('fez.json')).toEqual(['Forum in Fez'])
    expect((await run('fr.json', '--tag', 'press/fr')).code).toBe(0)
    expect(titles('fr.json')).toEqual(['Forum in Fez'])
    const both = await run('x.json', '--tag', 'press', '--all')
    expect([both.code, both.err]).toEqual([1, 'presskeep: Say what to export with exactly one of --all, --collection NAME, --tag TAG, --query Q or --ids ID...'])
  })
})
