// All-or-nothing changes to many files (a bulk edit rewrites hundreds of catalogue shards,
// its undo entry and its journal lines). Each file alone is already replaced atomically; a
// crash between two of the renames, though, would leave some files new and some old. So a
// batch first stages every new content under intents/<id>/, with an intent record listing
// where each staged file goes; only once all of it is on disk (fsynced) does it rename the
// staged files over their targets, remove the files it removes, append its journal lines,
// and drop the intent. A crash before the intent record is complete leaves nothing applied
// (the next open rolls it back: the staging folder goes); a crash after it is finished by the
// next open (recover.ts), which replays what was not yet done.
//
// This is a redo log in the manner of a database's write-ahead log, kept as plain files so
// that the archive stays readable without the app; no npm library does it over a folder of
// our own files (write-file-atomic and friends replace one file at a time).
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import * as path from 'node:path'
import { applyIntent, fsyncDir, readAhead, type OpenEnd, intentsDir, type IntentRecord, INTENT_FILE, INTENT_FORMAT, LABEL_FILE } from './intent'
import { crashPoint } from './faults'
import { diskFullError, isDiskFull, writeFully } from '../fullWrite'
import type { ChangeBatch } from './ChangeBatch'

/** Something that serialises its own writes (a DurableJsonFile, the Journal): a batch waits for it and holds it. */
export type WriteQueue = { queue: Promise<void> }

type Data = string | Uint8Array
/** What a target becomes: the data, data made at commit time, or a copy of another file. */
type Content = Data | (() => Data) | { copyOf: string }

let counter = 0
/** Up to how many staged files a batch stages in the same wait as its intent record (see run). */
const ONE_WAVE_MAX = 16

/** Time-ordered, so that recovery replays interrupted batches in the order they were made. */
function batchId(): string {
  counter = (counter + 1) % 1e6
  return `${Date.now().toString(36).padStart(9, '0')}-${process.pid.toString(36)}-${counter.toString(36)}-${randomBytes(3).toString('hex')}`
}

export class AtomicBatch implements ChangeBatch {
  private readonly writes = new Map<string, Content>()
  private readonly removals = new Set<string>()
  private readonly appends: Array<{ file: string; text: string }> = []
  private readonly held = new Set<WriteQueue>()
  private readonly onCommit: Array<() => void> = []
  private readonly onAbandon: Array<() => void> = []
  private committed = false

  /** `root`: the archive folder; every target lies inside it, and intents/ is beside them. */
  constructor(
    readonly root: string,
    readonly label: string
  ) {}

  /**
   * Replaces `target` with `content` when the batch commits (the last content given for a
   * target wins). A function is called at commit time, so a store can hand over its live data
   * and have it serialised once, after every change the batch gathers.
   */
  write(target: string, content: Content, queue?: WriteQueue): this {
    const abs = this.inside(target)
    this.removals.delete(abs)
    this.writes.set(abs, content)
    if (queue) this.held.add(queue)
    return this
  }

  /** Replaces `target` with a copy of `source` (copied when the batch commits, never read whole into memory). */
  copy(target: string, source: string): this {
    return this.write(target, { copyOf: source })
  }

  remove(target: string): this {
    const abs = this.inside(target)
    this.writes.delete(abs)
    this.removals.add(abs)
    return this
  }

  /** Appends `text` (whole lines) to an append-only file (the journal), once, after the renames. */
  append(file: string, text: string, queue?: WriteQueue): this {
    const abs = this.inside(file)
    // One append per file: a replay recognises an append already made by the file's tail.
    const same = this.appends.find((a) => a.file === abs)
    if (same) same.text += text
    else if (text) this.appends.push({ file: abs, text })
    if (queue) this.held.add(queue)
    return this
  }

  /** Runs `fn` once the batch is on disk (stores update their in-memory state here). */
  afterCommit(fn: () => void): this {
    this.onCommit.push(fn)
    return this
  }

  /**
   * Runs `fn` when the batch fails before anything of it was applied (a full disk while
   * staging): stores that changed their in-memory state when staging put it back here.
   */
  ifAbandoned(fn: () => void): this {
    this.onAbandon.push(fn)
    return this
  }

  get size(): number {
    return this.writes.size + this.removals.size + this.appends.length
  }

  /**
   * Makes the batch durable and visible, all or nothing. Waits for the writes already queued
   * on every held queue, and holds them (later writes to those files wait for this one).
   */
  commit(): Promise<void> {
    if (this.committed) throw new Error('A batch commits once.')
    this.committed = true
    // Serialised now, so that a write queued after this call cannot be overtaken by older data.
    const writes = [...this.writes].map(([target, c]) => ({ target, data: typeof c === 'function' ? c() : c }))
    const queues = [...this.held]
    const done = Promise.all(queues.map((q) => q.queue)).then(() => this.run(writes))
    for (const q of queues) q.queue = done.catch(() => {})
    return done.then(() => {
      for (const fn of this.onCommit) fn()
    })
  }

  private async run(writes: Array<{ target: string; data: Data | { copyOf: string } }>): Promise<void> {
    if (this.size === 0) return
    const dir = path.join(intentsDir(this.root), batchId())
    const rel = (p: string) => path.relative(this.root, p)
    const staged = (i: number) => path.join(dir, `w${i}`)
    const bytes = writes.map(({ data }) => (typeof data === 'string' ? Buffer.from(data) : data instanceof Uint8Array ? data : null))
    const sizes: number[] = bytes.map((b) => b?.byteLength ?? 0)
    // A small batch of data (one edit: its shard, text, undo entry and state, and journal lines)
    // stages its files and writes its record in one wait on the disk: the record gives each
    // staged file's checksum, and recovery rolls forward only a batch whose staged files all
    // reached the disk whole (recover.ts). A large one, or one that copies files, fsyncs its
    // staged files first and then its record, as a checksum of each would cost it more.
    const oneWave = writes.length + this.appends.length <= ONE_WAVE_MAX && bytes.every((b) => b !== null)
    const checksum = (data: Uint8Array) => (oneWave ? { crc32: crc32(data) } : {})
    const lines = this.appends.map((a) => Buffer.from(a.text))
    // Made once everything is staged: a copy's size is known only then.
    const record = (): IntentRecord => ({
      format: INTENT_FORMAT,
      label: this.label,
      created: new Date().toISOString(),
      writes: writes.map((w, i) => ({ target: rel(w.target), staged: `w${i}`, bytes: sizes[i], ...(bytes[i] ? checksum(bytes[i]!) : {}) })),
      removals: [...this.removals].map(rel),
      appends: this.appends.map((a, i) => ({ file: rel(a.file), staged: `a${i}`, bytes: lines[i].byteLength, ...checksum(lines[i]) }))
    })
    /** Staged files written but not yet fsynced (one wave): their fsyncs wait with the record's. */
    const unsynced: FileHandle[] = []
    const stage = async (file: string, data: Uint8Array) => {
      if (!oneWave) return writeSynced(file, data)
      const handle = await fsp.open(file, 'w')
      unsynced.push(handle)
      await writeFully(handle, data)
    }
    let intent: IntentRecord
    /** The files the batch appends to, opened ahead (readAhead); closed by the append, or here. */
    let ends = new Map<string, OpenEnd>()
    const closeEnds = () => Promise.all([...ends.values()].map((e) => e.handle.close().catch(() => {})))
    try {
      // All at once, each waiting only on the disk: the targets' folders (a target that cannot
      // be placed fails the batch here, while nothing is applied, rather than halfway through
      // the renames), the batch's folder, then in it the label (not synced: only so that a
      // batch rolled back after a crash can be named in the report) and the staged contents.
      await settleAll([
        // A small batch's later reads, first, so that they are not queued behind the fsyncs.
        oneWave &&
          readAhead({ lookUp: [...writes.map((w) => w.target), ...this.removals], appendTo: this.appends.map((a) => a.file) }).then((opened) => (ends = opened)),
        ...[...new Set(writes.map((w) => path.dirname(w.target)))].map((parent) => fsp.mkdir(parent, { recursive: true })),
        fsp.mkdir(dir, { recursive: true }).then(() =>
          settleAll([
            fsp.writeFile(path.join(dir, LABEL_FILE), this.label),
            ...writes.map(async ({ data }, i) => {
              if (bytes[i]) await stage(staged(i), bytes[i]!)
              else sizes[i] = await copySynced((data as { copyOf: string }).copyOf, staged(i))
              crashPoint('stage')
            }),
            ...lines.map(async (text, i) => {
              await stage(path.join(dir, `a${i}`), text)
              crashPoint('stage')
            })
          ])
        )
      ])
      crashPoint('staged')
      // The intent record last: its presence says that everything it lists is on disk (or, in
      // one wave, that it is there if its checksums say so). Its fsync and its folders' (which
      // make its name, and its folder's, durable) wait together: a crash that kept the name but
      // not all of the content leaves a record that does not parse, which is a batch that never
      // began (rolled back), and nothing is applied before all of them are done.
      intent = record()
      await writeSynced(path.join(dir, INTENT_FILE), JSON.stringify(intent), [...unsynced.map((h) => () => h.sync()), () => fsyncDir(dir), () => fsyncDir(intentsDir(this.root))])
    } catch (err) {
      // Nothing was applied: the batch simply did not happen.
      await Promise.all([...unsynced.map((h) => h.close().catch(() => {})), closeEnds()])
      await fsp.rm(dir, { recursive: true, force: true }).catch(() => {})
      for (const fn of this.onAbandon.reverse()) fn()
      throw isDiskFull(err) ? diskFullError(`the change “${this.label}”`, err) : err
    }
    await Promise.all(unsynced.map((h) => h.close()))
    crashPoint('intent')
    try {
      await applyIntent(this.root, dir, intent, undefined, { appends: this.appends.map((a) => a.text), ends })
    } catch (err) {
      // The change is made once its intent record is on disk. Only the journal append needs
      // space after that point: when the disk fills there, the lines wait in the intent
      // folder and the next open appends them; the change itself stands and is not undone.
      if (!isDiskFull(err)) throw err
    } finally {
      await closeEnds()
    }
  }

  private inside(p: string): string {
    const abs = path.resolve(p)
    const rel = path.relative(this.root, abs)
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`A batch writes only inside its archive, not ${p}.`)
    return abs
  }
}

/** Waits for every one (a failure's clean-up must not race the others), then fails with the first failure. */
async function settleAll(work: Array<Promise<unknown> | false>): Promise<void> {
  const settled = await Promise.allSettled(work)
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
}

async function copySynced(source: string, file: string): Promise<number> {
  await fsp.copyFile(source, file)
  const handle = await fsp.open(file, 'r+')
  try {
    await handle.sync()
    return (await handle.stat()).size
  } finally {
    await handle.close()
  }
}

/** Writes and fsyncs a new file; `alongside`: other waits on the disk, started once the file is written, awaited with its fsync. */
async function writeSynced(file: string, data: string | Uint8Array, alongside: Array<() => Promise<void>> = []): Promise<void> {
  const handle = await fsp.open(file, 'w')
  try {
    await writeFully(handle, typeof data === 'string' ? Buffer.from(data) : data)
    await Promise.all([handle.sync(), ...alongside.map((start) => start())])
  } finally {
    await handle.close()
  }
}
