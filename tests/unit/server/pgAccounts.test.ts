// A PostgreSQL team archive's accounts and sessions, in its database: sessions end when idle, at
// their absolute limit, on sign-out and when the account changes, whichever process asks; and
// `serve --database` says clearly what is missing or unreachable.
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../electron/cli/cli'
import { migrateSchema } from '../../../electron/core/team/schema'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { PgAccountStore, PgLockout, PgSessions } from '../../../electron/server/pgAccounts'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'
import { stubRenderer } from './serverProcesses'

const CHEAP = { N: 1 << 10, r: 8, p: 1 }

describe("a team archive's accounts and sessions in PostgreSQL", () => {
  it('ends sessions when idle, at their limit, on sign-out and on a change of the account; any process resolves them', async () => {
    const url = await freshDatabase()
    const one = new TeamDatabase(url)
    const two = new TeamDatabase(url)
    try {
      await migrateSchema(one.pool)
      // Sessions are timed by this clock, moved forward instead of waiting; account changes by the real one.
      let t = Date.now()
      const limits = { idleMs: 60_000, absoluteMs: 300_000 }
      const accounts = new PgAccountStore(one, CHEAP)
      const here = new PgSessions(one, limits, () => t)
      // A second server process: its own connection pool, the same table.
      const there = new PgSessions(two, limits, () => t)
      await accounts.add('Amina', 'cataloguer', 'a good password')
      await expect(accounts.add('amina', 'reader', 'another password')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      const { rows } = await one.query<{ password_hash: string }>('SELECT password_hash FROM accounts')
      expect(rows[0].password_hash).toMatch(/^scrypt\$1024\$8\$1\$/)
      expect(rows[0].password_hash).not.toContain('a good password')

      // The clock starts after the account exists: a session begun before its account's last change is over.
      t = Date.now()
      const s = await here.begin('Amina')
      expect(await there.resolve(s.token)).toMatchObject({ name: 'Amina', role: 'cataloguer', csrf: s.csrf })
      // Only the token's hash is stored.
      expect(JSON.stringify((await one.query('SELECT * FROM sessions')).rows)).not.toContain(s.token)
      // Used within the idle limit, it goes on; unused past it, it is over.
      t += 50_000
      expect(await there.resolve(s.token)).not.toBeNull()
      t += 50_000
      expect(await here.resolve(s.token)).not.toBeNull()
      t += 61_000
      expect(await here.resolve(s.token)).toBeNull()
      // The absolute limit, however busy the session.
      const busy = await here.begin('amina')
      for (let i = 0; i < 6; i++) {
        t += 50_000
        expect(await there.resolve(busy.token)).not.toBeNull()
      }
      t += 50_000
      expect(await there.resolve(busy.token)).toBeNull()
      // Sign-out on one process ends it on the other.
      const out = await here.begin('amina')
      await there.end(out.token)
      expect(await here.resolve(out.token)).toBeNull()
      // A role change (from the command line of any machine) ends it, and the new role shows at the next sign-in.
      t = Date.now() - 1000
      const before = await here.begin('amina')
      await new PgAccountStore(two, CHEAP).update('amina', { role: 'reader' })
      expect(await there.resolve(before.token)).toBeNull()
      t = Date.now() + 1000
      expect(await there.resolve((await there.begin('amina')).token)).toMatchObject({ role: 'reader' })
      await expect(accounts.update('nobody', { disabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('counts failed sign-ins in the database: failures sent to two processes add up to one lock, seen by both, that lifts in time', async () => {
    const url = await freshDatabase()
    const one = new TeamDatabase(url)
    const two = new TeamDatabase(url)
    try {
      await migrateSchema(one.pool)
      let t = Date.now()
      const limits = { perAccount: 4, perAddress: 6, windowMs: 60_000, lockMs: 120_000 }
      const here = new PgLockout(one, limits, () => t)
      const there = new PgLockout(two, limits, () => t)
      // Alternating between the processes: each saw only two of the four failures.
      for (const process of [here, there, here]) await process.failed('Amina', '10.0.0.1')
      expect(await there.lockedUntil('amina', '10.0.0.9')).toBeNull()
      await there.failed('AMINA', '10.0.0.2')
      expect(await here.lockedUntil('amina', '10.0.0.9')).toBe(t + limits.lockMs)
      expect(await there.lockedUntil('Amina', '10.0.0.9')).toBe(t + limits.lockMs)
      // Another name from the same addresses is not locked; the address is, at its own limit.
      expect(await here.lockedUntil('omar', '10.0.0.1')).toBeNull()
      for (const name of ['omar', 'sara', 'lina', 'yusuf']) await (name.length % 2 ? here : there).failed(name, '10.0.0.3')
      expect(await here.lockedUntil('someone', '10.0.0.3')).toBeNull()
      for (const name of ['nadia', 'karim']) await there.failed(name, '10.0.0.3')
      expect(await here.lockedUntil('someone', '10.0.0.3')).toBe(t + limits.lockMs)
      // Failures older than the window do not count; a success clears the name's count.
      await here.failed('omar', '10.0.0.4')
      await here.failed('omar', '10.0.0.4')
      await there.succeeded('Omar')
      await here.failed('omar', '10.0.0.4')
      await here.failed('omar', '10.0.0.4')
      await here.failed('omar', '10.0.0.4')
      expect(await there.lockedUntil('omar', '10.0.0.9')).toBeNull()
      t += limits.windowMs + 1
      await here.failed('omar', '10.0.0.4')
      expect(await there.lockedUntil('omar', '10.0.0.9')).toBeNull()
      // The lock lifts when its time is up.
      t += limits.lockMs
      expect(await here.lockedUntil('amina', '10.0.0.1')).toBeNull()
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('serve --database: refuses without --files, and says so when the database cannot be reached', async () => {
    const lines: string[] = []
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) }
    const renderer = stubRenderer()
    expect(await runCli(['serve', '--database', 'postgres://presskeep@127.0.0.1:1/none', '--renderer', renderer], io)).toBe(1)
    expect(lines.join('\n')).toMatch(/needs --files DIR/)
    const wait = process.env.PK_DB_WAIT_MS
    process.env.PK_DB_WAIT_MS = '300'
    try {
      lines.length = 0
      expect(await runCli(['serve', '--database', 'postgres://presskeep:secret@127.0.0.1:1/none', '--files', tempDir(), '--renderer', renderer], io)).toBe(1)
      expect(lines.join('\n')).toMatch(/database cannot be reached/)
      expect(lines.join('\n')).not.toContain('secret')
    } finally {
      if (wait === undefined) delete process.env.PK_DB_WAIT_MS
      else process.env.PK_DB_WAIT_MS = wait
    }
  })
})
