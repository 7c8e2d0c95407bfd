// A change to several stores of a team archive, made whole or not at all: each store stages
// what it writes, and the commit adds the change's row to the change feed and notifies the other
// processes with it: the change, its journal lines, its undo entry and its announcement are made
// together or not at all.
//
// Round trips are what a durable edit waits for (each one a wake-up of the database's process
// and of this one, and the CPU of both), so a change takes as few as it can:
// - Most changes (an edit, a bulk edit of a few items) are ONE statement sent outside an explicit
//   transaction, which PostgreSQL runs atomically: the led statements (the items' UPDATE, the
//   undo push) and the deferred ones (journal lines, the feed's row and NOTIFY) are its WITH
//   clauses, the data-modifying ones run whole whatever the main query reads. What JS checked
//   between statements, the statement checks itself: a write missing rows (an item not at its
//   base version) fails it through pk_all_written (migration 006) before the feed's row is
//   inserted, so nothing is made and the caller gets the same CONFLICT; the undo push is
//   computed in the database on the stacks' latest row (pk_undo_push).
// - A change with steps (statements that need another's answer, several chunks) is a
//   transaction: BEGIN, the led statements as one, the steps, the deferred statements with the
//   feed's row as one, COMMIT.
// Both kinds of statement are prepared (parsed and planned once per connection, named by their text).
import type { ChangeBatch } from '../commit/ChangeBatch'
import { prepared, type CommittedChange, type TeamDatabase, type Tx } from './TeamDatabase'

export const CHANGES_CHANNEL = 'presskeep_changes'

/** What a change touched, as the change feed names it. */
export type ChangeKind = 'items' | 'texts' | 'journal' | 'undo' | 'tags' | 'collections' | 'authorities' | 'column-mappings' | 'saved-searches' | 'settings'

/** Adds a statement to the final one of the transaction (no answer): what a step may defer once it knows its values. */
export type Defer = (sql: string, params: unknown[]) => void
type Deferred = { sql: string; params: unknown[] }
/**
 * How a led statement is made in a change of one statement: its clause, what its rows must name,
 * and what to do with its rows once the change committed (nothing can be deferred then).
 */
export type Alone<R> = {
  sql: string
  params: unknown[]
  /** Ids its rows must name (their column `id`): one missing fails the statement, nothing of the change made, with `error`. */
  expect?: { ids: string[]; error: (missing: string[]) => Error }
  then: (rows: R[]) => void
  /** Instead of `then` when the change committed but its answer was lost with the connection: finds out what `then` would have been told. */
  lost: () => Promise<void> | void
}
/** A led statement, and what to do with its rows (may defer statements, or throw to abandon the change); `alone`: its form in a change of one statement. */
type Led = { sql: string; params: unknown[]; then: (rows: any[], defer: Defer) => void; alone?: Alone<any> }


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
   * its rows (at each attempt of the transaction). With `alone`, the change is one statement
   * when it has no step and every led statement has an `alone` too.
   */
  lead<R>(kind: ChangeKind, ids: Iterable<string>, sql: string, params: unknown[], then: (rows: R[], defer: Defer) => void, alone?: Alone<any>): this {
    this.kinds.add(kind)
    for (const id of ids) this.ids.add(id)
    this.led.push({ sql, params, then, alone })
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
      change = this.steps.length === 0 && this.led.every((l) => l.alone) ? await this.commitAlone() : await this.commitInTransaction()
    } catch (err) {
      for (const fn of this.onAbandon.reverse()) fn()
      throw err
    }
    for (const fn of this.onCommit) fn()
    this.db.onOwnChange?.(change)
  }

  /** The change as one statement (see the top of this file). */
  private async commitAlone(): Promise<CommittedChange> {
    const alone = this.led.map((l) => l.alone!)
    const kinds = [...this.kinds]
    const ids = [...this.ids]
    let answer: { rows: Array<Record<string, unknown>> } | { seq: number }
    try {
      answer = await this.db.statement((token) => oneStatement(this.db.origin, token, kinds, ids, alone, this.deferred))
    } catch (err) {
      throw refusal(err, alone) ?? err
    }
    let seq: number
    if ('rows' in answer) {
      const [row] = answer.rows
      alone.forEach((a, i) => a.then(row[`r${i}`] as unknown[]))
      seq = Number(row.seq)
    } else {
      // Committed, its answer lost with the connection (the feed's row read back by its token).
      for (const a of alone) await a.lost()
      seq = answer.seq
    }
    return { seq, origin: this.db.origin, kinds, ids, at: new Date().toISOString() }
  }

  private commitInTransaction(): Promise<CommittedChange> {
    return this.db.transaction(async (tx, token) => {
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
  }
}

/** The rows of led clause l<i>, as a JSON array in column r<i>. */
const ledRows = (i: number): string => `(SELECT coalesce(json_agg(l${i}), '[]') FROM l${i}) AS r${i}`

/** A statement's parameters $1, $2… numbered after `offset` others. */
const renumbered = (sql: string, offset: number): string => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)

/** The led statements as one: each a WITH clause, its rows as a JSON array in column r<i>. */
export function leadStatement(led: Array<{ sql: string; params: unknown[] }>): { text: string; values: unknown[] } {
  const values: unknown[] = []
  const clauses = led.map((l, i) => {
    const offset = values.length
    values.push(...l.params)
    return `l${i} AS (${renumbered(l.sql, offset)})`
  })
  const columns = led.map((_, i) => ledRows(i))
  return { text: `WITH ${clauses.join(',\n')} SELECT ${columns.join(', ')}`, values }
}


/**
 * The change's row in the feed and its NOTIFY (delivered at COMMIT to every process LISTENing;
 * the payload is a wake-up call that says whose change it is), with the deferred statements before them, their
 * parameters numbered after the change's own.
 */
export function finalStatement(origin: string, token: string, kinds: string[], ids: string[], deferred: Deferred[]): { text: string; values: unknown[] } {
  return oneStatement(origin, token, kinds, ids, [], deferred)
}

const CHANGE_ROW = 'c AS (INSERT INTO changes (token, origin, kinds, ids) VALUES ($1, $2, $3, $4) RETURNING seq)'

/**
 * A whole change as one statement: the final statement with the led clauses first, each one's
 * rows as a JSON array in column r<i>. The feed's row is inserted only once every led clause
 * that expects ids passed its check (which fails the statement when one is missing): a refused
 * change takes no number from the feed's sequence, whose holes the other processes would look
 * for again for 30 s (ChangeFeed).
 */
export function oneStatement(origin: string, token: string, kinds: string[], ids: string[], led: Array<Alone<unknown>>, deferred: Deferred[]): { text: string; values: unknown[] } {
  const values: unknown[] = [token, origin, kinds, ids, CHANGES_CHANNEL]
  const clause = (name: string, s: { sql: string; params: unknown[] }) => {
    const offset = values.length
    values.push(...s.params)
    return `${name} AS (${renumbered(s.sql, offset)})`
  }
  const checks: string[] = []
  led.forEach((l, i) => {
    if (!l.expect) return
    values.push(l.expect.ids)
    checks.push(`(SELECT pk_all_written($${values.length}::text[], array_agg(id), ${i}) FROM l${i})`)
  })
  const change = checks.length ? `c AS (INSERT INTO changes (token, origin, kinds, ids) SELECT $1, $2, $3, $4 WHERE ${checks.join(' AND ')} RETURNING seq)` : CHANGE_ROW
  const clauses = [...led.map((l, i) => clause(`l${i}`, l)), ...deferred.map((d, i) => clause(`d${i}`, d)), change]
  // The payload names the origin: a process skips its own notifications (it knows its changes).
  const columns = ["seq, pg_notify($5, seq::text || ' ' || $2)", ...led.map((_, i) => ledRows(i))]
  return { text: `WITH ${clauses.join(',\n')} SELECT ${columns.join(', ')} FROM c`, values }
}

/** The error a change of one statement failed with, as its led statement words it (PK409: rows missing; see migration 006). */
function refusal(err: unknown, led: Array<Alone<unknown>>): Error | null {
  const e = err as { code?: string; detail?: string } | null
  if (e?.code !== 'PK409' || !e.detail) return null
  const { clause, missing } = JSON.parse(e.detail) as { clause: number; missing: string[] }
  return led[clause]?.expect?.error(missing) ?? null
}

/** Narrows a batch to the team archive's kind: a store never stages into a folder's batch. */
export function pgBatch(batch: ChangeBatch): PgBatch {
  if (!(batch instanceof PgBatch)) throw new Error(`The change “${batch.label}” is not a team archive's batch.`)
  return batch
}
