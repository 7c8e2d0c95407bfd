// The delta's postings by term (engine/delta.ts), which queries read instead of every edited
// item, kept for the terms asked for and brought up to date when asked: through edits of
// packed items, edits of items already in the delta, removals and metadata replaced in the
// delta, they hold the delta items' postings (and some of removed items, never more than the
// rest), item numbers ascending, the counts exact, and queries (prefixes, phrases, words in a field) find what a fresh build finds
// (the same items and totals; scores differ until a compaction renormalises the lengths).
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { DELTA_STRIDE, deltaPostingsOf } from '../../../electron/core/search/engine/delta'
import type { IndexState } from '../../../electron/core/search/engine/state'
import type { SearchDoc } from '../../../electron/core/search/types'
import { generatedDoc } from './generatedDoc'

function doc(i: number, seed = 5): SearchDoc {
  return { ...generatedDoc(i, seed, 300), modified: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }
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
    // Queries between the edits: the postings of their terms are kept and brought up to date.
    const ask = () => Promise.all(QUERIES.map((q) => ix.search(q, { limit: 1000, facets: false, histogram: false, snippets: 0 })))
    for (let i = 0; i < 300; i += 7) edit({ ...doc(i + 500, 6), id: `d${i}`, title: `Edited ${i} health` })
    await ask()
    // Items already in the delta, edited again (their older postings left behind).
    for (let i = 0; i < 300; i += 21) edit({ ...live.get(`d${i}`)!, title: `Edited again ${i}`, tags: ['minister'] })
    await ask()
    for (let i = 14; i < 300; i += 49) {
      ix.remove(`d${i}`)
      live.delete(`d${i}`)
    }
    // Metadata of delta items replaced in place (a packed one would compact).
    const inDelta = Array.from({ length: 22 }, (_, k) => live.get(`d${k * 14}`)).filter((d) => d !== undefined)
    const retagged = inDelta.map((d) => ({ ...d, tags: ['health', 'new/tag'], people: ['Ramata Almami Mbaye'] }))
    ix.updateMetadata(retagged)
    for (const d of retagged) live.set(d.id, d)
    await ask()
    for (let i = 0; i < 300; i += 42) {
      const d = live.get(`d${i}`)
      if (d) edit({ ...d, title: `Edited once more ${i}` })
    }

    expect(state.delta.length).toBeGreaterThan(30)
    const want = expected(state)
    expect(new Map([...state.deltaDf].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...want].map(([t, l]) => [t, l.length / DELTA_STRIDE] as const).sort((a, b) => a[0] - b[0])))
    let dead = 0
    for (const [t, postings] of want) {
      const list = deltaPostingsOf(state, t)!
      const alive = list.filter((_, i) => state.cols.alive[list[i - (i % DELTA_STRIDE)]] === 1)
      expect(alive, `term ${t}`).toEqual(postings)
      // Removed items' postings may stay, never more of them than live ones.
      dead += list.length - alive.length
      expect(list.length).toBeLessThanOrEqual(2 * alive.length)
      for (let i = DELTA_STRIDE; i < list.length; i += DELTA_STRIDE) expect(list[i]).toBeGreaterThan(list[i - DELTA_STRIDE])
    }
    expect(dead).toBeGreaterThan(0)

    const fresh = SearchIndex.build([...live.values()])
    for (const q of QUERIES) {
      const [a, b] = await Promise.all([ix, fresh].map((x) => x.search(q, { limit: 1000, facets: false, histogram: false, snippets: 0 })))
      expect(b.total, q).toBeGreaterThan(0)
      expect(a.total, q).toBe(b.total)
      expect(a.hits.map((h) => h.id).sort(), q).toEqual(b.hits.map((h) => h.id).sort())
    }
    expect(fresh.size).toBe(live.size)
    ix.compact()
    expect(state.deltaByTerm.size).toBe(0)
  })
})
