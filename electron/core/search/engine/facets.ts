// Facet and histogram collectors.
//
// Every facet value of every item is in one table (CSR over items, values in one id space:
// type, language, outlet, tags, people, organisations, places, collections, year, month),
// with the totals over all live items. A result covering most of the archive is counted
// through its complement: totals minus the items it does not hold.
import type { FacetValue, Facets } from '../types'
import { FACET_KINDS, LIST_FACETS, type FacetKind } from './facetDictionary'
import { gallopTo, type ScoredList } from './lists'
import type { IndexState } from './state'

export type FacetTable = {
  start: Uint32Array
  vals: Uint32Array
  off: Record<FacetKind | 'year' | 'month', number>
  sizes: Record<FacetKind, number>
  size: number
  /** Counts over all live items among the first `covered`. */
  totals: Int32Array
  covered: number
  minYear: number
  years: number
  /** Values → items, built on the first filter that needs it. */
  inv?: { start: Uint32Array; docs: Uint32Array }
}

/**
 * Every facet value of every item in one table (CSR over items, values in one id space:
 * type, language, outlet, tags, people, organisations, places, collections, year, month),
 * with the totals over all live items. A result covering most of the archive is counted
 * through its complement: totals minus the items it does not hold.
 */
/**
 * Slots kept free for each kind's values added after the table is built (a new tag, person or
 * outlet): an item edited with one still fits the table, which is built again (a pass over every
 * item: tens of milliseconds at 100k) only once they are used up. Without them, a server whose
 * people keep adding new tags built it again for nearly every search that followed an edit.
 */
function withSlack(values: number): number {
  return values + Math.max(64, values >> 3)
}

export function facetTable(index: IndexState): FacetTable {
  const ft = index.facetTableCache
  if (ft) return ft
  const N = index.cols.id.length
  const kinds: FacetKind[] = ['type', 'language', 'outlet', 'tag', 'person', 'organisation', 'place', 'collection']
  const off = {} as Record<FacetKind | 'year' | 'month', number>
  const sizes = {} as Record<FacetKind, number>
  let size = 0
  for (const k of kinds) {
    off[k] = size
    sizes[k] = withSlack(index.dicts[k].values.length)
    size += sizes[k]
  }
  const minYear = index.maxYear >= index.minYear ? index.minYear : 0
  const years = index.maxYear >= index.minYear ? index.maxYear - index.minYear + 1 : 0
  off.year = size
  size += years
  off.month = size
  size += years * 12
  const start = new Uint32Array(N + 1)
  const vals = new Uint32Array(facetValueCount(index, N))
  let k = 0
  for (let d = 0; d < N; d++) {
    start[d] = k
    k = writeFacetValues(index, d, vals, k, off, minYear)
  }
  start[N] = k
  const totals = new Int32Array(size)
  for (let d = 0; d < N; d++) if (index.cols.alive[d] === 1) for (let j = start[d]; j < start[d + 1]; j++) totals[vals[j]]++
  const table: FacetTable = { start, vals, off, sizes, size, totals, covered: N, minYear, years }
  index.facetTableCache = table
  return table
}

export function facetValueCount(index: IndexState, N: number): number {
  let c = 0
  for (let d = 0; d < N; d++) {
    c += 5
    for (const kind of LIST_FACETS) c += index.cols[kind][d].length
  }
  return c
}

export function writeFacetValues(index: IndexState, d: number, out: Uint32Array | number[], k: number, off: Record<FacetKind | 'year' | 'month', number>, minYear: number): number {
  if (index.cols.type[d] >= 0) out[k++] = off.type + index.cols.type[d]
  if (index.cols.language[d] >= 0) out[k++] = off.language + index.cols.language[d]
  if (index.cols.outlet[d] >= 0) out[k++] = off.outlet + index.cols.outlet[d]
  for (const kind of LIST_FACETS) for (const v of index.cols[kind][d]) out[k++] = off[kind] + v
  if (index.cols.year[d] >= 0) out[k++] = off.year + index.cols.year[d] - minYear
  if (index.cols.yearMonth[d] >= 0) out[k++] = off.month + index.cols.yearMonth[d] - minYear * 12
  return k
}

/** Whether item d (added after the table was built) fits in the table's value ranges. */
export function fitsTable(index: IndexState, d: number, t: FacetTable): boolean {
  const s = t.sizes
  if (index.cols.type[d] >= s.type || index.cols.language[d] >= s.language || index.cols.outlet[d] >= s.outlet) return false
  for (const kind of LIST_FACETS) for (const v of index.cols[kind][d]) if (v >= s[kind]) return false
  const y = index.cols.year[d]
  return y < 0 || (y >= t.minYear && y < t.minYear + t.years)
}

/**
 * The facet table, made to fit the items added since it was built: when one holds a value with no
 * slot (its free slots used up), the kinds short of slots get more (grownTable); when one holds a
 * year outside its range, it is built again.
 */
export function currentFacetTable(index: IndexState): FacetTable {
  let t = facetTable(index)
  const N = index.cols.id.length
  for (let d = t.covered; d < N; d++) {
    if (index.cols.alive[d] === 1 && !fitsTable(index, d, t)) {
      index.facetTableCache = grownTable(index, t)
      t = facetTable(index)
      break
    }
  }
  return t
}

/**
 * The table with room for every value of every kind now (and free slots again), or null when an
 * item added since has a year outside its range. Each kind keeps its place in the id space, so
 * the ids keep their order: one pass renumbers the values (and the totals, and the values →
 * items index if made) instead of a pass over every item's values (which, at 100k items, held
 * a server's every request for 130-200 ms each time people had added as many new tags as
 * there were free slots).
 */
function grownTable(index: IndexState, t: FacetTable): FacetTable | null {
  const N = index.cols.id.length
  for (let d = t.covered; d < N; d++) {
    const y = index.cols.year[d]
    if (index.cols.alive[d] === 1 && y >= 0 && (y < t.minYear || y >= t.minYear + t.years)) return null
  }
  const kinds = Object.keys(t.sizes) as FacetKind[]
  const sizes = {} as Record<FacetKind, number>
  const off = {} as Record<FacetKind | 'year' | 'month', number>
  const remap = new Uint32Array(t.size)
  let size = 0
  for (const k of kinds) {
    const values = index.dicts[k].values.length
    sizes[k] = values < t.sizes[k] ? t.sizes[k] : withSlack(values)
    off[k] = size
    for (let v = 0; v < t.sizes[k]; v++) remap[t.off[k] + v] = size + v
    size += sizes[k]
  }
  off.year = size
  off.month = size + t.years
  for (let i = t.off.year; i < t.size; i++) remap[i] = size + (i - t.off.year)
  size += t.years * 13
  // A copy: a query that began with the old table reads it whole.
  const vals = new Uint32Array(t.vals.length)
  for (let j = 0; j < vals.length; j++) vals[j] = remap[t.vals[j]]
  const totals = new Int32Array(size)
  for (let i = 0; i < t.size; i++) totals[remap[i]] = t.totals[i]
  let inv = t.inv
  if (inv) {
    // The new slots hold no item of the index (it covers the items the table was built with).
    const start = new Uint32Array(size + 1)
    const mapped = new Uint8Array(size + 1)
    for (let i = 0; i < t.size; i++) {
      start[remap[i]] = inv.start[i]
      mapped[remap[i]] = 1
    }
    start[size] = inv.start[t.size]
    for (let n = size - 1; n >= 0; n--) if (!mapped[n]) start[n] = start[n + 1]
    inv = { start, docs: inv.docs }
  }
  return { ...t, vals, off, sizes, size, totals, inv }
}

export function countFacets(index: IndexState, list: ScoredList): { counts: Int32Array; table: FacetTable } {
  const t = currentFacetTable(index)
  const N = index.cols.id.length
  const { start, vals, covered } = t
  const docs = list.docs
  const n = list.n
  let counts: Int32Array
  let i = 0
  if (n * 2 > index.liveCount && covered > 0) {
    counts = t.totals.slice()
    countComplement(docs, n, index.deadInPacked > 0 || covered > index.packedDocs, index.cols.alive, covered, start, vals, counts)
    i = gallopTo(docs, covered, 0, n)
  } else {
    counts = new Int32Array(t.size)
    i = countDirect(docs, n, covered, start, vals, counts)
  }
  // Items added since the table was built.
  const tmp: number[] = []
  for (; i < n; i++) {
    const e = writeFacetValues(index, docs[i], tmp, 0, t.off, t.minYear)
    for (let j = 0; j < e; j++) counts[tmp[j]]++
  }
  return { counts, table: t }
}

export function facetsOf(index: IndexState, counts: Int32Array, t: FacetTable, limit: number): Facets {
  const values = (kind: FacetKind): FacetValue[] => {
    const dict = index.dicts[kind]
    const out: FacetValue[] = []
    const o = t.off[kind]
    for (let v = 0; v < t.sizes[kind]; v++) if (counts[o + v] > 0) out.push({ value: dict.values[v], count: counts[o + v] })
    out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    return out.slice(0, limit)
  }
  const years: FacetValue[] = []
  for (let y = t.years - 1; y >= 0; y--) if (counts[t.off.year + y] > 0) years.push({ value: String(t.minYear + y), count: counts[t.off.year + y] })
  return {
    tag: values('tag'),
    year: years.slice(0, Math.max(limit, 50)),
    type: values('type'),
    language: values('language'),
    outlet: values('outlet'),
    collection: values('collection'),
    person: values('person'),
    place: values('place'),
    organisation: values('organisation')
  }
}

export function histogramOf(index: IndexState, counts: Int32Array, t: FacetTable): { histogram: Array<{ period: string; count: number }>; unit: 'month' | 'year' } {
  let first = -1
  let last = -1
  for (let y = 0; y < t.years; y++) {
    if (counts[t.off.year + y] > 0) {
      if (first < 0) first = y
      last = y
    }
  }
  if (first < 0) return { histogram: [], unit: 'month' }
  if (last - first < 4) {
    const out: Array<{ period: string; count: number }> = []
    for (let m = first * 12; m < (last + 1) * 12; m++) {
      const c = counts[t.off.month + m]
      if (c > 0) out.push({ period: `${t.minYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`, count: c })
    }
    return { histogram: out, unit: 'month' }
  }
  const out: Array<{ period: string; count: number }> = []
  for (let y = first; y <= last; y++) {
    const c = counts[t.off.year + y]
    if (c > 0) out.push({ period: String(t.minYear + y), count: c })
  }
  return { histogram: out, unit: 'year' }
}


/** Facet counts of the items of `docs` below `covered`; returns how many it read. */
export function countDirect(docs: Int32Array, n: number, covered: number, start: Uint32Array, vals: Uint32Array, counts: Int32Array): number {
  let i = 0
  for (; i < n; i++) {
    const d = docs[i]
    if (d >= covered) break
    for (let j = start[d], e = start[d + 1]; j < e; j++) counts[vals[j]]++
  }
  return i
}


/**
 * `counts` (the totals) minus the live items below `covered` that the ascending `docs` does
 * not hold: the gaps between consecutive items of `docs`, each one run of the table's values
 * when no item is deleted.
 */
export function countComplement(
  docs: Int32Array,
  n: number,
  someDead: boolean,
  alive: number[],
  covered: number,
  start: Uint32Array,
  vals: Uint32Array,
  counts: Int32Array
): void {
  let prev = -1
  for (let i = 0; i <= n; i++) {
    const next = i < n && docs[i] < covered ? docs[i] : covered
    if (next > prev + 1) {
      if (!someDead) {
        for (let j = start[prev + 1], e = start[next]; j < e; j++) counts[vals[j]]--
      } else {
        for (let d = prev + 1; d < next; d++) {
          if (alive[d] !== 1) continue
          for (let j = start[d], e = start[d + 1]; j < e; j++) counts[vals[j]]--
        }
      }
    }
    if (next >= covered) break
    prev = next
  }
}
