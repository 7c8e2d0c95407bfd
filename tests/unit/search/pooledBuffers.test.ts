// Query results do not depend on what was asked before: the scratch buffers are pooled, and a
// stale cursor once made a phrase miss items (found through the e2e press-page spec).
import { describe, it, expect } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { generateItem } from '../../bench/generate'

const docs = () => [
  ...Array.from({ length: 60 }, (_, i) => ({ id: `g${i}`, ...generateItem(i, 3, 600) })),
  { id: 'peace', title: 'Building peace is a shared responsibility', body: 'Delegates spoke in Fez.' },
  { id: 'other', title: 'Peace talks', body: 'Building bridges; peace is shared by all.' }
]

describe('pooled query buffers', () => {
  it('gives a phrase the same answer after many other queries as on a fresh index', async () => {
    const used = SearchIndex.build([])
    for (const d of docs()) used.add(d)
    for (const q of ['the minister', '"regional partners"', 'migration health', 'coop', 'water OR climate', '"building bridges"', 'title:peace', 'summit -climate'])
      await used.search(q)
    const fresh = SearchIndex.build([])
    for (const d of docs()) fresh.add(d)
    for (const q of ['"Building peace"', '"shared responsibility"', '"peace is a shared"', 'building peace']) {
      const a = (await used.search(q)).hits.map((h) => h.id).sort()
      const b = (await fresh.search(q)).hits.map((h) => h.id).sort()
      expect(a, q).toEqual(b)
    }
    expect((await used.search('"Building peace"')).hits.map((h) => h.id)).toContain('peace')
  })
})
