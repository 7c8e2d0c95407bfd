import { describe, it, expect } from 'vitest'
import { cli, newArchivePath } from '../helpers'

describe('cataloguing on the command line', () => {
  it('tags, collections, authorities, bulk edit with --dry-run, undo', async () => {
    const dir = newArchivePath()
    const ids: string[] = []
    for (const [title, person] of [['Forum opening', 'Ramata Almami Mbaye'], ['Meeting', 'Ramata Almamy Mbaye']])
      ids.push(JSON.parse((await cli(dir, '--json', 'add', '--title', title, '--tag', 'region/africa', '--person', person)).out).id)

    const dry = await cli(dir, 'bulk', ...ids, '--add-tag', 'event/unaoc', '--set', 'status=catalogued', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.out).toContain(`${ids[0]}  tags: “region/africa” → “region/africa; event/unaoc”`)
    expect(dry.out).toContain(`${ids[1]}  status: “new” → “catalogued”`)
    expect(dry.out).toMatch(/Would change 2 of 2 item\(s\) \(dry run: nothing was changed\)\.$/)
    expect((await cli(dir, 'list', '--tag', 'event')).out).toBe('No items.')

    expect((await cli(dir, 'bulk', '--where-tag', 'region', '--add-tag', 'event/unaoc')).out).toMatch(/^Changed 2 of 2 item\(s\)/)
    expect((await cli(dir, 'tags')).out).toBe(['event  0/2', '  event/unaoc  2/2', 'region  0/2', '  region/africa  2/2'].join('\n'))
    expect((await cli(dir, 'undo')).out).toBe('Undone: Bulk edit of 2 items (add tag event/unaoc)')
    expect((await cli(dir, 'list', '--tag', 'event')).out).toBe('No items.')
    expect((await cli(dir, 'redo')).code).toBe(0)
    expect((await cli(dir, 'tags', 'rename', 'region', 'area')).out).toBe('Renamed region to area on 2 item(s).')
    expect((await cli(dir, 'tags', 'colour', 'area', '#AA3300')).out).toBe('Tag area: #aa3300')
    const bad = await cli(dir, 'tags', 'colour', 'area/', '#aa3300')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^presskeep: The tag “area\/” starts or ends with a slash/)

    const created = await cli(dir, 'collections', 'create', 'Press 2022')
    const cid = /Created collection (\w+)/.exec(created.out)![1]
    const sub = /Created collection (\w+)/.exec((await cli(dir, 'collections', 'create', 'Fez', '--parent', cid)).out)![1]
    expect((await cli(dir, 'collections', 'edit', cid, '--parent', sub)).err).toBe('presskeep: The collection “Press 2022” cannot be placed inside “Fez”, which is inside it.')
    await cli(dir, 'bulk', ids[0], '--add-to', sub)
    expect((await cli(dir, 'collections')).out).toBe(`${cid}  Press 2022  (0)\n${sub}    Fez  (1)`)
    expect((await cli(dir, 'list', '--unfiled')).out).toContain(ids[1])

    expect((await cli(dir, 'authorities', 'from-items', '--kind', 'person')).out).toBe('Created 2 record(s).')
    const dups = await cli(dir, '--json', 'authorities', 'duplicates')
    const [pair] = JSON.parse(dups.out)
    expect([pair.a.preferred, pair.b.preferred].sort()).toEqual(['Ramata Almami Mbaye', 'Ramata Almamy Mbaye'])
    expect((await cli(dir, 'authorities', 'merge', pair.a.id, pair.a.id)).err).toBe('presskeep: A record cannot be merged into itself; choose two different records.')
    expect((await cli(dir, 'authorities', 'merge', pair.b.id, pair.a.id)).out).toBe(`Merged into ${pair.a.preferred}; variants: ${pair.b.preferred}`)
    expect(JSON.parse((await cli(dir, '--json', 'list', '--authority', pair.a.id)).out).total).toBe(2)
    const viaf = await cli(dir, 'authorities', 'edit', pair.a.id, '--id', 'wikidata:Q1', '--id', 'viaf:12')
    expect(viaf.code).toBe(0)
    expect((await cli(dir, 'authorities', 'add', 'person', 'X', '--id', 'orcid:1')).err).toMatch(/--id takes scheme:value/)
    expect((await cli(dir, 'undo-state')).out).toMatch(/^undo: Edit person “Ramata Almam[iy] Mbaye”/)
  })
})
