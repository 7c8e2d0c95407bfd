// Fuzz of the press-page importer on pasted text: mutated windows of the real seed page and
// of the listing pages of other organisations (read by their repeated record structure).
import fc from 'fast-check'
import { readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { describe, it, expect } from 'vitest'
import { proposeFromText } from '../../../electron/core/import/press'
import { ProposalSchema } from '../../../shared/proposal'
import { fuzz, mutateText, mutations, scaled } from './fuzzKit'

const SEED_PAGE = readFileSync(path.resolve('../shared/corpus/seed-press-page.txt'), 'utf8')

const LISTINGS_DIR = path.resolve('tests/fixtures/press/listings')
const LISTINGS = readdirSync(LISTINGS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(LISTINGS_DIR, f), 'utf8'))

// A window of a real page (a few items or records, boilerplate, the cut-off one), then
// mutated: half of the inputs from the seed page, half from the listing pages.
const input = fc
  .record({
    page: fc.integer({ min: -LISTINGS.length, max: LISTINGS.length - 1 }),
    start: fc.nat(SEED_PAGE.length),
    len: fc.integer({ min: 0, max: 1500 }),
    ms: mutations(200)
  })
  .map(({ page, start, len, ms }) => {
    const text = page < 0 ? SEED_PAGE : LISTINGS[page]
    const from = page < 0 ? start : start % Math.max(1, text.length)
    return mutateText(text.slice(from, from + len), ms)
  })

describe('fuzz: press page text', () => {
  it('gives a valid proposal or a clear error for 10,000 mutated pages', async () => {
    const s = await fuzz({
      name: 'press text (proposeFromText)',
      arbitrary: input,
      runs: scaled(10_000),
      exec: (text) => proposeFromText(text, { sourceName: 'fuzz.txt' }),
      check: (r) => {
        const v = ProposalSchema.safeParse(r)
        if (!v.success) throw new Error(`not a valid proposal: ${JSON.stringify(v.error.issues.slice(0, 2)).slice(0, 600)}`)
      },
      timeBoundMs: 5_000
    })
    expect(s.results).toBeGreaterThan(0)
  })

  it('a 10 MB paste of repeated listing records: bounded time, one item per record, nothing lost', () => {
    // Records of a real listing (type label, date line, title, teaser), numbered so no two are alike.
    const page = readFileSync(path.join(LISTINGS_DIR, 'nsw-ministerial-releases-feb-2025.txt'), 'utf8')
    const records = page.slice(page.indexOf('Ministerial media release')).trim()
    const perCopy = records.split('Ministerial media release').length - 1
    const copies = Math.ceil((10 * 1024 * 1024) / records.length)
    const big = Array.from({ length: copies }, (_, i) => records.replaceAll('\n\n$750,000', `\n\n$${i} for`)).join('\n\n')
    const t0 = performance.now()
    const p = proposeFromText(big)
    const ms = performance.now() - t0
    expect(ms).toBeLessThan(60_000)
    expect(p.items).toHaveLength(copies * perCopy)
    expect(p.items.every((i) => i.fields.date === '2025-02-14' && (i.fields.warnings ?? []).some((w) => w.code === 'SUMMARY_ONLY'))).toBe(true)
    expect(p.notices.join(' ')).toMatch(/summaries after the first 2000/)
    const kept = p.items.reduce((n, i) => n + i.fields.title.length + i.fields.body!.length, 0)
    expect(kept).toBeGreaterThan(big.replace(/Ministerial media release|14 February 2025|\s+/g, '').length * 0.9)
  }, 120_000)
})
