// An archive made the way a person makes one (imports of real files, tags, collections,
// authorities, a saved search, a remembered column mapping, a bulk edit and an undo) is
// migrated into PostgreSQL with `presskeep migrate` and back into a new folder, and the two
// folders are compared: records and texts equal, journal lines, attachment files, undo
// entries and the catalogue's small files byte for byte where the format allows.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../electron/cli/cli'
import { Archive } from '../../../electron/core/Archive'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { corpus, tempDir } from '../helpers'
import { openWorkspace } from '../workspace/setup'

async function cli(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()

async function snapshot(dir: string) {
  const a = await Archive.open(dir, { create: false })
  try {
    const records = [...a.catalog.all()].sort((x, y) => (x.id < y.id ? -1 : 1))
    const texts = await Promise.all(records.map((r) => a.texts.get(r.id)))
    return { records, texts, searches: await a.savedSearches.list(), mappings: await a.columnMappings.all(), manifest: a.manifest }
  } finally {
    await a.close()
  }
}

describe('presskeep migrate', () => {
  it('moves a real archive into PostgreSQL and back with nothing lost', async () => {
    const w = await openWorkspace()
    const source = w.dir
    const table = path.join(tempDir(), 'clippings.csv')
    writeFileSync(table, 'Headline,Published,Paper\nTide turns,2024-03-01,The Courier\n')
    const { jobId } = await w.call('import:paths', {
      paths: [corpus('pdf', '2023-06-20-PV.pdf'), corpus('html', 'aclu', 'source.html'), corpus('feeds', 'heise.atom'), table],
      mapping: { Headline: 'title', Published: 'date', Paper: 'outlet' }
    })
    expect((await w.call('jobs:wait', { jobId })).state).toBe('done')
    const [first, second] = (await w.call('items:list', { limit: 5 })).items
    await w.call('tags:set', { name: 'region/europe', colour: null })
    const coll = await w.call('collections:create', { name: 'Minutes', description: 'Council minutes' })
    await w.call('authorities:create', { kind: 'organisation', preferred: 'ICESCO', variants: ['icesco'] })
    await w.call('searches:save', { name: 'Council', query: 'council' })
    await w.call('items:update', { id: first.id, fields: { notes: 'Checked against the paper copy.', tags: ['region/europe'] } })
    const ops = [{ op: 'addCollections' as const, collections: [coll.id] }]
    const preview = await w.call('bulk:preview', { ids: [first.id, second.id], ops })
    await w.call('bulk:apply', { ids: [first.id, second.id], ops, token: preview.token })
    await w.call('history:undo', {})
    await w.archive.close()
    const before = await snapshot(source)
    expect(before.records.length).toBeGreaterThan(3)

    const database = await freshDatabase()
    const files = tempDir('pk-team-files-')
    const there = await cli('--json', 'migrate', '--from', source, '--to', database, '--files', files)
    expect(there).toMatchObject({ code: 0, err: '' })
    const report = JSON.parse(there.out)
    expect(report).toMatchObject({ items: before.records.length, savedSearches: 1, records: { tags: 1, collections: 1, authorities: 1, 'column-mappings': 1 } })
    expect(report.files).toBeGreaterThan(0)

    // The team archive itself serves what came in.
    const team = await openTeamArchive({ database, files, state: tempDir() })
    try {
      expect(team.catalog.size).toBe(before.records.length)
      expect((await team.getItem(first.id)).notes).toBe('Checked against the paper copy.')
      expect((await team.workspace()).listTags().map((t: { name: string }) => t.name)).toContain('region/europe')
      expect((await team.journal.history(first.id)).map((e) => e.op)).toContain('update')
      await team.search.ready()
      expect((await team.search.query('"paper copy"', {})).items.map((i) => i.id)).toEqual([first.id])
    } finally {
      await team.close()
    }

    const back = path.join(tempDir(), 'Back.presskeep')
    const home = await cli('migrate', '--from', database, '--files', files, '--to', back)
    expect(home).toMatchObject({ code: 0, err: '' })
    const after = await snapshot(back)
    expect(after).toEqual(before)
    const bytes = (dir: string, sub: string) => Object.fromEntries(filesUnder(path.join(dir, sub)).map((f) => [f, readFileSync(path.join(dir, sub, f)).toString('base64')]))
    expect(bytes(back, 'files/sha256')).toEqual(bytes(source, 'files/sha256'))
    expect(bytes(back, 'journal')).toEqual(bytes(source, 'journal'))
    expect(bytes(back, 'undo')).toEqual(bytes(source, 'undo'))
    const json = (dir: string, f: string) => JSON.parse(readFileSync(path.join(dir, 'catalog', f), 'utf8'))
    for (const f of ['tags.json', 'collections.json', 'authorities.json', 'column-mappings.json']) expect(json(back, f)).toEqual(json(source, f))

    // Into a database that already holds an archive: refused, nothing changed.
    const again = await cli('migrate', '--from', source, '--to', database, '--files', files)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/already holds a team archive \(\d+ items\); migrate into an empty database/)
  })
})
