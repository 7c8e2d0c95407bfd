// Fuzz of the feed importer: the corpus feeds (RSS 2.0, Atom, and the ill-formed Latin-1 one),
// cut down to their header and a few entries, then mutated as bytes.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { extractFeed } from '../../../electron/core/import/files/feed'
import { fuzz, mutateBytes, mutations, scaled } from './fuzzKit'
import { checkExtracted, scratch } from './fileInput'

const FEEDS = ['guardian.rss', 'heise.atom', 'uolNoticias.rss'].map((n) => {
  // latin1 keeps every byte as one character, so the cut feed goes back to the same bytes.
  const text = readFileSync(path.resolve('../shared/corpus/feeds', n)).toString('latin1')
  const tag = n.endsWith('.atom') ? 'entry' : 'item'
  const parts = text.split(new RegExp(`(?=<${tag}[\\s>])`))
  const head = parts[0]
  const entries = parts.slice(1).map((p) => p.slice(0, p.indexOf(`</${tag}>`) + tag.length + 3))
  const tail = tag === 'entry' ? '</feed>' : '</channel></rss>'
  return { name: n, head, entries, tail }
})

const feed = fc
  .record({ f: fc.nat(FEEDS.length - 1), picks: fc.array(fc.nat(1000), { maxLength: 4 }), ms: mutations(200, 4) })
  .map(({ f, picks, ms }) => {
    const src = FEEDS[f]
    const body = src.head + picks.map((i) => src.entries[i % src.entries.length] ?? '').join('') + src.tail
    return { name: src.name, bytes: mutateBytes(Buffer.from(body, 'latin1'), ms) }
  })

const files = scratch('feed')
afterAll(() => files.remove())

describe('fuzz: feeds', () => {
  it('gives entries or a clear error for 4,000 mutated feeds', async () => {
    await fuzz({
      name: 'feeds (extractFeed)',
      arbitrary: feed,
      runs: scaled(4_000),
      exec: async (input) => extractFeed(await files.write(input.name, input.bytes)),
      check: (r) => checkExtracted(r),
      timeBoundMs: 5_000
    })
  })
})
