// Changes of many items in one step (SearchIndex.updateMany, updateMetadata) against an index
// built from scratch on the items as they end: the same totals, result sets, scores and facet
// counts, whether the changed items were packed, in the delta, or removed meanwhile, and on an
// index loaded from disk (positions read from positions.bin).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc } from '../../../electron/core/search/types'
import { generatedDoc } from './generatedDoc'

function doc(i: number, seed = 5): SearchDoc {
  const generated = generatedDoc(i, seed, 500)
  const stamp = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
  return {
    ...generated,
    notes: i % 3 === 0 ? `Note on ${generated.title}` : '',
    created: stamp,
    modified: stamp,
    collections: i % 7 === 0 ? ['Selected'] : [],
    attachments: i % 11 === 0 ? [{ id: `a${i}`, name: 'scan.pdf', text: `Attached minister statement ${i} on health` }] : []
  }
}

/** A change of metadata only: tags (words also in bodies, and new ones), people, outlet, date, language. */
function retagged(d: SearchDoc, k: number): SearchDoc {
  return {
    ...d,
    tags: [...(d.tags ?? []).slice(1), 'bench/run-1', k % 2 ? 'health' : 'minister statement'],
    people: k % 3 ? d.people : [...(d.people ?? []), 'Ramata Almami Mbaye'],
    outlet: k % 5 ? d.outlet : 'Le Monde',
    date: k % 4 ? d.date : '2021-03-04',
    language: k % 6 ? d.language : 'fr',
    byline: k % 8 ? d.byline : '',
    modified: new Date(Date.UTC(2025, 0, 1) + k).toISOString()
  }
}

const QUERIES = [
  'tag:bench/run-1',
  'tag:health',
  'health',
  'minister',
  '"minister statement"',
  '"the minister"',
  'tag:health minister',
  'person:"Ramata Almami Mbaye"',
  'almami',
  'outlet:monde',
  'date:2021-03',
  'lang:fr',
  'title:minister',
  'statement -tag:health',
  'run',
  'selected',
  'attached'
]

type Answer = { total: number; hits: Map<string, number>; facets: unknown; histogram: unknown }

async function answers(ix: SearchIndex): Promise<Answer[]> {
  const out: Answer[] = []
  for (const q of QUERIES) {
    const r = await ix.search(q, { limit: 1000, prefix: false })
    out.push({ total: r.total, hits: new Map(r.hits.map((h) => [h.id, h.score])), facets: r.facets, histogram: r.histogram })
  }
  for (const p of ['minis', 'heal', 'ru']) {
    const r = await ix.search(p, { limit: 1000, prefix: true, facets: false, histogram: false })
    out.push({ total: r.total, hits: new Map(r.hits.map((h) => [h.id, h.score])), facets: null, histogram: null })
  }
  return out
}

/** Same totals and result sets; scores and facets too when `scores` (after a compaction, lengths normalised alike). */
async function expectSame(ix: SearchIndex, docs: SearchDoc[], scores: boolean): Promise<void> {
  const want = await answers(SearchIndex.build(docs))
  const got = await answers(ix)
  // Queries that find nothing prove nothing: all but the three about the added tag must find items.
  expect(want.filter((a) => a.total > 0).length).toBeGreaterThanOrEqual(want.length - 3)
  for (let k = 0; k < want.length; k++) {
    const q = QUERIES[k] ?? `prefix ${k}`
    expect(got[k].total, q).toBe(want[k].total)
    expect([...got[k].hits.keys()].sort(), q).toEqual([...want[k].hits.keys()].sort())
    if (!scores) continue
    for (const [id, s] of want[k].hits) expect(got[k].hits.get(id), `${q} ${id}`).toBeCloseTo(s, 3)
    expect(got[k].facets, q).toEqual(want[k].facets)
    expect(got[k].histogram, q).toEqual(want[k].histogram)
  }
}

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('changes of many items in one step', () => {
  const docs = Array.from({ length: 300 }, (_, i) => doc(i))

  it('replaces the metadata of packed items as a fresh build would index them', async () => {
    const ix = SearchIndex.build(docs)
    const now = docs.map((d, k) => (k % 2 === 0 ? retagged(d, k) : d))
    // The texts are not looked at: the index keeps its own.
    ix.updateMetadata(now.filter((_, k) => k % 2 === 0).map((d) => ({ ...d, body: 'ignored', title: 'ignored', description: '', notes: '' })))
    expect(ix.stats().deltaItems).toBe(0)
    await expectSame(ix, now, true)
    // Back again (an undo): the index answers as before the change.
    ix.updateMetadata(docs.filter((_, k) => k % 2 === 0))
    await expectSame(ix, docs, true)
  })

  it('replaces the metadata of items in the delta and beside tombstones', async () => {
    const ix = SearchIndex.build(docs)
    const live = new Map(docs.map((d) => [d.id, d]))
    for (let i = 0; i < 300; i += 10) {
      ix.remove(docs[i].id)
      live.delete(docs[i].id)
    }
    for (let i = 3; i < 300; i += 17) {
      const edited = { ...doc(i + 1000, 6), id: docs[i].id }
      ix.update(edited)
      live.set(edited.id, edited)
    }
    const changed = [...live.values()].filter((_, k) => k % 3 === 0).map((d, k) => retagged(d, k))
    expect(changed.some((d) => ix.stats().deltaItems > 0 && docs.findIndex((x) => x.id === d.id) % 17 === 3)).toBe(true)
    ix.updateMetadata(changed)
    for (const d of changed) live.set(d.id, d)
    await expectSame(ix, [...live.values()], false)
    ix.compact()
    await expectSame(ix, [...live.values()], true)
  })

  it('replaces the metadata of an index loaded from disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pk-bulk-'))
    dirs.push(dir)
    await SearchIndex.build(docs).save(dir, 's1')
    const ix = await SearchIndex.load(dir, 's1')
    const now = docs.map((d, k) => (k % 3 === 1 ? retagged(d, k) : d))
    ix.updateMetadata(now.filter((_, k) => k % 3 === 1))
    await expectSame(ix, now, true)
    await ix.save(dir, 's2')
    ix.close()
    const again = await SearchIndex.load(dir, 's2')
    await expectSame(again, now, true)
    again.close()
  })

  it('adds and replaces many items with their texts in one compaction', async () => {
    const ix = SearchIndex.build(docs)
    ix.remove(docs[5].id)
    ix.update({ ...docs[7], body: 'a minister statement on health' })
    const replaced = docs.filter((_, k) => k % 4 === 1).map((d, k) => ({ ...doc(k + 500, 9), id: d.id }))
    const added = Array.from({ length: 40 }, (_, k) => doc(700 + k, 3))
    ix.updateMany([...replaced, ...added])
    expect(ix.stats().deltaItems).toBe(0)
    const live = new Map(docs.map((d) => [d.id, d]))
    live.delete(docs[5].id)
    live.set(docs[7].id, { ...docs[7], body: 'a minister statement on health' })
    for (const d of [...replaced, ...added]) live.set(d.id, d)
    await expectSame(ix, [...live.values()], true)
  })

  it('answers between the slices of a metadata change from the index as it was, then as changed', async () => {
    const ix = SearchIndex.build(docs)
    const before = await answers(ix)
    const now = docs.map((d, k) => (k % 2 === 0 ? retagged(d, k) : d))
    let pauses = 0
    const during: Answer[][] = []
    await ix.updateMetadataInSlices(
      now.filter((_, k) => k % 2 === 0),
      async () => {
        pauses++
        expect(ix.merging).toBe(true)
        during.push(await answers(ix))
      }
    )
    expect(pauses).toBeGreaterThan(0)
    for (const a of during) expect(a).toEqual(before)
    expect(ix.merging).toBe(false)
    await expectSame(ix, now, true)
  })

  it('refuses an item it does not hold, changing nothing', async () => {
    const ix = SearchIndex.build(docs)
    const before = await answers(ix)
    expect(() => ix.updateMetadata([retagged(docs[0], 0), { id: 'nowhere', tags: ['x'] }])).toThrow(/nowhere.*not in the search index/)
    expect(await answers(ix)).toEqual(before)
  })
})
