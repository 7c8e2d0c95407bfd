import { closeSync, openSync, promises as fsp, readFileSync, readSync } from 'node:fs'
import * as path from 'node:path'
import { writeFileAtomic } from './fsutil'
import { shardOf } from './ids'
import type { AtomicBatch } from './commit/AtomicBatch'
import { CoreError } from './errors'

export type ItemTexts = {
  body: string
  description: string
  notes: string
  /** Text extracted from attachments, by attachment id. */
  attachments: Record<string, string>
}

/** Long texts of each item (body, description, notes, extracted attachment text), one small file per item. */
export class TextStore {
  constructor(
    private readonly dir: string,
    private readonly tmpDir?: string
  ) {}

  private file(id: string): string {
    return path.join(this.dir, shardOf(id), `${id}.json`)
  }

  async get(id: string): Promise<ItemTexts> {
    let text: string
    try {
      text = await fsp.readFile(this.file(id), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { body: '', description: '', notes: '', attachments: {} }
      throw err
    }
    return this.parseOf(id, text)
  }

  /** The file's texts, or a refusal naming the file as the archive check does (kind text-unreadable). */
  private parseOf(id: string, text: string): ItemTexts {
    try {
      return this.parse(text)
    } catch {
      const rel = path.join(path.basename(this.dir), shardOf(id), `${id}.json`)
      throw new CoreError('ARCHIVE_INVALID', `The text file ${rel} is damaged.`, undefined, { reason: 'ARCHIVE_DAMAGED', file: rel, kind: 'text-unreadable', id })
    }
  }

  getMany(ids: readonly string[]): Promise<ItemTexts[]> {
    return Promise.all(ids.map((id) => this.get(id)))
  }

  /** A text file is one JSON document: it is read whole, the bodies never cut. */
  async getForSnippets(ids: readonly string[]): Promise<Array<{ texts: ItemTexts; bodyCut: boolean }>> {
    return (await this.getMany(ids)).map((texts) => ({ texts, bodyCut: false }))
  }

  /**
   * The same read, synchronously: bulk readers (exports of 100k items) pay four thread-pool
   * round trips per file with the promise API, which costs them two thirds of their speed.
   */
  getSync(id: string): ItemTexts {
    let text: string
    try {
      text = readFileSync(this.file(id), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { body: '', description: '', notes: '', attachments: {} }
      throw err
    }
    return this.parseOf(id, text)
  }

  /** Grown on demand and kept up to 1 MiB: most text files are a few KB, and one buffer serves them all. */
  private readBuffer: Buffer | null = null

  /**
   * The texts of several items at once, for bulk readers (exports of 100k items): each file
   * is read into one reused buffer rather than a new one per file.
   * Each result is the item's texts (empty for an item without a text file, as getSync)
   * or the error its file gave, so that one damaged file does not hide the others.
   */
  getManySync(ids: readonly string[]): Array<ItemTexts | Error> {
    return ids.map((id) => {
      try {
        return this.parse(this.readWhole(this.file(id)))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { body: '', description: '', notes: '', attachments: {} }
        return err instanceof Error ? err : new Error(String(err))
      }
    })
  }

  private parse(text: string): ItemTexts {
    const parsed = JSON.parse(text) as Partial<ItemTexts>
    return { body: parsed.body ?? '', description: parsed.description ?? '', notes: parsed.notes ?? '', attachments: parsed.attachments ?? {} }
  }

  /** The whole file as UTF-8 text, read until the end (a file may be larger than the buffer). */
  private readWhole(file: string): string {
    let buf = (this.readBuffer ??= Buffer.allocUnsafe(1 << 16))
    const fd = openSync(file, 'r')
    let used = 0
    try {
      for (;;) {
        if (used === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2)
          buf.copy(bigger, 0, 0, used)
          buf = bigger
        }
        const n = readSync(fd, buf, used, buf.length - used, null)
        if (n === 0) break
        used += n
      }
    } finally {
      closeSync(fd)
    }
    // A rare long text's buffer is not kept: the store lives as long as the archive is open.
    if (buf.length <= 1 << 20) this.readBuffer = buf
    return buf.toString('utf8', 0, used)
  }

  async remove(id: string): Promise<void> {
    await fsp.rm(this.file(id), { force: true })
  }

  /**
   * The texts of the changes committed in the current turn of the event loop: what their files
   * now hold. Kept only until the turn ends, so that whoever follows a change as it is
   * announced (the search index, on items:changed) takes them instead of reading each file
   * again, and so that nobody is ever answered from memory for a file changed since.
   */
  private readonly committedNow = new Map<string, ItemTexts>()

  /** Adds an item's texts to a batch (written when it commits). */
  stage(batch: AtomicBatch, id: string, texts: ItemTexts): void {
    batch.write(this.file(id), JSON.stringify(texts))
    batch.afterCommit(() => {
      if (this.committedNow.size === 0) setImmediate(() => this.committedNow.clear())
      this.committedNow.set(id, texts)
    })
  }

  /** The texts a change committed in this turn wrote for the item (see committedNow), or undefined. */
  committed(id: string): ItemTexts | undefined {
    return this.committedNow.get(id)
  }

  async put(id: string, texts: ItemTexts): Promise<void> {
    await writeFileAtomic(this.file(id), JSON.stringify(texts), this.tmpDir)
  }
}
