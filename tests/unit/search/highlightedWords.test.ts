// Which words of a snippet are highlighted: HighlightedWords answers without a vocabulary lookup
// for most words (those whose first ASCII letter starts none of the highlighted stems), and the
// vocabulary keeps the words it has folded; both must answer exactly what a lookup would.
import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { HighlightedWords } from '../../../electron/core/search/engine/snippets'
import type { IndexState } from '../../../electron/core/search/engine/state'
import { tokensOf } from '../../../electron/core/search/normalize'
import type { SearchDoc } from '../../../electron/core/search/types'

const DOCS: SearchDoc[] = [
  { id: 'a', title: 'Development of the Harbour', body: 'The ministry developed yearly plans; developing ports, yields and ies-like forms. Dr. AlMalik met 12 delegates in 2024.' },
  { id: 'b', title: 'Élèves et école', body: "Les élèves de l'École normale, une coopération naïve; ŒUVRE, Straße, café." },
  { id: 'c', title: 'تقرير التنمية', body: 'صدر تقرير التنمية البشرية والمدرسة بالمدرسة للمدرسة، وأعلن الإعلان.' },
  { id: 'd', title: 'Mixed', body: 'Yesterday Yield YIELDS x2024 covid19 東京 Ünïcode 𝒳 ÉCOLE Écoles' }
]

/** Words a snippet may show: every token of the texts, in other cases, and forms no item has whose stem one has. */
function wordsToCheck(): string[] {
  const out = new Set<string>()
  for (const d of DOCS)
    for (const w of tokensOf(`${d.title} ${d.body}`)) {
      out.add(w)
      out.add(w.toUpperCase())
      out.add(w.toLowerCase())
      out.add(w[0].toUpperCase() + w.slice(1))
    }
  for (const w of ['Developments', 'DEVELOPS', 'harbours', 'yielding', 'Yearlies', 'ministries', 'écoles', 'Coopérations', 'والتقرير', 'المدارس', 'zebra', '0', 'Q', '_'])
    out.add(w)
  return [...out]
}

const stateOf = (ix: SearchIndex) => (ix as unknown as { state: IndexState }).state

describe('highlighted words', () => {
  it('answers what a vocabulary lookup answers, for every term highlighted alone and for prefix sets', () => {
    const ix = SearchIndex.build(DOCS)
    const state = stateOf(ix)
    const words = wordsToCheck()
    const sets: Array<Set<number>> = []
    for (let t = 0; t < state.vocab.termCount; t++) sets.push(new Set([t]))
    for (const p of ['d', 'ye', 'ec', 'co', 'ال', 'x', '1', 'y']) sets.push(new Set(state.vocab.prefixTerms(p)))
    let highlighted = 0
    let skipped = 0
    for (const terms of sets) {
      const hw = new HighlightedWords(state, terms)
      for (const w of words) {
        const t = state.vocab.lookupTerm(w)
        const expected = t >= 0 && terms.has(t)
        expect(hw.has(w), `${w} in {${[...terms].map((x) => state.vocab.stems[x]).join(', ')}}`).toBe(expected)
        if (expected) highlighted++
        if (!expected && /^[A-Za-z0-9]/.test(w)) skipped++
      }
    }
    // Both answers were met many times (the check is not vacuous).
    expect(highlighted).toBeGreaterThan(100)
    expect(skipped).toBeGreaterThan(1000)
  })

  it('keeps the folded words it found, and finds a word no item had once an item has it', () => {
    const ix = SearchIndex.build(DOCS)
    const vocab = stateOf(ix).vocab
    const first = ['Élèves', 'ÉCOLE', 'الإعلان', 'Developments', 'Coopérations'].map((w) => vocab.lookupTerm(w))
    expect(first.every((t) => t >= 0)).toBe(true)
    // Asked again (now from what was kept), the same terms.
    expect(['Élèves', 'ÉCOLE', 'الإعلان', 'Developments', 'Coopérations'].map((w) => vocab.lookupTerm(w))).toEqual(first)
    expect(vocab.lookupTerm('Ÿpsilanti')).toBe(-1)
    ix.add({ id: 'e', title: 'Ypsilanti', body: 'A town.' })
    const t = vocab.lookupTerm('Ÿpsilanti')
    expect(t).toBeGreaterThanOrEqual(0)
    expect(t).toBe(vocab.lookupTerm('ypsilanti'))
  })
})
