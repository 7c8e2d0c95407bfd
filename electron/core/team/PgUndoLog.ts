// The undo and redo stacks of a team archive, one pair per person: undo takes back one's own
// last change, never a colleague's (who may be editing the same items at that moment). A
// person's entries are rows of `undo_entries` and their stacks a row of `undo_state`, both
// changed in the transaction of the change they record. The person is the one the request
// runs as (actor.ts); a change made with no person named (a migrated folder archive's
// history, tools run on the server) is on the stacks of person ''.
import { currentActor } from '../actor'
import type { ChangeBatch } from '../commit/ChangeBatch'
import { CoreError } from '../errors'
import type { UndoEntry } from '../workspace/UndoStack'
import { PgBatch, pgBatch, type Alone, type Defer } from './PgBatch'
import type { TeamDatabase, Tx } from './TeamDatabase'

type Ref = { seq: number; label: string }
export type UndoState = { next: number; undo: Ref[]; redo: Ref[] }

const DEPTH = 100
const EMPTY: UndoState = { next: 1, undo: [], redo: [] }

/** Whose stacks a change goes on: the person the request runs as, lower case (names are case-insensitive). */
const personNow = (): string => (currentActor() ?? '').toLowerCase()

export async function writeUndoState(tx: Tx, state: UndoState, person = ''): Promise<void> {
  await tx.query('INSERT INTO undo_state (person, state) VALUES ($1, $2) ON CONFLICT (person) DO UPDATE SET state = EXCLUDED.state', [person, JSON.stringify(state)])
}

export async function writeUndoEntries(tx: Tx, entries: UndoEntry[], person = ''): Promise<void> {
  for (const e of entries)
    await tx.query(
      'INSERT INTO undo_entries (person, seq, entry) VALUES ($1, $2, $3) ON CONFLICT (person, seq) DO UPDATE SET entry = EXCLUDED.entry',
      [person, e.seq, JSON.stringify(e)]
    )
}

export class PgUndoLog {
  /** Every person's stacks as this process last read or wrote them. */
  private states = new Map<string, UndoState>()
  readonly damaged: string | null = null

  constructor(private readonly db: TeamDatabase) {}

  async load(): Promise<void> {
    const { rows } = await this.db.query<{ person: string; state: UndoState }>('SELECT person, state FROM undo_state')
    this.applyStates(rows)
  }

  /** Everyone's stacks as read from the database (at open, or with another process's change). */
  applyStates(rows: Array<{ person: string; state: UndoState }>): void {
    this.states = new Map(rows.map((r) => [r.person, r.state]))
  }

  private stateOf(person: string): UndoState {
    return this.states.get(person) ?? EMPTY
  }

  get top(): { undo: Ref | null; redo: Ref | null; undoDepth: number; redoDepth: number } {
    const { undo, redo } = this.stateOf(personNow())
    return { undo: undo.at(-1) ?? null, redo: redo.at(-1) ?? null, undoDepth: undo.length, redoDepth: redo.length }
  }

  async read(seq: number): Promise<UndoEntry | null> {
    const { rows } = await this.db.query<{ entry: UndoEntry }>('SELECT entry FROM undo_entries WHERE person = $1 AND seq = $2', [personNow(), seq])
    return rows[0]?.entry ?? null
  }

  async save(entry: UndoEntry): Promise<void> {
    const person = personNow()
    const batch = new PgBatch(this.db, 'undo entry')
    batch.step('undo', [], (tx) => writeUndoEntries(tx, [entry], person))
    await batch.commit()
  }

  async push(entry: Omit<UndoEntry, 'seq'>): Promise<UndoEntry> {
    const batch = new PgBatch(this.db, entry.label)
    const full = this.stagePush(batch, entry)
    await batch.commit()
    return full
  }

  /**
   * A person's stacks as stored, locked until the transaction ends: a change is put on the
   * stacks as they are in the database, so the same person saving from two server processes
   * at once (two windows) gets both changes on their stack, one after the other, and neither
   * is refused for it.
   */
  private lockedState(batch: PgBatch, person: string, then: (base: UndoState, defer: Defer) => void, alone?: Alone<{ state: UndoState }>): void {
    // No round trip of its own: the upsert that changes nothing locks the row (made empty the
    // first time) and returns it, led with the change's item write (PgBatch.lead).
    batch.lead<{ state: UndoState }>(
      'undo',
      [],
      'INSERT INTO undo_state (person, state) VALUES ($1, $2) ON CONFLICT (person) DO UPDATE SET state = undo_state.state RETURNING state',
      [person, JSON.stringify(EMPTY)],
      (rows, defer) => then(rows[0]?.state ?? EMPTY, defer),
      alone
    )
  }

  /**
   * A batch holds one change to a person's stacks: its writes are deferred to the batch's last
   * statement (PgBatch), so a second lock in the same batch would read the stacks without them.
   */
  private readonly staged = new WeakSet<ChangeBatch>()
  private once(batch: ChangeBatch): PgBatch {
    if (this.staged.has(batch)) throw new CoreError('INTERNAL', `“${batch.label}” changes the undo history twice in one change.`)
    this.staged.add(batch)
    return pgBatch(batch)
  }

  /** The stacks written, entries added and dropped: deferred to the change's last statement. */
  private deferWrites(defer: Defer, person: string, state: UndoState, added: UndoEntry[], dropped: number[]): void {
    for (const e of added)
      defer('INSERT INTO undo_entries (person, seq, entry) VALUES ($1, $2, $3) ON CONFLICT (person, seq) DO UPDATE SET entry = EXCLUDED.entry', [person, e.seq, JSON.stringify(e)])
    if (dropped.length) defer('DELETE FROM undo_entries WHERE person = $1 AND seq = ANY($2::int[])', [person, dropped])
    defer('UPDATE undo_state SET state = $2 WHERE person = $1', [person, JSON.stringify(state)])
  }

  stagePush(batch: ChangeBatch, entry: Omit<UndoEntry, 'seq'>): UndoEntry {
    const person = personNow()
    // The number is the one the stored stacks give it, set at commit (read by callers after it).
    const full: UndoEntry = { seq: this.stateOf(person).next, ...entry }
    let state: UndoState = EMPTY
    const b = this.once(batch)
    this.lockedState(b, person, (base, defer) => {
      full.seq = base.next
      const dropped = [...base.redo]
      const undo = [...base.undo, { seq: full.seq, label: full.label }]
      while (undo.length > DEPTH) dropped.push(undo.shift()!)
      state = { next: full.seq + 1, undo, redo: [] }
      this.deferWrites(defer, person, state, [full], dropped.map((r) => r.seq))
    }, {
      // In a change of one statement, the same push made by the database on the row it locks
      // (pk_undo_push, migration 006), given the entry's JSON without its number:
      // JSON.stringify(full) is `{"seq":<n>,` and the rest of this.
      sql: 'SELECT pk_undo_push($1, $2, $3, $4) AS state',
      params: [person, JSON.stringify(entry), full.label, DEPTH],
      then: (rows) => {
        state = rows[0].state
        full.seq = state.next - 1
      },
      lost: async () => {
        try {
          ;[state, full.seq] = await this.pushedEntry(person, full.seq, JSON.stringify(entry))
        } catch {
          // The database out of reach again: the stacks as known, until the change feed brings them.
          state = this.stateOf(person)
        }
      }
    })
    b.afterCommit(() => this.remember(person, state))
    return full
  }

  /**
   * A person's stacks and the number of an entry pushed in a change whose answer was lost: the
   * entry found by its JSON, from the lowest number it can have (the stacks' next as this
   * process knew it).
   */
  private async pushedEntry(person: string, lowest: number, rest: string): Promise<[UndoState, number]> {
    const { rows } = await this.db.query<{ state: UndoState; seq: number | null }>(
      `SELECT s.state, (SELECT e.seq FROM undo_entries e WHERE e.person = s.person AND e.seq >= $2 AND e.entry::text = '{"seq":' || e.seq || ',' || substr($3, 2) ORDER BY e.seq LIMIT 1) AS seq
         FROM undo_state s WHERE s.person = $1`,
      [person, lowest, rest]
    )
    return [rows[0]?.state ?? EMPTY, rows[0]?.seq ?? lowest]
  }

  stageMove(batch: ChangeBatch, from: 'undo' | 'redo', entry: UndoEntry): void {
    const person = personNow()
    const to = from === 'undo' ? 'redo' : 'undo'
    let state: UndoState = EMPTY
    const b = this.once(batch)
    this.lockedState(b, person, (base, defer) => {
      // Undone (or redone) meanwhile from another window: not twice.
      if (!base[from].some((r) => r.seq === entry.seq))
        throw new CoreError('CONFLICT', `“${entry.label}” was already ${from === 'undo' ? 'undone' : 'redone'} from another window; nothing was changed.`, undefined, { reason: 'UNDO_CONFLICT' })
      state = { ...base, [from]: base[from].filter((r) => r.seq !== entry.seq), [to]: [...base[to], { seq: entry.seq, label: entry.label }] }
      this.deferWrites(defer, person, state, [], [])
    })
    b.afterCommit(() => this.remember(person, state))
  }

  /**
   * A person's stacks as a change of this process left them. Changes of one person may commit
   * at once from this process (they lock the row in turn): the later stacks (more entries
   * numbered, or as many and this one moved) are kept whatever order the commits are told in.
   */
  private remember(person: string, state: UndoState): void {
    const known = this.states.get(person)
    if (known && known.next > state.next) return
    this.states.set(person, state)
  }

  async drop(from: 'undo' | 'redo', seq: number): Promise<void> {
    const person = personNow()
    const state = { ...this.stateOf(person), [from]: this.stateOf(person)[from].filter((r) => r.seq !== seq) }
    const batch = new PgBatch(this.db, 'forget an undo entry')
    batch.step('undo', [], (tx) => writeUndoState(tx, state, person)).afterCommit(() => this.states.set(person, state))
    await batch.commit()
  }
}
