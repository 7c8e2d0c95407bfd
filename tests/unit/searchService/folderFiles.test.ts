// The search service over the archive folder's own files: an item's text file damaged on disk
// (the change is saved, the index catches up once the file reads again, and is never saved as
// current while it misses it), and a large archive's index rebuilt by a worker thread that
// reads the folder while the archive stays usable. Folder only: a team archive keeps its texts
// in rows, with no file to damage, and builds its index in the server's own thread before it
// answers (a worker cannot read the rows); the rest of the service is tested on both back ends
// in service.test.ts.
import { describe, it, expect } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { shardOf } from '../../../electron/core/ids'
import { newArchivePath } from '../helpers'
import { generateItem } from '../../bench/generate'
import { INDEX_VERSION } from '../../../electron/core/search/SearchIndex'

async function waitReady(a: Archive) {
  await a.search.ready()
  for (let i = 0; i < 600 && a.search.status().rebuilding; i++) await new Promise((r) => setTimeout(r, 100))
  expect(a.search.status().ready).toBe(true)
}

describe('search service', () => {
  it('catches up with a change it could not read, and never saves an index that misses it', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const api = createDispatcher(() => a, { allow: ['app'] })
    const created = (await api('items:create', { fields: { title: 'Harvest report', body: 'Wheat yields fell.' } })) as { ok: true; value: { id: string } }
    const id = created.value.id
    const titles = async (text: string) =>
      ((await api('search:query', { q: text })) as { ok: true; value: { items: Array<{ title: string }> } }).value.items.map((i) => i.title)
    expect(await titles('wheat')).toEqual(['Harvest report'])
    // The item's text file damaged on disk: the title's change cannot be read into the index.
    const textFile = path.join(dir, 'text', shardOf(id), `${id}.json`)
    const good = readFileSync(textFile, 'utf8')
    writeFileSync(textFile, '{"body": "Wheat')
    // The change is saved, and the answer names the damaged file instead of the texts it holds.
    const saved = await api('items:update', { id, fields: { title: 'Grain report' } })
    expect(saved).toMatchObject({ ok: true, value: { title: 'Grain report', damage: [{ kind: 'text-unreadable', path: path.join('text', shardOf(id), `${id}.json`) }] } })
    expect(a.catalog.get(id)?.title).toBe('Grain report')
    expect(await titles('grain')).toEqual([])
    // Saved now, the index would be stamped current while it lacks the change.
    await a.search.save()
    writeFileSync(textFile, good)
    await a.close()
    a = await Archive.open(dir)
    await waitReady(a)
    expect(await titles('grain')).toEqual(['Grain report'])
    // Repaired while open: the next search brings the change in.
    writeFileSync(textFile, '{"body": "Wheat')
    await api('items:update', { id, fields: { title: 'Cereal report' } })
    expect(a.catalog.get(id)?.title).toBe('Cereal report')
    expect(await titles('cereal')).toEqual([])
    writeFileSync(textFile, good)
    expect(await titles('cereal')).toEqual(['Cereal report'])
    await a.close()
  })

  it('rebuilds a large archive in a worker, as a job, while the archive stays usable', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItems(Array.from({ length: 2500 }, (_, i) => generateItem(i, 7, 400)))
    await a.createItems([{ title: 'Needle in the haystack', body: 'xylophone' }])
    await a.close()
    const { rmSync } = await import('node:fs')
    rmSync(path.join(dir, 'index'), { recursive: true })
    a = await Archive.open(dir)
    const events: string[] = []
    a.on('jobs:finished', (o) => events.push(`${o.kind}:${o.state}`))
    await a.search.ready()
    expect(a.search.status().rebuilding).not.toBeNull()
    // Usable meanwhile: an edit made during the rebuild is in the index afterwards.
    const late = await a.createItem({ title: 'Added during the rebuild', body: 'marimba' })
    const early = await a.search.query('marimba', {})
    expect(early.rebuilding).toBeDefined()
    await waitReady(a)
    expect(events).toContain('reindex:done')
    expect((await a.search.query('xylophone', {})).total).toBe(1)
    expect((await a.search.query('marimba', {})).items.map((i) => i.id)).toEqual([late.id])
    expect(a.search.status().size).toBe(2502)
    await a.close()

    // An index saved by an older version of the app (another format) is rebuilt, and the job says why.
    const manifestFile = path.join(dir, 'index', 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: INDEX_VERSION - 1 }))
    a = await Archive.open(dir)
    const said: string[] = []
    a.on('jobs:progress', (p) => said.push(p.current))
    await a.search.ready()
    await waitReady(a)
    expect(said.some((s) => s.includes('search index in another format: rebuilding'))).toBe(true)
    expect((await a.search.query('xylophone', {})).total).toBe(1)
    expect(JSON.parse(readFileSync(manifestFile, 'utf8')).version).toBe(INDEX_VERSION)
    await a.close()
  })
})
