// Sessions kept in a team server process's memory (sessionCache.ts): a session resolved
// recently costs no query, yet signing out, a role change, disabling (from this process, another
// or psql) apply at the other process's next request; an entry lives 2 s at most when no
// notification comes; nothing is kept while the listening connection is lost, and what was kept
// goes when it is.
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelListener } from '../../../electron/core/team/ChangeFeed'
import { migrateSchema } from '../../../electron/core/team/schema'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { teamServerBooks } from '../../../electron/server/pgAccounts'
import { ENTRY_MS, SESSIONS_CHANNEL, SessionCache } from '../../../electron/server/sessionCache'
import { startTeamServer, type TeamServer } from '../../../electron/server/teamServer'
import { freshDatabase } from '../../pg/database'
import type { TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { twoProcesses } from '../team/twoProcesses'
import { stubRenderer } from './serverProcesses'
import { TeamClient } from './teamClient'

const CHEAP = { N: 1 << 10, r: 8, p: 1 }
const PASSWORD = 'a long enough password'
const limits = { idleMs: 60_000, absoluteMs: 300_000 }

const closing: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const fn of closing.splice(0).reverse()) await fn()
})

/** The statements about sessions and accounts a database is sent, from now on. */
function sessionQueries(db: TeamDatabase): string[] {
  const seen: string[] = []
  const query = db.query.bind(db)
  db.query = ((sql: string, params?: unknown[]) => {
    if (/sessions|accounts/.test(sql)) seen.push(sql)
    return query(sql, params)
  }) as typeof db.query
  return seen
}

/** Polls a condition the feed's connection brings about (its LISTEN acknowledged, a reconnection). */
async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out.')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A server process's books, as `serve --database` makes them, listening. */
async function books(archive: TeamArchive) {
  const b = teamServerBooks(archive.storage.db, archive.storage.feed, CHEAP)
  await until(() => b.kept!.listening)
  return b
}

/** Signals that say they listen and never notify: what a lost notification looks like. */
function deafSignals(): { listenTo(channel: string, l: ChannelListener): () => void; lose(): void } {
  let listener: ChannelListener | undefined
  return {
    listenTo: (_channel, l) => {
      listener = l
      l.ready()
      return () => (listener = undefined)
    },
    lose: () => listener?.lost()
  }
}

describe('sessions kept in memory by a team server process', () => {
  it('resolves a kept session without a query, and reads it again after 2 s, when idle by the copy kept, or once dropped', async () => {
    const [a, b] = await twoProcesses()
    closing.push(() => a.close(), () => b.close())
    const here = await books(a)
    const there = await books(b)
    await here.accounts.add('Amina', 'cataloguer', PASSWORD)
    let t = Date.now()
    const sessions = here.sessionBook(limits, () => t)
    const elsewhere = there.sessionBook(limits, () => t)
    const queries = sessionQueries(a.storage.db)
    const { token, csrf } = await sessions.begin('amina')
    queries.length = 0

    expect(await sessions.resolve(token)).toMatchObject({ name: 'Amina', role: 'cataloguer', csrf })
    expect(queries).toHaveLength(1)
    for (let i = 0; i < 10; i++) {
      t += 150
      expect(await sessions.resolve(token)).toMatchObject({ name: 'Amina', csrf })
    }
    expect(queries).toHaveLength(1)
    // The entry's life is over: read again (and kept again).
    t += ENTRY_MS
    expect(await sessions.resolve(token)).not.toBeNull()
    expect(queries).toHaveLength(2)
    // Used on the other process only, past this one's idle limit by what it read: read again, not ended.
    for (let i = 0; i < 4; i++) {
      t += 20_000
      expect(await elsewhere.resolve(token)).not.toBeNull()
    }
    const before = queries.length
    expect(await sessions.resolve(token)).not.toBeNull()
    expect(queries.length).toBe(before + 1)
    expect(queries.at(-1)).toMatch(/SELECT/)
    // Another session's end, from this process, drops every kept session at once.
    const other = await sessions.begin('amina')
    await sessions.end(other.token)
    queries.length = 0
    expect(await sessions.resolve(token)).not.toBeNull()
    expect(queries).toHaveLength(1)
  })

  it('refuses on the other process, at its next request, a session signed out, a role changed, an account disabled or removed', async () => {
    const [a, b, database] = await twoProcesses()
    closing.push(() => a.close(), () => b.close())
    const onA = await books(a)
    const onB = await books(b)
    for (const name of ['ada', 'bea', 'cy', 'dan', 'eve']) await onA.accounts.add(name, 'cataloguer', PASSWORD)
    // Both processes' sessions timed by a clock that stands still: the 2 s cap plays no part here.
    const clock = Date.now() + 1000
    const renderer = stubRenderer()
    const servers: TeamServer[] = []
    for (const [archive, own] of [[a, onA], [b, onB]] as const) {
      const server = await startTeamServer({ archive, accounts: own.accounts, sessionBook: own.sessionBook, lockoutBook: own.lockoutBook, rendererDir: renderer, now: () => clock })
      servers.push(server)
      closing.push(() => server.close())
    }
    const psql = new pg.Client(database)
    await psql.connect()
    closing.push(() => psql.end())
    const queriesOnB = sessionQueries(b.storage.db)

    /** A person signed in on A, the same session used on B (behind a load balancer), kept by B. */
    const person = async (name: string): Promise<[TeamClient, TeamClient]> => {
      const [x, y] = servers.map((s) => new TeamClient(s.url))
      expect((await x.signIn(name, PASSWORD)).status).toBe(200)
      y.cookie = x.cookie
      y.csrf = x.csrf
      expect((await y.api('archive:info')).ok).toBe(true)
      queriesOnB.length = 0
      expect((await y.api('archive:info')).ok).toBe(true)
      expect(queriesOnB).toEqual([])
      return [x, y]
    }

    /**
     * Resolves when B has heard the database's next notification on the sessions' channel: B's
     * cache listened first, so it has dropped what it kept by then. (The request that follows a
     * change may otherwise reach B before the notification does: B then answers as the request
     * had come just before the change, which the 2 s cap bounds.)
     */
    const heardOnB = () =>
      new Promise<void>((resolve) => {
        const off = b.storage.feed.listenTo(SESSIONS_CHANNEL, { notify: () => (off(), resolve()), ready: () => {}, lost: () => {} })
      })

    const [adaA, adaB] = await person('ada')
    let heard = heardOnB()
    expect((await adaA.post('auth/signout', {})).status).toBe(200)
    await heard
    expect((await adaB.api('archive:info')).code).toBe('SIGNED_OUT')

    // A role change from A's account book (as an administrator's would be): its sessions end.
    const [, beaB] = await person('bea')
    heard = heardOnB()
    await onA.accounts.update('bea', { role: 'reader' })
    await heard
    expect((await beaB.api('archive:info')).code).toBe('SIGNED_OUT')

    // A role changed with psql, the sessions left on: the next request has the new role.
    const [, cyB] = await person('cy')
    expect((await cyB.get('auth/session')).json()).toMatchObject({ signedIn: true, role: 'cataloguer' })
    heard = heardOnB()
    await psql.query("UPDATE accounts SET role = 'reader' WHERE key = 'cy'")
    await heard
    expect((await cyB.get('auth/session')).json()).toMatchObject({ signedIn: true, role: 'reader' })
    expect((await cyB.api('items:create', { fields: { title: 'Not as a reader' } })).code).toBe('NOT_PERMITTED')

    const [, danB] = await person('dan')
    heard = heardOnB()
    await psql.query("UPDATE accounts SET disabled = true WHERE key = 'dan'")
    await heard
    expect((await danB.api('archive:info')).code).toBe('SIGNED_OUT')

    const [, eveB] = await person('eve')
    heard = heardOnB()
    await psql.query("DELETE FROM accounts WHERE key = 'eve'")
    await heard
    expect((await eveB.api('archive:info')).code).toBe('SIGNED_OUT')
  })

  it('keeps an entry 2 s at most when no notification comes', async () => {
    const url = await freshDatabase()
    const db = new TeamDatabase(url)
    closing.push(() => db.close())
    await migrateSchema(db.pool)
    const signals = deafSignals()
    const { accounts, sessionBook } = teamServerBooks(db, signals, CHEAP)
    await accounts.add('ada', 'admin', PASSWORD)
    let t = Date.now() + 1000
    const sessions = sessionBook(limits, () => t)
    const { token } = await sessions.begin('ada')
    expect(await sessions.resolve(token)).not.toBeNull()
    // Disabled behind this process's back, its notification lost: the kept copy serves until its time is up.
    await db.query("UPDATE accounts SET disabled = true WHERE key = 'ada'")
    t += ENTRY_MS - 1
    expect(await sessions.resolve(token)).not.toBeNull()
    t += 1
    expect(await sessions.resolve(token)).toBeNull()

    // Nothing is kept while the signals are lost.
    await db.query("UPDATE accounts SET disabled = false, sessions_valid_from = '2000-01-01T00:00:00.000Z' WHERE key = 'ada'")
    const again = await sessions.begin('ada')
    signals.lose()
    const queries = sessionQueries(db)
    expect(await sessions.resolve(again.token)).not.toBeNull()
    expect(await sessions.resolve(again.token)).not.toBeNull()
    expect(queries).toHaveLength(2)
  })

  it('drops what it kept when the listening connection is lost, and hears notifications again once reconnected', async () => {
    const [a, b, database] = await twoProcesses()
    closing.push(() => a.close(), () => b.close())
    const here = await books(a)
    await here.accounts.add('ada', 'cataloguer', PASSWORD)
    const t = Date.now() + 1000
    const sessions = here.sessionBook(limits, () => t)
    const queries = sessionQueries(a.storage.db)
    const { token } = await sessions.begin('ada')
    await sessions.resolve(token)
    queries.length = 0
    await sessions.resolve(token)
    expect(queries).toHaveLength(0)

    let lost = 0
    let ready = 0
    a.storage.feed.listenTo(SESSIONS_CHANNEL, { notify: () => {}, lost: () => lost++, ready: () => ready++ })
    expect(ready).toBe(1)
    const psql = new pg.Client(database)
    await psql.connect()
    closing.push(() => psql.end())
    // The process's listening connection cut, as a database restart would.
    const cut = await psql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${SESSIONS_CHANNEL}'`)
    expect(cut.rowCount).toBe(1)
    await until(() => lost === 1 && ready === 2)
    expect(here.kept!.listening).toBe(true)
    // What was kept before went: read once, then kept again.
    await sessions.resolve(token)
    await sessions.resolve(token)
    expect(queries).toHaveLength(1)
    // Notifications are heard on the new connection: a change from another process applies.
    await psql.query("UPDATE accounts SET role = 'reader' WHERE key = 'ada'")
    await until(async () => (await sessions.resolve(token))?.role === 'reader', 5_000)
  })

  it('a cache closed keeps nothing', () => {
    const cache = new SessionCache(deafSignals())
    cache.close()
    cache.keep('d', { name: 'x', role: 'reader', csrf: 'c', created: 0, lastSeen: 0, readAt: 0 }, cache.mark())
    expect(cache.get('d', 0)).toBeUndefined()
  })
})
