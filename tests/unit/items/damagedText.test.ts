// An item whose long-text file is damaged, as the editor meets it: a change to its other fields is
// saved and answered with the item and the damage named as the archive check names it (never an
// internal error on the read-back); a change to its long texts is refused with the file named,
// and the damaged file is left as it was.
import { describe, it, expect } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { shardOf } from '../../../electron/core/ids'
import { checkArchive } from '../../../electron/core/safety/integrity'
import type { Result } from '../../../shared/contract'
import type { Item } from '../../../shared/model'
import { newArchivePath } from '../helpers'

describe('an item whose text file is damaged', () => {
  it('saves a title edit and answers with the item and the damage the check names; refuses a body edit, leaving the file untouched', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Summit opens', body: 'The long body of the item.', notes: 'Notes kept with it.' })
    const file = path.join(dir, 'text', shardOf(item.id), `${item.id}.json`)
    const damaged = '{"body": "The long bo'
    writeFileSync(file, damaged)
    const call = (m: string, input: unknown) => createDispatcher(() => a, { allow: ['app'] })(m, input) as Promise<Result<Item>>
    try {
      const check = await checkArchive(a)
      const finding = check.issues.find((i) => i.kind === 'text-unreadable' && i.itemId === item.id)
      expect(finding).toBeDefined()
      const named = { kind: 'text-unreadable', path: finding!.path, message: finding!.message }

      const saved = await call('items:update', { id: item.id, fields: { title: 'Summit opens in Fez' }, baseVersion: item.version })
      expect(saved).toMatchObject({ ok: true, value: { id: item.id, title: 'Summit opens in Fez', version: item.version + 1, body: '', notes: '' } })
      expect(saved.ok && saved.value.damage).toEqual([named])
      const read = await call('items:get', { id: item.id })
      expect(read.ok && read.value.damage).toEqual([named])
      expect(read.ok && read.value.title).toBe('Summit opens in Fez')

      // A change to what the damaged file holds is refused by name, and the file is kept as it was.
      const refused = await call('items:update', { id: item.id, fields: { body: 'Typed over an empty body' } })
      expect(refused).toMatchObject({ ok: false, code: 'ARCHIVE_INVALID', params: { reason: 'ARCHIVE_DAMAGED', file: finding!.path } })
      expect(readFileSync(file, 'utf8')).toBe(damaged)
      // An item whose file is sound carries no damage.
      const sound = await a.createItem({ title: 'Sound', body: 'Readable' })
      const soundRead = await call('items:get', { id: sound.id })
      expect(soundRead.ok && soundRead.value).not.toHaveProperty('damage')
      expect(soundRead.ok && soundRead.value.body).toBe('Readable')
    } finally {
      await a.close()
    }
    // The title edit is on disk and journalled.
    a = await Archive.open(dir)
    try {
      expect(a.catalog.get(item.id)?.title).toBe('Summit opens in Fez')
      expect((await a.showItem(item.id)).damage?.[0].kind).toBe('text-unreadable')
      // A reader that must not take the item as having no text (an export) is still refused.
      await expect(a.getItem(item.id)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', params: { reason: 'ARCHIVE_DAMAGED' } })
    } finally {
      await a.close()
    }
  })
})
