// Snippet texts asked for a page at a time (getPageTexts): the same snippets as item by item,
// bodies cut too short read again whole in one more call, and a getter that fails gives the
// snippets a getter that has nothing gives.
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc, SnippetTexts } from '../../../electron/core/search/types'

const FILLER = ['the', 'council', 'met', 'on', 'Tuesday', 'and', 'discussed', 'ports,', 'élèves', 'المدرسة']
const body = (k: number, at: number) => Array.from({ length: 300 }, (_, i) => (i === at ? 'lighthouse' : FILLER[(i + k) % FILLER.length])).join(' ')
const docs: SearchDoc[] = Array.from({ length: 40 }, (_, k) => ({ id: `d${k}`, title: `Notice ${k}`, body: body(k, (k * 37) % 300), description: k % 5 ? '' : 'A lighthouse keeper.' }))
const index = SearchIndex.build(docs)
const whole = (id: string): SnippetTexts => {
  const d = docs.find((x) => x.id === id)!
  return { body: d.body, description: d.description }
}

describe('page texts', () => {
  it('give the snippets of whole texts, in one call and one more for the bodies cut too short', async () => {
    const expected = (await index.search('lighthouse', { limit: 50, getTexts: whole })).hits
    const calls: number[][] = []
    const r = await index.search('lighthouse', {
      limit: 50,
      // Cut to a third of what is asked for: most windows do not fit.
      getPageTexts: async (ids, bodyChars) => {
        calls.push(bodyChars)
        return ids.map((id, k) => {
          const t = whole(id)
          const n = Number.isFinite(bodyChars[k]) ? Math.floor(bodyChars[k] / 3) : Infinity
          return n < t.body!.length ? { ...t, body: t.body!.slice(0, n), bodyCut: true } : t
        })
      }
    })
    expect(r.hits).toEqual(expected)
    expect(calls).toHaveLength(2)
    expect(calls[0]).toHaveLength(40)
    expect(calls[1].length).toBeGreaterThan(0)
    expect(calls[1].every((n) => n === Infinity)).toBe(true)
  })

  it('that fail give the snippets of no texts', async () => {
    const none = (await index.search('lighthouse', { limit: 50, getTexts: () => null })).hits
    expect(none.some((h) => h.snippet)).toBe(true)
    const rejected = await index.search('lighthouse', { limit: 50, getPageTexts: async () => Promise.reject(new Error('database gone')) })
    const thrown = await index.search('lighthouse', {
      limit: 50,
      getPageTexts: () => {
        throw new Error('database gone')
      }
    })
    expect(rejected.hits).toEqual(none)
    expect(thrown.hits).toEqual(none)
  })
})
