// The top-k collector: the best k of a result list by relevance, date, title, outlet or date added.
import { fold } from '../normalize'
import { NO_DATE } from './fields'
import type { ScoredList } from './lists'
import type { IndexState } from './state'

/** Indexes into `list` of the best k, in order. */
export function topK(index: IndexState, list: ScoredList, sort: string, order: 'asc' | 'desc' | undefined, k: number): number[] {
  if (k <= 0 || list.n === 0) return []
  const desc = order ? order === 'desc' : sort !== 'title' && sort !== 'outlet'
  const sign = desc ? 1 : -1
  // Keys in one tight loop per sort (a closure per element costs more than the heap).
  const docs = list.docs
  const n = list.n
  let keys: Float32Array | Float64Array
  if (sort === 'relevance') {
    if (order !== 'asc') keys = list.scores
    else {
      keys = new Float32Array(n)
      for (let i = 0; i < n; i++) keys[i] = -list.scores[i]
    }
  } else {
    keys = new Float64Array(n)
    if (sort === 'date') {
      for (let i = 0; i < n; i++) {
        const f = index.cols.dateFrom[docs[i]]
        keys[i] = f === NO_DATE ? -Infinity : sign * f
      }
    } else if (sort === 'created') {
      for (let i = 0; i < n; i++) keys[i] = sign * index.cols.created[docs[i]]
    } else if (sort === 'title') {
      const rank = titleRanks(index)
      for (let i = 0; i < n; i++) keys[i] = sign * rank[docs[i]]
    } else {
      const rank = outletRanks(index)
      for (let i = 0; i < n; i++) {
        const o = index.cols.outlet[docs[i]]
        keys[i] = o < 0 ? -Infinity : sign * rank[o] * 1e6 + index.cols.dateFrom[docs[i]] / 1e4
      }
    }
  }
  // Bounded min-heap of (key, index); ties go to the later (newer) item.
  const hk = new Float64Array(k)
  const hi = new Int32Array(k)
  let size = 0
  const less = (ka: number, ia: number, kb: number, ib: number) => ka < kb || (ka === kb && ia < ib)
  for (let i = 0; i < n; i++) {
    const v = keys[i]
    if (size === k && v < hk[0]) continue
    if (size < k) {
      let c = size++
      while (c > 0) {
        const p = (c - 1) >> 1
        if (!less(v, i, hk[p], hi[p])) break
        hk[c] = hk[p]
        hi[c] = hi[p]
        c = p
      }
      hk[c] = v
      hi[c] = i
    } else if (less(hk[0], hi[0], v, i)) {
      let c = 0
      for (;;) {
        const l = 2 * c + 1
        if (l >= size) break
        const r = l + 1
        const m = r < size && less(hk[r], hi[r], hk[l], hi[l]) ? r : l
        if (!less(hk[m], hi[m], v, i)) break
        hk[c] = hk[m]
        hi[c] = hi[m]
        c = m
      }
      hk[c] = v
      hi[c] = i
    }
  }
  const out: Array<[number, number]> = []
  for (let i = 0; i < size; i++) out.push([hk[i], hi[i]])
  out.sort((a, b) => (b[0] - a[0]) || (b[1] - a[1]))
  return out.map((x) => x[1])
}

export function titleRanks(index: IndexState): Float64Array {
  if (!index.titleRank) {
    const N = index.cols.id.length
    const keys = index.cols.title.map((t) => fold(t))
    const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0))
    const rank = new Float64Array(N)
    order.forEach((d, r) => (rank[d] = r))
    index.titleRank = rank
  }
  return index.titleRank
}

export function outletRanks(index: IndexState): Float64Array {
  const dict = index.dicts.outlet
  const order = dict.keys.map((_, i) => i).sort((a, b) => (dict.keys[a] < dict.keys[b] ? -1 : dict.keys[a] > dict.keys[b] ? 1 : 0))
  const rank = new Float64Array(dict.keys.length)
  order.forEach((v, r) => (rank[v] = r))
  return rank
}
