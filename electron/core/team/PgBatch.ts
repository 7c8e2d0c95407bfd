// A change to several stores of a team archive as one PostgreSQL transaction: each store
// stages a step (run at commit, in order, on the transaction's connection), and the commit
// adds the change's row to the change feed and notifies the other processes, all in the same
// transaction: the change, its journal lines, its undo entry and its announcement are made
// together or not at all.
import type { ChangeBatch } from '../commit/ChangeBatch'
import type { TeamDatabase, Tx } from './TeamDatabase'

export const CHANGES_CHANNEL = 'presskeep_changes'

/** What a change touched, as the change feed names it. */
export type ChangeKind = 'items' | 'texts' | 'journal' | 'undo' | 'tags' | 'collections' | 'authorities' | 'column-mappings' | 'saved-searches' | 'settings'

export class PgBatch implements ChangeBatch {
  private readonly steps: Array<(tx: Tx) => Promise<void>> = []
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
  step(kind: ChangeKind, ids: Iterable<string>, fn: (tx: Tx) => Promise<void>): this {
    this.kinds.add(kind)
    for (const id of ids) this.ids.add(id)
    this.steps.push(fn)
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
    return this.steps.length
  }

  async commit(): Promise<void> {
    if (this.committed) throw new Error('A batch commits once.')
    this.committed = true
    if (this.steps.length === 0) {
      for (const fn of this.onCommit) fn()
      return
    }
    // The in-memory state follows inside the turn, before this process's next change starts.
    await this.db.serially(async () => {
      try {
        await this.db.transaction(async (tx, token) => {
          for (const step of this.steps) await step(tx)
          const { rows } = await tx.query<{ seq: string }>(
            'INSERT INTO changes (token, origin, kinds, ids) VALUES ($1, $2, $3, $4) RETURNING seq',
            [token, this.db.origin, [...this.kinds], [...this.ids]]
          )
          // Delivered at COMMIT, to every process LISTENing; the payload is only a wake-up call.
          await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, rows[0].seq])
        })
      } catch (err) {
        for (const fn of this.onAbandon.reverse()) fn()
        throw err
      }
      for (const fn of this.onCommit) fn()
    })
  }
}

/** Narrows a batch to the team archive's kind: a store never stages into a folder's batch. */
export function pgBatch(batch: ChangeBatch): PgBatch {
  if (!(batch instanceof PgBatch)) throw new Error(`The change “${batch.label}” is not a team archive's batch.`)
  return batch
}
