// The undo and redo stacks of a team archive: one row per change in `undo_entries` and the
// stacks in `undo_state`, changed in the transaction of the change they record.
import type { ChangeBatch } from '../commit/ChangeBatch'
import { CoreError } from '../errors'
import type { UndoEntry } from '../workspace/UndoStack'
import { PgBatch, pgBatch } from './PgBatch'
import type { TeamDatabase, Tx } from './TeamDatabase'

type Ref = { seq: number; label: string }
export type UndoState = { next: number; undo: Ref[]; redo: Ref[] }

const DEPTH = 100

export async function writeUndoState(tx: Tx, state: UndoState): Promise<void> {
  await tx.query('INSERT INTO undo_state (id, state) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state', [JSON.stringify(state)])
}

export async function writeUndoEntries(tx: Tx, entries: UndoEntry[]): Promise<void> {
  for (const e of entries)
    await tx.query('INSERT INTO undo_entries (seq, entry) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE SET entry = EXCLUDED.entry', [e.seq, JSON.stringify(e)])
}

export class PgUndoLog {
  private state: UndoState = { next: 1, undo: [], redo: [] }
  readonly damaged: string | null = null

  constructor(private readonly db: TeamDatabase) {}

  async load(): Promise<void> {
    const { rows } = await this.db.query<{ state: UndoState }>('SELECT state FROM undo_state WHERE id = 1')
    this.state = rows[0]?.state ?? { next: 1, undo: [], redo: [] }
  }

  get top(): { undo: Ref | null; redo: Ref | null; undoDepth: number; redoDepth: number } {
    const { undo, redo } = this.state
    return { undo: undo.at(-1) ?? null, redo: redo.at(-1) ?? null, undoDepth: undo.length, redoDepth: redo.length }
  }

  async read(seq: number): Promise<UndoEntry | null> {
    const { rows } = await this.db.query<{ entry: UndoEntry }>('SELECT entry FROM undo_entries WHERE seq = $1', [seq])
    return rows[0]?.entry ?? null
  }

  async save(entry: UndoEntry): Promise<void> {
    const batch = new PgBatch(this.db, 'undo entry')
    batch.step('undo', [], (tx) => writeUndoEntries(tx, [entry]))
    await batch.commit()
  }

  async push(entry: Omit<UndoEntry, 'seq'>): Promise<UndoEntry> {
    const batch = new PgBatch(this.db, entry.label)
    const full = this.stagePush(batch, entry)
    await batch.commit()
    return full
  }

  /**
   * The stacks are the team's: a change is recorded on the stacks as this process last read
   * them, and refused (CONFLICT, nothing made) when another process changed them since; the
   * change feed brings the new stacks, and the change can be made again.
   */
  private async checkBase(tx: Tx, base: UndoState): Promise<void> {
    const { rows } = await tx.query<{ state: UndoState }>('SELECT state FROM undo_state WHERE id = 1 FOR UPDATE')
    const stored = rows[0]?.state ?? { next: 1, undo: [], redo: [] }
    if (JSON.stringify(stored) !== JSON.stringify(base))
      throw new CoreError('CONFLICT', 'Someone else changed the archive at the same moment; nothing of this change was saved. Try again.', undefined, { reason: 'CHANGED_BY_SOMEONE_ELSE' })
  }

  stagePush(batch: ChangeBatch, entry: Omit<UndoEntry, 'seq'>): UndoEntry {
    const base = this.state
    const full: UndoEntry = { seq: base.next, ...entry }
    const dropped = [...base.redo]
    const undo = [...base.undo, { seq: full.seq, label: full.label }]
    while (undo.length > DEPTH) dropped.push(undo.shift()!)
    const state: UndoState = { next: full.seq + 1, undo, redo: [] }
    pgBatch(batch)
      .step('undo', [], async (tx) => {
        await this.checkBase(tx, base)
        await writeUndoEntries(tx, [full])
        await writeUndoState(tx, state)
        if (dropped.length) await tx.query('DELETE FROM undo_entries WHERE seq = ANY($1)', [dropped.map((r) => r.seq)])
      })
      .afterCommit(() => (this.state = state))
    return full
  }

  stageMove(batch: ChangeBatch, from: 'undo' | 'redo', entry: UndoEntry): void {
    const base = this.state
    const to = from === 'undo' ? 'redo' : 'undo'
    const state: UndoState = { ...base, [from]: base[from].filter((r) => r.seq !== entry.seq), [to]: [...base[to], { seq: entry.seq, label: entry.label }] }
    pgBatch(batch)
      .step('undo', [], async (tx) => {
        await this.checkBase(tx, base)
        await writeUndoState(tx, state)
      })
      .afterCommit(() => (this.state = state))
  }

  async drop(from: 'undo' | 'redo', seq: number): Promise<void> {
    const state = { ...this.state, [from]: this.state[from].filter((r) => r.seq !== seq) }
    const batch = new PgBatch(this.db, 'forget an undo entry')
    batch.step('undo', [], (tx) => writeUndoState(tx, state)).afterCommit(() => (this.state = state))
    await batch.commit()
  }
}
