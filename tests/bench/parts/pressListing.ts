// Bench part "press-listing" (run with `--only press`): the listing pages of
// tests/fixtures/press/listings/ against the items written by hand beside each.
// - listing_items_right_share: items whose title and date are both right, over the larger
//   of the expected and proposed counts of every page (an extra item counts against it).
// - listing_pages_exact_share: pages with every item right, none extra, and the summary,
//   cut-off and type flags as expected.
// - listing_page_ms: median time to propose one page.
// - seed_items_right: the seed page's ten items, and its warnings (two, on the fifth item).
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { proposeFromText } from '../../../electron/core/import/press'
import { listingPages, proposeListing, scorePage } from '../../unit/press/listingFixtures'
import type { BenchPart } from '../run'

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus')

const part: BenchPart = {
  name: 'press-listing',
  description: 'press-page import of other organisations’ listing pages: items and pages right',
  async run({ log }) {
    const pages = listingPages()
    const times: number[] = []
    let right = 0
    let outOf = 0
    let exact = 0
    for (const page of pages) {
      const t0 = performance.now()
      const p = proposeListing(page)
      times.push(performance.now() - t0)
      const s = scorePage(page, p)
      right += s.right
      outOf += s.outOf
      if (s.exact) exact++
      else log(`  ${page.name}: ${s.problems.join('; ')}`)
    }
    times.sort((a, b) => a - b)
    const seed = proposeFromText(readFileSync(path.join(CORPUS, 'seed-press-page.txt'), 'utf8'))
    const warnings = seed.items.map((i) => (i.fields.warnings ?? []).map((w) => w.code).join('+'))
    log(`  ${pages.length} pages, ${outOf} items; seed page warnings: ${JSON.stringify(warnings)}`)
    return {
      listing_pages: pages.length,
      listing_items_right_share: Number((right / outOf).toFixed(3)),
      listing_pages_exact_share: Number((exact / pages.length).toFixed(3)),
      listing_page_ms: Number(times[Math.floor(times.length / 2)].toFixed(1)),
      seed_items: seed.items.length,
      seed_warnings_right: warnings.join('|') === '||||WEEKDAY_MISMATCH+TRUNCATED|||||'
    }
  }
}

export default part
