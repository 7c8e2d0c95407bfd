// Snippets from bodies read only up to the window the snippet needs: the same snippets as from
// whole bodies, whatever the getter cuts (enough, too little, nothing).
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc, SnippetTexts } from '../../../electron/core/search/types'

// Long bodies in three languages, the query's words near the start, in the middle, at the very end.
const FILLER = ['the', 'council', 'met', 'on', 'Tuesday', 'and', 'discussed', 'the', 'budget', 'of', 'ports,', 'roads', '—', 'and', 'schools;', 'Naïve', 'café', 'élèves', 'à', 'Rabat.', 'المدرسة', 'والطرق', '"quoted"', 'x2024', '東京']
function body(seed: number, words: Array<[number, string]>): string {
  const out: string[] = []
  const at = new Map(words)
  const n = 400 + (seed % 7) * 150
  for (let i = 0; i < n; i++) out.push(at.get(i) ?? FILLER[(i * 7 + seed) % FILLER.length])
  for (const [i, w] of words) if (i >= n) out.push(w)
  // Gaps of several kinds: the cut must not change how they are shown.
  return out.join(seed % 3 === 0 ? ' ' : seed % 3 === 1 ? '  \n ' : ' ')
}
const docs: SearchDoc[] = Array.from({ length: 60 }, (_, k) => ({
  id: `doc${k}`,
  title: `Notice ${k}`,
  body: body(k, [
    [k % 5 === 0 ? 3 : 30 + k * 9, 'lighthouse'],
    [k % 4 === 0 ? 2000 : 200 + k, 'harbour'],
    [k % 6 === 0 ? 10_000 : 350 + k, 'Quai']
  ]),
  description: k % 10 === 0 ? 'A lighthouse keeper.' : '',
  attachments: k % 8 === 0 ? [{ id: `a${k}`, name: 'minutes.pdf', text: body(k + 1, [[500, 'harbour']]) }] : []
}))
const index = SearchIndex.build(docs)
const whole = (id: string): SnippetTexts => {
  const d = docs.find((x) => x.id === id)!
  return { body: d.body, description: d.description, notes: d.notes, attachments: d.attachments }
}
/** A store that cuts each body to `share` of what is asked for, as a database would, and says so. */
function cutting(share: number, asked: number[]) {
  return async (id: string, bodyChars = Infinity): Promise<SnippetTexts> => {
    asked.push(bodyChars)
    const t = whole(id)
    const n = Number.isFinite(bodyChars) ? Math.floor(bodyChars * share) : Infinity
    return n < t.body!.length ? { ...t, body: t.body!.slice(0, n), bodyCut: true } : t
  }
}
const QUERIES = ['lighthouse', 'harbour', 'quai', 'harbour lighthouse', 'lighthouse quai harbour', '"council budget"', 'naive cafe', 'المدرسة', 'harb', 'notice', 'tuesday', 'x2024']

describe('snippets from cut bodies', () => {
  it('are the snippets of the whole bodies, whether the cut holds the window or not', async () => {
    for (const q of QUERIES) {
      const prefix = q === 'harb'
      const expected = (await index.search(q, { limit: 50, prefix, getTexts: whole })).hits.map((h) => h.snippet)
      expect(expected.filter(Boolean).length, q).toBeGreaterThan(0)
      for (const share of [1, 0.25, 0.01]) {
        const asked: number[] = []
        const got = (await index.search(q, { limit: 50, prefix, getTexts: cutting(share, asked) })).hits.map((h) => h.snippet)
        expect(got, `${q} with ${share} of the characters asked for`).toEqual(expected)
        // Bodies are asked for in part; cut too short, they are asked for again whole.
        expect(asked.some((n) => Number.isFinite(n))).toBe(true)
        if (share < 0.05 && q !== 'notice') expect(asked.filter((n) => n === Infinity).length, q).toBeGreaterThan(0)
      }
    }
  })

  it('ask for less than the whole body when the window is near its start', async () => {
    const asked: number[] = []
    await index.search('lighthouse', { limit: 50, getTexts: cutting(1, asked) })
    const early = docs.filter((d, k) => k % 5 === 0 && !d.description).length
    expect(asked.filter((n, k) => n < docs[k].body!.length / 4).length).toBeGreaterThanOrEqual(early)
  })
})
