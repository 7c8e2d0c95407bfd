// meta.bin: the vocabulary (stems, sorted word forms), the saved item columns and the facet
// dictionaries, as typed sections read in place (persistence.ts writes and checks the file).
//
// Why binary (index format 8): at 100k items meta.json was 20 MB of JSON, and parsing it made
// a million small arrays and strings, then sharing equal list rows (columns.ts) joined each
// row into a key: together about half the CPU time of opening the index. Here a column of
// numbers is one Float64Array; a column of strings one UTF-8 text decoded at once and cut
// at saved lengths; a list column (tags, people, field starts…) its distinct rows once and,
// per item, the number of its row, so equal rows are one array as soon as they are read.
import type { ItemColumns } from './columns'
import { FACET_KINDS, type FacetKind } from './facetDictionary'

type SavedColumn = Exclude<keyof ItemColumns, 'alive' | 'norm'>

/** How each saved column is coded; the Record makes a new column impossible to forget here. */
const CODECS: Record<SavedColumn, 'strings' | 'numbers' | 'numberRows' | 'stringRows'> = {
  id: 'strings',
  title: 'strings',
  tokenCount: 'numbers',
  dateFrom: 'numbers',
  dateTo: 'numbers',
  year: 'numbers',
  yearMonth: 'numbers',
  created: 'numbers',
  modified: 'numbers',
  longPositions: 'numbers',
  type: 'numbers',
  language: 'numbers',
  outlet: 'numbers',
  fieldStarts: 'numberRows',
  tag: 'numberRows',
  person: 'numberRows',
  organisation: 'numberRows',
  place: 'numberRows',
  collection: 'numberRows',
  attachmentIds: 'stringRows'
}

export type SavedMeta = {
  stems: string[]
  forms: string[]
  formTerm: Int32Array
  columns: Record<SavedColumn, unknown[]>
  dicts: Record<FacetKind, string[]>
  totalLen: number
}

export type Section = Uint8Array | Uint32Array | Int32Array | Float64Array
export type Sections = Record<string, Section>

/** Where each section of a file of typed sections is, and its element type. */
export type SectionLayout = Record<string, { offset: number; length: number; type: keyof typeof SECTION_TYPES }>

const SECTION_TYPES = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array }

/** Typed arrays in one buffer, each 8-byte aligned. */
export function packSections(arrays: Sections): { bytes: Buffer; layout: SectionLayout } {
  const layout: SectionLayout = {}
  let size = 0
  for (const [name, a] of Object.entries(arrays)) {
    size = (size + 7) & ~7
    const type = (Object.keys(SECTION_TYPES) as Array<keyof typeof SECTION_TYPES>).find((t) => a instanceof SECTION_TYPES[t])!
    layout[name] = { offset: size, length: a.length, type }
    size += a.byteLength
  }
  const bytes = Buffer.alloc(size)
  for (const [name, a] of Object.entries(arrays)) bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), layout[name].offset)
  return { bytes, layout }
}

/** Views the sections of a buffer written by packSections; a section missing or out of bounds throws. */
export function sectionGetter(buf: Buffer, layout: SectionLayout): (name: string) => Section {
  const base = buf.byteOffset % 8 === 0 ? buf : Buffer.from(new Uint8Array(buf))
  return (name) => {
    const s = layout?.[name]
    const Ctor = s && SECTION_TYPES[s.type]
    if (!Ctor || !Number.isInteger(s.offset) || !Number.isInteger(s.length) || s.offset % 8 !== 0 || s.offset + s.length * Ctor.BYTES_PER_ELEMENT > base.length) throw new Error(`meta section ${name} is missing`)
    return new Ctor(base.buffer as ArrayBuffer, base.byteOffset + s.offset, s.length)
  }
}

/** The meta of an index as sections. */
export function metaSections(meta: SavedMeta): Sections {
  const out: Sections = {}
  putStrings(out, 'stems', meta.stems)
  putStrings(out, 'forms', meta.forms)
  out.formTerm = meta.formTerm
  out.totalLen = Float64Array.of(meta.totalLen)
  for (const k of FACET_KINDS) putStrings(out, `dict.${k}`, meta.dicts[k] ?? [])
  for (const [name, codec] of Object.entries(CODECS) as Array<[SavedColumn, (typeof CODECS)[SavedColumn]]>) {
    const col = meta.columns[name]
    if (codec === 'strings') putStrings(out, `col.${name}`, col as string[])
    else if (codec === 'numbers') out[`col.${name}`] = Float64Array.from(col as number[])
    else putRows(out, `col.${name}`, col as unknown[][], codec === 'stringRows')
  }
  return out
}

/** The meta back from its sections (`get` throws on a missing one). */
export function metaFromSections(get: (name: string) => Section): SavedMeta {
  const columns = {} as Record<SavedColumn, unknown[]>
  for (const [name, codec] of Object.entries(CODECS) as Array<[SavedColumn, (typeof CODECS)[SavedColumn]]>) {
    if (codec === 'strings') columns[name] = getStrings(get, `col.${name}`)
    else if (codec === 'numbers') columns[name] = Array.from(get(`col.${name}`))
    else columns[name] = getRows(get, `col.${name}`, codec === 'stringRows')
  }
  const dicts = {} as Record<FacetKind, string[]>
  for (const k of FACET_KINDS) dicts[k] = getStrings(get, `dict.${k}`)
  return {
    stems: getStrings(get, 'stems'),
    forms: getStrings(get, 'forms'),
    // A copy: a view would keep the whole file's buffer (24 MB at 100k items) alive for 160 KB.
    formTerm: Int32Array.from(get('formTerm')),
    columns,
    dicts,
    totalLen: get('totalLen')[0]
  }
}

/** Strings as one UTF-8 text and each one's length in UTF-16 units (what cuts the decoded text). */
function putStrings(out: Sections, name: string, list: string[]): void {
  const lengths = new Uint32Array(list.length)
  for (let i = 0; i < list.length; i++) lengths[i] = list[i].length
  out[`${name}.text`] = Buffer.from(list.join(''), 'utf8')
  out[`${name}.len`] = lengths
}

function getStrings(get: (name: string) => Section, name: string): string[] {
  const bytes = get(`${name}.text`) as Uint8Array
  const lengths = get(`${name}.len`)
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  const out = new Array<string>(lengths.length)
  let at = 0
  for (let i = 0; i < lengths.length; i++) {
    out[i] = text.slice(at, at + lengths[i])
    at += lengths[i]
  }
  // Text that is not what was saved (lone surrogates are saved as U+FFFD, of the same length).
  if (at !== text.length) throw new Error(`the strings of ${name} do not match their lengths`)
  return out
}

/** A list column: its distinct rows once (values flat, then each row's length), and per item the number of its row. */
function putRows(out: Sections, name: string, rows: unknown[][], strings: boolean): void {
  const rowOf = new Uint32Array(rows.length)
  const distinct = new Map<unknown, number>()
  const byKey = new Map<string, number>()
  const values: unknown[] = []
  const lengths: number[] = []
  for (let d = 0; d < rows.length; d++) {
    const row = rows[d]
    // Rows shared in memory are one row without building a key.
    let r = distinct.get(row)
    if (r === undefined) {
      const key = strings ? JSON.stringify(row) : row.join(',')
      r = byKey.get(key)
      if (r === undefined) {
        r = lengths.length
        byKey.set(key, r)
        lengths.push(row.length)
        for (const v of row) values.push(v)
      }
      distinct.set(row, r)
    }
    rowOf[d] = r
  }
  if (strings) putStrings(out, `${name}.values`, values as string[])
  else out[`${name}.values`] = Float64Array.from(values as number[])
  out[`${name}.rowLen`] = Uint32Array.from(lengths)
  out[`${name}.rowOf`] = rowOf
}

function getRows(get: (name: string) => Section, name: string, strings: boolean): unknown[][] {
  const values: ArrayLike<unknown> = strings ? getStrings(get, `${name}.values`) : get(`${name}.values`)
  const lengths = get(`${name}.rowLen`)
  const rowOf = get(`${name}.rowOf`)
  const rows: unknown[][] = new Array(lengths.length)
  let at = 0
  for (let r = 0; r < lengths.length; r++) {
    const row = new Array(lengths[r])
    for (let k = 0; k < lengths[r]; k++) row[k] = values[at + k]
    rows[r] = row
    at += lengths[r]
  }
  if (at !== values.length) throw new Error(`the rows of ${name} do not match their values`)
  const out: unknown[][] = new Array(rowOf.length)
  for (let d = 0; d < rowOf.length; d++) {
    const row = rows[rowOf[d]]
    if (!row) throw new Error(`item ${d} of ${name} names a row that is not there`)
    out[d] = row
  }
  return out
}
