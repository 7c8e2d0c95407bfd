// The item repository as its callers meet it: through the dispatcher (the editor's way), the
// archive (the CLI's and the importers'), on a real archive folder or a team archive (PK_BACKEND=postgres).
import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import type { Result } from '../../../shared/contract'
import type { Item } from '../../../shared/model'
import { BACKEND, openTestArchive } from '../../pg/backend'
import { openWorkspace } from '../workspace/setup'

type Conflicted = Extract<Result<unknown>, { ok: false }>

describe('the item repository', () => {
  it('gives every item a version: 1 at creation, one more per committed change, 1 for records written before versions', async () => {
    const w = await openWorkspace()
    const a = await w.add('Versioned')
    expect(a.version).toBe(1)
    if (BACKEND === 'folder') {
      // Version 1 is not written (a default, like every field at its default): an older archive's records read as 1.
      const shards = path.join(w.dir, 'catalog', 'items')
      const onDisk = readdirSync(shards).map((f) => readFileSync(path.join(shards, f), 'utf8')).join('')
      expect(onDisk).toContain(a.id)
      expect(onDisk).not.toContain('"version"')
    }
    expect((await w.call('items:update', { id: a.id, fields: { outlet: 'Le Matin' } })).version).toBe(2)
    // A change that changes nothing is no change.
    expect((await w.call('items:update', { id: a.id, fields: { outlet: 'Le Matin' } })).version).toBe(2)
    await w.call('items:trash', { ids: [a.id] })
    expect((await w.call('items:get', { id: a.id })).version).toBe(3)
    await w.call('history:undo', {})
    expect((await w.call('items:get', { id: a.id })).version).toBe(4)
    await w.archive.close()
    const { archive: b } = await openTestArchive(w.dir)
    expect((await b.getItem(a.id)).version).toBe(4)
    await b.close()
  })

  it('checks every way in: the editor, the archive (CLI, importers) and a bag refuse or clean what the editor would', async () => {
    const w = await openWorkspace()
    expect(await w.attempt('items:create', { fields: { title: 'Filed by name', collections: ['Forum 2022'] } })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'fields.collections' })
    await expect(w.archive.createItems([{ title: 'Filed by name', collections: ['Forum 2022'] }], 'import')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(w.archive.updateItem((await w.add('Target')).id, { tags: ['a//b'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const [made] = await w.archive.createItems([{ title: 'Tagged', tags: [' region / africa ', 'region/africa'] }], 'import')
    expect(made.tags).toEqual(['region/africa'])
    // Nothing half-made: the refused ones are not in the catalogue.
    expect((await w.call('items:list', { limit: 10 })).items.map((i) => i.title).sort()).toEqual(['Tagged', 'Target'])
    // Every creation is journalled and undoable.
    expect((await w.journal()).filter((e) => e.id === made.id).map((e) => e.op)).toEqual(['import'])
    expect((await w.call('history:state', {})).undo).toBe('Import “Tagged”')
    await w.archive.close()
  })

  it('refuses an edit made on an older version that changes a field changed since, and merges one that does not', async () => {
    const w = await openWorkspace()
    const item = await w.add('Original title', { outlet: 'Original outlet' })
    // Two windows hold version 1. The first saves a new title.
    const first = await w.call('items:update', { id: item.id, fields: { title: 'Title from the first' }, baseVersion: 1 })
    expect(first.version).toBe(2)
    // The second, still on version 1, changes the title too: refused, with what is there now.
    const r = (await w.attempt('items:update', { id: item.id, fields: { title: 'Title from the second', notes: 'mine' }, baseVersion: 1 })) as Conflicted
    expect(r).toMatchObject({ ok: false, code: 'CONFLICT', field: 'fields.title' })
    expect(r.conflict).toMatchObject({ fields: ['title'], touched: ['title'], baseVersion: 1, current: { title: 'Title from the first', version: 2, notes: '' } })
    expect(r.message).toMatch(/^“Title from the first” was changed by someone else while you edited it .*Nothing was saved/)
    expect((await w.call('items:get', { id: item.id })).notes).toBe('')
    // The same value in both is no conflict.
    expect((await w.call('items:update', { id: item.id, fields: { title: 'Title from the first' }, baseVersion: 1 })).version).toBe(2)
    // A field the other did not touch is applied on top of theirs.
    const merged = await w.call('items:update', { id: item.id, fields: { outlet: 'Outlet from the second' }, baseVersion: 1 })
    expect(merged).toMatchObject({ title: 'Title from the first', outlet: 'Outlet from the second', version: 3 })
    // Saved again on the version the conflict gave: accepted.
    expect(await w.call('items:update', { id: item.id, fields: { title: 'Title from the second' }, baseVersion: r.conflict!.current.version + 1 })).toMatchObject({ title: 'Title from the second', version: 4 })
    // A version from the future is refused too (it is not one this archive made).
    expect(await w.attempt('items:update', { id: item.id, fields: { notes: 'x' }, baseVersion: 99 })).toMatchObject({ ok: false, code: 'CONFLICT' })
    // Undo of an edit to an item changed since is refused, changing nothing.
    await w.archive.attachPaths(item.id, [path.join(__dirname, 'repository.test.ts')])
    expect(await w.attempt('history:undo', {})).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect((await w.call('items:get', { id: item.id })).title).toBe('Title from the second')
    await w.archive.close()
  })

  it('loses no acknowledged change: 200 interleaved edits from two clients on the same items', async () => {
    const w = await openWorkspace()
    const items = await Promise.all(['One', 'Two', 'Three'].map((t) => w.add(t)))
    const fields = ['title', 'outlet', 'notes'] as const
    type Ack = { id: string; field: string; value: string; base: number; version: number }
    const acks: Ack[] = []
    let conflicts = 0
    // Each client knows a version of each item (what its window shows) and edits from it.
    const client = (name: string) => {
      const known = new Map(items.map((i) => [i.id, i.version]))
      return async (n: number) => {
        const item = items[(n * 7 + name.length) % items.length]
        const field = fields[(n * 5 + (name === 'A' ? 0 : 1)) % fields.length]
        const value = `${name}${n}`
        const base = known.get(item.id)!
        const r = await w.attempt('items:update', { id: item.id, fields: { [field]: value }, baseVersion: base })
        if (r.ok) {
          acks.push({ id: item.id, field, value, base, version: (r.value as Item).version })
          known.set(item.id, (r.value as Item).version)
        } else {
          expect(r.code).toBe('CONFLICT')
          expect((r as Conflicted).conflict!.fields).toEqual([field])
          conflicts++
          known.set(item.id, (r as Conflicted).conflict!.current.version)
        }
      }
    }
    const a = client('A')
    const b = client('B')
    await Promise.all(Array.from({ length: 100 }, (_, n) => Promise.all([a(n), b(n)])))
    expect(acks.length + conflicts).toBe(200)
    expect(conflicts).toBeGreaterThan(0)
    expect(acks.length).toBeGreaterThan(0)
    for (const item of items) {
      const mine = acks.filter((x) => x.id === item.id).sort((x, y) => x.version - y.version)
      // Versions are unique per item: one committed change, one version.
      expect(new Set(mine.map((x) => x.version)).size).toBe(mine.length)
      const now = await w.call('items:get', { id: item.id })
      for (const field of fields) {
        const writes = mine.filter((x) => x.field === field)
        // No acknowledged value was overwritten by a change that had not seen it.
        for (let k = 1; k < writes.length; k++) expect(writes[k].base, `${field} of ${item.title}`).toBeGreaterThanOrEqual(writes[k - 1].version)
        if (writes.length) expect((now as Record<string, unknown>)[field]).toBe(writes[writes.length - 1].value)
      }
    }
    await w.archive.close()
  }, 120_000)
})
