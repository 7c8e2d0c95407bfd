import { promises as fsp } from 'node:fs'
import type { Adapter } from 'lowdb'
import { writeFileAtomic } from './fsutil'
import { CoreError } from './errors'
import type { AtomicBatch } from './commit/AtomicBatch'

/**
 * lowdb adapter whose writes are durable (temp file, fsync, rename, fsync folder) and
 * serialised per file; lowdb's own JSONFile renames without fsync, which can lose a
 * committed edit on power loss. A file that does not parse is reported, never overwritten.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** The writes of this file, one after another (an AtomicBatch that stages this file holds it too). */
  queue: Promise<void> = Promise.resolve()

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
      throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${this.file} is damaged (not valid JSON); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file: this.file })
    }
  }

  /** Adds this file to a batch: `data` is serialised when the batch commits; writes queued before that go first. */
  stage(batch: AtomicBatch, data: T): void {
    batch.write(this.file, () => this.serialize(data), this)
  }

  write(data: T): Promise<void> {
    const text = this.serialize(data)
    const next = this.queue.then(() => writeFileAtomic(this.file, text, this.tmpDir))
    this.queue = next.catch(() => {})
    return next
  }
}
