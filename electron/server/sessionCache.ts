// The sessions a team server process resolved, kept in its memory for a moment: every request
// of a signed-in person asks for its session, and a round trip to the database for each one was
// about a third of all the queries of a busy server. What ends a session or changes its account
// (signing out, disabling, a role or password change, an account removed), made by any process
// or with psql, notifies every process on SESSIONS_CHANNEL in its transaction (migration 005),
// heard on the change feed's connection: the whole cache is dropped (those changes are rare).
// The cache is used only while that connection listens; when it is lost or made again (the
// database was away, notifications may have been missed), everything kept is dropped. And an
// entry lives at most ENTRY_MS, so that a notification lost some other way cannot keep a session
// alive longer than that.
import type { Role } from '../../shared/roles'
import type { ChannelListener } from '../core/team/ChangeFeed'

export const SESSIONS_CHANNEL = 'presskeep_sessions'
/** The longest a session is taken from memory without asking the database again. */
export const ENTRY_MS = 2_000
/** A bound on the memory used (sessions beyond are read each time until older ones go). */
const MAX_ENTRIES = 20_000

/** What a session was when it was read: `readAt` by the sessions' clock. */
export type KeptSession = { name: string; role: Role; csrf: string; created: number; lastSeen: number; readAt: number }

/** Where the notifications come from: the change feed (ChangeFeed.listenTo). */
export interface SessionSignals {
  listenTo(channel: string, listener: ChannelListener): () => void
}

export class SessionCache {
  private readonly kept = new Map<string, KeptSession>()
  /** Counts the drops: a read that began before one is not kept (it may be older than the change). */
  private drops = 0
  private heard = false
  private readonly unsubscribe: () => void

  constructor(
    signals: SessionSignals,
    readonly entryMs = ENTRY_MS
  ) {
    this.unsubscribe = signals.listenTo(SESSIONS_CHANNEL, {
      notify: () => this.drop(),
      ready: () => {
        this.drop()
        this.heard = true
      },
      lost: () => {
        this.heard = false
        this.drop()
      }
    })
  }

  /** Whether notifications are heard now (sessions are kept only then). */
  get listening(): boolean {
    return this.heard
  }

  /** The session kept under this digest, if read less than entryMs ago (by `t`). */
  get(digest: string, t: number): KeptSession | undefined {
    const s = this.kept.get(digest)
    if (!s) return undefined
    if (t - s.readAt >= this.entryMs || t < s.readAt) {
      this.kept.delete(digest)
      return undefined
    }
    return s
  }

  /** Taken before reading a session from the database, and given back to keep what was read. */
  mark(): number {
    return this.drops
  }

  /** Keeps a session read since `mark`, unless something was dropped meanwhile or nothing is heard. */
  keep(digest: string, session: KeptSession, mark: number): void {
    if (!this.heard || mark !== this.drops) return
    this.kept.delete(digest)
    if (this.kept.size >= MAX_ENTRIES) this.kept.delete(this.kept.keys().next().value!)
    this.kept.set(digest, session)
  }

  /** Everything kept goes: the next request of each session reads it again. */
  drop(): void {
    this.drops++
    this.kept.clear()
  }

  close(): void {
    this.unsubscribe()
    this.heard = false
    this.drop()
  }
}
