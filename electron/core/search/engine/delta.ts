// Edits since the last compaction: an added or changed item gets a new item number and its
// postings go here, per item, beside the packed postings; a removed item becomes a
// tombstone (alive = 0). compaction.ts merges both into the packed postings.
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import { setItemRow } from './columns'
import type { IndexState } from './state'

export type DeltaPosting = { tf: number; mask: number; adj: number; pos: number[] }
export type DeltaDoc = { doc: number; terms: Map<number, DeltaPosting> }

/**
 * A term's postings in the delta, as index.deltaPostings keeps them: (item number, weighted
 * tf, field mask) in a row, item numbers ascending. Plain numbers, not the DeltaPosting
 * objects: a long-lived array of numbers costs the garbage collector nothing per posting added.
 */
export const DELTA_STRIDE = 3

/** Where item d is in index.delta, or -1. */
export function deltaIndexOf(index: IndexState, d: number): number {
  let lo = 0
  let hi = index.delta.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const x = index.delta[mid].doc
    if (x === d) return mid
    if (x < d) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** How many items of the delta hold term t. */
export function deltaDf(index: IndexState, t: number): number {
  return (index.deltaPostings.get(t)?.length ?? 0) / DELTA_STRIDE
}

/** Where item d's posting is (or would go) in a term's delta postings: its first number's place. */
function placeIn(list: number[], d: number): number {
  let lo = 0
  let hi = list.length / DELTA_STRIDE
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid * DELTA_STRIDE] < d) lo = mid + 1
    else hi = mid
  }
  return lo * DELTA_STRIDE
}

/** Adds item d's posting of term t to the delta's postings by term. */
export function holdPosting(index: IndexState, t: number, d: number, p: DeltaPosting): void {
  const list = index.deltaPostings.get(t)
  if (!list) index.deltaPostings.set(t, [d, p.tf, p.mask])
  // A new item has the highest number; an item whose metadata was replaced goes back to its place.
  else if (list[list.length - DELTA_STRIDE] < d) list.push(d, p.tf, p.mask)
  else list.splice(placeIn(list, d), 0, d, p.tf, p.mask)
}

/** Removes item d's posting of term t from the delta's postings by term. */
export function dropPosting(index: IndexState, t: number, d: number): void {
  const list = index.deltaPostings.get(t)
  if (!list) return
  const i = list[list.length - DELTA_STRIDE] === d ? list.length - DELTA_STRIDE : placeIn(list, d)
  if (list[i] !== d) return
  if (list.length === DELTA_STRIDE) index.deltaPostings.delete(t)
  else list.splice(i, DELTA_STRIDE)
}

/** Analyses an item into a new row and the delta (the caller has removed any older version). */
export function addToDelta(index: IndexState, doc: SearchDoc): void {
  const a = analyse(index.vocab, doc)
  const d = index.cols.id.length
  setItemRow(index, d, doc, a)
  const terms = new Map<number, DeltaPosting>()
  for (let k = 0; k < a.termCount; k++) {
    const p: DeltaPosting = { tf: a.tfs[k], mask: a.masks[k], adj: a.adjs[k] >>> 0, pos: Array.from(a.positions.subarray(a.posFrom[k], a.posFrom[k + 1])) }
    terms.set(a.terms[k], p)
    holdPosting(index, a.terms[k], d, p)
  }
  index.delta.push({ doc: d, terms })
}

/** Removes an item: a tombstone when it is packed, gone from the delta otherwise. False when unknown. */
export function removeItem(index: IndexState, id: string): boolean {
  const d = index.idToDoc.get(id)
  if (d === undefined) return false
  index.idToDoc.delete(id)
  index.cols.alive[d] = 0
  const ft = index.facetTableCache
  if (ft && d < ft.covered) for (let j = ft.start[d]; j < ft.start[d + 1]; j++) ft.totals[ft.vals[j]]--
  index.liveCount--
  index.totalLen -= index.cols.tokenCount[d]
  index.titleRank = null
  if (index.packed && d < index.packedDocs) {
    index.deadInPacked++
  } else {
    const i = deltaIndexOf(index, d)
    if (i >= 0) {
      for (const t of index.delta[i].terms.keys()) dropPosting(index, t, d)
      index.delta.splice(i, 1)
    }
  }
  return true
}
