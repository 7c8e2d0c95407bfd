import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { AtomicBatch } from './commit/AtomicBatch'
import { diskFullError, isDiskFull, writeFully } from './fullWrite'
import { currentActor } from './actor'

export type JournalEntry = {
  op: string
  id?: string
  before?: unknown
  after?: unknown
  [key: string]: unknown
}

const LONG = 65_536

/** Keeps very long values out of the journal: their length and a prefix are enough to audit. */
export function clip(value: unknown): unknown {
  if (typeof value === 'string' && value.length > LONG) return { clipped: true, length: value.length, start: value.slice(0, 200) }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = clip(v)
    return out
  }
  return value
}

/** Append-only provenance log: one JSON line per change, in one file per month. */
export class Journal {
  /** Appends one after another (an AtomicBatch with journal lines holds it until it is done). */
  queue: Promise<void> = Promise.resolve()
  /** The account of this machine, when no signed-in person is making the change (the desktop app, the CLI). */
  private readonly user = safeUser()
  private readonly host = os.hostname()

  constructor(private readonly dir: string) {}

  append(entry: JournalEntry): Promise<void> {
    return this.appendMany([entry])
  }

  private lines(entries: JournalEntry[]): { file: string; text: string } {
    const t = new Date().toISOString()
    const text = entries
      .map((entry) => JSON.stringify({ t, user: currentActor() ?? this.user, host: this.host, ...entry, before: clip(entry.before), after: clip(entry.after) }) + '\n')
      .join('')
    return { file: path.join(this.dir, `${t.slice(0, 7)}.jsonl`), text }
  }

  /** Journals entries as part of a batch: they are appended when (and only if) its change is made. */
  stage(batch: AtomicBatch, entries: JournalEntry[]): void {
    if (entries.length === 0) return
    const { file, text } = this.lines(entries)
    batch.append(file, text, this)
  }

  /** Several entries in one durable write (bulk creation, imports). */
  appendMany(entries: JournalEntry[]): Promise<void> {
    const { file, text: line } = this.lines(entries)
    const next = this.queue.then(async () => {
      await fsp.mkdir(this.dir, { recursive: true })
      const handle = await fsp.open(file, 'a+')
      let size = -1
      try {
        size = (await handle.stat()).size
        // A line torn by a crash (or a full disk, before this version) has no newline at its
        // end: without one of ours first, this entry would be glued to it and lost with it.
        const last = Buffer.alloc(1)
        if (size > 0) await handle.read(last, 0, 1, size - 1)
        const data = Buffer.from(size > 0 && last[0] !== 0x0a ? '\n' + line : line)
        await writeFully(handle, data)
        await handle.sync()
      } catch (err) {
        // Leave the file as it was rather than with half an entry at its end.
        if (size >= 0) await handle.truncate(size).catch(() => {})
        throw isDiskFull(err) ? diskFullError('the journal entry', err) : err
      } finally {
        await handle.close()
      }
    })
    this.queue = next.catch(() => {})
    return next
  }

  /** Every entry about one item, oldest first. */
  async history(id: string): Promise<Array<JournalEntry & { t: string; user: string }>> {
    let files: string[]
    try {
      files = (await fsp.readdir(this.dir)).filter((f) => f.endsWith('.jsonl')).sort()
    } catch {
      return []
    }
    const out: Array<JournalEntry & { t: string; user: string }> = []
    for (const f of files) {
      const text = await fsp.readFile(path.join(this.dir, f), 'utf8')
      for (const line of text.split('\n')) {
        if (!line.includes(id)) continue
        try {
          const e = JSON.parse(line)
          if (e.id === id || (Array.isArray(e.ids) && e.ids.includes(id))) out.push(e)
        } catch {
          // A torn last line after a crash is skipped, not fatal.
        }
      }
    }
    return out
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username
  } catch {
    return 'unknown'
  }
}
