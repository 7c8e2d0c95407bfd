// A small change of a team archive (an edit, a bulk edit of a few items) is one statement sent
// outside a transaction (PgBatch): what a transaction checked between its statements, the
// statement checks itself, and a refused one leaves nothing behind; the undo push is made on the
// person's stacks as the database holds them; a connection cut while it runs neither loses the
// change nor makes it twice.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { runAs } from '../../../electron/core/actor'
import type { TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { twoProcesses } from './twoProcesses'

/**
 * What a change leaves in the database besides the items: journal lines, undo entries, stacks,
 * the feed's rows and the last number taken from its sequence (a hole in the numbers has the
 * other processes look for it again for a while).
 */
async function traces(db: pg.Client) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM journal) AS journal, (SELECT count(*)::int FROM undo_entries) AS entries,
            (SELECT json_agg(state ORDER BY person)::text FROM undo_state) AS stacks, (SELECT count(*)::int FROM changes) AS changes,
            (SELECT last_value::int FROM changes_seq_seq) AS numbered`
  )
  return rows[0]
}

/** Watches every statement the archive's connections send (the driver's own method), while `fn` runs. */
async function statementsOf<T>(fn: () => Promise<T>): Promise<{ sent: string[]; result: PromiseSettledResult<T> }> {
  const sent: string[] = []
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string }
    sent.push(typeof q === 'string' ? q : (q?.text ?? ''))
    return (query as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof query
  try {
    const [result] = await Promise.allSettled([fn()])
    return { sent, result }
  } finally {
    pg.Client.prototype.query = query
  }
}

/** The server processes waiting for a lock (read afresh: in a transaction, the activity is otherwise read once). */
async function lockWaiters(db: pg.Client): Promise<number[]> {
  await db.query('SELECT pg_stat_clear_snapshot()')
  const { rows } = await db.query("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
  return rows.map((r) => r.pid)
}

/** Resolves with the lock waiters once `ready` says they are as awaited (failing after 10 s: the database shows no such state). */
async function waiters(db: pg.Client, what: string, ready: (pids: number[]) => boolean): Promise<number[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const pids = await lockWaiters(db)
    if (ready(pids)) return pids
    if (Date.now() > deadline) throw new Error(`Waited 10 s for ${what}; waiting for a lock: ${pids.join(', ') || 'none'}.`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Resolves once `n` server processes wait for a lock (the statements sent are in the database, queued). */
const waiting = (db: pg.Client, n: number) => waiters(db, `${n} statements queued`, (pids) => pids.length >= n)

async function open(): Promise<[TeamArchive, TeamArchive, pg.Client]> {
  const [a, b, database] = await twoProcesses()
  const db = new pg.Client(database)
  await db.connect()
  return [a, b, db]
}

describe('a small change of a team archive, made by one statement', () => {
  it('makes nothing of a change whose item is not at its base version (no journal line, undo entry, feed row or number) and reports CONFLICT', async () => {
    const [a, b, db] = await open()
    try {
      const [x, y] = await runAs('amina', () => a.createItems([{ title: 'X' }, { title: 'Y' }]))
      await b.storage.feed.catchUp()
      // B hears no more of A's changes and works from what it read.
      await b.storage.feed.stop()
      await runAs('amina', () => a.updateItem(x.id, { title: 'X by A' }))
      const before = await traces(db)
      const wb = await b.workspace()
      // A bulk edit of both items from B, X stale: refused whole, by the statement itself (no transaction).
      const { sent, result } = await statementsOf(() => runAs('karim', () => wb.bulkApply([x.id, y.id], [{ op: 'addTags', tags: ['stale'] }])))
      expect(sent).not.toContain('BEGIN')
      expect(sent.filter((s) => s.startsWith('WITH l0 AS (UPDATE items'))).toHaveLength(1)
      expect(result.status).toBe('rejected')
      const err = (result as PromiseRejectedResult).reason
      expect(err).toMatchObject({ code: 'CONFLICT', params: { reason: 'CHANGED_BY_SOMEONE_ELSE' } })
      expect(err.message).toBe(
        `Item ${x.id} was changed by someone else in the meantime; nothing of this change was saved. Look at the item again and redo the change.`
      )
      expect(await traces(db)).toEqual(before)
      const { rows } = await db.query("SELECT id, title, version, data->'tags' AS tags FROM items ORDER BY title")
      expect(rows).toEqual([
        { id: x.id, title: 'X by A', version: '2', tags: [] },
        { id: y.id, title: 'Y', version: '1', tags: [] }
      ])
      // Nothing of it stays in B's memory either, and the same edit from a process that read A's change goes through.
      expect(b.catalog.get(y.id)?.tags).toEqual([])
      await runAs('karim', async () => (await a.workspace()).bulkApply([x.id, y.id], [{ op: 'addTags', tags: ['fresh'] }]))
      expect((await traces(db)).changes).toBe(before.changes + 1)
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })

  it('puts the edits of one person from two processes at once on their stack, both, one after the other', async () => {
    const [a, b, db] = await open()
    try {
      const [x, y] = await runAs('amina', () => a.createItems([{ title: 'X' }, { title: 'Y' }]))
      await b.storage.feed.catchUp()
      const [wa, wb] = [await a.workspace(), await b.workspace()]
      // Both processes know Amina's stacks as they are now (next: 2); another connection holds her
      // stacks' row, so both edits are sent and wait for it in the database, each from that state.
      await db.query('BEGIN')
      await db.query("SELECT 1 FROM undo_state WHERE person = 'amina' FOR UPDATE")
      const edits = [runAs('amina', () => wa.updateItem(x.id, { title: 'X2' })), runAs('amina', () => wb.updateItem(y.id, { title: 'Y2' }))]
      await waiting(db, 2)
      await db.query('COMMIT')
      await Promise.all(edits)
      const { rows: entries } = await db.query("SELECT seq, entry FROM undo_entries WHERE person = 'amina' ORDER BY seq")
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3])
      for (const e of entries) expect(e.entry.seq).toBe(e.seq)
      const edited = entries.slice(1).map((e) => e.entry.items[0].id)
      expect(edited.sort()).toEqual([x.id, y.id].sort())
      const { rows } = await db.query("SELECT state FROM undo_state WHERE person = 'amina'")
      expect(rows[0].state).toEqual({ next: 4, undo: entries.map((e) => ({ seq: e.seq, label: e.entry.label })), redo: [] })
      // Undone from either process, last first: the later edit, then the earlier, then the create.
      await a.storage.feed.catchUp()
      await runAs('amina', () => wa.undo())
      await runAs('amina', () => wa.undo())
      await a.storage.feed.catchUp()
      expect([a.catalog.get(x.id)?.title, a.catalog.get(y.id)?.title]).toEqual(['X', 'Y'])
      expect(runAs('amina', () => wa.historyState())).toMatchObject({ undoDepth: 1, redoDepth: 2 })
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })

  it('makes a change once when its connection is cut while the statement waits in the database', async () => {
    const [a, b, db] = await open()
    try {
      const [x] = await a.createItems([{ title: 'X' }])
      const before = await traces(db)
      // Another connection holds X's row: the edit's statement waits for it in the database.
      await db.query('BEGIN')
      await db.query('SELECT 1 FROM items WHERE id = $1 FOR UPDATE', [x.id])
      const edit = a.updateItem(x.id, { title: 'X2' })
      const [first] = await waiting(db, 1)
      // This side of its connection is cut; its server process still waits, and would make the
      // change once let go: it is ended before the change is looked up and sent again.
      const clients = (a.storage.db.pool as unknown as { _clients: Array<pg.Client & { processID: number; connection: { stream: { destroy(): void } } }> })._clients
      clients.find((c) => c.processID === first)!.connection.stream.destroy()
      await waiters(db, 'the first statement ended and the change sent again', (pids) => pids.length === 1 && pids[0] !== first)
      await db.query('COMMIT')
      expect(await edit).toMatchObject({ title: 'X2', version: 2 })
      expect(await traces(db)).toMatchObject({ journal: before.journal + 1, entries: before.entries + 1, changes: before.changes + 1 })
      expect((await db.query('SELECT title, version FROM items WHERE id = $1', [x.id])).rows).toEqual([{ title: 'X2', version: '2' }])
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })

  it('takes a change whose answer was lost with its connection as made, when its row in the feed says so', async () => {
    const [a, b, db] = await open()
    try {
      const [x] = await a.createItems([{ title: 'X' }])
      const before = await traces(db)
      // The edit's statement runs and commits; its connection is cut before the answer is read.
      const query = pg.Client.prototype.query
      let cut = false
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0] as { text?: string } | string
        const run = (query as (...a: unknown[]) => Promise<unknown>).apply(this, args)
        if (cut || typeof q === 'string' || !q?.text?.startsWith('WITH l0 AS (UPDATE items')) return run
        cut = true
        return run.then(() => {
          ;(this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()
          throw new Error('Connection terminated unexpectedly')
        })
      } as typeof query
      try {
        expect(await a.updateItem(x.id, { title: 'X2' })).toMatchObject({ title: 'X2', version: 2 })
      } finally {
        pg.Client.prototype.query = query
      }
      expect(cut).toBe(true)
      expect(await traces(db)).toMatchObject({ journal: before.journal + 1, entries: before.entries + 1, changes: before.changes + 1 })
      // What the answer would have said is known: the row's version (the next edit is based on it) and the undo entry on top.
      const w = await a.workspace()
      expect(w.historyState()).toMatchObject({ undoDepth: 2, undo: expect.stringContaining('X') })
      expect(await a.updateItem(x.id, { title: 'X3' })).toMatchObject({ title: 'X3', version: 3 })
      await w.undo()
      await w.undo()
      expect(a.catalog.get(x.id)?.title).toBe('X')
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })

  it('keeps the newest 100 entries on the stack and clears the redo stack, deleting the entries that leave them', async () => {
    const [a, b, db] = await open()
    try {
      const [x] = await runAs('amina', () => a.createItems([{ title: 'X0' }]))
      const w = await a.workspace()
      for (let k = 1; k <= 101; k++) await runAs('amina', () => w.updateItem(x.id, { title: `X${k}` }))
      // 102 pushed (the create and 101 edits): the first two fell off, rows and all.
      const stacks = async () => (await db.query("SELECT state FROM undo_state WHERE person = 'amina'")).rows[0].state
      const seqs = async () => (await db.query("SELECT seq FROM undo_entries WHERE person = 'amina' ORDER BY seq")).rows.map((r) => r.seq)
      const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
      expect((await stacks()).undo.map((r: { seq: number }) => r.seq)).toEqual(range(3, 102))
      expect(await seqs()).toEqual(range(3, 102))
      // Undone twice, then a new edit: the two on the redo stack go, and the new one is on top.
      await runAs('amina', () => w.undo())
      await runAs('amina', () => w.undo())
      expect((await stacks()).redo.map((r: { seq: number }) => r.seq)).toEqual([102, 101])
      await runAs('amina', () => w.updateItem(x.id, { title: 'X new' }))
      const after = await stacks()
      expect(after).toMatchObject({ next: 104, redo: [] })
      expect(after.undo.map((r: { seq: number }) => r.seq)).toEqual([...range(3, 100), 103])
      expect(await seqs()).toEqual([...range(3, 100), 103])
      expect(runAs('amina', () => w.historyState())).toMatchObject({ undo: 'Edit “X99”', undoDepth: 99, redoDepth: 0 })
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })
})
