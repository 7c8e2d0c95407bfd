// A change to several stores of a team archive as one PostgreSQL transaction: each store
// stages a step (run at commit, in order, on the transaction's connection), and the commit
// adds the change's row to the change feed and notifies the other processes, all in the same
// transaction: the change, its journal lines, its undo entry and its announcement are made
// together or not at all.
//
// Round trips are what a durable edit waits for (each one a wake-up of the database's process
// and of this one; under load, a millisecond or more each), so the statements whose answer no
// step needs (journal lines, texts, undo records) are deferred: they run at commit as the
// data-modifying WITH clauses of the one statement that records the change and notifies, which
// PostgreSQL runs whole whatever the main query reads. The statements whose answer a step needs
// but which need no other step's answer (the item's UPDATE, whose rows say CONFLICT; the undo
// stack's lock) are led: they run together as the transaction's first statement, each a
// data-modifying WITH clause. An edit is BEGIN, that first statement, the last one, COMMIT; both
// are prepared statements (parsed and planned once per connection, named by their text).
import type { ChangeBatch } from '../commit/ChangeBatch'
import { prepared, type CommittedChange, type TeamDatabase, type Tx } from './TeamDatabase'

export const CHANGES_CHANNEL = 'presskeep_changes'

/** What a change touched, as the change feed names it. */
export type ChangeKind = 'items' | 'texts' | 'journal' | 'undo' | 'tags' | 'collections' | 'authorities' | 'column-mappings' | 'saved-searches' | 'settings'

/** Adds a statement to the final one of the transaction (no answer): what a step may defer once it knows its values. */
export type Defer = (sql: string, params: unknown[]) => void
type Deferred = { sql: string; params: unknown[] }
/** A led statement, and what to do with its rows (may defer statements, or throw to abandon the change). */
type Led = { sql: string; params: unknown[]; then: (rows: any[], defer: Defer) => void }


export class PgBatch implements ChangeBatch {
  private readonly steps: Array<(tx: Tx, defer: Defer) => Promise<void>> = []
  private readonly led: Led[] = []
  /** Deferred when staged; those deferred by steps are made again at each attempt of the transaction. */
  private readonly deferred: Deferred[] = []
  private readonly onCommit: Array<() => void> = []
  private readonly onAbandon: Array<() => void> = []
  private readonly kinds = new Set<ChangeKind>()
  private readonly ids = new Set<string>()
  private committed = false

  constructor(
    private readonly db: TeamDatabase,
    readonly label: string
  ) {}

  /** Adds a step to the transaction, and names what it changes for the change feed. */
  step(kind: ChangeKind, ids: Iterable<string>, fn: (tx: Tx, defer: Defer) => Promise<void>): this {
    this.kinds.add(kind)
    for (const id of ids) this.ids.add(id)
    this.steps.push(fn)
    return this
  }

  /**
   * Adds a statement whose answer a step needs but which needs no other statement's answer: run
   * with the other led ones as the transaction's first statement, before every step; `then` gets
   * its rows (at each attempt of the transaction).
   */
  lead<R>(kind: ChangeKind, ids: Iterable<string>, sql: string, params: unknown[], then: (rows: R[], defer: Defer) => void): this {
    this.kinds.add(kind)
    for (const id of ids) this.ids.add(id)
    this.led.push({ sql, params, then })
    return this
  }

  /** Adds a statement whose answer nobody needs: run at commit, after every step, in the change's own statement. */
  defer(kind: ChangeKind, ids: Iterable<string>, sql: string, params: unknown[]): this {
    this.kinds.add(kind)
    for (const id of ids) this.ids.add(id)
    this.deferred.push({ sql, params })
    return this
  }

  afterCommit(fn: () => void): this {
    this.onCommit.push(fn)
    return this
  }

  ifAbandoned(fn: () => void): this {
    this.onAbandon.push(fn)
    return this
  }

  get size(): number {
    return this.steps.length + this.led.length + this.deferred.length
  }

  async commit(): Promise<void> {
    if (this.committed) throw new Error('A batch commits once.')
    this.committed = true
    if (this.size === 0) {
      for (const fn of this.onCommit) fn()
      return
    }
    // Changes of one process commit at once (the item repository orders those to the same item;
    // the rows' versions and the undo stack's row lock keep the rest apart); the in-memory state
    // follows each in the turn its transaction ends.
    let change: CommittedChange
    try {
      change = await this.db.transaction(async (tx, token) => {
        const late: Deferred[] = []
        const defer: Defer = (sql, params) => late.push({ sql, params })
        if (this.led.length) {
          const { rows } = await tx.query(prepared(leadStatement(this.led)))
          this.led.forEach((l, i) => l.then((rows[0] as Record<string, unknown[]>)[`r${i}`], defer))
        }
        for (const step of this.steps) await step(tx, defer)
        const { rows } = await tx.query<{ seq: string }>(prepared(finalStatement(this.db.origin, token, [...this.kinds], [...this.ids], [...this.deferred, ...late])))
        return { seq: Number(rows[0].seq), origin: this.db.origin, kinds: [...this.kinds], ids: [...this.ids], at: new Date().toISOString() }
      })
    } catch (err) {
      for (const fn of this.onAbandon.reverse()) fn()
      throw err
    }
    for (const fn of this.onCommit) fn()
    this.db.onOwnChange?.(change)
  }
}

/** The led statements as one: each a WITH clause, its rows as a JSON array in column r<i>. */
export function leadStatement(led: Array<{ sql: string; params: unknown[] }>): { text: string; values: unknown[] } {
  const values: unknown[] = []
  const clauses = led.map((l, i) => {
    const offset = values.length
    values.push(...l.params)
    return `l${i} AS (${l.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`
  })
  const columns = led.map((_, i) => `(SELECT coalesce(json_agg(l${i}), '[]') FROM l${i}) AS r${i}`)
  return { text: `WITH ${clauses.join(',\n')} SELECT ${columns.join(', ')}`, values }
}


/**
 * The change's row in the feed and its NOTIFY (delivered at COMMIT to every process LISTENing;
 * the payload is a wake-up call that says whose change it is), with the deferred statements before them, their
 * parameters numbered after the change's own.
 */
export function finalStatement(origin: string, token: string, kinds: string[], ids: string[], deferred: Deferred[]): { text: string; values: unknown[] } {
  const values: unknown[] = [token, origin, kinds, ids, CHANGES_CHANNEL]
  const clauses = deferred.map((d, i) => {
    const offset = values.length
    values.push(...d.params)
    return `d${i} AS (${d.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`
  })
  clauses.push('c AS (INSERT INTO changes (token, origin, kinds, ids) VALUES ($1, $2, $3, $4) RETURNING seq)')
  // The payload names the origin: a process skips its own notifications (it knows its changes).
  return { text: `WITH ${clauses.join(',\n')} SELECT seq, pg_notify($5, seq::text || ' ' || $2) FROM c`, values }
}

/** Narrows a batch to the team archive's kind: a store never stages into a folder's batch. */
export function pgBatch(batch: ChangeBatch): PgBatch {
  if (!(batch instanceof PgBatch)) throw new Error(`The change “${batch.label}” is not a team archive's batch.`)
  return batch
}
