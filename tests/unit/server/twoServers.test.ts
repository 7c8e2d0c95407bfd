// Two team server processes on one PostgreSQL database, many people at once: no acknowledged
// change is ever lost (each is in the archive at the end, or was overwritten only by a change
// made knowing it, or its author was told CONFLICT), both processes end with the same totals;
// a process killed in the middle of a bulk edit leaves it whole or absent; a database restart
// gives clear errors, then everything works again. Its own cluster: it restarts it.
// PK_TEAM_OPS and PK_TEAM_CLIENTS scale the concurrency run: 800 operations by 20 people in the
// suite (its time), PK_TEAM_OPS=2000 for the full run.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../electron/cli/cli'
import { startLocalCluster, type LocalCluster } from '../../../electron/core/team/localCluster'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { PgAccountStore } from '../../../electron/server/pgAccounts'
import { tempDir } from '../helpers'
import { startServerProcess, stubRenderer, type ServerProcess } from './serverProcesses'
import { TeamClient } from './teamClient'

const OPS = Number(process.env.PK_TEAM_OPS) || 800
const CLIENTS = Number(process.env.PK_TEAM_CLIENTS) || 20
const SEED = 300
const HOT = 6
const PASSWORD = 'a long enough password'

let cluster: LocalCluster
let database: string
let db: pg.Client
let servers: ServerProcess[] = []
let seedIds: string[] = []

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const code = await runCli(args, { out: (s) => lines.push(s), err: (s) => lines.push(s) })
  return { code, out: lines.join('\n') }
}

/** One person signed in once, using the same session on both server processes. */
async function person(name: string): Promise<TeamClient[]> {
  const [a, b] = servers.map((s) => new TeamClient(s.url))
  const r = await a.signIn(name, PASSWORD)
  if (r.status !== 200) throw new Error(`${name} could not sign in: ${r.body}`)
  b.cookie = a.cookie
  b.csrf = a.csrf
  return [a, b]
}

const rows = async <T,>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[]

/** Polls until `check` holds (the change feed reaches the other process within a couple of seconds). */
async function settles(check: () => Promise<boolean>, ms = 20_000, every = 200): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('The two processes did not agree in time.')
    await new Promise((r) => setTimeout(r, every))
  }
}

beforeAll(async () => {
  cluster = await startLocalCluster()
  db = new pg.Client(cluster.url)
  await db.connect()
  await db.query('CREATE DATABASE team')
  await db.end()
  database = cluster.urlOf('team')
  db = new pg.Client(database)
  await db.connect()
  const files = tempDir('pk-files-')
  // The administrator, from the command line as on a server; the people with a cheaper hash (many sign-ins).
  const pw = path.join(tempDir(), 'pw')
  writeFileSync(pw, `${PASSWORD}\n`)
  expect((await cli(['users', 'add', 'chief', '--role', 'admin', '--database', database, '--password-file', pw])).code).toBe(0)
  const teamDb = new TeamDatabase(database)
  const accounts = new PgAccountStore(teamDb, { N: 1 << 10, r: 8, p: 1 })
  for (let i = 0; i < CLIENTS; i++) await accounts.add(`p${i}`, 'cataloguer', PASSWORD)
  await teamDb.close()
  const seeder = await openTeamArchive({ database, files, state: tempDir() })
  seedIds = (await seeder.createItems(Array.from({ length: SEED }, (_, i) => ({ title: `Seed ${i}`, tags: ['seed'] })))).map((i) => i.id)
  await seeder.close()
  const renderer = stubRenderer()
  servers = await Promise.all([0, 1].map(() => startServerProcess(database, files, renderer, { PK_DB_WAIT_MS: '4000' })))
}, 120_000)

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL')
  await Promise.all(servers.map((s) => s.exited))
  await db?.end().catch(() => {})
  cluster?.stop()
})

describe('two team server processes on one database', () => {
  it('keep accounts and sessions in the database: users … --database, a session good on both processes', async () => {
    const list = await cli(['--json', 'users', 'list', '--database', database])
    expect(JSON.parse(list.out).map((a: { name: string }) => a.name)).toContain('chief')
    expect((await rows<{ password_hash: string }>("SELECT password_hash FROM accounts WHERE key = 'chief'"))[0].password_hash).toMatch(/^scrypt\$32768\$/)
    const [onA, onB] = await person('chief')
    expect((await onB.api('archive:info')).ok).toBe(true)
    // Disabled from the command line: refused by both processes as soon as the database's
    // notification reaches them (milliseconds), and in any case within the 2 s a process keeps a
    // session (a request that reaches a process before the notification is answered as if it had
    // come just before the change).
    expect((await cli(['users', 'disable', 'chief', '--database', database])).code).toBe(0)
    const disabledAt = Date.now()
    for (const on of [onA, onB]) await settles(async () => (await on.api('archive:info')).code === 'SIGNED_OUT', 2_000, 20)
    expect(Date.now() - disabledAt).toBeLessThan(2_000)
    expect((await cli(['users', 'enable', 'chief', '--database', database])).code).toBe(0)
  })

  it(`lose no acknowledged change: ${CLIENTS} people, ${OPS} mixed operations with collisions`, { timeout: 300_000 }, async () => {
    const people = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => person(`p${i}`)))
    const hot = seedIds.slice(0, HOT)
    type TitleAck = { id: string; base: number; version: number; title: string }
    const titleAcks: TitleAck[] = []
    const tagAcks: Array<{ ids: string[]; tag: string }> = []
    const created: string[] = []
    const failures: string[] = []
    let conflicts = 0
    let done = 0
    // A small fixed-seed generator: the same run every time.
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
    const started = Date.now()

    const runClient = async (c: number) => {
      for (let k = 0; done < OPS; k++) {
        done++
        // Each person's requests alternate between the two processes.
        const client = people[c][k % 2]
        const roll = rand()
        let r: any
        if (roll < 0.4) {
          // Read a hot item, then change its title from that version: the collisions.
          const id = pick(hot)
          const got = await client.api('items:get', { id })
          if (!got.ok) {
            failures.push(`get: ${got.message}`)
            continue
          }
          const title = `p${c} #${k}`
          r = await client.api('items:update', { id, fields: { title }, baseVersion: got.value.version })
          if (r.ok) titleAcks.push({ id, base: got.value.version, version: r.value.version, title })
        } else if (roll < 0.6) {
          const ids = [pick(hot), pick(seedIds), pick(seedIds)]
          const tag = `c${c}-${k}`
          r = await client.api('bulk:apply', { ids, ops: [{ op: 'addTags', tags: [tag] }] })
          if (r.ok) tagAcks.push({ ids, tag })
        } else if (roll < 0.7) {
          r = await client.api('items:create', { fields: { title: `New by p${c} #${k}`, tags: ['new'] } })
          if (r.ok) created.push(r.value.id)
        } else if (roll < 0.85) {
          r = await client.api('search:query', { q: pick(['seed', 'new', 'p1', 'p2']), limit: 5 })
        } else {
          r = await client.api('items:list', { limit: 20 })
        }
        if (r.ok) continue
        if (r.code === 'CONFLICT') conflicts++
        else failures.push(`${r.code}: ${r.message}`)
      }
    }
    await Promise.all(people.map((_, c) => runClient(c)))
    const seconds = (Date.now() - started) / 1000
    expect(failures).toEqual([])

    // Every acknowledged title change was made knowing every earlier acknowledged one on its item
    // (an update from an older version that touched the title would have been a lost update),
    // and the last one is the item's title now.
    const stored = new Map((await rows<{ id: string; title: string; tags: string[] }>("SELECT id, title, data->'tags' AS tags FROM items")).map((r) => [r.id, r]))
    for (const id of hot) {
      const acks = titleAcks.filter((a) => a.id === id).sort((a, b) => a.version - b.version)
      for (let i = 1; i < acks.length; i++) expect(acks[i].base, `${id}: a title saved over another unseen`).toBeGreaterThanOrEqual(acks[i - 1].version)
      if (acks.length) expect(stored.get(id)!.title).toBe(acks.at(-1)!.title)
    }
    for (const { ids, tag } of tagAcks) for (const id of ids) expect(stored.get(id)!.tags, `${tag} on ${id}`).toContain(tag)
    for (const id of created) expect(stored.has(id)).toBe(true)
    // Each acknowledged version has its journal line, naming its author.
    const lines = new Set((await rows<{ line: string }>("SELECT line FROM journal WHERE line LIKE '%\"op\":\"update\"%'")).map((r) => {
      const l = JSON.parse(r.line)
      return `${l.id}@${l.version}:${l.user}`
    }))
    for (const a of titleAcks) expect(lines.has(`${a.id}@${a.version}:${a.title.split(' ')[0]}`)).toBe(true)

    // Once the change feed has settled, both processes count what the database holds, in the
    // list and in the search.
    const [dbTotal] = await rows<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE trashed IS NULL')
    const [newTotal] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE trashed IS NULL AND data->'tags' ? 'new'`)
    const [client0A, client0B] = people[0]
    await settles(async () => {
      for (const c of [client0A, client0B]) {
        const list = await c.api('items:list', { limit: 1 })
        const search = await c.api('search:query', { q: 'tag:new', limit: 1 })
        const listed = await c.api('items:list', { limit: 1, filter: { tag: 'new' } })
        if (list.value.total !== dbTotal.n || search.value.total !== newTotal.n || listed.value.total !== newTotal.n) return false
      }
      return true
    })
    console.log(
      `team concurrency: ${OPS} operations by ${CLIENTS} people on 2 processes in ${seconds.toFixed(1)} s (${Math.round(OPS / seconds)}/s); ` +
        `${titleAcks.length} title saves and ${tagAcks.length} bulk edits acknowledged, ${conflicts} conflicts reported, 0 lost; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`
    )
    expect(titleAcks.length).toBeGreaterThan(0)
    expect(conflicts).toBeGreaterThan(0)
  })

  it('leave a bulk edit whole or absent when a server process is killed in the middle of it', { timeout: 120_000 }, async () => {
    const [onA] = await person('p0')
    const countsNow = async () =>
      (
        await rows<{ tagged: number; lines: number }>(
          `SELECT (SELECT count(*)::int FROM items WHERE data->'tags' ? 'killed') AS tagged,
                  (SELECT count(*)::int FROM journal WHERE line LIKE '%"op":"bulk-edit"%' AND line LIKE '%killed%') AS lines`
        )
      )[0]
    // One of its items locked by another connection: the bulk edit's transaction, once open,
    // waits there, so the kill lands in the middle of it however fast the server is.
    const blocker = new pg.Client(database)
    await blocker.connect()
    await blocker.query('BEGIN')
    await blocker.query('SELECT 1 FROM items WHERE id = $1 FOR UPDATE', [seedIds[SEED - 1]])
    const sent = onA.api('bulk:apply', { ids: seedIds, ops: [{ op: 'addTags', tags: ['killed'] }] }).catch((err: Error) => err)
    const writing = `datname = 'team' AND pid <> pg_backend_pid() AND pid <> $1 AND xact_start IS NOT NULL AND state IN ('active', 'idle in transaction')
       AND (query ILIKE '%UPDATE items%' OR query ILIKE '%INSERT INTO journal%' OR query ILIKE '%undo_%')`
    const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid
    let inFlight = false
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const [open] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${writing} AND wait_event_type = 'Lock'`, [blockerPid])
      if (open.n > 0) {
        inFlight = true
        break
      }
    }
    servers[0].child.kill('SIGKILL')
    expect(await servers[0].exited).toBe(null)
    expect(await sent).toBeInstanceOf(Error)
    expect(inFlight).toBe(true)
    await blocker.query('ROLLBACK')
    await blocker.end()
    // What the dead process's connection was doing ends (rolled back, or a statement run whole).
    await settles(async () => (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${writing}`, [blockerPid]))[0].n === 0)
    // PostgreSQL rolls back what the dead process left open: all of it or none of it.
    const after = await countsNow()
    expect([0, SEED]).toContain(after.tagged)
    expect(after.lines).toBe(after.tagged)
    // The other process goes on, and agrees.
    const onB = new TeamClient(servers[1].url)
    await onB.signIn('p0', PASSWORD)
    await settles(async () => (await onB.api('items:list', { limit: 1, filter: { tag: 'killed' } })).value.total === after.tagged)
  })

  it('give clear errors while the database restarts, then work again with the same sessions', { timeout: 120_000 }, async () => {
    const onB = new TeamClient(servers[1].url)
    await onB.signIn('p1', PASSWORD)
    const id = seedIds[HOT]
    const before = (await onB.api('items:get', { id })).value
    await db.end()
    cluster.halt()
    const refused = await onB.api('items:update', { id, fields: { title: 'While down' }, baseVersion: before.version })
    expect(refused).toMatchObject({ ok: false, code: 'DATABASE_UNAVAILABLE' })
    expect(refused.message).toMatch(/cannot be reached.*Nothing was half-written/)
    cluster.start()
    db = new pg.Client(database)
    await db.connect()
    // The session outlived the restart (it is in the database); the edit goes through once.
    const saved = await onB.api('items:update', { id, fields: { title: 'After the restart' }, baseVersion: before.version })
    expect(saved).toMatchObject({ ok: true, value: { title: 'After the restart' } })
    const lines = await rows<{ line: string }>("SELECT line FROM journal WHERE item_id = $1 AND line LIKE '%\"op\":\"update\"%'", [id])
    expect(lines.map((r) => JSON.parse(r.line).after.title)).toEqual(['After the restart'])
    // The change feed reconnected: a change made by another process arrives.
    const other = await openTeamArchive({ database, files: tempDir(), state: tempDir() })
    await other.updateItem(id, { title: 'From a third process' })
    await other.close()
    await settles(async () => (await onB.api('items:get', { id })).value.title === 'From a third process')
  })
})
