// Backup settings of an archive: set through the API, kept in archive.json, used after reopening.
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { newArchivePath } from '../helpers'

describe('backup settings', () => {
  it('are set through the API, kept in archive.json, and read again after reopening; bad values are refused', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    expect(await dispatch('archive:backupSettings', {})).toEqual({ ok: true, value: { keep: 10, intervalMinutes: 30 } })
    expect(await dispatch('archive:setBackupSettings', { keep: 3, intervalMinutes: 0 })).toEqual({ ok: true, value: { keep: 3, intervalMinutes: 0 } })
    for (const bad of [{ keep: 0, intervalMinutes: 5 }, { keep: 3, intervalMinutes: -1 }, { keep: 2.5, intervalMinutes: 5 }, { keep: 3 }])
      expect(await dispatch('archive:setBackupSettings', bad)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8')).backups).toEqual({ keep: 3, intervalMinutes: 0 })
    await a.close()
    a = await Archive.open(dir)
    expect(await dispatch('archive:backupSettings', {})).toEqual({ ok: true, value: { keep: 3, intervalMinutes: 0 } })
    // Three snapshots kept: a fourth manual backup rotates the oldest out.
    for (let i = 0; i < 4; i++) {
      await a.createItem({ title: `Item ${i}` })
      expect((await dispatch('archive:backup', {})).ok).toBe(true)
    }
    const list = await dispatch('archive:backups', {})
    expect(list.ok && (list.value as unknown[]).length).toBe(3)
    // Import preferences are checked like any input.
    expect(await dispatch('import:staged', { tokens: ['abcdefgh12'], ocrLanguages: ['klingon'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    await a.close()
  })
})
