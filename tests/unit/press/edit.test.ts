// The review screen's helpers: merge, split, and enrichment after an edit.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../electron/core/errors'
import { mergeProposed, proposeFromText, reenrichItem, splitProposed } from '../../../electron/core/import/press'

const proposal = proposeFromText(readFileSync('../shared/corpus/seed-press-page.txt', 'utf8'))
const ctx = { authorities: proposal.authorities }
const [i1, i2] = proposal.items
const turksoy = proposal.items[4]

describe('review helpers', () => {
  it('merges two items: one body, both sources, names of both', () => {
    const m = mergeProposed(i1, i2, ctx)
    expect(m.key).toBe('p1+p2')
    expect(m.fields.title).toBe(i1.fields.title)
    expect(m.fields.body).toContain(i2.fields.title)
    expect(m.fields.body!.split('\n\n')).toHaveLength(3 + 1 + 5)
    expect(m.sourceText).toBe(`${i1.sourceText}\n\n${i2.sourceText}`)
    expect(m.fields.people).toEqual(expect.arrayContaining(['Kim Sungbong', 'Salim M. AlMalik', 'Anar Karimov']))
    expect(m.fields.date).toBe('2022-11-23')
    // Nothing of the inputs is changed.
    expect(i1.fields.body!.split('\n\n')).toHaveLength(3)
  })

  it('splits an item at a paragraph: a heading paragraph becomes the new title', () => {
    const item = { ...i1, fields: { ...i1.fields, body: i1.fields.body!.replace(/\n\nDr\. Kim/, '\n\nKim Sungbong represents ICESCO\n\nDr. Kim') } }
    const [a, b] = splitProposed(item, 2, ctx)
    expect([a.key, b.key]).toEqual(['p1a', 'p1b'])
    expect(a.fields.title).toBe(i1.fields.title)
    expect(a.fields.body!.split('\n\n')).toHaveLength(2)
    expect(b.fields.title).toBe('Kim Sungbong represents ICESCO')
    expect(b.fields.body!.startsWith('Dr. Kim Sungbong, Expert')).toBe(true)
    expect(b.fields.people).toEqual(['Kim Sungbong'])
    expect(b.fields.date).toBe('')
    expect(b.fields.warnings!.map((w) => w.code)).toEqual(['NO_DATE'])
    expect(b.sourceText).toBe(i1.sourceText)
  })

  it('refuses a split point outside the item', () => {
    expect(() => splitProposed(i1, 0)).toThrow(CoreError)
    expect(() => splitProposed(i1, 3)).toThrow(/between 1 and 2/)
  })

  it('re-enriches an edited item: the corrected date clears the weekday warning, a kept date stays', () => {
    const fixed = {
      ...turksoy,
      fields: { ...turksoy.fields, body: turksoy.fields.body!.replace('on Monday, November 22, 2022', 'on Tuesday, November 22, 2022') + '.' }
    }
    const r = reenrichItem(fixed, ctx)
    expect(r.fields.warnings).toEqual([])
    expect(r.fields.date).toBe('2022-11-22')
    expect(r.fields.people).toContain('Ramata Almami Mbaye')
    const kept = reenrichItem({ ...fixed, fields: { ...fixed.fields, date: '2022-11-21' } }, { ...ctx, keep: ['date'] })
    expect(kept.fields.date).toBe('2022-11-21')
  })
})

describe('authority records already in the archive', () => {
  it('are reused: their preferred form replaces the page’s, their variants are kept', () => {
    const known = [
      { kind: 'person' as const, preferred: 'Salim bin Mohammed AlMalik', variants: ['Salim M. AlMalik', 'Salim AlMalik'] },
      { kind: 'place' as const, preferred: 'Fès, Morocco', variants: ['Fez, Kingdom of Morocco', 'Fès'] }
    ]
    const p = proposeFromText(readFileSync('../shared/corpus/seed-press-page.txt', 'utf8'), { knownAuthorities: known })
    expect(p.items[1].fields.people).toContain('Salim bin Mohammed AlMalik')
    expect(p.items[1].fields.people).not.toContain('Salim M. AlMalik')
    expect(p.items[1].fields.places).toContain('Fès, Morocco')
    const rec = p.authorities.find((a) => a.preferred === 'Salim bin Mohammed AlMalik')!
    expect(rec.variants).toEqual(expect.arrayContaining(['Salim M. AlMalik', 'AlMalik', 'Salim AlMalik']))
  })
})

describe('skipped text and the proposal schema', () => {
  it('restores a skipped block into an item or as a new item', async () => {
    const { restoreSkipped, ProposalSchema } = await import('../../../electron/core/import/press')
    const p = proposeFromText(readFileSync('tests/fixtures/press/ngo-news-en.txt', 'utf8'))
    const footer = p.skipped.findIndex((s) => s.text.startsWith('©'))
    const intoLast = restoreSkipped(p, footer, { toItem: 'p4' })
    expect(intoLast.skipped).toHaveLength(p.skipped.length - 1)
    expect(intoLast.items[3].fields.body!.endsWith('© 2023 Global Water Alliance. All rights reserved.')).toBe(true)
    const asNew = restoreSkipped(p, footer)
    expect(asNew.items).toHaveLength(5)
    expect(asNew.items[4].fields.title).toBe('© 2023 Global Water Alliance.')
    expect(() => restoreSkipped(p, 99)).toThrow(/no skipped text number 99/)
    // What the review screen sends back validates against the schema.
    expect(ProposalSchema.safeParse(JSON.parse(JSON.stringify(asNew))).success).toBe(true)
    expect(ProposalSchema.safeParse({ ...asNew, items: [{ key: 'x', fields: { title: '' }, sourceText: '' }] }).success).toBe(false)
  })
})

describe('split and merge are exact', () => {
  // The words of an item as the page has them: its title (unless made up at a split) and its body.
  const words = (items: Array<{ fields: { title: string; body?: string }; titleMadeUp?: boolean }>) =>
    items.flatMap((i) => [i.titleMadeUp ? '' : i.fields.title, i.fields.body ?? '']).join(' ').split(/\s+/).filter(Boolean)

  it('split at every paragraph of every seed item, then merge: the same title and body, no text gained or lost', () => {
    let cuts = 0
    for (const item of proposal.items) {
      const paras = (item.fields.body ?? '').split(/\n\s*\n/).filter((p) => p.trim())
      for (let at = 1; at < paras.length; at++) {
        const [a, b] = splitProposed(item, at, ctx)
        expect(words([a, b])).toEqual(words([item]))
        const back = mergeProposed(a, b, ctx)
        expect([back.fields.title, back.fields.body, back.sourceText]).toEqual([item.fields.title, paras.map((p) => p.trim()).join('\n\n'), item.sourceText])
        cuts++
      }
    }
    expect(cuts).toBeGreaterThan(20)
  })

  it('merge then split where they were joined: the two items again', () => {
    for (let k = 0; k + 1 < proposal.items.length; k++) {
      const [x, y] = [proposal.items[k], proposal.items[k + 1]]
      const merged = mergeProposed(x, y, ctx)
      expect(words([merged])).toEqual(words([x, y]))
      const at = (x.fields.body ?? '').split(/\n\s*\n/).filter((p) => p.trim()).length
      if (at === 0) continue
      const [a, b] = splitProposed(merged, at, ctx)
      expect(words([a, b])).toEqual(words([x, y]))
      expect(a.fields.body).toBe(x.fields.body)
    }
  })
})
