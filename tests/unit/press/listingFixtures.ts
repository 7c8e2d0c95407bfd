// The listing pages of tests/fixtures/press/listings/ (short excerpts of real pages of other
// organisations) with the items written by hand for each, and how a proposal scores against
// them. Shared by the unit test and `npm run bench -- --only press`.
import { readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { proposeFromBytes, type Proposal } from '../../../electron/core/import/press'

export const LISTINGS_DIR = path.resolve(__dirname, '../../fixtures/press/listings')

export type ExpectedItem = { title: string; date: string; teaser: boolean; type?: string; truncated?: boolean }
export type ListingPage = {
  name: string
  file: string
  source: string
  layout: string
  language: string
  items: ExpectedItem[]
  /** Page chrome that must be listed as skipped. */
  skippedIncludes?: string[]
}

export function listingPages(): ListingPage[] {
  return readdirSync(LISTINGS_DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '')
      const file = readdirSync(LISTINGS_DIR).find((g) => g.startsWith(name + '.') && !g.endsWith('.expected.json'))
      if (!file) throw new Error(`no page beside ${f}`)
      return { name, file: path.join(LISTINGS_DIR, file), ...JSON.parse(readFileSync(path.join(LISTINGS_DIR, f), 'utf8')) }
    })
}

export function proposeListing(page: ListingPage): Proposal {
  return proposeFromBytes(readFileSync(page.file), { sourceName: path.basename(page.file) })
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim()
const codes = (p: Proposal, i: number) => (p.items[i]?.fields.warnings ?? []).map((w) => w.code)

export type PageScore = {
  name: string
  /** Items whose title and date are both right, in page order. */
  right: number
  /** max(expected, proposed): an extra item counts against the page. */
  outOf: number
  /** Every item right, none extra, and the teaser, cut-off and type flags as expected. */
  exact: boolean
  problems: string[]
}

export function scorePage(page: ListingPage, p: Proposal): PageScore {
  const problems: string[] = []
  let right = 0
  page.items.forEach((e, i) => {
    const f = p.items[i]?.fields
    if (!f) return problems.push(`item ${i + 1} missing: ${e.title}`)
    const ok = norm(f.title) === norm(e.title) && (f.date ?? '') === e.date
    if (ok) right++
    else problems.push(`item ${i + 1}: got [${f.title} | ${f.date}], expected [${e.title} | ${e.date}]`)
    if (codes(p, i).includes('SUMMARY_ONLY') !== e.teaser) problems.push(`item ${i + 1}: teaser flag should be ${e.teaser}`)
    if (codes(p, i).includes('TRUNCATED') !== !!e.truncated) problems.push(`item ${i + 1}: TRUNCATED should be ${!!e.truncated}`)
    if (e.type && f.type !== e.type) problems.push(`item ${i + 1}: type ${f.type}, expected ${e.type}`)
  })
  for (let i = page.items.length; i < p.items.length; i++) problems.push(`extra item ${i + 1}: ${p.items[i].fields.title}`)
  const skipped = p.skipped.map((s) => norm(s.text))
  for (const s of page.skippedIncludes ?? []) if (!skipped.includes(s)) problems.push(`not listed as skipped: ${s}`)
  return { name: page.name, right, outOf: Math.max(page.items.length, p.items.length), exact: problems.length === 0, problems }
}

export function scoreAll(): { pages: PageScore[]; itemsRightShare: number; pagesExactShare: number } {
  const pages = listingPages().map((pg) => scorePage(pg, proposeListing(pg)))
  const right = pages.reduce((n, s) => n + s.right, 0)
  const outOf = pages.reduce((n, s) => n + s.outOf, 0)
  return { pages, itemsRightShare: right / outOf, pagesExactShare: pages.filter((s) => s.exact).length / pages.length }
}
