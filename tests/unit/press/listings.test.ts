// Listing pages of other organisations (tests/fixtures/press/listings/: short excerpts of
// real pages, the expected items written by hand beside each). Every page must come out
// exactly: titles, dates, the summary flag, cut-off records and type labels.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeFromText, reenrichItem } from '../../../electron/core/import/press'
import { dateOnlyBlock } from '../../../electron/core/import/press/dates'
import { listingPages, proposeListing, scorePage } from './listingFixtures'

const pages = listingPages()

describe('listing pages of other organisations', () => {
  it('has at least fifteen pages, in English, French, Arabic and another language', () => {
    expect(pages.length).toBeGreaterThanOrEqual(15)
    expect(new Set(pages.map((p) => p.language))).toEqual(new Set(['en', 'fr', 'ar', 'es', 'de']))
  })

  it.each(pages.map((p) => [p.name, p] as const))('%s: every item, date and flag as written by hand', (_name, page) => {
    expect(scorePage(page, proposeListing(page)).problems).toEqual([])
  })

  it('lists the page chrome as skipped, with what it is', () => {
    const page = pages.find((p) => p.name === 'nsw-ministerial-releases-feb-2025')!
    const reasons = new Map(proposeListing(page).skipped.map((s) => [s.text.trim(), s.reason]))
    expect(reasons.get('Showing 1 - 10 of 2995 results')).toBe('result count')
    expect(reasons.get('Filter results')).toBe('filters')
    expect(reasons.get('Ministerial releases')).toBe('before the first item (site text)')
  })

  it('says why a summary is flagged and why the last record is cut', () => {
    const p = proposeListing(pages.find((x) => x.name === 'nsw-ministerial-releases-jan-2025')!)
    const last = p.items[p.items.length - 1].fields.warnings!
    expect(last.map((w) => w.code)).toEqual(['TRUNCATED', 'SUMMARY_ONLY'])
    expect(last[0].message).toContain('well-located')
    expect(last[1].message).toBe('Summary only: the full text is at the source.')
  })

  it('keeps a summary flagged (and a cut one cut) when the archivist edits it in review', () => {
    const p = proposeListing(pages.find((x) => x.name === 'nsw-ministerial-releases-jan-2025')!)
    const keep = ['date', 'dateInferred', 'dateSource'] as const
    const edit = (i: number) => reenrichItem({ ...p.items[i], fields: { ...p.items[i].fields, title: 'Edited title' } }, { keep: [...keep] }).fields.warnings!.map((w) => w.code)
    expect(edit(0)).toEqual(['SUMMARY_ONLY'])
    expect(edit(5)).toEqual(['TRUNCATED', 'SUMMARY_ONLY'])
  })

  it('reads an article with one-word section headings as one item, not as a listing', () => {
    const article = [
      'Report on the regional water survey',
      'Introduction',
      'The survey covered forty villages in the northern districts and asked households about their access to safe drinking water during the dry season.',
      'Findings',
      'Most households walk more than thirty minutes to reach a protected source, and one in five relies on surface water for part of the year.'
    ].join('\n\n')
    const p = proposeFromText(article)
    expect(p.items.map((i) => i.fields.title)).toEqual(['Report on the regional water survey'])
    expect(p.items[0].fields.warnings!.map((w) => w.code)).not.toContain('SUMMARY_ONLY')
  })

  it('takes the item type from the type label of each record', () => {
    const page = pages.find((p) => p.name === 'nsw-ministerial-releases-feb-2025')!
    const text = readFileSync(page.file, 'utf8')
    const labelled = (label: string) => proposeFromText(text.replaceAll('Ministerial media release', label)).items.map((i) => i.fields.type)
    expect(labelled('Statement')).toEqual(Array(6).fill('statement'))
    expect(labelled('Communiqué')).toEqual(Array(6).fill('press-release'))
    expect(labelled('بيان صحفي')).toEqual(Array(6).fill('press-release'))
    expect(labelled('Speech')).toEqual(Array(6).fill('speech'))
  })

  it('gives a date line to the records below it until the next one, where the page groups records by day', () => {
    const page = pages.find((p) => p.name === 'un-press-meetings-coverage')!
    // The same page grouped by day: one date line above the four records of 22 May, one above the two of 18 May.
    // (Without the record the copy stops inside.)
    const text = readFileSync(page.file, 'utf8').split('\n\n').slice(0, -2)
    const grouped: string[] = []
    let last = ''
    for (const b of text) {
      if (/^\d+ May 2017$/.test(b)) {
        if (b === last) continue
        last = b
      }
      grouped.push(b)
    }
    const p = proposeFromText(grouped.join('\n\n'))
    expect(p.items.map((i) => i.fields.date)).toEqual(['2017-05-22', '2017-05-22', '2017-05-22', '2017-05-22', '2017-05-18'])
    expect(p.items.map((i) => i.fields.dateSource)).toEqual([...Array(4).fill('22 May 2017'), '18 May 2017'])
  })
})

describe('date lines in the layouts’ own forms', () => {
  it.each([
    ['22 May 2017', 'en', '2017-05-22'],
    ['14/02/2025', 'en', '2025-02-14'],
    ['02/14/2025', 'en', '2025-02-14'],
    ['Presse vom 16.12.2021', 'de', '2021-12-16'],
    ['Publié le jeudi 19 février 2009 à 03h04', 'fr', '2009-02-19'],
    ['الإثنين 7 نوفمبر 2022', 'ar', '2022-11-07'],
    ['4 تشرين الأول/ أكتوبر 2023', 'ar', '2023-10-04'],
    ['Date: Monday, 2 November 2020', 'en', '2020-11-02'],
    ['Lunes, 05 de Junio de 2023', 'es', '2023-06-05'],
    ['By Opinion September 14, 2023', 'en', '2023-09-14'],
    ['28 November - 4 December 2011', 'en', '2011-11-28/2011-12-04'],
    ['9 - 15 April 2012', 'en', '2012-04-09/2012-04-15']
  ])('“%s”', (line, lang, expected) => {
    const m = dateOnlyBlock(line, lang)
    expect(m && (m.end ? `${m.start}/${m.end}` : m.start)).toBe(expected)
  })
  it.each([['31/02/2025'], ['The minister spoke on 14/02/2025 about the budget for next year'], ['Showing 1 - 10 of 2995 results']])('not a date line: “%s”', (line) => {
    expect(dateOnlyBlock(line, 'en')).toBeNull()
  })
})
