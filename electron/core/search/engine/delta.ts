// Edits since the last compaction: an added or changed item gets a new item number and its
// postings go here, per item, beside the packed postings; a removed item becomes a
// tombstone (alive = 0). compaction.ts merges both into the packed postings.
import type { SearchDoc } from '../types'
import { analyse } from './analysis'
import { setItemRow } from './columns'
import type { IndexState } from './state'

export type DeltaPosting = { tf: number; mask: number; adj: number; pos: number[] }
export type DeltaDoc = { doc: number; terms: Map<number, DeltaPosting> }

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

/** Analyses an item into a new row and the delta (the caller has removed any older version). */
export function addToDelta(index: IndexState, doc: SearchDoc): void {
  const a = analyse(index.vocab, doc)
  const d = index.cols.id.length
  setItemRow(index, d, doc, a)
  const terms = new Map<number, DeltaPosting>()
  for (let k = 0; k < a.termCount; k++) {
    const pos = Array.from(a.positions.subarray(a.posFrom[k], a.posFrom[k + 1]))
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
