// The delta's postings by term (engine/delta.ts), which queries read instead of every edited
// item: through edits of packed items, edits of items already in the delta, removals and
// metadata replaced in the delta, they hold exactly the delta items' postings, item numbers
// ascending, and queries (prefixes, phrases, words in a field) find what a fresh build finds
// (the same items and totals; scores differ until a compaction renormalises the lengths).
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { DELTA_STRIDE } from '../../../electron/core/search/engine/delta'
import type { IndexState } from '../../../electron/core/search/engine/state'
import type { SearchDoc } from '../../../electron/core/search/types'
import { generateItem } from '../../bench/generate'

function doc(i: number, seed = 5): SearchDoc {
  const g = generateItem(i, seed, 300)
  return {
    id: `d${i}`,
    title: g.title,
    body: g.body ?? '',
    outlet: g.outlet ?? '',
    type: g.type ?? 'article',
    date: g.date ?? '',
    modified: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    tags: g.tags ?? [],
    people: g.people ?? []
  }
}

/** The postings by term as recomputed from the delta's items. */
function expected(state: IndexState): Map<number, number[]> {
  const out = new Map<number, number[]>()
  for (const e of state.delta)
    for (const [t, p] of e.terms) {
      let l = out.get(t)
      if (!l) out.set(t, (l = []))
      l.push(e.doc, p.tf, p.mask)
    }
  return out
}

const QUERIES = ['minister', 'minis*', 'he*', '"the minister"', 'title:health', 'tag:health', 'health -minister', 'edited*', '"edited again"']

describe('the delta postings by term', () => {
  it('stay those of the delta items through edits, re-edits, removals and metadata changes', async () => {
    const docs = Array.from({ length: 300 }, (_, i) => doc(i))
    const ix = SearchIndex.build(docs)
    const state = (ix as unknown as { state: IndexState }).state
    const live = new Map(docs.map((d) => [d.id, d]))
    const edit = (d: SearchDoc) => {
      ix.update(d)
      live.set(d.id, d)
    }
    for (let i = 0; i < 300; i += 7) edit({ ...doc(i + 500, 6), id: `d${i}`, title: `Edited ${i} health` })
    // Items already in the delta, edited again (removed from the middle of each term's postings).
    for (let i = 0; i < 300; i += 21) edit({ ...live.get(`d${i}`)!, title: `Edited again ${i}`, tags: ['minister'] })
    for (let i = 14; i < 300; i += 49) {
      ix.remove(`d${i}`)
      live.delete(`d${i}`)
    }
    // Metadata of delta items replaced in place (a packed one would compact): an item's postings go back to its place in each term's list.
    const inDelta = Array.from({ length: 22 }, (_, k) => live.get(`d${k * 14}`)).filter((d) => d !== undefined)
    const retagged = inDelta.map((d) => ({ ...d, tags: ['health', 'new/tag'], people: ['Ramata Almami Mbaye'] }))
    ix.updateMetadata(retagged)
    for (const d of retagged) live.set(d.id, d)

    expect(state.delta.length).toBeGreaterThan(30)
    expect(new Map([...state.deltaPostings].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...expected(state)].sort((a, b) => a[0] - b[0])))
    for (const list of state.deltaPostings.values())
      for (let i = DELTA_STRIDE; i < list.length; i += DELTA_STRIDE) expect(list[i]).toBeGreaterThan(list[i - DELTA_STRIDE])

    const fresh = SearchIndex.build([...live.values()])
    for (const q of QUERIES) {
      const [a, b] = await Promise.all([ix, fresh].map((x) => x.search(q, { limit: 1000, facets: false, histogram: false, snippets: 0 })))
      expect(b.total, q).toBeGreaterThan(0)
      expect(a.total, q).toBe(b.total)
      expect(a.hits.map((h) => h.id).sort(), q).toEqual(b.hits.map((h) => h.id).sort())
    }
    expect(fresh.size).toBe(live.size)
    ix.compact()
    expect(state.deltaPostings.size).toBe(0)
  })
})
