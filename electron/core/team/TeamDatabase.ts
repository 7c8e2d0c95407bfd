// The connection to a team archive's database: a pool of connections, transactions, and the
// patience a network needs. When the database is down or restarting, a request waits and
// retries for a bounded time (PK_DB_WAIT_MS, 20 s by default), then fails with a clear error
// (DATABASE_UNAVAILABLE); a transaction is retried only when it certainly did not commit.
import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import { CoreError } from '../errors'

const { Pool } = pg
export type Db = pg.Pool
export type Tx = pg.PoolClient

/** A change's row in the feed, once committed (the feed takes this process's own changes from here, not from the table). */
export type CommittedChange = { seq: number; origin: string; kinds: string[]; ids: string[]; at: string }

/** Connection-level failures: the server is down, restarting, or the connection was cut. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null
  if (!e) return false
  if (typeof e.code === 'string' && (/^(08|57P)/.test(e.code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(e.code))) return true
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(e.message ?? '')
}

/**
 * A transaction PostgreSQL ended to break a deadlock (two changes locking the same rows in another
 * order) or a serialization failure: nothing of it was made, and it is run again.
 */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return code === '40P01' || code === '40001'
}

/**
 * Names a statement by its text, so that each connection parses and plans it once and then only
 * binds its values. The shapes a process sends are few (one per kind of change and count of
 * deferred statements, and the reads of the stores, each a constant text); past PREPARED_MAX of them, the rest are sent unnamed.
 */
const PREPARED_MAX = 256
const preparedNames = new Map<string, string>()
export function prepared(q: { text: string; values: unknown[] }): { name?: string; text: string; values: unknown[] } {
  let name = preparedNames.get(q.text)
  if (!name && preparedNames.size < PREPARED_MAX) {
    name = `pk_${createHash('sha1').update(q.text).digest('hex').slice(0, 24)}`
    preparedNames.set(q.text, name)
  }
  return name ? { name, ...q } : q
}

const ignore = () => {}
/** The process id of a connection's server process (the driver keeps it, untyped). */
const backendOf = (client: Tx | null): number | null => (client as { processID?: number | null } | null)?.processID ?? null
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class TeamDatabase {
  readonly pool: Db
  /** This process's name in the change feed: its own changes are not applied twice. */
  readonly origin = randomUUID()
  /** How long a request waits for an unreachable database before it fails. */
  waitMs = Number(process.env.PK_DB_WAIT_MS) || 20_000
  private closed = false
  /** Told of each change this process committed, with its row in the feed (the change feed takes them from here). */
  onOwnChange: ((change: CommittedChange) => void) | null = null

  constructor(readonly url: string) {
    this.pool = new Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5_000 })
    // An idle connection cut by a database restart is dropped from the pool, not a crash.
    this.pool.on('error', () => {})
  }

  /** The error a request gives when the database stayed out of reach. */
  unavailable(err: unknown): CoreError {
    return new CoreError(
      'DATABASE_UNAVAILABLE',
      `The team archive's database cannot be reached (${(err as Error).message}); waited ${Math.round(this.waitMs / 1000)} s. Nothing was half-written: try again when it is back.`
    )
  }

  /** One statement outside a transaction (reads), retried while the database is unreachable. */
  async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    const deadline = Date.now() + this.waitMs
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool.query<R>(prepared({ text: sql, values: params }))
      } catch (err) {
        if (!isConnectionError(err) || this.closed) throw err
        if (Date.now() >= deadline) throw this.unavailable(err)
        await sleep(Math.min(1000, 100 * 2 ** attempt))
      }
    }
  }

  /**
   * Runs `fn` in one transaction. When the connection fails before COMMIT, nothing was made and
   * the whole transaction is run again (until the wait is over). When it fails during COMMIT,
   * the outcome is looked up by the change's token in the changes table (written in the same
   * transaction), so a change is neither lost nor made twice.
   */
  async transaction<T>(fn: (tx: Tx, token: string) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitMs
    for (let attempt = 0; ; attempt++) {
      const token = randomUUID()
      let client: Tx | null = null
      let committing = false
      let result: T
      try {
        client = await this.pool.connect()
        // A connection cut mid-transaction is reported by the query that fails; its 'error'
        // event (emitted as well) must not become an uncaught exception.
        client.on('error', ignore)
        await client.query('BEGIN')
        result = await fn(client, token)
        committing = true
        await client.query('COMMIT')
        client.off('error', ignore)
        client.release()
        return result
      } catch (err) {
        if (client) {
          if (!committing) await client.query('ROLLBACK').catch(() => {})
          client.release(isConnectionError(err) ? true : undefined)
          client.off('error', ignore)
        }
        if (isRetryableConflict(err) && !committing && !this.closed && Date.now() < deadline) {
          await sleep(Math.random() * 20 * (attempt + 1))
          continue
        }
        if (!isConnectionError(err) || this.closed) throw err
        if (committing && (await this.committed(token, deadline, backendOf(client))) !== null) return result!
        if (Date.now() >= deadline) throw this.unavailable(err)
        await sleep(Math.min(1000, 100 * 2 ** attempt))
      }
    }
  }

  /**
   * A change made by one statement outside a transaction (PostgreSQL runs it whole or not at
   * all), built with its token. As with `transaction`: run again when it certainly made nothing
   * (a deadlock broken, no connection to send it on); when the connection fails while it runs,
   * its outcome is looked up by the token. Returns its rows, or only the feed's seq of the change
   * when it committed but its answer was lost with the connection.
   */
  async statement<R extends pg.QueryResultRow = Record<string, unknown>>(build: (token: string) => { text: string; values: unknown[] }): Promise<{ rows: R[] } | { seq: number }> {
    const deadline = Date.now() + this.waitMs
    for (let attempt = 0; ; attempt++) {
      const token = randomUUID()
      let client: Tx | null = null
      try {
        client = await this.pool.connect()
        client.on('error', ignore)
        const { rows } = await client.query<R>(prepared(build(token)))
        client.off('error', ignore)
        client.release()
        return { rows }
      } catch (err) {
        if (client) {
          client.release(isConnectionError(err) ? true : undefined)
          client.off('error', ignore)
        }
        if (isRetryableConflict(err) && !this.closed && Date.now() < deadline) {
          await sleep(Math.random() * 20 * (attempt + 1))
          continue
        }
        if (!isConnectionError(err) || this.closed) throw err
        if (client) {
          const seq = await this.committed(token, deadline, backendOf(client))
          if (seq !== null) return { seq }
        }
        if (Date.now() >= deadline) throw this.unavailable(err)
        await sleep(Math.min(1000, 100 * 2 ** attempt))
      }
    }
  }

  /**
   * The feed's seq of the change with this token, or null when it did not commit (its row in the
   * changes table is written with it). The connection it was sent on may have been cut on this
   * side while its server process still runs it (waiting for a row lock, say): that process is
   * ended first, so that the answer cannot change after it is given.
   */
  private async committed(token: string, deadline: number, backend?: number | null): Promise<number | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Not found (the database restarted) is a warning, refused (no longer ours) an error: either way it is gone or not ours.
        if (backend) await this.pool.query('SELECT pg_terminate_backend($1, 5000)', [backend]).catch(ignore)
        const r = await this.pool.query<{ seq: string }>('SELECT seq FROM changes WHERE token = $1', [token])
        return r.rows.length ? Number(r.rows[0].seq) : null
      } catch (err) {
        if (!isConnectionError(err) || Date.now() >= deadline) throw this.unavailable(err)
        await sleep(Math.min(1000, 100 * 2 ** attempt))
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }
}
