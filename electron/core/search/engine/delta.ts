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
 * A term's postings in the delta as queries read them (deltaPostingsOf): (item number,
 * weighted tf, field mask) in a row, item numbers ascending. Plain numbers, not the
 * DeltaPosting objects: a long-lived array of numbers costs the garbage collector nothing.
 */
export const DELTA_STRIDE = 3

/**
 * A term's postings in the delta, kept for the queries that ask for the term: brought up to
 * date when asked, from the items added since (`checkedTo`: the highest item number looked
 * at). A removed item's postings stay (readers skip items no longer alive) until they are the
 * greater part. Edits pay nothing for it: kept up to date at every edit, the lists of an
 * item's few hundred terms cost more than the rest of the edit when a few items were edited
 * again and again; asked for, each item is looked at once for each term a query names.
 */
export type DeltaTermPostings = { list: number[]; checkedTo: number }

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
  return index.deltaDf.get(t) ?? 0
}

/**
 * Term t's postings in the delta (see DeltaTermPostings), or null when no item of the delta
 * holds it. May hold postings of items removed since: skip the items that are not alive.
 */
export function deltaPostingsOf(index: IndexState, t: number): number[] | null {
  const df = index.deltaDf.get(t)
  if (df === undefined) return null
  let kept = index.deltaByTerm.get(t)
  if (!kept) index.deltaByTerm.set(t, (kept = { list: [], checkedTo: -1 }))
  const delta = index.delta
  if (delta.length > 0 && delta[delta.length - 1].doc > kept.checkedTo) {
    // The items added since it was last asked for come after those looked at.
    let lo = 0
    let hi = delta.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (delta[mid].doc <= kept.checkedTo) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < delta.length; i++) {
      const p = delta[i].terms.get(t)
      if (p) kept.list.push(delta[i].doc, p.tf, p.mask)
    }
    kept.checkedTo = delta[delta.length - 1].doc
  }
  if (kept.list.length > 2 * DELTA_STRIDE * df) {
    const alive = index.cols.alive
    const list = kept.list
    kept.list = list.filter((_, i) => alive[list[i - (i % DELTA_STRIDE)]] === 1)
  }
  return kept.list
}

/** Analyses an item into a new row and the delta (the caller has removed any older version). */
export function addToDelta(index: IndexState, doc: SearchDoc): void {
  const a = analyse(index.vocab, doc)
  const d = index.cols.id.length
  setItemRow(index, d, doc, a)
  const terms = new Map<number, DeltaPosting>()
  const positions = a.positions
  for (let k = 0; k < a.termCount; k++) {
    // Copied by hand: Array.from over a view of the buffer (a view, then an iterator, per term) took longer than the analysis.
    const pos: number[] = []
    for (let i = a.posFrom[k], end = a.posFrom[k + 1]; i < end; i++) pos.push(positions[i])
    terms.set(a.terms[k], { tf: a.tfs[k], mask: a.masks[k], adj: a.adjs[k] >>> 0, pos })
    index.deltaDf.set(a.terms[k], (index.deltaDf.get(a.terms[k]) ?? 0) + 1)
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
      // Its postings kept by term stay, skipped as no longer alive (deltaPostingsOf).
      for (const t of index.delta[i].terms.keys()) {
        const c = (index.deltaDf.get(t) ?? 1) - 1
        if (c > 0) index.deltaDf.set(t, c)
        else index.deltaDf.delete(t)
      }
      index.delta.splice(i, 1)
    }
  }
  return true
}
