import { promises as fsp, readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc, SnippetTexts } from '../../../electron/core/search/types'

const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus')

/** The press items of the seed page: a title line, then its indented paragraphs. */
function seedItems(): SearchDoc[] {
  const lines = readFileSync(path.join(CORPUS, 'seed-press-page.txt'), 'utf8').split('\n')
  const start = lines.findIndex((l) => l.includes('Extremely Dissatisfied')) + 1
  const items: SearchDoc[] = []
  let cur: SearchDoc | null = null
  for (const raw of lines.slice(start)) {
    const line = raw.trim()
    if (!line) continue
    const isTitle = line.length < 110 && !/[.:”"]$/.test(line)
    if (isTitle) {
      cur = { id: `seed${String(items.length).padStart(4, '0')}`, title: line, body: '', language: 'en', type: 'press-release', date: '2022-11-23', outlet: 'ICESCO News', tags: ['seed'] }
      items.push(cur)
    } else if (cur) cur.body += (cur.body ? '\n\n' : '') + line
  }
  return items.filter((i) => i.body)
}

/** A French article from a real saved page (tags stripped crudely: enough for search). */
function liberation(): SearchDoc {
  const meta = JSON.parse(readFileSync(path.join(CORPUS, 'html', 'liberation-1', 'expected-metadata.json'), 'utf8'))
  const html = readFileSync(path.join(CORPUS, 'html', 'liberation-1', 'source.html'), 'utf8')
  const body = html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
  return { id: 'liberation01', title: meta.title, body, byline: meta.byline, language: 'fr', type: 'article', date: '2015-04-30', outlet: 'Libération', places: ['Népal'], tags: ['catastrophe'] }
}

const ARABIC: SearchDoc[] = [
  {
    id: 'arabic000001',
    title: 'الإيسيسكو والمنظمة الدولية للهجرة تبحثان تعزيز التعاون',
    body: 'بحث الدكتور سالم بن محمد المالك، المدير العام لمنظمة العالم الإسلامي للتربية والعلوم والثقافة (إيسيسكو)، مع السيد أنطونيو فيتورينو، المدير العام للمنظمة الدولية للهجرة، سُبُلَ تعزيز التعـــاون وتجديد مُذَكِّرَة التفاهم الموقعة بين المنظمتين، وذلك على هامش المنتدى العالمي لتحالف الحضارات في مدينة فاس بالمملكة المغربية.',
    language: 'ar',
    type: 'press-release',
    date: '2022-11-22',
    people: ['سالم بن محمد المالك', 'Salim M. AlMalik'],
    organisations: ['المنظمة الدولية للهجرة'],
    places: ['فاس'],
    tags: ['migration']
  },
  {
    id: 'arabic000002',
    title: 'مستشفى جديد في الرباط',
    body: 'افتتحت وزارة الصحة مستشفى جامعيا جديدا في الرباط يضم مدرسة للتمريض، وأكد الوزير أن المشروع يندرج في إطار تعميم الحماية الاجتماعية.',
    language: 'ar',
    type: 'article',
    date: '2021-03',
    places: ['الرباط'],
    tags: ['health']
  }
]

let dir: string
let docs: SearchDoc[]
let index: SearchIndex
const texts = new Map<string, SnippetTexts>()
const getTexts = (id: string) => texts.get(id) ?? null

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-search-'))
  docs = [...seedItems(), liberation(), ...ARABIC]
  docs.push({
    id: 'attach000001',
    title: 'Annual report of the forum',
    body: 'The forum published its annual report.',
    date: '2023',
    type: 'report',
    language: 'en',
    collections: ['Forum papers'],
    attachments: [{ id: 'att0000001', name: 'report.pdf', text: 'Chapter one. The observatory of intercultural dialogue recorded progress in Nairobi and Dakar.' }]
  })
  for (const d of docs) texts.set(d.id, { body: d.body, description: d.description, notes: d.notes, attachments: d.attachments })
  index = SearchIndex.build(docs)
})

afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true })
})

const top = async (q: string, n = 3, ix = index) => (await ix.search(q, { getTexts })).hits.slice(0, n).map((h) => h.id)
const idOfTitle = (fragment: string) => docs.find((d) => d.title!.includes(fragment))!.id

describe('SearchIndex relevance', () => {
  it('reads the seed page into its press items', () => {
    expect(docs.length).toBeGreaterThanOrEqual(10)
    expect(docs.some((d) => d.title === 'ICESCO and IOM explore strengthening cooperation')).toBe(true)
  })

  it('finds known English items in the top 3, with stemming', async () => {
    expect(await top('IOM cooperation')).toContain(idOfTitle('ICESCO and IOM'))
    expect(await top('TURKSOY cooperate ')).toContain(idOfTitle('TURKSOY'))
    expect(await top('"culture of peace"')).toContain(idOfTitle('Building peace'))
    expect(await top('ODA conference ')).toContain(idOfTitle('ODA Conference'))
  })

  it('weighs title hits above body hits', async () => {
    const r = await index.search('cooperation ', { getTexts })
    const inTitle = new Set(docs.filter((d) => /cooperation/i.test(d.title!)).map((d) => d.id))
    expect(inTitle.size).toBeGreaterThan(0)
    expect(inTitle.has(r.hits[0].id)).toBe(true)
  })

  it('folds French accents both ways', async () => {
    expect(await top('seisme nepal')).toEqual(['liberation01'])
    expect(await top('SÉISME Népal')).toEqual(['liberation01'])
    expect(await top('francais ')).toContain('liberation01')
  })

  it('normalises Arabic queries and text', async () => {
    expect(await top('مذكره التفاهم')).toContain('arabic000001')
    expect(await top('الأيسيسكو')).toContain('arabic000001')
    expect(await top('تعاون')).toContain('arabic000001')
    expect(await top('مستشفي')).toContain('arabic000002')
    expect(await top('الـمستشفى')).toContain('arabic000002')
  })

  it('matches prefixes as you type and typos on request', async () => {
    expect(await top('TURKS')).toContain(idOfTitle('TURKSOY'))
    expect(await top('Vitorin')).toContain(idOfTitle('ICESCO and IOM'))
    expect(await top('Vittorino ')).toEqual([])
    expect(await top('Vittorino~ ')).toContain(idOfTitle('ICESCO and IOM'))
    expect((await index.search('Vitorinno ', { fuzzy: true })).hits.map((h) => h.id)).toContain(idOfTitle('ICESCO and IOM'))
  })

  it('finds attachment text and names the attachment in the snippet', async () => {
    const r = await index.search('intercultural observatory', { getTexts })
    expect(r.hits[0].id).toBe('attach000001')
    expect(r.hits[0].snippet).toMatchObject({ field: 'attachment', attachmentName: 'report.pdf' })
    const sn = r.hits[0].snippet!
    expect(sn.highlights.map(([a, b]) => sn.text.slice(a, b).toLowerCase()).sort()).toEqual(['intercultural', 'observatory'])
  })

  it('highlights the words that matched in body snippets', async () => {
    const r = await index.search('Vitorino', { getTexts })
    const sn = r.hits[0].snippet!
    expect(sn.field).toBe('body')
    expect(sn.highlights.length).toBeGreaterThan(0)
    for (const [a, b] of sn.highlights) expect(sn.text.slice(a, b)).toMatch(/Vitorino/i)
  })
})

describe('SearchIndex filters, facets, sorting', () => {
  it('filters by fields and dates', async () => {
    expect((await index.search('lang:fr')).hits.map((h) => h.id)).toEqual(['liberation01'])
    expect((await index.search('lang:arabic')).total).toBe(2)
    expect((await index.search('person:almalik')).hits.map((h) => h.id)).toContain('arabic000001')
    expect((await index.search('place:nepal')).hits.map((h) => h.id)).toEqual(['liberation01'])
    expect((await index.search('type:press')).total).toBe(docs.filter((d) => d.type === 'press-release').length)
    expect((await index.search('collection:forum')).hits.map((h) => h.id)).toEqual(['attach000001'])
    expect((await index.search('date:2021')).hits.map((h) => h.id)).toEqual(['arabic000002'])
    expect((await index.search('date:2015..2021-12-31')).total).toBe(2)
    expect((await index.search('before:2016')).hits.map((h) => h.id)).toEqual(['liberation01'])
    expect((await index.search('after:2022')).hits.map((h) => h.id)).toEqual(['attach000001'])
    expect((await index.search('title:forum')).hits.map((h) => h.id)).toEqual(['attach000001'])
  })

  it('applies OR and exclusions', async () => {
    const both = await index.search('TURKSOY OR Vitorino')
    expect(both.hits.map((h) => h.id).sort()).toEqual([idOfTitle('TURKSOY'), idOfTitle('ICESCO and IOM')].sort())
    const minus = await index.search('AlMalik -TURKSOY')
    expect(minus.hits.map((h) => h.id)).not.toContain(idOfTitle('TURKSOY'))
    expect(minus.total).toBeGreaterThan(0)
    const minusTag = await index.search('cooperation -tag:seed')
    expect(minusTag.hits.every((h) => !h.id.startsWith('seed'))).toBe(true)
  })

  it('counts facets over the whole result and a histogram', async () => {
    const r = await index.search('')
    expect(r.total).toBe(docs.length)
    expect(r.facets!.language).toEqual([
      { value: 'en', count: docs.filter((d) => d.language === 'en').length },
      { value: 'ar', count: 2 },
      { value: 'fr', count: 1 }
    ])
    expect(r.facets!.year.map((y) => y.value)).toEqual(['2023', '2022', '2021', '2015'])
    expect(r.histogramUnit).toBe('year')
    expect(r.histogram.reduce((s, h) => s + h.count, 0)).toBe(docs.length)
    const nov = await index.search('date:2022')
    expect(nov.histogramUnit).toBe('month')
    expect(nov.histogram.map((h) => h.period)).toEqual(['2022-11'])
  })

  it('sorts by date, title and created; pages with offset', async () => {
    const byDate = await index.search('', { sort: 'date', limit: 100 })
    expect(byDate.hits[0].id).toBe('attach000001')
    expect(byDate.hits[byDate.hits.length - 1].id).toBe('liberation01')
    const byTitle = await index.search('', { sort: 'title', limit: 100 })
    const titles = byTitle.hits.map((h) => docs.find((d) => d.id === h.id)!.title!.toLowerCase())
    expect(titles[0] <= titles[1] && titles[1] <= titles[2]).toBe(true)
    const page2 = await index.search('', { sort: 'title', offset: 2, limit: 2 })
    expect(page2.hits.map((h) => h.id)).toEqual(byTitle.hits.slice(2, 4).map((h) => h.id))
    expect(page2.total).toBe(docs.length)
  })
})

describe('SearchIndex edits and persistence', () => {
  it('keeps results right through add, update and remove', async () => {
    const ix = SearchIndex.build(docs)
    ix.add({ id: 'new000000001', title: 'Zanzibar heritage agreement', body: 'A new agreement on Zanzibar.', date: '2024-01-05', tags: ['heritage'] })
    expect(await top('zanzibar', 3, ix)).toEqual(['new000000001'])
    ix.update({ id: 'new000000001', title: 'Mombasa heritage agreement', body: 'Renamed.', date: '2024-01-05', tags: ['heritage'] })
    expect(await top('zanzibar', 3, ix)).toEqual([])
    expect(await top('mombasa', 3, ix)).toEqual(['new000000001'])
    const turk = idOfTitle('TURKSOY')
    ix.update({ ...docs.find((d) => d.id === turk)!, title: 'Renamed item' })
    expect((await ix.search('TURKSOY')).hits.map((h) => h.id)).toEqual([turk])
    expect((await ix.search('title:TURKSOY')).hits).toEqual([])
    expect(ix.remove(turk)).toBe(true)
    expect(ix.remove(turk)).toBe(false)
    expect((await ix.search('TURKSOY')).total).toBe(0)
    expect((await ix.search('tag:heritage')).facets!.tag).toEqual([{ value: 'heritage', count: 1 }])
    expect((await ix.search('')).total).toBe(docs.length)
    ix.compact()
    expect((await ix.search('mombasa')).hits.map((h) => h.id)).toEqual(['new000000001'])
    expect((await ix.search('"culture of peace"')).hits.map((h) => h.id)).toContain(idOfTitle('Building peace'))
    expect((await ix.search('')).total).toBe(docs.length)
  })

  it('counts values new since its facet table was built without building the table again', async () => {
    const ix = SearchIndex.build(docs)
    await ix.search('')
    const table = (ix as unknown as { state: { facetTableCache: unknown } }).state.facetTableCache
    expect(table).not.toBeNull()
    for (let k = 0; k < 20; k++) ix.add({ id: `tagged${String(k).padStart(6, '0')}`, title: `Tagged item ${k}`, body: 'Kept apart.', tags: [`brand-new-${k}`], outlet: `New outlet ${k}` })
    const all = await ix.search('')
    expect(all.total).toBe(docs.length + 20)
    expect(all.facets!.tag).toEqual(expect.arrayContaining([{ value: 'brand-new-0', count: 1 }, { value: 'brand-new-19', count: 1 }]))
    expect((await ix.search('tag:brand-new-7')).hits.map((h) => h.id)).toEqual(['tagged000007'])
    expect((await ix.search('kept apart')).facets!.outlet).toHaveLength(20)
    // The same table: the new values took slots kept free for them.
    expect((ix as unknown as { state: { facetTableCache: unknown } }).state.facetTableCache).toBe(table)
  })

  it('gives new values more slots when its free ones are used up, and answers as a table built afresh', async () => {
    const ix = SearchIndex.build(docs)
    // Counted once, and filtered once (the values → items index made), before the new values come.
    await ix.search('')
    await ix.search(`tag:"${docs.flatMap((d) => d.tags ?? [])[0]}"`)
    const table = (ix as unknown as { state: { facetTableCache: { size: number } } }).state.facetTableCache
    const added = Array.from({ length: 300 }, (_, k) => ({ id: `grown${String(k).padStart(7, '0')}`, title: `Grown item ${k}`, body: 'More tags than free slots.', tags: [`grown-${k}`, 'heritage'], outlet: `Grown outlet ${k % 90}` }))
    for (const doc of added) ix.add(doc)
    const fresh = SearchIndex.build([...docs, ...added])
    // Values the items it was built with hold (found through the values → items index), and new ones.
    const seedTag = docs.flatMap((d) => d.tags ?? [])[0]
    const seedOutlet = docs.find((d) => d.outlet)!.outlet
    expect(seedTag).toBeTruthy()
    const queries = ['', `tag:"${seedTag}"`, `outlet:"${seedOutlet}"`, 'tag:heritage', 'tag:grown-7', 'tag:grown-299', 'free slots', 'outlet:"Grown outlet 5"', '-tag:heritage']
    for (const q of queries) {
      const a = await ix.search(q, { limit: 1000 })
      const b = await fresh.search(q, { limit: 1000 })
      expect(a.total).toBe(b.total)
      expect(a.hits.map((h) => h.id).sort()).toEqual(b.hits.map((h) => h.id).sort())
      expect(a.facets).toEqual(b.facets)
    }
    // More slots than before: grown, and the items added since still counted from their own values.
    const grown = (ix as unknown as { state: { facetTableCache: { size: number; covered: number } } }).state.facetTableCache
    expect(grown).not.toBe(table)
    expect(grown.size).toBeGreaterThan(table.size)
    expect(grown.covered).toBe(docs.length)
  })

  it('saves and loads with the same answers', async () => {
    const ixDir = path.join(dir, 'index')
    const ix = SearchIndex.build(docs)
    ix.add({ id: 'new000000002', title: 'Saved after an edit', body: 'Timbuktu manuscripts.' })
    await ix.save(ixDir, 'rev-7')
    const loaded = await SearchIndex.tryLoad(ixDir, 'rev-7')
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) return
    for (const q of ['IOM cooperation', 'seisme', 'مذكره', 'timbuktu', 'lang:ar', '"culture of peace"', 'TURKS']) {
      const a = await ix.search(q, { getTexts })
      const b = await loaded.index.search(q, { getTexts })
      expect(b.total).toBe(a.total)
      expect(b.hits.map((h) => h.id)).toEqual(a.hits.map((h) => h.id))
      expect(b.facets).toEqual(a.facets)
    }
    loaded.index.add({ id: 'new000000003', title: 'Added after loading', body: 'Ouagadougou.' })
    expect(await top('ouagadougou', 3, loaded.index)).toEqual(['new000000003'])
    expect(await SearchIndex.tryLoad(ixDir, 'rev-8')).toMatchObject({ ok: false, reason: 'stale' })
    expect(await SearchIndex.tryLoad(path.join(dir, 'nothing-here'))).toMatchObject({ ok: false, reason: 'missing' })
  })

  it('detects a damaged or foreign index', async () => {
    const ixDir = path.join(dir, 'damaged')
    await SearchIndex.build(docs).save(ixDir, 's')
    const bin = path.join(ixDir, 'postings.bin')
    const bytes = await fsp.readFile(bin)
    bytes[Math.floor(bytes.length / 2)] ^= 0xff
    await fsp.writeFile(bin, bytes)
    expect(await SearchIndex.tryLoad(ixDir)).toMatchObject({ ok: false, reason: 'corrupt' })
    await expect(SearchIndex.load(ixDir)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' })
    await fsp.writeFile(bin, bytes.subarray(0, 100))
    expect(await SearchIndex.tryLoad(ixDir)).toMatchObject({ ok: false, reason: 'corrupt' })
    await fsp.writeFile(path.join(ixDir, 'manifest.json'), '{"format": "presskeep-search-index", "version": 999}')
    expect(await SearchIndex.tryLoad(ixDir)).toMatchObject({ ok: false, reason: 'version' })
    await fsp.writeFile(path.join(ixDir, 'manifest.json'), '{ not json')
    expect(await SearchIndex.tryLoad(ixDir)).toMatchObject({ ok: false, reason: 'corrupt' })
  })
})

describe('SearchIndex bad input', () => {
  it('answers every bad query without throwing', async () => {
    const bad = ['!!!', '"""', '"unbalanced', 'OR', '-', 'tag:', 'foo:bar', 'date:2022-02-30', 'date:2022-13', 'x'.repeat(10_000), 'AlMalik '.repeat(2_000), '\u200f\u202eالإيسيسكو ICESCO 東京', '\ud800\udfff', '*', '%_\\', 'NaN', '__proto__', 'constructor:toString']
    for (const q of bad) {
      const r = await index.search(q, { getTexts, limit: 10 })
      // A well-formed answer: a whole count of indexed items, and a page that agrees with it.
      expect(Number.isInteger(r.total)).toBe(true)
      expect(r.total).toBeLessThanOrEqual(index.size)
      expect(r.hits.length).toBe(Math.min(r.total, 10))
      expect(r.hits.every((h) => index.has(h.id))).toBe(true)
      expect(new Set(r.hits.map((h) => h.id)).size).toBe(r.hits.length)
    }
    expect((await index.search('!!!')).ignored.length).toBe(1)
    expect((await index.search('date:2022-02-30 Vitorino')).hits.map((h) => h.id)).toEqual([idOfTitle('ICESCO and IOM')])
    expect((await index.search('\u200fالإيسيسكو')).total).toBeGreaterThan(0)
  })

  it('survives bad options and a failing getTexts', async () => {
    const r = await index.search('cooperation', { limit: -5, offset: Number.NaN, sort: 'nonsense' as never, getTexts: () => Promise.reject(new Error('disk gone')) })
    expect(r.total).toBeGreaterThan(0)
    const r2 = await index.search('cooperation', { limit: 1e9, getTexts: () => { throw new Error('boom') } })
    expect(r2.hits.length).toBe(r2.total)
    expect(() => index.add({} as SearchDoc)).toThrow(/needs an id/)
  })
})
