// The database stopped while a bulk edit is asked for: brought back within the wait, the edit
// is made once, whole; kept down longer, the edit fails with DATABASE_UNAVAILABLE and none of
// it is made. Its own cluster: stopping the run's shared one would break the other test files.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalCluster, type LocalCluster } from '../../../electron/core/team/localCluster'
import { openTeamArchive, type TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { tempDir } from '../helpers'

let cluster: LocalCluster
beforeAll(async () => {
  cluster = await startLocalCluster()
})
afterAll(() => cluster?.stop())

async function counts(archive: TeamArchive, tag: string) {
  const { rows } = await archive.storage.db.query<{ tagged: number; lines: number }>(
    `SELECT (SELECT count(*)::int FROM items WHERE data->'tags' ? $1) AS tagged,
            (SELECT count(*)::int FROM journal WHERE line LIKE '%"op":"bulk-edit"%' AND line LIKE '%' || $1 || '%') AS lines`,
    [tag]
  )
  return rows[0]
}

describe('a team archive whose database stops', () => {
  it('makes a bulk edit whole once the database is back, or not at all when it stays away', { timeout: 120_000 }, async () => {
    const admin = new pg.Client(cluster.url)
    await admin.connect()
    await admin.query('CREATE DATABASE team')
    await admin.end()
    const archive = await openTeamArchive({ database: cluster.urlOf('team'), files: tempDir(), state: tempDir() })
    try {
      const items = await archive.createItems(Array.from({ length: 300 }, (_, i) => ({ title: `Release ${i}` })))
      const ids = items.map((i) => i.id)
      const w = await archive.workspace()
      const ops = (tag: string) => [{ op: 'addTags' as const, tags: [tag] }]

      // Back within the wait: the request waits, then the edit is made once.
      archive.storage.db.waitMs = 60_000
      cluster.halt()
      const first = w.bulkApply(ids, ops('restarted'))
      // Its first attempts fail (connection refused) and are retried while the database is away.
      let settled = false
      void first.finally(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(settled).toBe(false)
      cluster.start()
      await expect(first).resolves.toMatchObject({ changed: 300 })
      expect(await counts(archive, 'restarted')).toEqual({ tagged: 300, lines: 300 })

      // Away for longer than the wait: a clear error, nothing made, nothing left in memory.
      archive.storage.db.waitMs = 1_500
      cluster.halt()
      await expect(w.bulkApply(ids, ops('lost'))).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/cannot be reached.*Nothing was half-written/) })
      cluster.start()
      expect(await counts(archive, 'lost')).toEqual({ tagged: 0, lines: 0 })
      expect([...archive.catalog.all()].filter((r) => r.tags.includes('lost'))).toEqual([])
    } finally {
      await archive.close()
    }
  })
})
