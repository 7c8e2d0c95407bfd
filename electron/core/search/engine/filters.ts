// Field and date filters (tag:, person:, lang:, date:, before:…) as predicates and as item sets.
//
// A filter such as tag:health or date:2020-10 holds a few percent of the archive: reading
// its items from per-value lists (facet values → items, dates sorted) and probing the
// words into them costs that few percent, where filtering the words' items one by one
// cost all of them. A filter holding more than the words do is applied per item instead.
import { fold, tokensOf } from '../normalize'
import type { MetaField, QueryNode } from '../queryParser'
import type { FacetKind, ListFacet } from './facetDictionary'
import { currentFacetTable, type FacetTable } from './facets'
import { NO_DATE } from './fields'
import { lowerBound, type ScoredList } from './lists'
import { union } from './setOperations'
import type { IndexState } from './state'

export type DateIndex = {
  /** Dated items by start day. */
  order: Int32Array
  /** Items 0..covered-1 are in `order`. */
  covered: number
  /** The slice of `order` that can overlap [from, to]. */
  range: (from: number, to: number) => [number, number]
}

/** Which values of the node's facet it matches. */
export function metaOk(index: IndexState, node: Extract<QueryNode, { kind: 'meta' }>): { kind: FacetKind; ok: Uint8Array } {
  const kind: FacetKind = META_TO_FACET[node.field]
  const dict = index.dicts[kind]
  const q = fold(node.value.trim())
  const qTokens = tokensOf(q).map(fold)
  const ok = new Uint8Array(dict.values.length)
  for (let i = 0; i < dict.values.length; i++) {
    const key = dict.keys[i]
    if (key === q || key.startsWith(q + '/') || (kind === 'language' && key.startsWith(q + '-'))) ok[i] = 1
    else if (kind === 'language' && LANGUAGE_NAMES[q] && (key === LANGUAGE_NAMES[q] || key.startsWith(LANGUAGE_NAMES[q] + '-'))) ok[i] = 1
    else {
      const vt = dict.tokens(i)
      if (qTokens.length > 0 && qTokens.every((t) => vt.includes(t))) ok[i] = 1
    }
  }
  return { kind, ok }
}

export function metaPredicate(index: IndexState, node: Extract<QueryNode, { kind: 'meta' }>): (d: number) => boolean {
  const { kind, ok } = metaOk(index, node)
  if (kind === 'type') return (d) => index.cols.type[d] >= 0 && ok[index.cols.type[d]] === 1
  if (kind === 'language') return (d) => index.cols.language[d] >= 0 && ok[index.cols.language[d]] === 1
  if (kind === 'outlet') return (d) => index.cols.outlet[d] >= 0 && ok[index.cols.outlet[d]] === 1
  const lists = index.cols[kind as ListFacet]
  return (d) => {
    const vs = lists[d]
    for (let i = 0; i < vs.length; i++) if (ok[vs[i]] === 1) return true
    return false
  }
}

export function predicateOf(index: IndexState, node: QueryNode): ((d: number) => boolean) | null {
  if (node.kind === 'meta') return metaPredicate(index, node)
  if (node.kind === 'date') {
    const { from, to } = node
    return (d) => index.cols.dateFrom[d] !== NO_DATE && index.cols.dateFrom[d] <= to && index.cols.dateTo[d] >= from
  }
  return null
}

/** About how many items a filter node holds (exact for facets, an upper bound for dates). */
export function nodeEstimate(index: IndexState, node: Exclude<QueryNode, { kind: 'text' }>): number {
  const N = index.cols.id.length
  if (node.kind === 'meta') {
    const t = currentFacetTable(index)
    const { kind, ok } = metaOk(index, node)
    const off = t.off[kind]
    let c = 0
    for (let v = 0; v < ok.length && v < t.sizes[kind]; v++) if (ok[v] === 1) c += t.totals[off + v]
    return c + (N - t.covered)
  }
  const ix = dateIndex(index)
  const [a, b] = ix.range(node.from, node.to)
  return b - a + (N - ix.covered)
}

/** The live items a filter node holds, ascending, with zero scores. */
export function nodeSet(index: IndexState, node: Exclude<QueryNode, { kind: 'text' }>): ScoredList {
  const N = index.cols.id.length
  const alive = index.cols.alive
  if (node.kind === 'meta') {
    const t = currentFacetTable(index)
    const inv = invertedFacets(index, t)
    const { kind, ok } = metaOk(index, node)
    const off = t.off[kind]
    const lists: ScoredList[] = []
    for (let v = 0; v < ok.length && v < t.sizes[kind]; v++) {
      if (ok[v] !== 1) continue
      const a = inv.start[off + v]
      const b = inv.start[off + v + 1]
      const docs = index.pool.i32(b - a)
      let n = 0
      for (let j = a; j < b; j++) {
        const d = inv.docs[j]
        if (alive[d] === 1) docs[n++] = d
      }
      lists.push({ docs, scores: index.pool.f32(n), n })
    }
    // Items added since the table was built.
    if (t.covered < N) {
      const pred = metaPredicate(index, node)
      const docs = index.pool.i32(N - t.covered)
      let n = 0
      for (let d = t.covered; d < N; d++) if (alive[d] === 1 && pred(d)) docs[n++] = d
      lists.push({ docs, scores: index.pool.f32(n), n })
    }
    return union(index, lists)
  }
  const { from, to } = node
  const ix = dateIndex(index)
  const [a, b] = ix.range(from, to)
  const dFrom = index.cols.dateFrom
  const dTo = index.cols.dateTo
  const docs = index.pool.i32(Math.min(N, b - a + (N - ix.covered)))
  let n = 0
  if ((b - a) * 8 > N) {
    // Wide: one pass over the items is cheaper than sorting many.
    for (let d = 0; d < N; d++) if (alive[d] === 1 && dFrom[d] !== NO_DATE && dFrom[d] <= to && dTo[d] >= from) docs[n++] = d
    return { docs, scores: index.pool.f32(n), n }
  }
  for (let k = a; k < b; k++) {
    const d = ix.order[k]
    if (alive[d] === 1 && dTo[d] >= from && dFrom[d] <= to) docs[n++] = d
  }
  docs.subarray(0, n).sort()
  for (let d = ix.covered; d < N; d++) if (alive[d] === 1 && dFrom[d] !== NO_DATE && dFrom[d] <= to && dTo[d] >= from) docs[n++] = d
  return { docs, scores: index.pool.f32(n), n }
}

/** Items by start date, for date filters; items added later are checked one by one. */
export function dateIndex(index: IndexState): DateIndex {
  if (index.dateIndexCache) return index.dateIndexCache
  const N = index.cols.id.length
  const dated: number[] = []
  let maxSpan = 0
  for (let d = 0; d < N; d++) {
    if (index.cols.dateFrom[d] === NO_DATE) continue
    dated.push(d)
    if (index.cols.dateTo[d] - index.cols.dateFrom[d] > maxSpan) maxSpan = index.cols.dateTo[d] - index.cols.dateFrom[d]
  }
  const keys = new Float64Array(dated.length)
  for (let k = 0; k < dated.length; k++) keys[k] = index.cols.dateFrom[dated[k]] * 4194304 + dated[k]
  keys.sort()
  const order = new Int32Array(dated.length)
  const starts = new Float64Array(dated.length)
  for (let k = 0; k < dated.length; k++) {
    const day = Math.floor(keys[k] / 4194304)
    order[k] = keys[k] - day * 4194304
    starts[k] = day
  }
  const range = (from: number, to: number): [number, number] => {
    // Items starting in [from - maxSpan, to] are the only ones that can overlap [from, to].
    return [lowerBound(starts, from - maxSpan), lowerBound(starts, to + 1)]
  }
  index.dateIndexCache = { order, covered: N, range }
  return index.dateIndexCache
}

/** Facet values → items (the facet table transposed), built on the first filter. */
export function invertedFacets(index: IndexState, t: FacetTable): { start: Uint32Array; docs: Uint32Array } {
  if (t.inv) return t.inv
  const start = new Uint32Array(t.size + 1)
  const { vals } = t
  for (let j = 0; j < t.start[t.covered]; j++) start[vals[j] + 1]++
  for (let v = 0; v < t.size; v++) start[v + 1] += start[v]
  const fill = start.slice(0, t.size)
  const docs = new Uint32Array(t.start[t.covered])
  for (let d = 0; d < t.covered; d++) for (let j = t.start[d], e = t.start[d + 1]; j < e; j++) docs[fill[vals[j]]++] = d
  t.inv = { start, docs }
  return t.inv
}


const META_TO_FACET: Record<MetaField, FacetKind> = {
  tag: 'tag',
  person: 'person',
  org: 'organisation',
  place: 'place',
  outlet: 'outlet',
  type: 'type',
  lang: 'language',
  collection: 'collection'
}


const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  anglais: 'en',
  french: 'fr',
  francais: 'fr',
  arabic: 'ar',
  arabe: 'ar',
  عربي: 'ar',
  العربيه: 'ar',
  spanish: 'es',
  espanol: 'es',
  german: 'de',
  allemand: 'de'
}
