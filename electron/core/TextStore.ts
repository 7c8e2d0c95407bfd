import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { writeFileAtomic } from './fsutil'
import { shardOf } from './ids'

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
    try {
      const parsed = JSON.parse(await fsp.readFile(this.file(id), 'utf8')) as Partial<ItemTexts>
      return { body: parsed.body ?? '', description: parsed.description ?? '', notes: parsed.notes ?? '', attachments: parsed.attachments ?? {} }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { body: '', description: '', notes: '', attachments: {} }
      throw err
    }
  }

  async put(id: string, texts: ItemTexts): Promise<void> {
    await writeFileAtomic(this.file(id), JSON.stringify(texts), this.tmpDir)
  }
}
