// The accounts and sessions of a PostgreSQL team archive, in its database (migration 002): every
// server process of the archive knows the same people, `presskeep users … --database` changes
// them for all at once, and a session begun on one process is good on every other (behind a
// load balancer a person's requests may land on any of them). A server process keeps the
// sessions it resolved in memory for a moment (sessionCache.ts), dropped as soon as anything
// that could end one changes.
import { createHash, randomBytes } from 'node:crypto'
import { isRole, type Role } from '../../shared/roles'
import { CoreError } from '../core/errors'
import type { TeamDatabase } from '../core/team/TeamDatabase'
import { checkName, checkPassword, type Account, type AccountBook, type AccountInfo } from './accounts'
import { DEFAULT_COST, hashPassword, type ScryptCost } from './passwords'
import type { LockoutBook, LockoutLimits, SessionBook, SessionLimits, SignedIn } from './sessions'
import { DEFAULT_LOCKOUT, DEFAULT_SESSION_LIMITS } from './sessions'
import { SessionCache, type KeptSession, type SessionSignals } from './sessionCache'

type Row = { key: string; name: string; role: string; disabled: boolean; password_hash: string; created: string; sessions_valid_from: string }

/** A role as stored; one this version does not know reads as the least. */
const roleOf = (role: string): Role => (isRole(role) ? role : 'reader')

const accountOf = (r: Row): Account => ({
  name: r.name,
  role: roleOf(r.role),
  disabled: r.disabled,
  passwordHash: r.password_hash,
  created: r.created,
  sessionsValidFrom: r.sessions_valid_from
})

export class PgAccountStore implements AccountBook {
  constructor(
    private readonly db: TeamDatabase,
    readonly cost: ScryptCost = DEFAULT_COST,
    /** This process's kept sessions: dropped at once by its own changes (others' come as notifications). */
    private readonly kept?: SessionCache
  ) {}

  async get(name: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM accounts WHERE key = $1', [name.toLowerCase()])
    return rows[0] ? accountOf(rows[0]) : undefined
  }

  async list(): Promise<AccountInfo[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM accounts')
    return rows.map(accountOf).map(({ passwordHash: _, ...info }) => info).sort((a, b) => a.name.localeCompare(b.name))
  }

  async add(name: string, role: Role, password: string): Promise<AccountInfo> {
    checkName(name)
    const now = new Date().toISOString()
    const hash = await hashPassword(checkPassword(password), this.cost)
    const { rowCount } = await this.db.query(
      `INSERT INTO accounts (key, name, role, disabled, password_hash, created, sessions_valid_from)
       VALUES ($1, $2, $3, false, $4, $5, $5) ON CONFLICT (key) DO NOTHING`,
      [name.toLowerCase(), name, role, hash, now]
    )
    if (!rowCount) throw new CoreError('INVALID_INPUT', `There is already an account named ${name}.`)
    return { name, role, disabled: false, created: now, sessionsValidFrom: now }
  }

  async update(name: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<AccountInfo> {
    const hash = patch.password === undefined ? null : await hashPassword(checkPassword(patch.password), this.cost)
    const { rows } = await this.db.query<Row>(
      `UPDATE accounts SET role = coalesce($2, role), disabled = coalesce($3, disabled), password_hash = coalesce($4, password_hash),
         sessions_valid_from = $5 WHERE key = $1 RETURNING *`,
      // Whatever changed about a person's access ends the sessions they have open.
      [name.toLowerCase(), patch.role ?? null, patch.disabled ?? null, hash, new Date().toISOString()]
    )
    // Dropped once the change is in: a session read before it is not kept (sessionCache's mark).
    this.kept?.drop()
    if (!rows[0]) throw new CoreError('NOT_FOUND', `There is no account named ${name}.`)
    await this.db.query('DELETE FROM sessions WHERE account = $1', [name.toLowerCase()])
    const { passwordHash: _, ...info } = accountOf(rows[0])
    return info
  }
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url')

type SessionRow = { name: string | null; role: string; disabled: boolean; sessions_valid_from: string; csrf: string; s_created: string; last_seen: string }

/** Sessions in the database: any server process of the archive resolves any of them. */
export class PgSessions implements SessionBook {
  constructor(
    private readonly db: TeamDatabase,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
    /** Sessions resolved recently, kept in memory; without it each resolve reads the database. */
    private readonly kept?: SessionCache
  ) {}

  async begin(name: string): Promise<{ token: string; csrf: string }> {
    const t = this.now()
    // The ones over are swept as new ones begin: the table holds only live sessions (and a few).
    await this.db.query('DELETE FROM sessions WHERE last_seen < $1 OR created < $2', [t - this.limits.idleMs, t - this.limits.absoluteMs])
    const token = randomBytes(32).toString('base64url')
    const csrf = randomBytes(24).toString('base64url')
    await this.db.query('INSERT INTO sessions (digest, account, csrf, created, last_seen) VALUES ($1, $2, $3, $4, $4)', [digest(token), name.toLowerCase(), csrf, t])
    return { token, csrf }
  }

  async resolve(token: string | undefined): Promise<SignedIn | null> {
    if (!token) return null
    const key = digest(token)
    const t = this.now()
    const s = this.kept?.get(key, t)
    // Kept and, by what was read, neither idle nor at its limit: no round trip. Idle by the copy
    // kept is asked again: another process may have seen the person since.
    if (s && t - s.lastSeen <= this.limits.idleMs && t - s.created <= this.limits.absoluteMs) {
      s.lastSeen = await this.seen(key, s.lastSeen, t)
      return this.signedIn(s, t)
    }
    const mark = this.kept?.mark()
    // The session and its account in one round trip: only what it needs (not the password's hash).
    const { rows } = await this.db.query<SessionRow>(
      `SELECT a.name, a.role, a.disabled, a.sessions_valid_from, s.csrf, s.created AS s_created, s.last_seen
         FROM sessions s LEFT JOIN accounts a ON a.key = s.account WHERE s.digest = $1`,
      [key]
    )
    const row = rows[0]
    if (!row) return null
    const created = Number(row.s_created)
    const lastSeen = Number(row.last_seen)
    const account = row.name === null ? undefined : { name: row.name, role: roleOf(row.role), disabled: row.disabled, sessionsValidFrom: row.sessions_valid_from }
    const over =
      t - lastSeen > this.limits.idleMs || t - created > this.limits.absoluteMs || !account || account.disabled || Date.parse(account.sessionsValidFrom) > created
    if (over) {
      await this.db.query('DELETE FROM sessions WHERE digest = $1', [key])
      this.kept?.drop()
      return null
    }
    const session: KeptSession = { name: account.name, role: account.role, csrf: row.csrf, created, lastSeen: await this.seen(key, lastSeen, t), readAt: t }
    this.kept?.keep(key, session, mark!)
    return this.signedIn(session, t)
  }

  /** When the session was last seen, now that it is seen at `t`: written at most every few seconds (a burst of requests is not a burst of writes). */
  private async seen(key: string, lastSeen: number, t: number): Promise<number> {
    if (t - lastSeen <= 5_000) return lastSeen
    await this.db.query('UPDATE sessions SET last_seen = $2 WHERE digest = $1', [key, t])
    return t
  }

  private signedIn(s: KeptSession, t: number): SignedIn {
    return { name: s.name, role: s.role, csrf: s.csrf, expires: Math.min(s.created + this.limits.absoluteMs, t + this.limits.idleMs) }
  }

  async end(token: string | undefined): Promise<void> {
    if (!token) return
    await this.db.query('DELETE FROM sessions WHERE digest = $1', [digest(token)])
    this.kept?.drop()
  }
}

/**
 * The accounts, sessions and sign-in failures of a team server process, kept in its team
 * archive's database; `signals` (its change feed) lets it keep sessions in memory.
 */
export function teamServerBooks(db: TeamDatabase, signals?: SessionSignals, cost?: ScryptCost) {
  const kept = signals ? new SessionCache(signals) : undefined
  return {
    accounts: new PgAccountStore(db, cost, kept),
    sessionBook: (limits: SessionLimits, now?: () => number) => new PgSessions(db, limits, now, kept),
    lockoutBook: (limits: LockoutLimits, now?: () => number) => new PgLockout(db, limits, now),
    kept
  }
}

/**
 * Failed sign-ins counted in the database (migration 004), as Lockout counts them in memory:
 * every server process of the archive sees the same counts and the same locks.
 */
export class PgLockout implements LockoutBook {
  constructor(
    private readonly db: TeamDatabase,
    readonly limits: LockoutLimits = DEFAULT_LOCKOUT,
    private readonly now: () => number = Date.now
  ) {}

  async lockedUntil(name: string, address: string): Promise<number | null> {
    const { rows } = await this.db.query<{ until: string | null }>('SELECT max(until) AS until FROM sign_in_locks WHERE key = ANY($1) AND until > $2', [
      [`n:${name.toLowerCase()}`, `a:${address}`],
      this.now()
    ])
    return rows[0]?.until == null ? null : Number(rows[0].until)
  }

  async failed(name: string, address: string): Promise<void> {
    const t = this.now()
    const limits: Record<string, number> = { [`n:${name.toLowerCase()}`]: this.limits.perAccount, [`a:${address}`]: this.limits.perAddress }
    // The failure recorded, the window's counts read back and what is over a limit locked (its
    // count starting again), in one transaction: two processes counting at once meet one total.
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM sign_in_failures WHERE at <= $1', [t - this.limits.windowMs])
      await tx.query('INSERT INTO sign_in_failures (key, at) SELECT unnest($1::text[]), $2', [Object.keys(limits), t])
      const { rows } = await tx.query<{ key: string; n: number }>('SELECT key, count(*)::int AS n FROM sign_in_failures WHERE key = ANY($1) GROUP BY key', [Object.keys(limits)])
      const over = rows.filter((r) => r.n >= limits[r.key]).map((r) => r.key)
      if (over.length === 0) return
      await tx.query(
        'INSERT INTO sign_in_locks (key, until) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO UPDATE SET until = greatest(sign_in_locks.until, EXCLUDED.until)',
        [over, t + this.limits.lockMs]
      )
      await tx.query('DELETE FROM sign_in_failures WHERE key = ANY($1)', [over])
    })
  }

  async succeeded(name: string): Promise<void> {
    await this.db.query('DELETE FROM sign_in_failures WHERE key = $1', [`n:${name.toLowerCase()}`])
  }
}
