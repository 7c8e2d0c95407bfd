import { describe, it, expect, vi } from 'vitest'
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { shardOf } from '../../../electron/core/ids'
import { RecoverableError, listSnapshots, restoreSnapshot, takeSnapshot } from '../../../electron/core/safety/backups'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { newArchivePath } from '../helpers'

const snapshotsOf = (dir: string) => readdirSync(path.join(dir, 'backups')).filter((n) => /^\d{4}-/.test(n)).sort()

describe('backups of the catalogue', () => {
  it('snapshots on open when something changed; copies that later edits and in-place damage do not touch', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Before' })
    await a.close()
    expect(snapshotsOf(dir)).toHaveLength(0) // a new, empty archive has nothing to keep

    a = await Archive.open(dir)
    await a.openBackup
    const [snap] = snapshotsOf(dir)
    expect(snap).toBeDefined()
    const shard = path.join('catalog', 'items', `${shardOf(item.id)}.json`)
    const live = path.join(dir, shard)
    const kept = path.join(dir, 'backups', snap, shard)
    // Never the live file's inode: a write in place (an editor, a sync tool) would reach both.
    expect(statSync(kept).ino).not.toBe(statSync(live).ino)
    await a.updateItem(item.id, { title: 'After' })
    expect(readFileSync(kept, 'utf8')).toContain('Before')
    await a.close()
    writeFileSync(live, readFileSync(live, 'utf8').replace('After', 'Damaged in place'))
    expect(readFileSync(kept, 'utf8')).toContain('Before')

    // Reopening without any change takes no new snapshot.
    a = await Archive.open(dir)
    await a.close()
    a = await Archive.open(dir)
    await a.close()
    expect(snapshotsOf(dir)).toHaveLength(2)
    const [meta] = await listSnapshots(dir)
    expect(meta).toMatchObject({ reason: 'open', method: 'copy', files: 1 })
  })

  it('links what did not change to the previous snapshot instead of copying it again', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const items = await a.createItems(Array.from({ length: 200 }, (_, i) => ({ title: `Item ${i}` })))
    const first = await takeSnapshot(dir)
    expect(first.method).toBe('copy')
    await a.updateItem(items[0].id, { title: 'Changed' })
    const second = await takeSnapshot(dir)
    expect(second.method).toBe('mixed')
    const changed = path.join('catalog', 'items', `${shardOf(items[0].id)}.json`)
    const other = path.join('catalog', 'items', `${shardOf(items.find((i) => shardOf(i.id) !== shardOf(items[0].id))!.id)}.json`)
    const ino = (snap: string, rel: string) => statSync(path.join(dir, 'backups', snap, rel)).ino
    expect(ino(second.name, other)).toBe(ino(first.name, other))
    expect(ino(second.name, changed)).not.toBe(ino(first.name, changed))
    expect(readFileSync(path.join(dir, 'backups', second.name, changed), 'utf8')).toContain('Changed')
    expect(readFileSync(path.join(dir, 'backups', first.name, changed), 'utf8')).not.toContain('Changed')
    await a.close()
  })

  it('keeps the newest N automatic ones (archive.json backups.keep) and never the half of one', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    await a.createItem({ title: 'x' })
    const manifest = JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8'))
    writeFileSync(path.join(dir, 'archive.json'), JSON.stringify({ ...manifest, backups: { keep: 3 } }))
    const names: string[] = []
    for (let i = 0; i < 5; i++) names.push((await takeSnapshot(dir, { keep: 3, reason: 'interval' })).name)
    expect(snapshotsOf(dir)).toEqual(names.slice(-3))
    // A crash mid-snapshot leaves a hidden partial folder: never listed, cleared by the next one.
    const partial = path.join(dir, 'backups', '.partial-2020-01-01T00-00-00-000Z')
    mkdirSync(path.join(partial, 'catalog'), { recursive: true })
    utimesSync(partial, new Date('2020-01-01'), new Date('2020-01-01'))
    expect((await listSnapshots(dir)).map((s) => s.name)).toEqual(names.slice(-3).reverse())
    await takeSnapshot(dir, { keep: 3, reason: 'interval' })
    expect(readdirSync(path.join(dir, 'backups')).some((n) => n.startsWith('.partial-'))).toBe(false)
    await a.close()
  })

  it('names a damaged catalogue file at open, offers the last good backup, and restores it keeping the damaged file aside', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Precious' })
    await a.close()
    a = await Archive.open(dir) // takes the snapshot of the good catalogue
    await a.close()
    const [good] = await listSnapshots(dir)
    const shard = path.join(dir, 'catalog', 'items', `${shardOf(item.id)}.json`)
    writeFileSync(shard, '{"items": {"trunc')

    const err = (await Archive.open(dir).catch((e) => e)) as RecoverableError
    expect(err).toBeInstanceOf(RecoverableError)
    expect(err.code).toBe('ARCHIVE_INVALID')
    expect(err.message).toContain(`${shardOf(item.id)}.json is damaged`)
    expect(err.message).toContain(good.name)
    expect(err.recovery).toMatchObject({ action: 'restore-backup', file: path.join('catalog', 'items', `${shardOf(item.id)}.json`), snapshot: good.name })
    expect(readFileSync(shard, 'utf8')).toBe('{"items": {"trunc')

    const r = await restoreSnapshot(dir, undefined, { damagedOnly: true })
    expect(r.snapshot).toBe(good.name)
    expect(r.restored).toEqual([path.join('catalog', 'items', `${shardOf(item.id)}.json`)])
    expect(r.setAside).toHaveLength(1)
    expect(readFileSync(path.join(dir, r.setAside[0]), 'utf8')).toBe('{"items": {"trunc')
    a = await Archive.open(dir)
    expect((await a.getItem(item.id)).title).toBe('Precious')
    const journal = readdirSync(path.join(dir, 'journal')).map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8')).join('')
    expect(journal).toContain(`"op":"restore-backup","snapshot":"${good.name}"`)
    await a.close()
  })

  it('restores a whole snapshot through the API on the open archive, and can undo it', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const kept = await a.createItem({ title: 'Kept' })
    const snap = await dispatch('archive:backup', {})
    expect(snap.ok).toBe(true)
    await a.updateItem(kept.id, { title: 'Edited later' })
    const later = await a.createItem({ title: 'Made later' })
    const name = (snap as { value: { name: string } }).value.name
    const r = await dispatch('archive:restoreBackup', { snapshot: name })
    expect(r.ok).toBe(true)
    expect(a.catalog.get(kept.id)!.title).toBe('Kept')
    expect(a.catalog.get(later.id)).toBeUndefined()
    const undo = (r as { value: { safetySnapshot: string } }).value.safetySnapshot
    await dispatch('archive:restoreBackup', { snapshot: undo })
    expect(a.catalog.get(kept.id)!.title).toBe('Edited later')
    expect(a.catalog.get(later.id)!.title).toBe('Made later')
    // Names only, never paths.
    expect(await dispatch('archive:restoreBackup', { snapshot: '../../etc' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await dispatch('archive:restoreBackup', { snapshot: '2020-01-01T00-00-00-000Z' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const list = await dispatch('archive:backups', {})
    expect((list as { value: unknown[] }).value.length).toBeGreaterThanOrEqual(3)
    await a.close()
  })

  it('refuses to restore while another process holds the archive', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    await a.createItem({ title: 'x' })
    await takeSnapshot(dir)
    await expect(restoreSnapshot(dir)).rejects.toMatchObject({ code: 'ARCHIVE_LOCKED' })
    await a.close()
    expect(existsSync(path.join(dir, 'archive.lock'))).toBe(false)
  })

  it('snapshots at the configured interval while open, only when something changed', async () => {
    const dir = newArchivePath()
    await (await Archive.open(dir)).close()
    const file = path.join(dir, 'archive.json')
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), backups: { keep: 10, intervalMinutes: 5 } }))
    // The interval timer is driven by hand (each advance is one interval gone by); each due
    // backup announces its outcome, which the test waits for.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const a = await Archive.open(dir)
      const outcomes: Array<{ snapshot: string | null }> = []
      const nextTick = () => new Promise<void>((resolve) => {
        const off = a.on('backups:scheduled', (o) => {
          outcomes.push(o)
          off()
          resolve()
        })
        vi.advanceTimersByTime(5 * 60_000)
      })
      await a.createItem({ title: 'x' })
      await nextTick()
      await nextTick() // nothing changed since: no snapshot
      expect(outcomes.map((o) => o.snapshot === null)).toEqual([false, true])
      const snapshots = await listSnapshots(dir)
      expect(snapshots.map((s) => s.reason)).toEqual(['interval'])
      expect(snapshots[0].name).toBe(outcomes[0].snapshot)
      expect(vi.getTimerCount()).toBe(1)
      await a.close()
      // Closed: the timer is gone.
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
    expect(await listSnapshots(dir)).toHaveLength(1)
  })

  it('offers and restores a damaged archive.json from the last backup', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItem({ title: 'x' })
    await a.close()
    a = await Archive.open(dir)
    await a.close()
    const file = path.join(dir, 'archive.json')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.slice(0, 20))
    const err = (await Archive.open(dir).catch((e) => e)) as RecoverableError
    expect(err.recovery).toMatchObject({ action: 'restore-backup', file: 'archive.json' })
    const r = await restoreSnapshot(dir, err.recovery.snapshot!)
    expect(r.setAside[0]).toMatch(/^backups\/corrupt-.*\/archive\.json$/)
    expect(readFileSync(file, 'utf8')).toBe(good)
    a = await Archive.open(dir)
    expect(a.catalog.size).toBe(1)
    await a.close()
  })
})
