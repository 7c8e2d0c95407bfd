// The change feed every process of a team archive follows. Each committed change has a row in
// `changes` (written in its transaction) and a NOTIFY on CHANGES_CHANNEL. A process LISTENs on
// its own connection and, on each notification, on reconnecting after the database was away,
// and every few seconds anyway, reads the rows after the last one it saw: a notification
// missed while disconnected is never a change missed. Sequence numbers are taken when a
// transaction inserts its row but become visible when it commits, so a later number can
// appear first: numbers skipped are looked for again until they appear, or for GAP_WAIT_MS
// (a rolled-back transaction leaves a number that never appears).
// A process's own changes come from its commits (with their numbers), not from the table: their
// notifications, which name the origin, wake nothing, so a process reads `changes` only for
// what others did. A notification that comes while a read is waiting to start is covered by it.
// The read is the stores' (PgStorage): with the changes, in the same round trip, it brings
// what the stores need to apply the others' changes (the items' rows and texts).
// Other channels can be listened to on the same connection (listenTo: the sessions' one).
import pg from 'pg'
import { CHANGES_CHANNEL } from './PgBatch'
import type { CommittedChange, TeamDatabase } from './TeamDatabase'

export type TeamChange = { seq: number; origin: string; kinds: string[]; ids: string[]; at: string }
/** `own`: made by this process (already applied here). */
export type ChangeListener = (change: TeamChange & { own: boolean }) => void
/** Changes read from the table, and how to apply those of other processes with what was read beside them. */
export type ChangeRead = { changes: TeamChange[]; apply(remote: TeamChange[]): Promise<void> }
/** Reads the changes numbered above `after`, except those in `skip` (seen already), oldest first (at most a few thousand). */
export type ChangeReader = (after: number, skip: number[]) => Promise<ChangeRead>
/**
 * A listener of another channel. `ready` once its LISTEN is in place (again, after a reconnection),
 * `lost` when the connection goes: notifications sent in between were missed.
 */
export type ChannelListener = { notify(payload: string): void; ready(): void; lost(): void }

const POLL_MS = 2_000
const GAP_WAIT_MS = 30_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class ChangeFeed {
  /** Every change up to here was seen; above it, `seen` holds what was. */
  private upTo = 0
  private readonly seen = new Set<number>()
  private gapSince: number | null = null
  private client: pg.Client | null = null
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> = Promise.resolve()
  private readonly listeners = new Set<ChangeListener>()
  private readonly channels = new Map<string, Set<ChannelListener>>()
  /** The channels LISTENed to on the connection now, and those being. */
  private heard = new Set<string>()
  private hearing = new Set<string>()
  private stopped = false

  constructor(
    private readonly db: TeamDatabase,
    /** Reads what changed, and brings this process's stores up to date with changes made by others. */
    private readonly read: ChangeReader
  ) {
    db.onOwnChange = (change) => this.own(change)
  }

  /** A change this process committed: seen, and announced, without reading it back. */
  private own(change: CommittedChange): void {
    if (this.stopped || change.seq <= this.upTo || this.seen.has(change.seq)) return
    this.seen.add(change.seq)
    this.advance()
    this.announce([change])
  }

  /** The newest change now: taken before the stores load, so nothing between is missed. */
  async mark(): Promise<void> {
    const { rows } = await this.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM changes')
    this.upTo = Number(rows[0].seq ?? 0)
  }

  async start(): Promise<void> {
    await this.listen().catch(() => this.reconnect())
    this.timer = setInterval(() => void this.catchUp(), POLL_MS)
    this.timer.unref()
  }

  /** Called for every change, this process's own included (a server passes them to its clients). */
  subscribe(fn: ChangeListener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /**
   * Listens to another channel (a constant name) on the feed's connection. The listener is told
   * `ready` once it is heard (at once when the connection is up), and `lost`/`ready` around
   * every reconnection.
   */
  listenTo(channel: string, listener: ChannelListener): () => void {
    let set = this.channels.get(channel)
    if (!set) this.channels.set(channel, (set = new Set()))
    set.add(listener)
    const client = this.client
    if (client && this.heard.has(channel)) listener.ready()
    else if (client && !this.hearing.has(channel)) {
      this.hearing.add(channel)
      client.query(`LISTEN ${channel}`).then(
        () => {
          if (this.client !== client) return
          this.heard.add(channel)
          this.tell((l) => l.ready(), channel)
        },
        () => {
          // The connection is going: its reconnection LISTENs again and says ready.
        }
      )
    }
    return () => set.delete(listener)
  }

  /** The connection gone: no channel is heard until the next one LISTENs again. */
  private channelsLost(): void {
    this.heard = new Set()
    this.hearing = new Set()
    this.tell((l) => l.lost())
  }

  private tell(fn: (l: ChannelListener) => void, channel?: string): void {
    for (const [name, set] of this.channels)
      if (channel === undefined || channel === name)
        for (const l of set) {
          try {
            fn(l)
          } catch {
            // A listener's failure does not stop the feed.
          }
        }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.url })
    client.on('error', () => void this.reconnect())
    client.on('end', () => void this.reconnect())
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL) return this.tell((l) => l.notify(msg.payload ?? ''), msg.channel)
      // "seq origin": this process's own changes are known from their commits.
      if (msg.payload?.endsWith(` ${this.db.origin}`)) return
      void this.catchUp()
    })
    await client.connect()
    await client.query(`LISTEN ${CHANGES_CHANNEL}`)
    // Until every channel is heard: one may be added while the others' LISTENs are on their way.
    const heard = new Set<string>()
    for (let missing = [...this.channels.keys()]; missing.length; missing = [...this.channels.keys()].filter((c) => !heard.has(c)))
      for (const channel of missing) {
        await client.query(`LISTEN ${channel}`)
        heard.add(channel)
      }
    this.client = client
    this.heard = heard
    this.hearing = new Set(heard)
    this.tell((l) => l.ready())
    await this.catchUp()
  }

  private reconnecting = false
  private async reconnect(): Promise<void> {
    if (this.stopped || this.reconnecting) return
    this.reconnecting = true
    const old = this.client
    this.client = null
    this.channelsLost()
    old?.removeAllListeners()
    old?.on('error', () => {})
    void old?.end().catch(() => {})
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.listen()
        break
      } catch {
        await sleep(Math.min(2000, 100 * 2 ** attempt))
      }
    }
    this.reconnecting = false
  }

  private waiting = false
  /** Reads and applies what changed since the last change seen; one catch-up at a time, and at most one waiting. */
  catchUp(): Promise<void> {
    if (this.waiting) return this.running
    this.waiting = true
    this.running = this.running
      .then(() => {
        this.waiting = false
        return this.readNew()
      })
      .catch(() => {
        // The database is away: the next notification, poll or reconnection tries again.
      })
    return this.running
  }

  private async readNew(): Promise<void> {
    if (this.stopped) return
    const read = await this.read(this.upTo, [...this.seen])
    const fresh: TeamChange[] = []
    for (const c of read.changes) {
      if (this.seen.has(c.seq)) continue
      this.seen.add(c.seq)
      fresh.push(c)
    }
    this.advance()
    const remote = fresh.filter((c) => c.origin !== this.db.origin)
    if (remote.length) await read.apply(remote)
    this.announce(fresh)
  }

  private announce(changes: TeamChange[]): void {
    for (const c of changes)
      for (const fn of this.listeners) {
        try {
          fn({ ...c, own: c.origin === this.db.origin })
        } catch {
          // A listener's failure does not stop the feed.
        }
      }
  }

  private advance(): void {
    while (this.seen.has(this.upTo + 1)) this.seen.delete(++this.upTo)
    if (this.seen.size === 0) {
      this.gapSince = null
      return
    }
    // A number below ones seen is missing: wait for it a while, then give it up.
    this.gapSince ??= Date.now()
    if (Date.now() - this.gapSince > GAP_WAIT_MS) {
      this.upTo = Math.min(...this.seen)
      this.seen.delete(this.upTo)
      this.gapSince = null
      this.advance()
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await this.running
    const client = this.client
    this.client = null
    this.channelsLost()
    client?.removeAllListeners()
    client?.on('error', () => {})
    await client?.end().catch(() => {})
  }
}
