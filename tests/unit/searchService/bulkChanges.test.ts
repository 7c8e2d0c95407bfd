// A change of many items reaches the search index in one step: a bulk tag (and its undo) reads
// no item's texts and keeps every text findable; a bulk replace in bodies reads them again.
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { SearchService } from '../../../electron/core/search/SearchService'
import { generateItem } from '../../bench/generate'
import { newArchivePath } from '../helpers'

const COUNT = 600

describe('search service, changes of many items', () => {
  it('indexes a bulk tag and its undo without reading texts, and a bulk replace with them', async () => {
    const a = await Archive.open(newArchivePath())
    await a.createItems(Array.from({ length: COUNT }, (_, i) => ({ ...generateItem(i, 3, 400), body: `Report ${i}: the zanzibar delegation met. ${generateItem(i, 3, 400).body ?? ''}` })))
    await a.search.ready()
    // No snippets: they read texts, and the count below is of what the index reads.
    const total = async (q: string) => (await a.search.query(q, { limit: 1, facets: false, histogram: false, snippets: 0 })).total
    expect(await total('zanzibar')).toBe(COUNT)
    const words = await total('minister')
    expect(words).toBeGreaterThan(0)
    const ids = [...a.catalog.all()].map((r) => r.id)
    const w = await a.workspace()

    // Count what the index reads from the text store (the real store, called through).
    let textReads = 0
    const texts = a.texts as { get: (id: string) => Promise<unknown>; getMany: (ids: string[]) => Promise<unknown[]> }
    const get = texts.get.bind(texts)
    const getMany = texts.getMany.bind(texts)
    texts.get = (id) => ((textReads += 1), get(id))
    texts.getMany = (list) => ((textReads += list.length), getMany(list))

    await w.bulkApply(ids, [{ op: 'addTags', tags: ['bulk/first'] }])
    expect(await total('tag:bulk/first')).toBe(COUNT)
    // Merged in slices, as on a large index: a search asked meanwhile answers at once, from
    // the index as it was or as changed (never a mix), and the change is there once merged.
    const threshold = SearchService.slicedFromPostings
    SearchService.slicedFromPostings = 0
    try {
      await w.bulkApply(ids, [{ op: 'addTags', tags: ['bulk/second'] }])
      // An answer from the index as it was says that the items are being updated; one from the
      // index as changed says nothing.
      const during = await a.search.query('tag:bulk/second', { limit: 1, facets: false, histogram: false, snippets: 0 })
      expect([0, COUNT]).toContain(during.total)
      if (during.total === 0) expect(during.updating).toEqual({ items: COUNT })
      expect(await total('minister')).toBe(words)
      await a.search.current()
      const after = await a.search.query('tag:bulk/second', { limit: 1, facets: false, histogram: false, snippets: 0 })
      expect(after.total).toBe(COUNT)
      expect(after.updating).toBeUndefined()
      await w.undo()
      await a.search.current()
      expect(await total('tag:bulk/second')).toBe(0)
    } finally {
      SearchService.slicedFromPostings = threshold
    }
    expect(await total('tag:bulk/first zanzibar')).toBe(COUNT)
    expect(await total('"zanzibar delegation"')).toBe(COUNT)
    expect(await total('minister')).toBe(words)
    await w.undo()
    expect(await total('tag:bulk/first')).toBe(0)
    expect(await total('"zanzibar delegation"')).toBe(COUNT)
    expect(textReads).toBe(0)
    expect(a.search.status()).toMatchObject({ ready: true, size: COUNT })

    // Bodies changed: read again, in one step.
    await w.bulkApply(ids, [{ op: 'replace', field: 'body', find: 'zanzibar', replace: 'pemba', regex: false, caseSensitive: false }])
    expect(textReads).toBeGreaterThanOrEqual(COUNT)
    expect(await total('zanzibar')).toBe(0)
    expect(await total('"pemba delegation"')).toBe(COUNT)
    expect(await total('minister')).toBe(words)
    await a.close()

    // What was saved at close answers the same.
    const again = await Archive.open(a.root)
    await again.search.ready()
    expect((await again.search.query('"pemba delegation"', { limit: 1 })).total).toBe(COUNT)
    expect((await again.search.query('tag:bulk/first', { limit: 1 })).total).toBe(0)
    await again.close()
  })
})
