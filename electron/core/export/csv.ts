import { stringify } from 'csv-stringify/sync'
import { TextFileSink } from './sink'
import type { Item } from '../../../shared/model'
import { collectionNames, type EntryWriter, type ExportContext } from './writer'
import type { ExportEntry } from './types'

const ROWS_PER_CHUNK = 500

/** Lists in one cell are joined with this (and split on it by a reader). */
export const LIST_SEPARATOR = '; '

const list = (v: string[]) => v.join(LIST_SEPARATOR)

/** Every field of an item, one column each, in a stable order; lists joined. Collections by name (ctx), not by id. */
export const CSV_COLUMNS: Array<{ key: string; get: (item: Item, ctx?: ExportContext) => string }> = [
  { key: 'id', get: (i) => i.id },
  { key: 'title', get: (i) => i.title },
  { key: 'date', get: (i) => i.date },
  { key: 'dateInferred', get: (i) => (i.dateInferred ? 'true' : 'false') },
  { key: 'dateSource', get: (i) => i.dateSource },
  { key: 'type', get: (i) => i.type },
  { key: 'language', get: (i) => i.language },
  { key: 'outlet', get: (i) => i.outlet },
  { key: 'section', get: (i) => i.section },
  { key: 'page', get: (i) => i.page },
  { key: 'edition', get: (i) => i.edition },
  { key: 'byline', get: (i) => i.byline },
  { key: 'releaseNumber', get: (i) => i.releaseNumber },
  { key: 'embargo', get: (i) => i.embargo },
  { key: 'sourceUrl', get: (i) => i.sourceUrl },
  { key: 'description', get: (i) => i.description },
  { key: 'body', get: (i) => i.body },
  { key: 'notes', get: (i) => i.notes },
  { key: 'subjects', get: (i) => list(i.subjects) },
  { key: 'people', get: (i) => list(i.people) },
  { key: 'organisations', get: (i) => list(i.organisations) },
  { key: 'places', get: (i) => list(i.places) },
  { key: 'tags', get: (i) => list(i.tags) },
  { key: 'collections', get: (i, ctx) => list(collectionNames(i.collections, ctx)) },
  { key: 'collectionIds', get: (i) => list(i.collections) },
  { key: 'status', get: (i) => i.status },
  { key: 'rights', get: (i) => i.rights },
  { key: 'identifier', get: (i) => i.identifier },
  { key: 'warnings', get: (i) => list(i.warnings.map((w) => `${w.code}: ${w.message}`)) },
  { key: 'provenanceMethod', get: (i) => i.provenance?.method ?? '' },
  { key: 'provenanceSource', get: (i) => i.provenance?.source ?? '' },
  { key: 'provenanceSha256', get: (i) => i.provenance?.sha256 ?? '' },
  { key: 'provenanceImportedAt', get: (i) => i.provenance?.importedAt ?? '' },
  { key: 'attachments', get: (i) => list(i.attachments.map((a) => a.name)) },
  { key: 'attachmentTypes', get: (i) => list(i.attachments.map((a) => a.type)) },
  { key: 'attachmentSizes', get: (i) => list(i.attachments.map((a) => String(a.size))) },
  { key: 'attachmentSha256', get: (i) => list(i.attachments.map((a) => a.sha256)) },
  { key: 'created', get: (i) => i.created },
  { key: 'modified', get: (i) => i.modified },
  { key: 'trashed', get: (i) => i.trashed ?? '' }
]

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return,
 * which some of them skip first) as a formula: CSV injection. A leading apostrophe makes it
 * text, as OWASP recommends.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export class CsvWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private rows: string[][] = []
  private first = true

  constructor(
    file: string,
    private readonly ctx?: ExportContext
  ) {
    this.sink = new TextFileSink(file)
  }

  async add(entry: ExportEntry): Promise<void> {
    this.rows.push(CSV_COLUMNS.map((c) => neutraliseFormula(c.get(entry.item, this.ctx))))
    if (this.rows.length >= ROWS_PER_CHUNK) await this.flush()
  }

  // Rows are turned into text a few hundred at a time: csv-stringify's stream API would
  // hand the file one small write per row, and 100k writes cost more than the rest.
  private async flush(): Promise<void> {
    if (this.rows.length === 0 && !this.first) return
    const text = stringify(this.rows, {
      // The byte order mark makes Excel read UTF-8 (accents, Arabic) instead of the local code page.
      bom: this.first,
      header: this.first,
      columns: CSV_COLUMNS.map((c) => c.key),
      record_delimiter: 'windows'
    })
    this.first = false
    this.rows = []
    await this.sink.write(text)
  }

  async finish(): Promise<void> {
    await this.flush()
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
