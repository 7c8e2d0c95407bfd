// Fuzz of the press-page importer on pasted text: mutated windows of the real seed page.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, it, expect } from 'vitest'
import { proposeFromText } from '../../../electron/core/import/press'
import { ProposalSchema } from '../../../shared/proposal'
import { fuzz, mutateText, mutations, scaled } from './fuzzKit'

const SEED_PAGE = readFileSync(path.resolve('../shared/corpus/seed-press-page.txt'), 'utf8')

// A window of the real page (a few items, boilerplate, the cut-off one), then mutated.
const input = fc
  .record({ start: fc.nat(SEED_PAGE.length), len: fc.integer({ min: 0, max: 1500 }), ms: mutations(200) })
  .map(({ start, len, ms }) => mutateText(SEED_PAGE.slice(start, start + len), ms))

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
})
