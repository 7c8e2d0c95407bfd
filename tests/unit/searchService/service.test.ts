// The search index kept in step with a real archive: edits, trash, attachments' text,
// persistence across reopen, and rebuilds (inline for small archives, in a worker for large:
// folderFiles.test.ts, with the damaged text files, which are the folder's own).
import { describe, it, expect } from 'vitest'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { openTestArchive } from '../../pg/backend'

async function waitReady(a: Archive) {
  await a.search.ready()
  for (let i = 0; i < 600 && a.search.status().rebuilding; i++) await new Promise((r) => setTimeout(r, 100))
  expect(a.search.status().ready).toBe(true)
}

describe('search service', () => {
  it('follows every edit, trash and restore, through the API', async () => {
    const { archive: a } = await openTestArchive()
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

  it('finds text extracted from attachments, naming the attachment', async () => {
    const { archive: a } = await openTestArchive()
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
    const opened = await openTestArchive()
    let a = opened.archive
    const where = opened.where
    // The saved index is in the archive folder, or in a team archive's working folder: its root.
    const dir = a.root
    await a.createItems([{ title: 'Persisted index', body: 'unmistakable zebra' }])
    await a.close()
    const manifest = path.join(dir, 'index', 'manifest.json')
    expect(existsSync(manifest)).toBe(true)
    const before = readFileSync(manifest, 'utf8')
    a = (await openTestArchive(where)).archive
    await a.search.ready()
    expect(a.search.status()).toMatchObject({ ready: true, size: 1, rebuilding: null })
    expect((await a.search.query('zebra', {})).total).toBe(1)
    await a.close()
    expect(readFileSync(manifest, 'utf8')).toBe(before)
  })

  it('rebuilds a corrupt or stale index, and says so', async () => {
    const opened = await openTestArchive()
    let a = opened.archive
    const where = opened.where
    const dir = a.root
    await a.createItems([{ title: 'Alpha', body: 'corrupted index test' }])
    await a.close()
    writeFileSync(path.join(dir, 'index', 'postings.bin'), 'garbage')
    a = (await openTestArchive(where)).archive
    await waitReady(a)
    expect((await a.search.query('corrupted', {})).total).toBe(1)
    await a.close()
  })

  it('finds damaged positions when a phrase first reads them, rebuilds, and answers again', async () => {
    const opened = await openTestArchive()
    let a = opened.archive
    const where = opened.where
    const dir = a.root
    await a.createItems([{ title: 'Beta', body: 'the harbour of zanzibar closed at dawn' }])
    await a.close()
    // positions.bin is not read at open (only checked block by block as first read).
    const manifest = JSON.parse(readFileSync(path.join(dir, 'index', 'manifest.json'), 'utf8'))
    const file = path.join(dir, 'index', manifest.positions)
    const bytes = readFileSync(file)
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(file, bytes)
    a = (await openTestArchive(where)).archive
    await a.search.ready()
    expect(a.search.status()).toMatchObject({ ready: true, rebuilding: null })
    const during = await a.search.query('"harbour of zanzibar"', {})
    expect(during.total).toBe(0)
    expect(during.rebuilding).toBeDefined()
    await waitReady(a)
    expect((await a.search.query('"harbour of zanzibar"', {})).total).toBe(1)
    await a.close()
  })
})
