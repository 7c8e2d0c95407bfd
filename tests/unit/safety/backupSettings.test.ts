// Backup settings of an archive: set through the API, kept in archive.json, used after reopening.
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { backupConfig, listSnapshots, takeSnapshot } from '../../../electron/core/safety/backups'
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
    // Three recent automatic snapshots kept: the fourth rotates the oldest out (all were taken
    // within the hour, so no older hour, day or month keeps one); a manual one is never rotated.
    expect((await dispatch('archive:backup', {})).ok).toBe(true)
    const manual = (await listSnapshots(dir))[0].name
    const auto: string[] = []
    for (let i = 0; i < 4; i++) {
      await a.createItem({ title: `Item ${i}` })
      auto.push((await takeSnapshot(dir, { reason: 'open', keep: backupConfig(a.manifest).keep })).name)
    }
    const list = await dispatch('archive:backups', {})
    expect(list.ok && (list.value as { name: string }[]).map((s) => s.name).sort()).toEqual([manual, ...auto.slice(1)].sort())
    // Import preferences are checked like any input.
    expect(await dispatch('import:staged', { tokens: ['abcdefgh12'], ocrLanguages: ['klingon'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    await a.close()
  })
})
