// Per-item columns (Tantivy's "fast fields"): everything the index keeps per item, by item
// number, declared once here. Building fills a row (setItemRow), compaction keeps the rows of
// live items (keepRows), persistence saves and loads the SAVED_COLUMNS and checks their
// lengths (checkColumnLengths); nothing else names them one by one.
import { itemDateSpan, yearMonthOf } from '../dates'
import type { SearchDoc } from '../types'
import type { Analysed } from './analysis'
import { LIST_FACETS, type ListFacet } from './facetDictionary'
import { lengthNorm, NO_DATE } from './fields'
import type { IndexState } from './state'

export type ItemColumns = {
  /** The item's id. */
  id: string[]
  /** 1 while the item is indexed, 0 once removed (until compaction drops its row). */
  alive: number[]
  /** BM25 length normalisation (from tokenCount and the average length). */
  norm: number[]
  /** How many tokens the item has, all fields together. */
  tokenCount: number[]
  /** First and last day of the item's date (day numbers); NO_DATE / -NO_DATE when undated. */
  dateFrom: number[]
  dateTo: number[]
  /** Year of dateFrom, or -1. */
  year: number[]
  /** year*12 + month-1 when the date says its month, else -1. */
  yearMonth: number[]
  /** Milliseconds since 1970 (0 when unknown). */
  created: number[]
  modified: number[]
  title: string[]
  /** 1 when the item has 65,535 tokens or more: its positions are stored in 32 bits, not 16. */
  longPositions: number[]
  /** The positions where description, notes, body, each attachment and the metadata begin (the title starts at 0). */
  fieldStarts: number[][]
  attachmentIds: string[][]
  /** Value numbers in the facet dictionaries (-1 for none). */
  type: number[]
  language: number[]
  outlet: number[]
  tag: number[][]
  person: number[][]
  organisation: number[][]
  place: number[][]
  collection: number[][]
}

/** Every column: saved with the index, or derived again at load. The Record makes a new column impossible to forget here. */
const COLUMN_ROLES: Record<keyof ItemColumns, 'saved' | 'derived'> = {
  id: 'saved',
  alive: 'derived',
  norm: 'derived',
  tokenCount: 'saved',
  dateFrom: 'saved',
  dateTo: 'saved',
  year: 'saved',
  yearMonth: 'saved',
  created: 'saved',
  modified: 'saved',
  title: 'saved',
  longPositions: 'saved',
  fieldStarts: 'saved',
  attachmentIds: 'saved',
  type: 'saved',
  language: 'saved',
  outlet: 'saved',
  tag: 'saved',
  person: 'saved',
  organisation: 'saved',
  place: 'saved',
  collection: 'saved'
}
const ALL_COLUMNS = Object.keys(COLUMN_ROLES) as Array<keyof ItemColumns>
export const SAVED_COLUMNS = ALL_COLUMNS.filter((k) => COLUMN_ROLES[k] === 'saved')

export function emptyColumns(): ItemColumns {
  return Object.fromEntries(ALL_COLUMNS.map((k) => [k, []])) as unknown as ItemColumns
}

// Rows of the list columns (tags, people, organisations, places, collections, attachment
// ids) are never changed in place: an edit writes a new row. So items with the same values
// can share one array: most items have no collection and no attachment, and a few thousand
// combinations of tags, people or places cover most of the rest. A JavaScript array costs
// about 50 bytes before its first value; at 100k items one array per item and column was
// about 35 MB of the loaded index.
const NO_VALUES = Object.freeze([]) as unknown as never[]

/** The row of a list column for `values`: the shared empty row when there are none. */
function listRow<T>(values: T[]): T[] {
  return values.length === 0 ? NO_VALUES : values
}

/** Gives items without values in a list column the shared empty row (after a load, whose rows of equal values are shared already). */
export function shareEmptyRows(cols: ItemColumns): void {
  for (const kind of [...LIST_FACETS, 'attachmentIds'] as const) {
    const rows = cols[kind] as unknown[][]
    for (let d = 0; d < rows.length; d++) if (rows[d].length === 0) rows[d] = NO_VALUES
  }
}

/** The rows whose new number (newNum[d]) is ≥ 0, in order. */
export function keepRows(cols: ItemColumns, newNum: Int32Array): ItemColumns {
  // Every row kept (a change of metadata, no item removed): the columns as they are.
  if (newNum.every((n, d) => n === d)) return cols
  const out = {} as Record<keyof ItemColumns, unknown[]>
  for (const k of ALL_COLUMNS) {
    const from = cols[k] as unknown[]
    const to: unknown[] = []
    for (let d = 0; d < newNum.length; d++) if (newNum[d] >= 0) to.push(from[d])
    out[k] = to
  }
  return out as unknown as ItemColumns
}

/** Throws unless every saved column of `cols` holds one value per item. */
export function checkColumnLengths(cols: Partial<Record<keyof ItemColumns, unknown>>, items: number): void {
  for (const k of SAVED_COLUMNS) {
    const c = cols[k]
    if (!Array.isArray(c) || c.length !== items) throw new Error(`item column ${k} is incomplete`)
  }
}

/** Fills row d from an item and its analysis, and counts it in the archive's totals. */
export function setItemRow(index: IndexState, d: number, doc: SearchDoc, a: Pick<Analysed, 'length' | 'fieldStarts'>): void {
  const cols = index.cols
  cols.id[d] = doc.id
  index.idToDoc.set(doc.id, d)
  cols.alive[d] = 1
  cols.tokenCount[d] = a.length
  cols.title[d] = doc.title ?? ''
  cols.longPositions[d] = a.length >= 65535 ? 1 : 0
  cols.fieldStarts[d] = a.fieldStarts
  cols.attachmentIds[d] = listRow((doc.attachments ?? []).map((x) => x.id))
  setMetadataColumns(index, d, doc)
  index.liveCount++
  index.totalLen += a.length
  cols.norm[d] = lengthNorm(a.length, Math.max(1, index.totalLen / index.liveCount))
  index.titleRank = null
}

/**
 * Row d's columns of the item's metadata (dates, type, language, outlet, the list facets):
 * all of a row that a change of metadata alone changes, besides its length (bulkUpdate.ts).
 */
export function setMetadataColumns(index: IndexState, d: number, doc: SearchDoc): void {
  const cols = index.cols
  const span = itemDateSpan(doc.date)
  cols.dateFrom[d] = span ? span.from : NO_DATE
  cols.dateTo[d] = span ? span.to : -NO_DATE
  const first = (doc.date ?? '').split('/')[0]
  if (span) {
    const { year, month } = yearMonthOf(span.from)
    cols.year[d] = year
    if (year < index.minYear) index.minYear = year
    if (year > index.maxYear) index.maxYear = year
    cols.yearMonth[d] = /^\d{4}-\d{1,2}/.test(first) ? year * 12 + month - 1 : -1
  } else {
    cols.year[d] = -1
    cols.yearMonth[d] = -1
  }
  cols.created[d] = Date.parse(doc.created ?? '') || 0
  cols.modified[d] = Date.parse(doc.modified ?? '') || 0
  cols.type[d] = index.dicts.type.id(doc.type ?? '')
  cols.language[d] = index.dicts.language.id(doc.language ?? '')
  cols.outlet[d] = index.dicts.outlet.id(doc.outlet ?? '')
  const values: Record<ListFacet, string[] | undefined> = {
    tag: doc.tags,
    person: doc.people,
    organisation: doc.organisations,
    place: doc.places,
    collection: doc.collections
  }
  for (const kind of LIST_FACETS) {
    const ids: number[] = []
    for (const v of values[kind] ?? []) {
      const id = index.dicts[kind].id(v)
      if (id >= 0 && !ids.includes(id)) ids.push(id)
    }
    cols[kind][d] = listRow(ids)
  }
}

/** Recomputes every item's length normalisation from the current average length. */
export function renormalise(index: IndexState): void {
  const avg = index.totalLen / Math.max(1, index.liveCount)
  const { tokenCount, norm } = index.cols
  for (let d = 0; d < tokenCount.length; d++) norm[d] = lengthNorm(tokenCount[d], avg)
}
