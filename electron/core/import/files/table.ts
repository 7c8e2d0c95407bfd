// CSV and JSON exported by other tools: each row (object) becomes an item through a
// column mapping {column → item field}; a mapping is guessed from the column names.
import * as path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { ItemFieldsSchema, ITEM_TYPES, MAPPABLE_FIELDS, type ItemCreate, type MappableField } from '../../../../shared/model'
import type { ColumnMapping, Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { decodeText } from './decodeText'
import { htmlToText } from './html'
import { normColumn as norm, rememberedFor } from './columnKeys'
import { ImportIssue, readBounded, shortField, toItemDate, toList, warning, longField } from './util'

export { MAPPABLE_FIELDS }
export { columnsKey, rememberedFor, toRemembered } from './columnKeys'
const LIST_FIELDS = new Set(['subjects', 'people', 'organisations', 'places', 'tags', 'collections'])
const DATE_FIELDS = new Set(['date', 'embargo'])
const LONG_FIELDS = new Set(['description', 'body', 'notes'])

// Column names other tools use (Zotero, WordPress, media monitoring exports, CSL-JSON).
const SYNONYMS: Record<MappableField, string[]> = {
  title: ['title', 'headline', 'titre', 'subject', 'name', 'heading', 'عنوان'],
  date: ['date', 'published', 'publication date', 'pubdate', 'published_at', 'publishedat', 'date published', 'issued', 'created', 'datetime', 'time'],
  type: ['type', 'item type', 'itemtype', 'genre', 'kind'],
  language: ['language', 'lang', 'langue', 'locale'],
  outlet: ['outlet', 'publication', 'source', 'newspaper', 'publisher', 'container-title', 'journal', 'media', 'site', 'website'],
  section: ['section', 'rubric', 'rubrique', 'category'],
  page: ['page', 'pages'],
  edition: ['edition'],
  byline: ['byline', 'author', 'authors', 'creator', 'by', 'auteur', 'writer', 'journalist'],
  releaseNumber: ['release number', 'releasenumber', 'press release number', 'reference', 'number'],
  sourceUrl: ['url', 'link', 'source url', 'sourceurl', 'permalink', 'href', 'web address'],
  description: ['description', 'summary', 'abstract', 'excerpt', 'lead', 'chapeau', 'résumé', 'resume'],
  body: ['body', 'text', 'content', 'full text', 'fulltext', 'article', 'texte', 'contenu'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks'],
  subjects: ['subjects', 'subject headings', 'topics', 'topic', 'sujets', 'themes'],
  people: ['people', 'persons', 'person', 'personnes', 'names'],
  organisations: ['organisations', 'organizations', 'organisation', 'organization', 'orgs'],
  places: ['places', 'place', 'locations', 'location', 'lieux', 'country', 'countries', 'city'],
  tags: ['tags', 'tag', 'keywords', 'keyword', 'labels', 'mots-clés', 'mots clés'],
  collections: ['collections', 'collection'],
  rights: ['rights', 'copyright', 'licence', 'license', 'droits'],
  identifier: ['identifier', 'id', 'doi', 'guid', 'uid'],
  embargo: ['embargo', 'embargo date']
}

/** A mapping guessed from column names; each field is used once, the best-named column wins. */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {}
  const used = new Set<string>()
  // Exact synonyms first, in the order of the synonym lists (title before subject...).
  for (let rank = 0; rank < 12; rank++) {
    for (const field of MAPPABLE_FIELDS) {
      if (used.has(field)) continue
      const syn = SYNONYMS[field][rank]
      if (!syn) continue
      const col = columns.find((c) => !(c in mapping) && norm(c) === norm(syn))
      if (col) {
        mapping[col] = field
        used.add(field)
      }
    }
  }
  for (const c of columns) if (!(c in mapping)) mapping[c] = ''
  return mapping
}

export type TablePreview = {
  format: 'csv' | 'json'
  columns: string[]
  rows: Array<Record<string, string>>
  totalRows: number
  mapping: ColumnMapping
  delimiter?: string
  warnings: Extracted['warnings']
}

type Table = { format: 'csv' | 'json'; columns: string[]; rows: Array<Record<string, unknown>>; delimiter?: string; warnings: Extracted['warnings'] }

async function readTable(file: string): Promise<Table> {
  const raw = await readBounded(file, FILE_LIMITS.tableBytes, 'tables')
  const text = decodeText(raw)
  const name = path.basename(file)
  const warnings: Extracted['warnings'] = []
  if (path.extname(file).toLowerCase() === '.json' || /^\s*[[{]/.test(text)) {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new ImportIssue('CORRUPT', `${name} is not valid JSON (${(err as Error).message}).`)
    }
    const list = Array.isArray(data)
      ? data
      : Array.isArray((data as Record<string, unknown>)?.items)
        ? ((data as Record<string, unknown>).items as unknown[])
        : Array.isArray((data as Record<string, unknown>)?.records)
          ? ((data as Record<string, unknown>).records as unknown[])
          : null
    if (!list) throw new ImportIssue('UNSUPPORTED', `${name} holds JSON but not a list of records (expected an array of objects, or {"items": [...]}).`)
    const rows = list.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r)).map(flattenCsl)
    if (rows.length < list.length) warnings.push(warning('ROWS_SKIPPED', `${list.length - rows.length} entries of ${name} are not objects and were skipped.`))
    const columns = [...new Set(rows.slice(0, 1000).flatMap((r) => Object.keys(r)))]
    return { format: 'json', columns, rows, warnings }
  }
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined)
  const delimiter = path.extname(file).toLowerCase() === '.tsv' ? '\t' : [',', ';', '\t', '|'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]
  let records: Record<string, string>[]
  try {
    records = parseCsv(text, {
      columns: (header: string[]) => header.map((h, i) => h.trim() || `column ${i + 1}`),
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      to: FILE_LIMITS.tableRows + 1
    }) as Record<string, string>[]
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} could not be read as CSV (${(err as Error).message}).`)
  }
  const columns = records.length ? Object.keys(records[0]) : []
  return { format: 'csv', columns, rows: records, delimiter, warnings }
}

/** CSL-JSON (Zotero) records into plain columns: issued → date, author → names, container-title → outlet. */
function flattenCsl(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r }
  const issued = r.issued as { 'date-parts'?: number[][]; raw?: string } | undefined
  if (issued && typeof issued === 'object') {
    const p = issued['date-parts']?.[0]
    out.issued = p ? p.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join('-') : (issued.raw ?? '')
  }
  if (Array.isArray(r.author))
    out.author = (r.author as Array<Record<string, string>>)
      .map((a) => (a.literal ? a.literal : [a.given, a.family].filter(Boolean).join(' ')))
      .join('; ')
  return out
}

const tooManyRows = (name: string) =>
  `${name} has more than ${FILE_LIMITS.tableRows.toLocaleString('en')} rows: Presskeep imports at most ${FILE_LIMITS.tableRows.toLocaleString('en')} rows from one table, so none of this one was imported. Split it into files of at most ${FILE_LIMITS.tableRows.toLocaleString('en')} rows, each with the header line, and import those.`

export async function previewTable(file: string, rows = 10): Promise<TablePreview> {
  const t = await readTable(file)
  if (t.rows.length > FILE_LIMITS.tableRows) t.warnings.push(warning('TOO_MANY_ROWS', tooManyRows(path.basename(file))))
  return {
    format: t.format,
    columns: t.columns,
    rows: t.rows.slice(0, rows).map((r) => Object.fromEntries(t.columns.map((c) => [c, cellText(r[c]).slice(0, 500)]))),
    totalRows: t.rows.length,
    mapping: guessMapping(t.columns),
    delimiter: t.delimiter,
    warnings: t.warnings
  }
}

function cellText(v: unknown): string {
  if (v == null) return ''
  if (typeof v === 'object') return Array.isArray(v) ? v.map(cellText).join('; ') : JSON.stringify(v)
  return String(v)
}

/** One row through the mapping into item fields; values that do not fit become warnings. */
export function rowToFields(row: Record<string, unknown>, mapping: ColumnMapping): { fields: Partial<ItemCreate>; text: string; warnings: Extracted['warnings'] } {
  const fields: Record<string, unknown> = {}
  const warnings: Extracted['warnings'] = []
  let text = ''
  for (const [col, field] of Object.entries(mapping)) {
    if (!field || !(MAPPABLE_FIELDS as readonly string[]).includes(field)) continue
    const v = row[col]
    if (v == null || v === '') continue
    if (LIST_FIELDS.has(field)) {
      const list = toList(v)
      fields[field] = [...((fields[field] as string[]) ?? []), ...list.filter((x) => !((fields[field] as string[]) ?? []).includes(x))]
    } else if (DATE_FIELDS.has(field)) {
      const d = toItemDate(v)
      if (d) fields[field] = d
      else warnings.push(warning('DATE_UNREADABLE', `"${cellText(v).slice(0, 80)}" in column ${col} is not a date Presskeep can read.`))
    } else if (field === 'body') {
      text = longField(htmlToText(cellText(v)))
    } else if (LONG_FIELDS.has(field)) {
      fields[field] = longField(cellText(v))
    } else if (field === 'type') {
      const t = cellText(v).toLowerCase().replace(/\s+/g, '-')
      if ((ITEM_TYPES as readonly string[]).includes(t)) fields.type = t
      else warnings.push(warning('TYPE_UNKNOWN', `"${cellText(v).slice(0, 80)}" is not an item type (${ITEM_TYPES.join(', ')}).`))
    } else if (field === 'language') {
      const l = shortField(v)
      if (ItemFieldsSchema.shape.language.safeParse(l).success) fields.language = l
    } else {
      fields[field] = shortField(cellText(v))
    }
  }
  if (fields.date) fields.dateSource = 'imported table'
  return { fields: fields as Partial<ItemCreate>, text, warnings }
}

export async function extractTable(file: string, opts: ExtractOptions = {}): Promise<Extracted> {
  const t = await readTable(file)
  const name = path.basename(file)
  const mapping = opts.mapping ?? rememberedFor(t.columns, opts.rememberedMappings) ?? guessMapping(t.columns)
  const warnings = [...t.warnings]
  if (!Object.values(mapping).includes('title'))
    warnings.push(warning('NO_TITLE_COLUMN', `No column of ${name} is mapped to the title; rows are titled by their number.`))
  // All rows or none: a table cut at the limit would be remembered as imported, and a re-run
  // would skip it, so the rows past the limit could never come in.
  if (t.rows.length > FILE_LIMITS.tableRows) throw new ImportIssue('TOO_LARGE', tooManyRows(name))
  const children: Extracted[] = t.rows.map((row, i) => {
    const r = rowToFields(row, mapping)
    const fields = { ...r.fields, title: r.fields.title || `${name}, row ${i + 1}` }
    return { kind: 'table-row', text: r.text, fields, warnings: r.warnings }
  })
  return { kind: t.format, text: '', fields: { title: name }, children, warnings }
}
