// Further pages of the same shape, written for these tests (tests/fixtures/press/): other
// boilerplate, date lines, French and Arabic items, items without dates, an HTML listing.
// They show the splitter is general, not tuned to the seed page.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeFromBytes, type Proposal } from '../../../electron/core/import/press'

const FIX = 'tests/fixtures/press'
const load = (name: string): Proposal => proposeFromBytes(readFileSync(`${FIX}/${name}`), { sourceName: name })
const codes = (p: Proposal) => p.items.map((i) => (i.fields.warnings ?? []).map((w) => w.code))

describe('an NGO newsroom copied line by line (no blank lines, date above each title)', () => {
  const p = load('ngo-news-en.txt')
  it('splits four items with their titles', () => {
    expect(p.items.map((i) => i.fields.title)).toEqual([
      'Global Water Alliance Opens Regional Office in Nairobi',
      'Partnership signed with the University of Cape Town',
      'Annual report now available',
      'Board meeting held in Geneva'
    ])
  })
  it('takes the date lines as stated dates, prose dates as inferred, and invents none', () => {
    const d = p.items.map((i) => [i.fields.date, i.fields.dateInferred])
    expect(d).toEqual([
      ['2023-03-14', false],
      ['2023-03-09', false],
      ['', false],
      ['2023-03-02', true]
    ])
    expect(p.items[0].fields.dateSource).toBe('14 March 2023')
  })
  it('warns where it should and nowhere else', () => {
    expect(codes(p)).toEqual([[], [], ['NO_DATE'], ['WEEKDAY_MISMATCH', 'VERY_SHORT']])
  })
  it('skips the cookie banner, navigation, share lines, pagination and footer', () => {
    const reasons = p.skipped.map((s) => s.reason)
    expect(p.skipped).toHaveLength(13)
    expect(reasons.filter((r) => r === 'share buttons')).toHaveLength(4)
    expect(reasons).toContain('cookie notice')
    expect(reasons).toContain('page footer')
    for (const i of p.items) expect(i.fields.body).not.toMatch(/Share this|cookies|All rights reserved|Page 1 of/)
  })
  it('finds the names, and joins the acronym and the short form across items', () => {
    expect(p.items[0].fields.people).toEqual(['Wanjiru Kamau', 'Peter Lindqvist'])
    expect(p.items[0].fields.organisations).toEqual(['Global Water Alliance (GWA)', 'African Development Bank'])
    expect(p.items[0].fields.places).toEqual(['Nairobi', 'East Africa', 'Kenya', 'Uganda', 'Tanzania'])
    expect(p.items[1].fields.people).toEqual(['Naledi Dlamini', 'Peter Lindqvist'])
    expect(p.items[1].fields.organisations).toEqual(['University of Cape Town', 'Global Water Alliance (GWA)'])
    expect(p.items[1].fields.places).toEqual(['Cape Town, South Africa'])
    expect(p.items[3].fields.places).toEqual(['Geneva, Switzerland'])
  })
})

describe('a French ministry page', () => {
  const p = load('ministere-fr.txt')
  it('splits three items, in French, with French dates and a range', () => {
    expect(p.items.map((i) => [i.fields.title, i.fields.date, i.fields.language])).toEqual([
      ['La ministre de la Culture inaugure le nouveau musée régional de Lyon', '2023-02-14', 'fr'],
      ['Un colloque international sur le patrimoine africain à Dakar', '2023-03-20/2023-03-22', 'fr'],
      ['Appel à projets pour les résidences d\'artistes', '', 'fr']
    ])
    expect(p.items[0].fields.dateSource).toBe('le mardi 14 février 2023')
    expect(p.items[1].fields.dateSource).toBe('du 20 au 22 mars 2023')
    // Each item is followed by "Lire la suite": what the page holds is a summary.
    expect(codes(p)).toEqual([['SUMMARY_ONLY'], ['SUMMARY_ONLY'], ['NO_DATE', 'SUMMARY_ONLY']])
  })
  it('skips "Lire la suite", sharing and the legal footer', () => {
    expect(p.skipped.map((s) => s.text.trim())).toEqual([
      'Accueil > Actualités > Communiqués',
      'Rechercher',
      'Communiqués de presse',
      'Lire la suite',
      'Lire la suite',
      'Lire la suite',
      'Partager : Facebook | Twitter | LinkedIn',
      '© 2023 Ministère de la Culture – Tous droits réservés',
      'Mentions légales | Accessibilité | Contact'
    ])
  })
  it('strips French titles (Mme, M.) and finds organisations and places', () => {
    expect(p.items[0].fields.people).toEqual(['Claire Martin', 'Jean Dupont'])
    expect(p.items[0].fields.organisations).toEqual(['Organisation des Nations unies pour l\'éducation, la science et la culture (UNESCO)'])
    expect(p.items[1].fields.organisations).toEqual(['Université Cheikh Anta Diop de Dakar'])
    expect(p.items[1].fields.places).toEqual(['Dakar', 'Sénégal'])
  })
})

describe('an Arabic page (right to left)', () => {
  const p = load('arabic-news.txt')
  it('splits two Arabic items with their dates', () => {
    expect(p.items.map((i) => [i.fields.title, i.fields.date, i.fields.language])).toEqual([
      ['الإيسيسكو تنظم ورشة عمل حول التعليم الرقمي في الرباط', '2022-11-22', 'ar'],
      ['مذكرة تفاهم بين الإيسيسكو وجامعة القاهرة', '2022-11-20', 'ar']
    ])
    expect(p.items[0].fields.dateSource).toBe('يوم الثلاثاء 22 نوفمبر 2022')
    // Each item is followed by "اقرأ المزيد" (read more): what the page holds is a summary.
    expect(codes(p)).toEqual([['SUMMARY_ONLY'], ['SUMMARY_ONLY']])
    expect(p.skipped.map((s) => s.reason)).toEqual(['navigation', 'navigation', 'link', 'link', 'page footer'])
  })
  it('finds the person without his title, the organisations and the places', () => {
    expect(p.items[0].fields.people).toEqual(['سالم بن محمد المالك'])
    expect(p.items[0].fields.organisations).toEqual(['منظمة العالم الإسلامي للتربية والعلوم والثقافة'])
    expect(p.items[0].fields.places).toEqual(['الرباط'])
    expect(p.items[1].fields.organisations).toEqual(['جامعة القاهرة'])
    expect(p.items[1].fields.places).toEqual(['مصر'])
  })
  it('flags an Arabic weekday that does not match its date', () => {
    const text = readFileSync(`${FIX}/arabic-news.txt`, 'utf8').replace('يوم الأحد 20 نوفمبر 2022', 'يوم الخميس 20 نوفمبر 2022')
    const q = proposeFromBytes(Buffer.from(text))
    expect(codes(q)[1]).toEqual(['WEEKDAY_MISMATCH', 'SUMMARY_ONLY'])
  })
})

describe('a page mixing English and French items', () => {
  const p = load('mixed-languages.txt')
  it('marks the item whose language differs from the page', () => {
    expect(p.source.language).toBe('en')
    expect(p.items.map((i) => i.fields.language)).toEqual(['en', 'fr', 'en'])
    expect(codes(p)).toEqual([[], ['LANGUAGE_DIFFERS'], []])
    expect(p.items.map((i) => i.fields.date)).toEqual(['2023-12-06', '2023-12-06', '2023-12-05'])
    expect(p.skipped.map((s) => s.text)).toEqual(['Latest news'])
  })
})

describe('a saved HTML listing page with scripts', () => {
  const p = load('listing.html')
  it('splits the listing into its three items, dated by their time elements', () => {
    expect(p.source.kind).toBe('html')
    expect(p.items.map((i) => [i.fields.title, i.fields.date, i.fields.dateInferred])).toEqual([
      ['Mayors agree on a shared plan against coastal flooding', '2023-05-11', false],
      ['Network welcomes three new member cities', '2023-04-20', false],
      ['Call for papers: conference on rising sea levels', '2023-03-02', false]
    ])
    expect(p.items.every((i) => i.fields.outlet === 'Coastal Cities Network')).toBe(true)
    expect(p.items[0].fields.people).toEqual(['Elena Rossi'])
  })
  it('keeps plain text only: no script, handler or markup survives', () => {
    const all = JSON.stringify(p)
    expect(all).not.toMatch(/document\.cookie|fetch\(|alert\(|onerror|<script|<img|<p>/)
  })
})

describe('relative dates', () => {
  const page = [
    'Minister opens the new harbour terminal',
    '',
    'The Minister of Transport opened the new harbour terminal today, in the presence of the mayor and of representatives of the shipping companies that will use it from next month onwards.',
    '',
    'Second ferry line announced for the islands',
    '',
    'The port authority announced on Tuesday, 14 March 2023 a second ferry line to the islands, which will run twice a day during the summer season and once a day in winter.'
  ].join('\n')
  it('resolves "today" against the given reference date, and says so', () => {
    const p = proposeFromBytes(Buffer.from(page), { referenceDate: '2023-03-15' })
    expect(p.items[0].fields.date).toBe('2023-03-15')
    expect(p.items[0].fields.dateInferred).toBe(true)
    expect(p.items[0].fields.dateSource).toContain('today')
  })
  it('without one, resolves it against the page’s own dates', () => {
    const p = proposeFromBytes(Buffer.from(page))
    expect(p.items[0].fields.date).toBe('2023-03-14')
    expect(p.items[0].fields.dateSource).toMatch(/today .*other items/)
  })
})
