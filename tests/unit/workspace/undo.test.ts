import { describe, it, expect } from 'vitest'
import { openWorkspace } from './setup'
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { tempDir } from '../helpers'

describe('undo and redo', () => {
  it('undoes and redoes edits, bulk edits, trash and tag changes in order', async () => {
    const w = await openWorkspace()
    const a = await w.add('First', { body: 'Original body' })
    const b = await w.add('Second')
    await w.call('items:update', { id: a.id, fields: { title: 'First, edited', body: 'New body' } })
    await w.call('bulk:apply', { ids: [a.id, b.id], ops: [{ op: 'addTags', tags: ['peace'] }] })
    await w.call('items:trash', { ids: [b.id] })
    await w.call('tags:set', { name: 'peace', colour: '#00aa00' })
    expect(await w.call('history:state', {})).toMatchObject({ undo: 'Colour of tag “peace”', redo: null, undoDepth: 6 })

    expect((await w.call('history:undo', {})).label).toBe('Colour of tag “peace”')
    expect((await w.call('tags:list', {})).find((t) => t.name === 'peace')?.colour ?? null).toBeNull()
    expect((await w.call('history:undo', {})).label).toBe('Move 1 item to the trash')
    expect((await w.call('items:get', { id: b.id })).trashed).toBeNull()
    expect((await w.call('history:undo', {})).ids.sort()).toEqual([a.id, b.id].sort())
    expect((await w.call('items:get', { id: b.id })).tags).toEqual([])
    await w.call('history:undo', {})
    const back = await w.call('items:get', { id: a.id })
    expect(back).toMatchObject({ title: 'First', body: 'Original body' })
    expect((await w.archive.search.query('"Original body"', {})).hits.map((h) => h.id)).toContain(a.id)
    expect((await w.call('history:state', {})).undo).toBe('Create “Second”')

    await w.call('history:redo', {})
    await w.call('history:redo', {})
    expect(await w.call('items:get', { id: a.id })).toMatchObject({ title: 'First, edited', body: 'New body', tags: ['peace'] })
    expect(await w.call('history:state', {})).toMatchObject({ undo: 'Bulk edit of 2 items (add tag peace)', redo: 'Move 1 item to the trash', redoDepth: 2 })
    // A new change drops what could be redone.
    await w.call('items:update', { id: b.id, fields: { notes: 'n' } })
    expect((await w.call('history:state', {})).redo).toBeNull()
    expect((await w.journal()).filter((e) => e.op === 'undo').length).toBeGreaterThan(0)
    await w.archive.close()
  })

  it('undoes a creation by moving the item to the trash, and redoes it', async () => {
    const w = await openWorkspace()
    const item = await w.add('Made by mistake', { tags: [' region / africa '] })
    expect(item.tags).toEqual(['region/africa'])
    expect(await w.attempt('items:create', { fields: { title: 'Bad tag', tags: ['a//b'] } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await w.call('history:undo', {})).label).toBe('Create “Made by mistake”')
    expect((await w.call('items:get', { id: item.id })).trashed).not.toBeNull()
    expect(await w.attempt('history:undo', {})).toMatchObject({ ok: false, message: 'There is nothing to undo.' })
    await w.call('history:redo', {})
    expect((await w.call('items:get', { id: item.id })).trashed).toBeNull()
    await w.archive.close()
  })

  it('refuses to undo over a later change made outside the history, and loses nothing', async () => {
    const w = await openWorkspace()
    const a = await w.add('Target', { tags: ['x'] })
    await w.call('bulk:apply', { ids: [a.id], ops: [{ op: 'addTags', tags: ['y'] }] })
    // A change that is not on the undo stack (a file attached; an import resuming does the same).
    const file = path.join(tempDir(), 'letter.txt')
    writeFileSync(file, 'written by another job')
    await w.archive.attachPaths(a.id, [file])
    const r = await w.attempt('history:undo', {})
    expect(r).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(!r.ok && r.message).toMatch(/^Cannot undo “Bulk edit of 1 item \(add tag y\)”: the item “Target” was changed after it .*Nothing was changed\.$/)
    expect(await w.call('items:get', { id: a.id })).toMatchObject({ tags: ['x', 'y'], attachments: [{ name: 'letter.txt' }] })
    // The entry stays, so the person can decide; still refused.
    expect((await w.call('history:state', {})).undo).toMatch(/^Bulk edit/)
    await w.archive.close()
  })

  it('keeps the history in the archive, so a later process (the command line) can undo', async () => {
    const w = await openWorkspace()
    const a = await w.add('Kept')
    await w.call('items:update', { id: a.id, fields: { status: 'needs-review' } })
    await w.archive.close()
    const again = await openWorkspace(w.dir)
    expect((await again.call('history:state', {})).undo).toBe('Edit “Kept”')
    await again.call('history:undo', {})
    expect((await again.call('items:get', { id: a.id })).status).toBe('new')
    await again.archive.close()
  })

  it('lists by status and warnings, and counts them', async () => {
    const w = await openWorkspace()
    await w.add('Warned', { warnings: [{ code: 'weekday', message: 'Wednesday is not November 22' }], status: 'needs-review' })
    await w.add('Clean', { status: 'in-progress' })
    expect(await w.titles({ filter: { warnings: true } })).toEqual(['Warned'])
    expect(await w.titles({ filter: { status: 'in-progress' } })).toEqual(['Clean'])
    const sorted = await w.call('items:list', { sort: 'status', order: 'asc' })
    expect(sorted.items.map((i) => i.status)).toEqual(['in-progress', 'needs-review'])
    expect(await w.call('items:counts', {})).toMatchObject({ all: 2, warnings: 1, statuses: { 'needs-review': 1, 'in-progress': 1, new: 0, catalogued: 0 } })
    await w.archive.close()
  })
})
