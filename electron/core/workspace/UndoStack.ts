import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { writeFileAtomic } from '../fsutil'
import type { AtomicBatch } from '../commit/AtomicBatch'

export type StoreName = 'tags' | 'collections' | 'authorities'

/**
 * One item's part of a change: the fields it changed, before and after (`body` means the text
 * in the TextStore), and the item's `modified` time before (`prior`) and after (`stamp`) it.
 * Undo puts back the values and `prior`, redo the values and `stamp`, so a chain of changes
 * unwinds exactly. Both refuse when the item is not as the change left it: something else
 * changed it since, and going back would clobber that.
 */
export type ItemDiff = { id: string; before: Record<string, unknown>; after: Record<string, unknown>; prior: string; stamp: string }
/** One record of tags.json, collections.json or authorities.json, before and after (null: absent). */
export type DocDiff = { store: StoreName; id: string; before: unknown | null; after: unknown | null }

export type UndoEntry = { seq: number; label: string; op: string; at: string; items: ItemDiff[]; docs: DocDiff[] }
type Ref = { seq: number; label: string }
type State = { next: number; undo: Ref[]; redo: Ref[] }

const DEPTH = 100

/**
 * The undo and redo stacks, kept in the archive's undo/ folder (one file per change and a
 * small state file), so that the command line, which opens the archive once per command,
 * can undo too, and a crash loses no history. Only the newest DEPTH changes are kept.
 */
export class UndoStack {
  private state: State = { next: 1, undo: [], redo: [] }

  constructor(
    private readonly dir: string,
    private readonly tmpDir?: string
  ) {}

  /** Set when the state file was found damaged at load: what happened and where the file went. */
  damaged: string | null = null

  async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true })
    let text: string
    try {
      text = await fsp.readFile(this.stateFile, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return // no history yet
      // Unreadable (permissions, a disk error): the archive still opens, and says so.
      this.damaged = `The undo history (undo/state.json) could not be read (${(err as Error).message}), so earlier changes cannot be undone from here.`
      return
    }
    let s: State | null = null
    try {
      s = JSON.parse(text) as State
    } catch {
      s = null
    }
    const refs = (r: unknown) => Array.isArray(r) && r.every((x) => x && Number.isInteger(x.seq) && typeof x.label === 'string')
    if (s && typeof s === 'object' && refs(s.undo) && refs(s.redo) && Number.isInteger(s.next)) {
      this.state = s
      return
    }
    // Damaged: set aside (never deleted) where damaged catalogue files go, and said, rather
    // than the history silently starting empty.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const aside = path.join(this.dir, '..', 'backups', `corrupt-${stamp}`, 'undo-state.json')
    await fsp.mkdir(path.dirname(aside), { recursive: true })
    await fsp.rename(this.stateFile, aside)
    this.damaged = `The undo history (undo/state.json) was damaged and could not be read, so earlier changes cannot be undone from here; the damaged file was kept as backups/corrupt-${stamp}/undo-state.json. Changes from now on can be undone as usual.`
  }

  private get stateFile(): string {
    return path.join(this.dir, 'state.json')
  }

  private fileOf(seq: number): string {
    return path.join(this.dir, `${String(seq).padStart(8, '0')}.json`)
  }

  get top(): { undo: Ref | null; redo: Ref | null; undoDepth: number; redoDepth: number } {
    const { undo, redo } = this.state
    return { undo: undo.at(-1) ?? null, redo: redo.at(-1) ?? null, undoDepth: undo.length, redoDepth: redo.length }
  }

  async read(seq: number): Promise<UndoEntry | null> {
    try {
      return JSON.parse(await fsp.readFile(this.fileOf(seq), 'utf8')) as UndoEntry
    } catch {
      return null
    }
  }

  async save(entry: UndoEntry): Promise<void> {
    await writeFileAtomic(this.fileOf(entry.seq), JSON.stringify(entry), this.tmpDir)
  }

  /** Records a new change: the redo stack is dropped, as in every editor. */
  async push(entry: Omit<UndoEntry, 'seq'>): Promise<UndoEntry> {
    const full: UndoEntry = { seq: this.state.next, ...entry }
    await this.save(full)
    const dropped = [...this.state.redo]
    const undo = [...this.state.undo, { seq: full.seq, label: full.label }]
    while (undo.length > DEPTH) dropped.push(undo.shift()!)
    this.state = { next: full.seq + 1, undo, redo: [] }
    await this.writeState()
    await Promise.all(dropped.map((r) => fsp.rm(this.fileOf(r.seq), { force: true })))
    return full
  }

  /**
   * Records a new change as part of the batch that makes it: the entry exists exactly when
   * the change does. The stacks in memory follow once the batch is committed.
   */
  stagePush(batch: AtomicBatch, entry: Omit<UndoEntry, 'seq'>): UndoEntry {
    const full: UndoEntry = { seq: this.state.next, ...entry }
    const dropped = [...this.state.redo]
    const undo = [...this.state.undo, { seq: full.seq, label: full.label }]
    while (undo.length > DEPTH) dropped.push(undo.shift()!)
    const state: State = { next: full.seq + 1, undo, redo: [] }
    batch.write(this.fileOf(full.seq), JSON.stringify(full))
    batch.write(this.stateFile, JSON.stringify(state))
    for (const r of dropped) batch.remove(this.fileOf(r.seq))
    batch.afterCommit(() => (this.state = state))
    return full
  }

  /** Moves the top of one stack onto the other as part of the batch that undoes (or redoes) it. */
  stageMove(batch: AtomicBatch, from: 'undo' | 'redo', entry: UndoEntry): void {
    const to = from === 'undo' ? 'redo' : 'undo'
    const state: State = { ...this.state, [from]: this.state[from].filter((r) => r.seq !== entry.seq), [to]: [...this.state[to], { seq: entry.seq, label: entry.label }] }
    batch.write(this.stateFile, JSON.stringify(state))
    batch.afterCommit(() => (this.state = state))
  }

  /** Forgets an entry that can no longer be read. */
  async drop(from: 'undo' | 'redo', seq: number): Promise<void> {
    this.state = { ...this.state, [from]: this.state[from].filter((r) => r.seq !== seq) }
    await this.writeState()
  }

  private writeState(): Promise<void> {
    return writeFileAtomic(this.stateFile, JSON.stringify(this.state), this.tmpDir)
  }
}
