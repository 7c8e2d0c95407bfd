// The bench's realistic corpus: reproducible, shaped as the README says, counted right (the
// query bands come from these counts), and the FTS5 peer's two plans for a filtered query
// give the same answer.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold, tokensOf } from '../../../electron/core/search/normalize'
import { toSearchDoc, type BenchDoc } from '../../bench/corpus/cache'
import { summarize } from '../../bench/corpus/formStats'
import { makeQueries } from '../../bench/corpus/queries'
import { RealisticCorpus } from '../../bench/corpus/realistic'
import { Fts5Peer } from '../../bench/fts5/peer'

const N = 1500
let corpus: RealisticCorpus
let docs: BenchDoc[]

beforeAll(() => {
  corpus = new RealisticCorpus(3)
  docs = Array.from({ length: N }, (_, i) => toSearchDoc(corpus.item(i, true), i))
})

describe('realistic bench corpus', () => {
  it('gives the same item for the same seed and index, whatever was generated before', () => {
    const other = new RealisticCorpus(3)
    expect(other.item(1234)).toEqual(corpus.item(1234))
    expect(other.item(7)).toEqual(corpus.item(7))
  })

  it('has the languages, length and word-frequency shape it is described with', () => {
    const share = (l: string) => docs.filter((d) => d.language === l).length / N
    expect(share('en')).toBeGreaterThan(0.82)
    expect(share('en')).toBeLessThan(0.88)
    expect(share('fr')).toBeGreaterThan(0.05)
    expect(share('fr')).toBeLessThan(0.11)
    expect(share('ar')).toBeGreaterThan(0.04)
    expect(share('ar')).toBeLessThan(0.1)
    const s = summarize(corpus.stats)
    expect(s.words_per_item).toBeGreaterThan(400)
    expect(s.words_per_item).toBeLessThan(520)
    // Zipf: a handful of forms make a large share of the text, and most forms are rare.
    expect(s.top10_token_share).toBeGreaterThan(0.12)
    expect(s.top10_token_share).toBeLessThan(0.3)
    expect(s.top100_token_share).toBeGreaterThan(0.35)
    expect(s.distinct_forms).toBeGreaterThan(20_000)
  })

  it('counts each form\'s items as reading the texts does', () => {
    const queries = makeQueries(docs, corpus.stats).filter((q) => ['common', 'mid', 'rare'].includes(q.kind))
    expect(queries.length).toBeGreaterThan(100)
    const formsOf = docs.map(
      (d) => new Set(tokensOf([d.title, d.description, d.body, ...d.people, ...d.organisations, ...d.places, d.outlet, d.byline, ...d.tags].join(' ')).map(fold))
    )
    for (const q of queries) {
      const form = fold(q.q)
      const holding = formsOf.filter((f) => f.has(form)).length
      expect(holding, q.q).toBe(corpus.stats.docCount(corpus.stats.ids.get(form)!))
      if (q.kind === 'common') expect(holding).toBeGreaterThanOrEqual(0.1 * N)
      if (q.kind === 'rare') expect(holding).toBeLessThan(Math.max(4, 0.001 * N))
    }
  })
})

describe('FTS5 peer', () => {
  let dir: string
  let peer: Fts5Peer
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pk-fts5-peer-'))
    peer = await Fts5Peer.build(docs, dir)
  })
  afterAll(() => {
    peer.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a filtered query the same from the filter side and from the words side', () => {
    const filtered = makeQueries(docs, corpus.stats).filter((q) => q.fts.match && q.fts.where)
    expect(filtered.length).toBeGreaterThan(10)
    let nonEmpty = 0
    for (const q of filtered) {
      const a = peer.page(q, 'from-filter')
      const b = peer.page(q, 'from-match')
      expect(a.total, q.q).toBe(b.total)
      // The same page too, where no tie in score at the page's edge could reorder it.
      if (a.total <= 50) expect(new Set(a.ids), q.q).toEqual(new Set(b.ids))
      if (a.total > 0) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThan(5)
  })
})
