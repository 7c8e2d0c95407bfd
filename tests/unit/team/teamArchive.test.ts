import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openTeamArchive, onTeamChange, type TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'
import { twoProcesses } from './twoProcesses'

/** Resolves with the ids of the next items:changed the archive announces from another process. */
function nextRemoteChange(archive: TeamArchive): Promise<string[]> {
  return new Promise((resolve) => {
    const off = archive.on('items:changed', ({ ids, reason }) => {
      if (reason !== 'remote') return
      off()
      resolve(ids)
    })
  })
}

describe('a team archive in PostgreSQL', () => {
  it('keeps items, texts and the journal in rows that a second process reads, and follows its changes', async () => {
    const [a, b, database] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Budget speech', body: 'The minister spoke.', tags: ['economy'] }])
      // B learns of it through the change feed, without reopening.
      const seen = nextRemoteChange(b)
      await a.storage.feed.catchUp()
      await b.storage.feed.catchUp()
      expect(await seen).toContain(item.id)
      expect(b.catalog.get(item.id)?.title).toBe('Budget speech')
      expect((await b.getItem(item.id)).body).toBe('The minister spoke.')
      // The search index of B follows too.
      await b.search.ready()
      const changed = nextRemoteChange(b)
      await a.updateItem(item.id, { title: 'Budget speech 2027' })
      await b.storage.feed.catchUp()
      await changed
      const answer = await b.search.query('2027', {})
      expect(answer.items.map((r) => r.id)).toContain(item.id)
      expect((await b.journal.history(item.id)).map((e) => e.op)).toEqual(['create', 'update'])
      // A third opening (a restarted server) loads the same.
      const c = await openTeamArchive({ database, files: tempDir(), state: tempDir() })
      expect(c.catalog.get(item.id)?.title).toBe('Budget speech 2027')
      await c.close()
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('refuses the second of two changes made from the same version (no lost update) and leaves the first whole', async () => {
    const [a, b] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Original' }])
      await b.storage.feed.catchUp()
      expect(b.catalog.get(item.id)).toBeTruthy()
      // B hears no more of A's changes (as when a notification is late) and works from what it read.
      await b.storage.feed.stop()
      await a.updateItem(item.id, { title: 'From A' })
      await expect(b.updateItem(item.id, { title: 'From B' })).rejects.toMatchObject({ code: 'CONFLICT' })
      expect(b.catalog.get(item.id)?.title).toBe('Original')
      const fresh = await openTeamArchive({ database: a.storage.db.url, files: tempDir(), state: tempDir() })
      expect(fresh.catalog.get(item.id)?.title).toBe('From A')
      // A process that read A's change bases its own on it, and it goes through.
      await fresh.updateItem(item.id, { title: 'From B' })
      await fresh.close()
      await a.storage.feed.catchUp()
      expect(a.catalog.get(item.id)?.title).toBe('From B')
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('announces every change, its own included, to a subscriber (what a server passes to its clients)', async () => {
    const [a, b] = await twoProcesses()
    try {
      const got: Array<{ own: boolean; ids: string[] }> = []
      onTeamChange(b, (c) => got.push({ own: c.own, ids: c.ids }))
      const [x] = await a.createItems([{ title: 'x' }])
      const [y] = await b.createItems([{ title: 'y' }])
      await b.storage.feed.catchUp()
      expect(got).toEqual(expect.arrayContaining([{ own: false, ids: [x.id] }, { own: true, ids: [y.id] }]))
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('commits changes to different items of one process at once, and those to one item one after another', async () => {
    const database = await freshDatabase()
    const team = await openTeamArchive({ database, files: tempDir('pk-files-'), state: tempDir() })
    const blocker = new pg.Client(database)
    await blocker.connect()
    try {
      const [x, y] = await team.createItems([{ title: 'X' }, { title: 'Y' }])
      // Another connection holds X's row: X's save waits in the database until it lets go.
      await blocker.query('BEGIN')
      await blocker.query('SELECT 1 FROM items WHERE id = $1 FOR UPDATE', [x.id])
      let xDone = false
      const xSave = team.updateItem(x.id, { title: 'X2' }).finally(() => (xDone = true))
      const xAgain = team.updateItem(x.id, { notes: 'after X2' })
      // Y's save is not queued behind X's.
      expect((await team.updateItem(y.id, { title: 'Y2' })).title).toBe('Y2')
      expect(xDone).toBe(false)
      await blocker.query('ROLLBACK')
      // X's two saves, one after the other, each from the version the one before wrote: neither conflicts.
      expect((await xSave).title).toBe('X2')
      const last = await xAgain
      expect(last).toMatchObject({ title: 'X2', notes: 'after X2', version: 3 })
      const { rows } = await blocker.query('SELECT title, version FROM items WHERE id = $1', [x.id])
      expect(rows[0]).toEqual({ title: 'X2', version: '3' })
    } finally {
      await blocker.end()
      await team.close()
    }
  })

  it('takes its own changes from its commits, and reads the change feed for the changes of others only', async () => {
    const [a, b] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Harbour dues' }])
      await a.storage.feed.catchUp()
      const own: number[] = []
      onTeamChange(a, (c) => {
        if (c.own) own.push(c.seq)
      })
      // Every read of the feed's table by any connection of A (B reads on its own clients, not watched here).
      const reads: string[] = []
      const query = pg.Client.prototype.query
      const aPool = a.storage.db.pool
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0] as string | { text?: string }
        const text = typeof q === 'string' ? q : (q?.text ?? '')
        if (text.startsWith('SELECT seq, origin, kinds, ids, at FROM changes') && (aPool as unknown as { _clients: pg.Client[] })._clients.includes(this)) reads.push(text)
        return (query as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof query
      const t0 = performance.now()
      try {
        for (let k = 0; k < 10; k++) await a.updateItem(item.id, { title: `Harbour dues ${k}` })
        // Notifications reach A in the order of the commits: once B's change is applied, A's own ten came before it.
        const seen = nextRemoteChange(a)
        await b.createItems([{ title: 'Ferry timetable' }])
        await seen
      } finally {
        pg.Client.prototype.query = query
      }
      expect(own).toHaveLength(10)
      expect(new Set(own).size).toBe(10)
      // One read for B's change, and at most one more for each poll (every 2 s) in between; never one per own change.
      expect(reads.length).toBeGreaterThanOrEqual(1)
      expect(reads.length).toBeLessThanOrEqual(1 + Math.ceil((performance.now() - t0) / 2000))
      expect(reads.length).toBeLessThan(10)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('makes a durable edit by one prepared statement, no transaction around it: the row, the undo push, the journal and the feed together', async () => {
    const database = await freshDatabase()
    const team = await openTeamArchive({ database, files: tempDir('pk-files-'), state: tempDir() })
    try {
      const [item] = await team.createItems([{ title: 'Before' }])
      // Every statement any connection of this process sends, in order (the driver's own method, watched).
      const sent: Array<{ client: pg.Client; text: string; name?: string }> = []
      const query = pg.Client.prototype.query
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0] as string | { text?: string; name?: string }
        sent.push({ client: this, text: typeof q === 'string' ? q : (q?.text ?? ''), name: typeof q === 'string' ? undefined : q?.name })
        return (query as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof query
      try {
        await team.updateItem(item.id, { title: 'After' })
      } finally {
        pg.Client.prototype.query = query
      }
      // No BEGIN or COMMIT: the edit is a single statement, which PostgreSQL runs atomically.
      expect(sent.map((s) => s.text)).not.toContain('BEGIN')
      expect(sent.map((s) => s.text)).not.toContain('COMMIT')
      const edit = sent.filter((s) => /^WITH l0 AS/.test(s.text))
      expect(edit).toHaveLength(1)
      expect(edit[0].text).toMatch(/^WITH l0 AS \(UPDATE items AS i[\s\S]*l1 AS \(SELECT pk_undo_push[\s\S]*d0 AS \(INSERT INTO journal[\s\S]*c AS \(INSERT INTO changes[\s\S]*pk_all_written/)
      // Prepared (named), so a connection parses and plans its shape once.
      expect(edit[0].name).toMatch(/^pk_/)
      // The whole edit from this process: that statement, and the item's texts read for the answer; its own change is not read back from the feed.
      expect(sent.filter((s) => s !== edit[0]).map((s) => s.text.trim().split(/\s+/).slice(0, 4).join(' '))).toEqual(['SELECT * FROM item_texts'])
      // What the last statement carried was all written: the journal line, the undo record, the feed's row.
      const db = new pg.Client(database)
      await db.connect()
      try {
        const lines = (await db.query("SELECT line FROM journal WHERE item_id = $1 AND line LIKE '%\"op\":\"update\"%'", [item.id])).rows
        expect(lines.map((r) => JSON.parse(r.line).after.title)).toEqual(['After'])
        const [last] = (await db.query('SELECT kinds, ids FROM changes ORDER BY seq DESC LIMIT 1')).rows
        expect(last).toEqual({ kinds: expect.arrayContaining(['items', 'journal', 'undo']), ids: [item.id] })
        // The undo entry numbered by the database: its JSON's seq is its row's, and it is on top of the stack.
        const [entry] = (await db.query('SELECT seq, entry FROM undo_entries ORDER BY seq DESC LIMIT 1')).rows
        expect(entry.entry).toMatchObject({ seq: entry.seq, label: expect.stringContaining('Before') })
        const [state] = (await db.query("SELECT state FROM undo_state WHERE person = ''")).rows
        expect(state.state).toMatchObject({ next: entry.seq + 1, redo: [] })
        expect(state.state.undo.at(-1)).toEqual({ seq: entry.seq, label: entry.entry.label })
      } finally {
        await db.end()
      }
      await (await team.workspace()).undo()
      expect(team.catalog.get(item.id)?.title).toBe('Before')
    } finally {
      await team.close()
    }
  })
})
