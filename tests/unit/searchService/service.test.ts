// The search index kept in step with a real archive: edits, trash, attachments' text,
// persistence across reopen, and rebuilds (inline for small archives, in a worker for large).
import { describe, it, expect } from 'vitest'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { generateItem } from '../../bench/generate'
import { shardOf } from '../../../electron/core/ids'
import { newArchivePath } from '../helpers'
import { INDEX_VERSION } from '../../../electron/core/search/SearchIndex'

async function waitReady(a: Archive) {
  await a.search.ready()
  for (let i = 0; i < 600 && a.search.status().rebuilding; i++) await new Promise((r) => setTimeout(r, 100))
  expect(a.search.status().ready).toBe(true)
}

describe('search service', () => {
  it('follows every edit, trash and restore, through the API', async () => {
    const a = await Archive.open(newArchivePath())
    const api = createDispatcher(() => a, { allow: ['app'] })
    const created = await api('items:create', { fields: { title: 'Water summit in Rabat', body: 'Delegates discussed drought resilience.' } })
    expect(created.ok).toBe(true)
    const id = (created as { value: { id: string } }).value.id
    const q = async (text: string) => (await api('search:query', { q: text })) as { ok: true; value: { total: number; items: Array<{ id: string }>; hits: Array<{ snippet?: { text: string } }> } }
    expect((await q('drought')).value.items.map((i) => i.id)).toEqual([id])
    await api('items:update', { id, fields: { body: 'Delegates discussed flooding instead.' } })
    expect((await q('drought')).value.total).toBe(0)
    expect((await q('flooding')).value.hits[0].snippet?.text).toContain('flooding')
    await api('items:trash', { ids: [id] })
    expect((await q('flooding')).value.total).toBe(0)
    await api('items:restore', { ids: [id] })
    expect((await q('flooding')).value.total).toBe(1)
    await a.close()
  })

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

  it('finds text extracted from attachments, naming the attachment', async () => {
    const a = await Archive.open(newArchivePath())
    const item = await a.createItem({ title: 'Scanned notice' })
    const withFile = await a.attachPaths(item.id, [path.resolve(__dirname, '../../../../shared/corpus/pdf/2023-06-20-PV.pdf')])
    const t = await a.texts.get(item.id)
    await a.texts.put(item.id, { ...t, attachments: { [withFile.attachments[0].id]: 'Procès-verbal de la séance publique du comité de démolition' } })
    await a.updateItem(item.id, { notes: 'text extracted' })
    const r = await a.search.query('demolition', {})
    expect(r.total).toBe(1)
    expect(r.hits[0].snippet).toMatchObject({ field: 'attachment', attachmentName: '2023-06-20-PV.pdf' })
    await a.close()
  })

  it('is saved at close and loaded at open, not rebuilt', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItems([{ title: 'Persisted index', body: 'unmistakable zebra' }])
    await a.close()
    const manifest = path.join(dir, 'index', 'manifest.json')
    expect(existsSync(manifest)).toBe(true)
    const before = readFileSync(manifest, 'utf8')
    a = await Archive.open(dir)
    await a.search.ready()
    expect(a.search.status()).toMatchObject({ ready: true, size: 1, rebuilding: null })
    expect((await a.search.query('zebra', {})).total).toBe(1)
    await a.close()
    expect(readFileSync(manifest, 'utf8')).toBe(before)
  })

  it('rebuilds a corrupt or stale index, and says so', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItems([{ title: 'Alpha', body: 'corrupted index test' }])
    await a.close()
    writeFileSync(path.join(dir, 'index', 'postings.bin'), 'garbage')
    a = await Archive.open(dir)
    await waitReady(a)
    expect((await a.search.query('corrupted', {})).total).toBe(1)
    await a.close()
  })

  it('finds damaged positions when a phrase first reads them, rebuilds, and answers again', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItems([{ title: 'Beta', body: 'the harbour of zanzibar closed at dawn' }])
    await a.close()
    // positions.bin is not read at open (only checked block by block as first read).
    const manifest = JSON.parse(readFileSync(path.join(dir, 'index', 'manifest.json'), 'utf8'))
    const file = path.join(dir, 'index', manifest.positions)
    const bytes = readFileSync(file)
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(file, bytes)
    a = await Archive.open(dir)
    await a.search.ready()
    expect(a.search.status()).toMatchObject({ ready: true, rebuilding: null })
    const during = await a.search.query('"harbour of zanzibar"', {})
    expect(during.total).toBe(0)
    expect(during.rebuilding).toBeDefined()
    await waitReady(a)
    expect((await a.search.query('"harbour of zanzibar"', {})).total).toBe(1)
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
