// Snapshots are kept by age, and a snapshot someone asked for is never rotated away.
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { backupNow } from '../../../electron/core/safety/api'
import { listSnapshots } from '../../../electron/core/safety/backups'
import { snapshotsToRemove, type RetainedSnapshot } from '../../../electron/core/safety/retention'
import { newArchivePath } from '../helpers'

const NOW = Date.parse('2026-06-15T12:30:00.000Z')
const MIN = 60_000
const at = (msAgo: number, reason = 'open'): RetainedSnapshot => {
  const created = new Date(NOW - msAgo).toISOString()
  return { name: created, created, reason }
}

describe('snapshot retention rules', () => {
  it('keeps the newest N, then the newest of each hour for a day, of each day for a month, of each month', () => {
    const snaps = [
      // Twelve opens in the last minutes: the newest 3 stay.
      ...Array.from({ length: 12 }, (_, i) => at(i * 5_000)),
      // Two in the 09:xx hour today (09:20, 09:10): the newer one stays as that hour's.
      at(3 * 60 * MIN + 10 * MIN),
      at(3 * 60 * MIN + 20 * MIN),
      // Two on 2026-06-10: the newer stays as that day's.
      at(5 * 24 * 60 * MIN),
      at(5 * 24 * 60 * MIN + 60 * MIN),
      // Two in 2025-12 (beyond a month): the newer stays as that month's.
      at(180 * 24 * 60 * MIN),
      at(181 * 24 * 60 * MIN)
    ]
    const removed = snapshotsToRemove(snaps, 3, NOW)
    const kept = snaps.map((s) => s.name).filter((n) => !removed.includes(n))
    expect(kept).toEqual([snaps[0], snaps[1], snaps[2], snaps[12], snaps[14], snaps[16]].map((s) => s.name))
  })

  it('never removes a snapshot someone asked for, one taken before a restore, or one it cannot date', () => {
    const old = 400 * 24 * 60 * MIN
    const snaps = [
      at(0),
      at(old, 'manual'),
      at(old + 1, 'manual'),
      at(old + 2, 'before restoring 2025-01-01T00-00-00-000Z'),
      { name: 'undated', created: 'not a date', reason: 'open' }
    ]
    expect(snapshotsToRemove(snaps, 1, NOW)).toEqual([])
    expect(snapshotsToRemove([...snaps, at(2_000)], 1, NOW)).toEqual([at(2_000).name])
  })
})

describe('snapshots of a real archive', () => {
  it('a backup made on purpose survives twelve opens after a change (each of which snapshots)', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItem({ title: 'First' })
    const manual = await backupNow(a)
    await a.close()
    for (let i = 0; i < 12; i++) {
      a = await Archive.open(dir)
      await a.openBackup
      await a.createItem({ title: `Added ${i}` })
      await a.close()
    }
    const snaps = await listSnapshots(dir)
    expect(snaps.map((s) => s.name)).toContain(manual.name)
    // The automatic ones of this last hour: the newest ten (backups.keep).
    expect(snaps.filter((s) => s.reason === 'open')).toHaveLength(10)
  })
})
