import { promises as fsp } from 'node:fs'
import type { Adapter } from 'lowdb'
import { writeFileAtomic, writeFilesAtomic } from './fsutil'
import { CoreError } from './errors'

/**
 * lowdb adapter whose writes are durable (temp file, fsync, rename, fsync folder) and
 * serialised per file; lowdb's own JSONFile renames without fsync, which can lose a
 * committed edit on power loss. A file that does not parse is reported, never overwritten.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private queue: Promise<void> = Promise.resolve()

  constructor(
    readonly file: string,
    private readonly tmpDir?: string,
    private readonly serialize: (data: T) => string = (data) => JSON.stringify(data)
  ) {}

  async read(): Promise<T | null> {
    let text: string
    try {
      text = await fsp.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    try {
      return JSON.parse(text) as T
    } catch {
      throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${this.file} is damaged (not valid JSON); it was left untouched.`)
    }
  }

  /**
   * Writes several files of the same kind in one durable batch (writeFilesAtomic), after any
   * write already queued on each of them; later writes to any of them wait for the batch.
   */
  static writeBatch<T>(entries: Array<{ adapter: DurableJsonFile<T>; data: T }>): Promise<void> {
    if (entries.length === 0) return Promise.resolve()
    const files = entries.map(({ adapter, data }) => ({ target: adapter.file, data: adapter.serialize(data) }))
    const before = Promise.all(entries.map(({ adapter }) => adapter.queue))
    const done = before.then(() => writeFilesAtomic(files, entries[0].adapter.tmpDir))
    for (const { adapter } of entries) adapter.queue = done.catch(() => {})
    return done
  }

  write(data: T): Promise<void> {
    const text = this.serialize(data)
    const next = this.queue.then(() => writeFileAtomic(this.file, text, this.tmpDir))
    this.queue = next.catch(() => {})
    return next
  }
}
