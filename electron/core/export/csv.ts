import { TextFileSink } from './sink'
import type { Item } from '../../../shared/model'
import { collectionNames, type EntryWriter, type ExportContext } from './writer'
import type { ExportEntry } from './types'
import { xywh } from './annotations'

/** Bytes handed to the file at a time. */
const CHUNK_BYTES = 1 << 20

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
  // A region as `title (attachment name, page N, xywh=…)`; its note and tags are in the JSON and the annotations.
  {
    key: 'regions',
    get: (i) =>
      list(
        (i.regions ?? []).map((r) => {
          const where = [i.attachments.find((a) => a.id === r.attachmentId)?.name ?? r.attachmentId, r.page !== null ? `page ${r.page}` : '', xywh(r)]
          return `${r.title} (${where.filter(Boolean).join(', ')})`
        })
      )
  },
  { key: 'created', get: (i) => i.created },
  { key: 'modified', get: (i) => i.modified },
  { key: 'version', get: (i) => String(i.version) },
  { key: 'trashed', get: (i) => i.trashed ?? '' }
]

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return,
 * which some of them skip first) as a formula: CSV injection. A leading apostrophe makes it
 * text, as OWASP recommends.
 */
export function neutraliseFormula(value: string): string {
  // The first character only: a regular expression per cell cost more than the check.
  const c = value.charCodeAt(0)
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d ? `'${value}` : value
}

const NEEDS_QUOTES = /[",\r\n]/

/**
 * One field as RFC 4180 wants it: quoted when it holds a comma, a double quote, CR or LF,
 * with its double quotes doubled; anything else as it is. This is csv-stringify's output
 * with quote_record_delimiter on; the CSV used to be written by csv-stringify without it,
 * which (with CRLF as record delimiter) left a bare LF unquoted, and Excel, LibreOffice and
 * Python's csv read every paragraph break of a body as a new row. Written here rather than
 * calling the library because it builds several arrays and a context object per field:
 * at 40 fields and 100k rows, a fifth of the export's time in the profile besides the
 * garbage (issue 8). tests/unit/export/csv.test.ts holds it to csv-stringify's output.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** A cell of an item's row: formula neutralised, then quoted. Values outside the model's types (damaged records) are written as text, never as "undefined". */
export function csvCell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
  return text === '' ? '' : csvField(neutraliseFormula(text))
}

/** One CSV record with its CRLF. */
export function csvRow(cells: readonly string[]): string {
  let row = ''
  for (let k = 0; k < cells.length; k++) row += (k === 0 ? '' : ',') + cells[k]
  return row + '\r\n'
}

// Rows are encoded straight into a large buffer, which goes to the file when full: one
// write per megabyte, and no row text lives long enough to burden the garbage collector.
export class CsvWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private buf = Buffer.allocUnsafe(CHUNK_BYTES)
  private used = 0
  private first = true

  constructor(
    file: string,
    private readonly ctx?: ExportContext
  ) {
    // Room for a few chunks, so that the disk writes one while the next is being made.
    this.sink = new TextFileSink(file, 4 * CHUNK_BYTES)
  }

  async add(entry: ExportEntry): Promise<void> {
    if (this.first) await this.start()
    let row = ''
    for (let k = 0; k < CSV_COLUMNS.length; k++) row += (k === 0 ? '' : ',') + csvCell(CSV_COLUMNS[k].get(entry.item, this.ctx))
    await this.put(row + '\r\n')
  }

  /** The byte order mark (so that Excel reads UTF-8, accents and Arabic, instead of the local code page) and the header. */
  private async start(): Promise<void> {
    this.first = false
    await this.put('\uFEFF' + csvRow(CSV_COLUMNS.map((c) => csvField(c.key))))
  }

  private async put(text: string): Promise<void> {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
    const most = text.length * 3
    if (this.used + most > this.buf.length) await this.flush()
    if (most > this.buf.length) await this.sink.writeBytes(Buffer.from(text, 'utf8'))
    else this.used += this.buf.write(text, this.used, 'utf8')
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return
    const chunk = this.buf.subarray(0, this.used)
    // The stream keeps the chunk until it is on disk: the next rows go to a new buffer.
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES)
    this.used = 0
    await this.sink.writeBytes(chunk)
  }

  async finish(): Promise<void> {
    if (this.first) await this.start()
    await this.flush()
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
