// The fast paths (phrases through neighbour signatures, terms probed into a smaller set,
// field and date filters through per-value lists) against a brute-force reading of the
// same items: every total and every result set must be exactly what scanning each item's
// words and metadata gives, on a freshly built index, after edits (delta and tombstones),
// and after a compaction.
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { itemDateSpan } from '../../../electron/core/search/dates'
import { fold, termOf, tokensOf } from '../../../electron/core/search/normalize'
import { parseQuery, type QueryNode } from '../../../electron/core/search/queryParser'
import type { SearchDoc } from '../../../electron/core/search/types'
import { generatedDoc } from './generatedDoc'

function doc(i: number, seed = 5): SearchDoc {
  return { ...generatedDoc(i, seed, 500), id: `d${seed}-${i}`, collections: i % 7 === 0 ? ['Selected'] : [] }
}

/** Items written to catch phrases that run across fields or values, and title-only phrases. */
const HANDMADE: SearchDoc[] = [
  {
    id: 'h-title',
    title: 'Health education for the minister',
    body: 'Climate finance trade talks ended. The minister met regional partners on Monday.',
    tags: ['health'],
    date: '2020-10-05'
  },
  { id: 'h-fields', title: 'Talks on climate', description: 'finance trade ministers', body: 'education health', tags: ['region/africa', 'health'], date: '2020-10' },
  { id: 'h-body', title: 'A visit', body: 'the minister and the minister; health education', people: ['Ramata Almami Mbaye'] },
  { id: 'h-values', title: 'Tags only', tags: ['the', 'minister'], people: ['Salim M. AlMalik', 'Amina Diallo'] }
]

const cache = new WeakMap<SearchDoc, { title: string[][]; all: string[][] }>()

/** Each text field as its list of terms; phrases never run from one value into the next. */
function textsOf(d: SearchDoc): { title: string[][]; all: string[][] } {
  let c = cache.get(d)
  if (!c) cache.set(d, (c = readTexts(d)))
  return c
}

function readTexts(d: SearchDoc): { title: string[][]; all: string[][] } {
  const terms = (s: string | undefined) => tokensOf(s ?? '').map(termOf)
  const title = [terms(d.title)]
  const all = [
    ...title,
    terms(d.description),
    terms(d.notes),
    terms(d.body),
    ...(d.attachments ?? []).map((a) => terms(a.text)),
    ...[...(d.people ?? []), ...(d.organisations ?? []), ...(d.places ?? [])].map(terms),
    ...(d.tags ?? []).map((t) => terms(t.replace(/\//g, ' '))),
    terms(d.outlet),
    terms(d.byline),
    ...(d.collections ?? []).map(terms)
  ]
  return { title, all }
}

function hasRun(fields: string[][], run: string[]): boolean {
  for (const f of fields) {
    outer: for (let i = 0; i + run.length <= f.length; i++) {
      for (let k = 0; k < run.length; k++) if (f[i + k] !== run[k]) continue outer
      return true
    }
  }
  return false
}

const META: Record<string, (d: SearchDoc) => string[]> = {
  tag: (d) => d.tags ?? [],
  person: (d) => d.people ?? [],
  org: (d) => d.organisations ?? [],
  place: (d) => d.places ?? [],
  outlet: (d) => (d.outlet ? [d.outlet] : []),
  type: (d) => (d.type ? [d.type] : []),
  lang: (d) => (d.language ? [d.language] : []),
  collection: (d) => d.collections ?? []
}

function nodeMatches(node: QueryNode, d: SearchDoc): boolean {
  if (node.kind === 'text') {
    const { title, all } = textsOf(d)
    return hasRun(node.field === 'title' ? title : all, node.tokens.map(termOf))
  }
  if (node.kind === 'meta') {
    const q = fold(node.value.trim())
    const qt = tokensOf(q).map(fold)
    return META[node.field](d).some((v) => {
      const key = fold(v.trim())
      const vt = tokensOf(key).map(fold)
      return key === q || key.startsWith(q + '/') || (qt.length > 0 && qt.every((t) => vt.includes(t)))
    })
  }
  const span = itemDateSpan(d.date)
  return !!span && span.from <= node.to && span.to >= node.from
}

/** The ids a query should find, by reading every item. */
function bruteForce(docs: SearchDoc[], query: string): string[] {
  const { clauses } = parseQuery(query, { prefix: false })
  return docs
    .filter((d) => clauses.every((c) => c.any.some((n) => nodeMatches(n, d)) !== c.negated))
    .map((d) => d.id)
    .sort()
}

const QUERIES = [
  // phrases of common words, of a common and a rare word, three words, repeated words
  '"the minister"',
  '"minister announced"',
  '"announced today"',
  '"the government will"',
  '"health education"',
  '"de la"',
  '"la de"',
  '"the the"',
  '"climate finance trade"',
  '"porte-parole"',
  '"almami mbaye"',
  '"africa health"',
  '"m almalik amina"',
  '"summit spokesperson"',
  '"regional partners on"',
  'title:"the minister"',
  'title:"health education"',
  '"salim m"',
  '"world bank"',
  // words (AND), with fields, dates, exclusions and OR
  'minister',
  'health water',
  'climate drought summit',
  'the of and',
  'tag:health climate',
  'tag:region drought',
  'person:garcia refugees',
  'outlet:monde climat',
  'lang:fr ministre',
  'lang:ar',
  'type:speech minister',
  'collection:selected health',
  'security date:2020-10',
  'health date:2020',
  'date:2010..2012-06-30',
  'date:2010..2012-06-30 "the minister"',
  'before:2005 health',
  'after:2020 tag:water',
  'health -climate',
  'health -"the minister"',
  'minister -tag:health',
  'minister -date:2000..2012',
  'water OR drought summit',
  'tag:health OR tag:water summit',
  'title:minister health',
  '"the minister" tag:health',
  '"the minister" "regional partners"',
  'person:garcia "the government"',
  'unknownword health',
  '"unknownword health"'
]

async function expectExact(ix: SearchIndex, docs: SearchDoc[]): Promise<void> {
  for (const q of QUERIES) {
    const want = bruteForce(docs, q)
    const r = await ix.search(q, { limit: 1000, prefix: false, facets: false, histogram: false })
    expect(r.total, q).toBe(want.length)
    expect(r.hits.map((h) => h.id).sort(), q).toEqual(want)
  }
  for (const prefix of ['minis', 'agri', 'dév', 'annou', 'refug']) {
    const want = bruteForcePrefix(docs, prefix)
    expect(want.length, prefix).toBeGreaterThan(0)
    const r = await ix.search(prefix, { limit: 1000, prefix: true, facets: false, histogram: false })
    expect(r.total, prefix).toBe(want.length)
    expect(r.hits.map((h) => h.id).sort(), prefix).toEqual(want)
  }
  // A word and a word being typed (the last one's prefix expansions merged).
  for (const [word, prefix] of [['health', 'annou'], ['the', 'refug'], ['minister', 'dév'], ['water', 'agri']]) {
    const words = new Set(bruteForce(docs, word))
    const want = bruteForcePrefix(docs, prefix).filter((id) => words.has(id))
    expect(want.length, `${word} ${prefix}`).toBeGreaterThan(0)
    const r = await ix.search(`${word} ${prefix}`, { limit: 1000, prefix: true, facets: false, histogram: false })
    expect(r.total, `${word} ${prefix}`).toBe(want.length)
    expect(r.hits.map((h) => h.id).sort(), `${word} ${prefix}`).toEqual(want)
  }
}

/** Items with a word starting with `prefix` (or with the prefix's own term), by reading every token. */
function bruteForcePrefix(docs: SearchDoc[], prefix: string): string[] {
  const p = fold(prefix)
  const term = termOf(prefix)
  return docs
    .filter((d) => {
      const texts = [d.title, d.description, d.notes, d.body, d.outlet, d.byline, ...(d.tags ?? []), ...(d.people ?? []), ...(d.organisations ?? []), ...(d.places ?? []), ...(d.collections ?? [])]
      return texts.some((t) => tokensOf(t ?? '').some((tok) => fold(tok).startsWith(p) || termOf(tok) === term))
    })
    .map((d) => d.id)
    .sort()
}

describe('exact totals on every search path', () => {
  const docs = [...Array.from({ length: 400 }, (_, i) => doc(i)), ...HANDMADE]

  it('finds exactly what reading every item finds (words, phrases, filters, prefixes)', async () => {
    // A query that finds nothing proves nothing: the mix must exercise real matches.
    const found = QUERIES.filter((q) => bruteForce(docs, q).length > 0)
    expect(found.length).toBeGreaterThanOrEqual(QUERIES.length - 5)
    expect(bruteForce(docs, '"the minister"').length).toBeLessThan(bruteForce(docs, 'the minister').length)
    // Phrases stop at the edge of a field or a value; title: phrases must be in the title.
    expect(bruteForce(docs, '"climate finance trade"')).toEqual(['h-title'])
    expect(bruteForce(docs, 'title:"health education"')).toEqual(['h-title'])
    expect(bruteForce(docs, '"africa health"')).toEqual([])
    expect(bruteForce(docs, '"m almalik amina"')).toEqual([])
    await expectExact(SearchIndex.build(docs), docs)
  })

  it('counts facets and the histogram over exactly the matching items', async () => {
    const ix = SearchIndex.build(docs)
    for (const q of ['minister', 'health water', '"the minister"', 'tag:health climate', 'date:2010..2012-06-30']) {
      const want = new Set(bruteForce(docs, q))
      const r = await ix.search(q, { limit: 1, prefix: false })
      const byLang = new Map<string, number>()
      for (const d of docs) if (want.has(d.id) && d.language) byLang.set(d.language, (byLang.get(d.language) ?? 0) + 1)
      expect(new Map(r.facets!.language.map((f) => [f.value, f.count])), q).toEqual(byLang)
      const dated = docs.filter((d) => want.has(d.id) && d.date).length
      expect(r.histogram.reduce((sum, h) => sum + h.count, 0), q).toBe(dated)
    }
  })

  it('stays exact after edits, removals and a compaction', async () => {
    const ix = SearchIndex.build(docs)
    const live = new Map(docs.map((d) => [d.id, d]))
    // Removed items (tombstones in the packed postings), edited ones (delta), new ones.
    for (let i = 0; i < 400; i += 9) {
      ix.remove(docs[i].id)
      live.delete(docs[i].id)
    }
    for (let i = 4; i < 400; i += 13) {
      const edited = { ...doc(i + 1000, 6), id: docs[i].id }
      ix.update(edited)
      live.set(edited.id, edited)
    }
    for (let i = 0; i < 30; i++) {
      const added = doc(2000 + i, 7)
      ix.add(added)
      live.set(added.id, added)
    }
    const now = [...live.values()]
    await expectExact(ix, now)
    ix.compact()
    await expectExact(ix, now)
  })
})

// Prefixes shared by hundreds of word forms, most of them rare (Zipf), and words with typos:
// every expansion counts in the total and the result set, however many there are.
describe('exact totals of prefixes with hundreds of expansions and of typo queries', () => {
  let seed = 42
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const letters = 'abcdefghijklmnoprstuvy'
  const word = (start: string, len: number) => start + Array.from({ length: len }, () => letters[Math.floor(rand() * letters.length)]).join('')
  const vocabulary = [
    ...Array.from({ length: 700 }, () => word('zan', 2 + Math.floor(rand() * 5))),
    ...Array.from({ length: 400 }, () => word('kol', 2 + Math.floor(rand() * 6))),
    ...Array.from({ length: 1500 }, () => word('', 4 + Math.floor(rand() * 6))),
    // Crowds of near spellings, more than any cap on expansions would keep: one edit from
    // "kixat" (a typo of "kirat"), two edits from "texbalor" (a typo of "tembalor").
    ...[...letters].flatMap((l) => [`ki${l}at`, `kix${l}t`]),
    ...[...letters].flatMap((l, i) => [`te${l}${letters[(i * 7) % letters.length]}alor`, `tex${l}alor`])
  ]
  // Zipf: the k-th word is drawn with probability ∝ 1/(k+1), in a shuffled order so that
  // both prefixes have frequent and rare forms.
  for (let i = vocabulary.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[vocabulary[i], vocabulary[j]] = [vocabulary[j], vocabulary[i]]
  }
  const cumulative: number[] = []
  let sum = 0
  for (let k = 0; k < vocabulary.length; k++) cumulative.push((sum += 1 / (k + 1)))
  const draw = () => {
    const x = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] < x) lo = mid + 1
      else hi = mid
    }
    return vocabulary[lo]
  }
  const docs: SearchDoc[] = Array.from({ length: 1500 }, (_, i) => ({
    id: `z${i}`,
    title: Array.from({ length: 4 }, draw).join(' '),
    body: Array.from({ length: 40 }, draw).join(' '),
    people: i % 5 === 0 ? [`${draw()} ${draw()}`] : []
  }))

  const tokensOfDoc = (d: SearchDoc) => [d.title, d.body, ...(d.people ?? [])].flatMap((t) => tokensOf(t ?? '')).map(fold)
  const formsInCorpus = new Set(docs.flatMap(tokensOfDoc))
  const termsOfDoc = new Map(docs.map((d) => [d.id, new Set(tokensOfDoc(d).map(termOf))]))
  /** Items holding a term of `terms`, by reading every token. */
  const holding = (terms: Set<string>) => docs.filter((d) => [...terms].some((t) => termsOfDoc.get(d.id)!.has(t))).map((d) => d.id).sort()
  /** What a prefix means: the terms of every form that starts with it, and its own term. */
  const prefixWant = (p: string) => holding(new Set([termOf(p), ...[...formsInCorpus].filter((f) => f.startsWith(fold(p))).map(termOf)]))
  /** What a word with typo tolerance means: its own term, and the terms of every form within 1 edit (2 from 8 letters), same first letter. */
  const typoWant = (w: string) => {
    const q = fold(w)
    const max = q.length >= 8 ? 2 : 1
    const near = [...formsInCorpus].filter((f) => f[0] === q[0] && osaDistance(q, f) <= max)
    return holding(new Set([termOf(w), ...near.map(termOf)]))
  }

  it('counts every expansion of a prefix, alone and after a word', async () => {
    expect([...formsInCorpus].filter((f) => f.startsWith('zan')).length).toBeGreaterThan(300)
    expect([...formsInCorpus].filter((f) => f.startsWith('kol')).length).toBeGreaterThan(200)
    const ix = SearchIndex.build(docs)
    for (const p of ['zan', 'za', 'kol', 'zanb', 'kolt', 'z']) {
      const want = prefixWant(p)
      const r = await ix.search(p, { limit: 1000, prefix: true, facets: false, histogram: false })
      expect(r.total, p).toBe(want.length)
      if (want.length <= 1000) expect(r.hits.map((h) => h.id).sort(), p).toEqual(want)
    }
    const common = vocabulary.find((w) => !w.startsWith('zan') && holding(new Set([termOf(w)])).length > 100 && holding(new Set([termOf(w)])).length < 900)!
    const words = new Set(holding(new Set([termOf(common)])))
    const want = prefixWant('zan').filter((id) => words.has(id))
    const r = await ix.search(`${common} zan`, { limit: 1000, prefix: true, facets: false, histogram: false })
    expect(r.total).toBe(want.length)
    expect(r.hits.map((h) => h.id).sort()).toEqual(want)
  })

  it('counts every near spelling of a word typed with a typo', async () => {
    const ix = SearchIndex.build(docs)
    // Rare and frequent words, short (one edit) and long (two edits), each misspelt by one letter.
    const picks = ['kirat', 'tembalor', ...[...formsInCorpus].filter((f) => f.length >= 5).sort().filter((_, i) => i % 97 === 0).slice(0, 10)]
    expect(picks.some((w) => w.length >= 8)).toBe(true)
    const near = (q: string, max: number) => [...formsInCorpus].filter((f) => f[0] === q[0] && osaDistance(q, f) <= max).length
    expect(near('kixat', 1)).toBeGreaterThan(30)
    expect(near('texbalor', 2)).toBeGreaterThan(30)
    for (const w of picks) {
      const typo = w.slice(0, 2) + (w[2] === 'x' ? 'q' : 'x') + w.slice(3)
      const want = typoWant(typo)
      expect(want.length, typo).toBeGreaterThan(0)
      const r = await ix.search(`${typo}~`, { limit: 1000, prefix: false, facets: false, histogram: false })
      expect(r.total, typo).toBe(want.length)
      expect(r.hits.map((h) => h.id).sort(), typo).toEqual(want)
    }
  })
})

/** Edit distance with adjacent transpositions (optimal string alignment), the plain way. */
function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}
