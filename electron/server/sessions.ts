// Sign-in sessions and the lockout after repeated failures. For a folder archive the sessions
// are in the server's memory: a restart signs everyone out (they sign in again; nothing unsaved
// is lost, the editor keeps it); a PostgreSQL team archive keeps them in its database
// (pgAccounts.ts), so they outlive a restart and move between server processes. Each
// session carries its own CSRF token, given to the page that signed in and required in a header
// on every state-changing request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from '../../shared/roles'
import type { AccountBook } from './accounts'

export type SessionLimits = {
  /** A session unused for this long is over. */
  idleMs: number
  /** A session is over this long after sign-in, used or not. */
  absoluteMs: number
}

export type LockoutLimits = {
  /** Failed sign-ins within `windowMs` that lock an account. */
  perAccount: number
  /** Failed sign-ins from one address within `windowMs` that lock the address (whatever names it tries). */
  perAddress: number
  windowMs: number
  /** How long a lock lasts. */
  lockMs: number
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 2 * 3600_000, absoluteMs: 12 * 3600_000 }
export const DEFAULT_LOCKOUT: LockoutLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

type Session = { name: string; csrf: string; created: number; lastSeen: number }
export type SignedIn = { name: string; role: Role; csrf: string; expires: number }

/** The session token is kept only as its hash: a dump of memory does not hand out sessions. */
const digest = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Where sessions are kept: this process's memory, or the team archive's database. */
export interface SessionBook {
  readonly limits: SessionLimits
  begin(name: string): Promise<{ token: string; csrf: string }>
  /** The person a session token belongs to, when the session is still on and the account allowed. */
  resolve(token: string | undefined): Promise<SignedIn | null>
  end(token: string | undefined): Promise<void>
}

export class Sessions implements SessionBook {
  private readonly live = new Map<string, Session>()

  constructor(
    private readonly accounts: AccountBook,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now
  ) {}

  async begin(name: string): Promise<{ token: string; csrf: string }> {
    this.sweep()
    const token = randomBytes(32).toString('base64url')
    const csrf = randomBytes(24).toString('base64url')
    const t = this.now()
    this.live.set(digest(token), { name, csrf, created: t, lastSeen: t })
    return { token, csrf }
  }

  /** The person a session token belongs to, when the session is still on and the account allowed. */
  async resolve(token: string | undefined): Promise<SignedIn | null> {
    if (!token) return null
    const key = digest(token)
    const s = this.live.get(key)
    if (!s) return null
    const t = this.now()
    const account = await this.accounts.get(s.name)
    const over =
      t - s.lastSeen > this.limits.idleMs ||
      t - s.created > this.limits.absoluteMs ||
      !account ||
      account.disabled ||
      Date.parse(account.sessionsValidFrom) > s.created
    if (over) {
      this.live.delete(key)
      return null
    }
    s.lastSeen = t
    return { name: account.name, role: account.role, csrf: s.csrf, expires: Math.min(s.created + this.limits.absoluteMs, t + this.limits.idleMs) }
  }

  async end(token: string | undefined): Promise<void> {
    if (token) this.live.delete(digest(token))
  }

  private sweep(): void {
    const t = this.now()
    for (const [k, s] of this.live) if (t - s.lastSeen > this.limits.idleMs || t - s.created > this.limits.absoluteMs) this.live.delete(k)
  }
}

export function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Where failed sign-ins are counted: this process's memory (Lockout), or the team archive's database (PgLockout). */
export interface LockoutBook {
  readonly limits: LockoutLimits
  /** When the lock on this account or address lifts (ms since the epoch), or null when not locked. */
  lockedUntil(name: string, address: string): number | null | Promise<number | null>
  failed(name: string, address: string): void | Promise<void>
  succeeded(name: string): void | Promise<void>
}

/** Failed sign-ins, counted per account and per address; a lock says when it lifts. */
export class Lockout implements LockoutBook {
  private readonly failures = new Map<string, number[]>()
  private readonly locks = new Map<string, number>()

  constructor(
    readonly limits: LockoutLimits = DEFAULT_LOCKOUT,
    private readonly now: () => number = Date.now
  ) {}

  /** When the lock on this account or address lifts (ms since the epoch), or null when not locked. */
  lockedUntil(name: string, address: string): number | null {
    const t = this.now()
    let until: number | null = null
    for (const key of [`n:${name.toLowerCase()}`, `a:${address}`]) {
      const u = this.locks.get(key)
      if (u === undefined) continue
      if (u <= t) this.locks.delete(key)
      else until = Math.max(until ?? 0, u)
    }
    return until
  }

  failed(name: string, address: string): void {
    const t = this.now()
    this.count(`n:${name.toLowerCase()}`, this.limits.perAccount, t)
    this.count(`a:${address}`, this.limits.perAddress, t)
  }

  succeeded(name: string): void {
    this.failures.delete(`n:${name.toLowerCase()}`)
  }

  private count(key: string, limit: number, t: number): void {
    const recent = (this.failures.get(key) ?? []).filter((at) => t - at < this.limits.windowMs)
    recent.push(t)
    if (recent.length >= limit) {
      this.locks.set(key, t + this.limits.lockMs)
      this.failures.delete(key)
    } else this.failures.set(key, recent)
    // Bounded memory under a flood of made-up names: the oldest counters go first.
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!)
  }
}
