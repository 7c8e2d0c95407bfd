import { z } from 'zod'
import { AttachmentSchema, ItemFieldsSchema, ItemIdSchema } from '../../../shared/model'
import { TextFileSink } from './sink'
import { collectionNames, type EntryWriter, type ExportContext } from './writer'
import type { ExportEntry } from './types'

export const EXPORT_JSON_FORMAT = 'presskeep-export'
export const EXPORT_JSON_VERSION = 1

/** One item in the JSON export: the whole record as the archive keeps it. */
export const ExportedItemSchema = ItemFieldsSchema.extend({
  id: ItemIdSchema,
  created: z.string(),
  modified: z.string(),
  /** How many changes the item has had in its archive (1 when created). */
  version: z.number().int().positive().optional(),
  trashed: z.string().nullable(),
  attachments: z.array(AttachmentSchema),
  /** Text extracted from each attachment, by attachment id (absent when there is none). */
  attachmentText: z.record(z.string(), z.string()).optional(),
  /** `collections` (ids) as people read them: each collection's name, with its parents' ("Elections › 2023"). */
  collectionNames: z.array(z.string()).optional()
})

/**
 * The JSON export, version 1. A reader checks `format` and `version`; a later version
 * may add fields (readers ignore those they do not know) but never changes the meaning
 * of these.
 */
export const ExportJsonSchema = z.object({
  format: z.literal(EXPORT_JSON_FORMAT),
  version: z.literal(EXPORT_JSON_VERSION),
  exported: z.string(),
  generator: z.string(),
  archive: z.object({ name: z.string(), id: z.string() }),
  collection: z.object({ name: z.string(), description: z.string().optional() }).nullable(),
  items: z.array(ExportedItemSchema)
})
export type ExportJson = z.infer<typeof ExportJsonSchema>

/** The same schema as JSON Schema, for people and tools outside Presskeep. */
export function exportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ExportJsonSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>
}

export function exportedItem(entry: ExportEntry): Record<string, unknown> {
  const hasText = Object.keys(entry.attachmentText).length > 0
  return hasText ? { ...entry.item, attachmentText: entry.attachmentText } : { ...entry.item }
}

/** Streams `{format, version, ..., items: [...]}` so that 100k items never sit in memory as one string. */
export class JsonWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private first = true
  private started = false

  constructor(
    file: string,
    private readonly ctx: ExportContext
  ) {
    this.sink = new TextFileSink(file)
  }

  private async start(): Promise<void> {
    this.started = true
    const head = {
      format: EXPORT_JSON_FORMAT,
      version: EXPORT_JSON_VERSION,
      exported: this.ctx.exported,
      generator: 'Presskeep',
      archive: this.ctx.archive,
      collection: this.ctx.collection
    }
    await this.sink.write(JSON.stringify(head, null, 1).replace(/\n}$/, ',\n "items": [\n'))
  }

  async add(entry: ExportEntry): Promise<void> {
    if (!this.started) await this.start()
    const item = { ...exportedItem(entry), collectionNames: collectionNames(entry.item.collections, this.ctx) }
    await this.sink.write((this.first ? '' : ',\n') + JSON.stringify(item))
    this.first = false
  }

  async finish(): Promise<void> {
    if (!this.started) await this.start()
    await this.sink.write('\n ]\n}\n')
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
