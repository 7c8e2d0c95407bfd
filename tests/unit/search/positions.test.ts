// Positions through the varint position records (engine/positions.ts), in memory after a
// build and read from positions.bin after a load: items of more than 65,535 tokens (positions
// past 16 bits), a word repeated hundreds of times in one item (its count past one byte), phrases and snippets in both, through a save and load, an
// edit and a compaction; and an index of the previous format is refused, not misread.
import { promises as fsp, readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDEX_VERSION, SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc } from '../../../electron/core/search/types'

const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus')

/** Real press text: the paragraphs of the seed page, a few hundred words each. */
function paragraphs(): string[] {
  const text = readFileSync(path.join(CORPUS, 'seed-press-page.txt'), 'utf8')
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.split(/\s+/).length > 40)
}

let dir: string
let docs: SearchDoc[]

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-positions-'))
  const paras = paragraphs()
  docs = paras.map((p, i) => ({ id: `para${String(i).padStart(4, '0')}`, title: `Paragraph ${i}`, body: p }))
  // A long item: the page's paragraphs again and again, past 65,535 tokens, with a phrase only at its end.
  const long: string[] = []
  let words = 0
  for (let k = 0; words < 80_000; k++) {
    const p = paras[k % paras.length]
    long.push(p)
    words += p.split(/\s+/).length
  }
  long.push('The harbour of Zanzibar closed at dawn.')
  docs.push({ id: 'long00000001', title: 'The whole page, many times', body: long.join('\n\n') })
  // A word far more often than a byte counts, then a phrase after it.
  docs.push({ id: 'many00000001', title: 'Refrain', body: `${'refrain '.repeat(700)}closing refrain chorus line` })
})

afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true })
})

/** What reading every item finds for a phrase of plain words (case folded, words split on non-letters). */
function bruteForce(phrase: string): string[] {
  const want = phrase.toLowerCase().split(' ')
  return docs
    .filter((d) => {
      const tokens = `${d.title}\n${d.body}`.toLowerCase().split(/[^\p{L}\p{N}]+/u)
      for (let i = 0; i + want.length <= tokens.length; i++) if (want.every((w, k) => tokens[i + k] === w)) return true
      return false
    })
    .map((d) => d.id)
    .sort()
}

const PHRASES = ['"harbour of zanzibar"', '"refrain chorus"', '"closing refrain"', '"the whole page"', '"of the"', '"culture of peace"']

async function expectExact(ix: SearchIndex): Promise<void> {
  for (const q of PHRASES) {
    const r = await ix.search(q, { limit: 1000 })
    expect(r.hits.map((h) => h.id).sort(), q).toEqual(bruteForce(q.slice(1, -1)))
  }
  // The snippet of the long item shows its last sentence, positions past 65,535.
  const getTexts = (id: string) => ({ body: docs.find((d) => d.id === id)?.body ?? '' })
  const z = await ix.search('zanzibar', { getTexts })
  expect(z.hits.map((h) => h.id).sort()).toEqual(bruteForce('zanzibar'))
  expect(JSON.stringify(z.hits.find((h) => h.id === 'long00000001')?.snippet)).toMatch(/harbour of Zanzibar closed/)
  const c = await ix.search('chorus', { getTexts })
  expect(JSON.stringify(c.hits[0].snippet)).toMatch(/chorus/)
}

describe('positions in the packed postings', () => {
  it('finds phrases in items past 65,535 tokens and in words repeated hundreds of times, built, loaded, edited and compacted', async () => {
    expect(bruteForce('harbour of zanzibar')).toEqual(['long00000001'])
    expect(bruteForce('of the').length).toBeGreaterThan(3)
    const ix = SearchIndex.build(docs)
    await expectExact(ix)
    const ixDir = path.join(dir, 'index')
    await ix.save(ixDir, 's1')
    const loaded = await SearchIndex.tryLoad(ixDir, 's1')
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) return
    await expectExact(loaded.index)
    // An edit moves one item into the delta, a compaction brings it back among the packed ones.
    const edited = { ...docs[0], body: `${docs[0].body} The harbour of Zanzibar opened again.` }
    docs[0] = edited
    loaded.index.update(edited)
    await expectExact(loaded.index)
    loaded.index.compact()
    await expectExact(loaded.index)
  })

  it('refuses an index written in the previous format instead of misreading it', async () => {
    const ixDir = path.join(dir, 'old')
    await SearchIndex.build(docs.slice(0, 5)).save(ixDir, 's')
    const manifestFile = path.join(ixDir, 'manifest.json')
    const manifest = JSON.parse(await fsp.readFile(manifestFile, 'utf8'))
    // Every file's checksum still matches: only the format says the layout differs.
    await fsp.writeFile(manifestFile, JSON.stringify({ ...manifest, version: INDEX_VERSION - 1 }))
    expect(await SearchIndex.tryLoad(ixDir, 's')).toMatchObject({ ok: false, reason: 'version' })
  })
})
