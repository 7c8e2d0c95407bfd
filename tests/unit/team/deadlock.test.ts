// Two changes that lock the same rows in another order: PostgreSQL ends one of them to break the
// deadlock (40P01), and a transaction of a team archive so ended is run again whole, not failed;
// so is a change made by one statement.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { freshDatabase } from '../../pg/database'

/**
 * A table t of rows a and b, and another connection holding row a in a transaction that waits
 * long before looking for a deadlock: of a deadlock with it, ours is the one PostgreSQL ends.
 */
async function rowAHeld(): Promise<{ other: pg.Client; db: TeamDatabase }> {
  const url = await freshDatabase()
  const other = new pg.Client(url)
  await other.connect()
  await other.query("CREATE TABLE t (id text PRIMARY KEY, v int NOT NULL); INSERT INTO t VALUES ('a', 0), ('b', 0)")
  await other.query('BEGIN')
  await other.query("SET LOCAL deadlock_timeout = '30s'")
  await other.query("UPDATE t SET v = v + 1 WHERE id = 'a'")
  return { other, db: new TeamDatabase(url) }
}

describe('a team database transaction', () => {
  it('is run again whole when PostgreSQL ends it to break a deadlock', async () => {
    const { other, db } = await rowAHeld()
    try {
      let attempts = 0
      let bLocked: () => void = () => {}
      const locked = new Promise<void>((resolve) => (bLocked = resolve))
      const ours = db.transaction(async (tx) => {
        attempts++
        await tx.query("UPDATE t SET v = v + 10 WHERE id = 'b'")
        bLocked()
        await tx.query("UPDATE t SET v = v + 10 WHERE id = 'a'")
        return attempts
      })
      await locked
      // b, which ours holds while it waits for a: a deadlock, which ours (waiting first, looking after 1 s) breaks by ending itself.
      await other.query("UPDATE t SET v = v + 1 WHERE id = 'b'")
      await other.query('COMMIT')
      expect(await ours).toBe(2)
      const { rows } = await other.query('SELECT id, v FROM t ORDER BY id')
      expect(rows).toEqual([
        { id: 'a', v: 11 },
        { id: 'b', v: 11 }
      ])
    } finally {
      await other.end()
      await db.close()
    }
  })

  it('of one statement (a change made without a transaction) is run again whole too', async () => {
    const { other, db } = await rowAHeld()
    try {
      let attempts = 0
      // b first (the clause y reads x), then a, which the other connection holds: the statement waits.
      const ours = db.statement<{ n: number }>(() => {
        attempts++
        return {
          text: `WITH x AS (UPDATE t SET v = v + 10 WHERE id = 'b' RETURNING id),
                 y AS (UPDATE t SET v = v + 10 WHERE id = 'a' AND EXISTS (SELECT FROM x) RETURNING id)
                 SELECT count(*)::int AS n FROM y`,
          values: []
        }
      })
      for (;;) {
        await other.query('SELECT pg_stat_clear_snapshot()')
        const { rows } = await other.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        if (rows[0].n === 1) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      await other.query("UPDATE t SET v = v + 1 WHERE id = 'b'")
      await other.query('COMMIT')
      expect(await ours).toEqual({ rows: [{ n: 1 }] })
      expect(attempts).toBe(2)
      const { rows } = await other.query('SELECT id, v FROM t ORDER BY id')
      expect(rows).toEqual([
        { id: 'a', v: 11 },
        { id: 'b', v: 11 }
      ])
    } finally {
      await other.end()
      await db.close()
    }
  })
})
