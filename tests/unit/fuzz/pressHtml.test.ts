// Fuzz of the press-page importer on saved web pages: windows of the 20 real corpus pages and of saved listing pages,
// mutated as text (proposeFromHtml) and as bytes in mixed encodings (proposeFromBytes).
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, it } from 'vitest'
import { proposeFromBytes, proposeFromHtml } from '../../../electron/core/import/press'
import { ProposalSchema } from '../../../shared/proposal'
import { fuzz, mutateBytes, mutateText, mutations, scaled } from './fuzzKit'

const HTML_DIR = path.resolve('../shared/corpus/html')
const ARTICLES = readdirSync(HTML_DIR)
  .sort()
  .map((d) => readFileSync(path.join(HTML_DIR, d, 'source.html'), 'utf8'))
// Saved listing pages (records as same-shaped siblings) get a fifth of the inputs.
const LISTINGS_DIR = path.resolve('tests/fixtures/press/listings')
const LISTINGS = readdirSync(LISTINGS_DIR)
  .filter((f) => f.endsWith('.html'))
  .map((f) => readFileSync(path.join(LISTINGS_DIR, f), 'utf8'))
const PAGES = [...ARTICLES, ...Array.from({ length: Math.ceil(ARTICLES.length / 4) }, (_, i) => LISTINGS[i % LISTINGS.length])]

function checkProposal(r: unknown): void {
  const v = ProposalSchema.safeParse(r)
  if (!v.success) throw new Error(`not a valid proposal: ${JSON.stringify(v.error.issues.slice(0, 2)).slice(0, 600)}`)
}

// Whole pages take 20-100 ms each: a window of a page (its head, or a slice of its body,
// sometimes re-wrapped in a skeleton with metadata) keeps the markup real and the run fast.
const page = fc
  .record({
    page: fc.nat(PAGES.length - 1),
    start: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    len: fc.integer({ min: 0, max: 1500 }),
    wrap: fc.boolean()
  })
  .map(({ page, start, len, wrap }) => {
    const p = PAGES[page]
    const from = Math.floor(start * start * p.length) // biased towards the head, where the metadata is
    const body = p.slice(from, from + len)
    return wrap
      ? `<!doctype html><html lang="fr"><head><title>Titre</title><meta property="article:published_time" content="2022-11-23T10:00:00Z"><meta name="author" content="A. B."></head><body><article><h1>Titre</h1>${body}</article></body></html>`
      : body
  })

const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'utf-16le', 'latin1', 'mixed'] as const

function encode(text: string, enc: (typeof ENCODINGS)[number]): Buffer {
  switch (enc) {
    case 'utf-8':
      return Buffer.from(text, 'utf8')
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])
    case 'utf-16le':
      return Buffer.from(text, 'utf16le')
    case 'latin1':
      return Buffer.from(text, 'latin1')
    case 'mixed': {
      // Half UTF-8, half Windows-1252: what a page pieced together from two sources looks like.
      const mid = text.length >> 1
      return Buffer.concat([Buffer.from(text.slice(0, mid), 'utf8'), Buffer.from(text.slice(mid), 'latin1')])
    }
  }
}

describe('fuzz: press HTML pages', () => {
  it('proposeFromHtml gives a valid proposal or a clear error for 4,000 mutated pages', async () => {
    await fuzz({
      name: 'press HTML (proposeFromHtml)',
      arbitrary: fc.tuple(page, mutations(250)).map(([p, ms]) => mutateText(p, ms)),
      runs: scaled(4_000),
      exec: (html) => proposeFromHtml(html, { sourceName: 'fuzz.html' }),
      check: checkProposal,
      timeBoundMs: 10_000
    })
  })

  it('proposeFromBytes gives a valid proposal or a clear error for 2,500 pages in mixed encodings', async () => {
    await fuzz({
      name: 'press bytes (proposeFromBytes)',
      arbitrary: fc
        .tuple(page, fc.constantFrom(...ENCODINGS), mutations(0, 3))
        .map(([p, enc, ms]) => mutateBytes(encode(p, enc), ms)),
      runs: scaled(2_500),
      exec: (buf) => proposeFromBytes(buf, { sourceName: 'fuzz.html' }),
      check: checkProposal,
      timeBoundMs: 10_000
    })
  })
})
