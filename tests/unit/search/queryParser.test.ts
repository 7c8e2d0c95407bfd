import { describe, expect, it } from 'vitest'
import { parseQuery, MAX_CLAUSES } from '../../../electron/core/search/queryParser'
import { partialDateSpan } from '../../../electron/core/search/dates'

const day = (s: string) => partialDateSpan(s)!.from
const lastDay = (s: string) => partialDateSpan(s)!.to

describe('parseQuery', () => {
  it('reads plain words as an AND of clauses, the last one as a prefix', () => {
    const q = parseQuery('migration health coo')
    expect(q.ignored).toEqual([])
    expect(q.clauses.map((c) => c.any[0])).toEqual([
      { kind: 'text', tokens: ['migration'] },
      { kind: 'text', tokens: ['health'] },
      { kind: 'text', tokens: ['coo'], prefix: true }
    ])
  })

  it('does not treat the last word as a prefix once a space follows, or when asked not to', () => {
    expect(parseQuery('coo ').clauses[0].any[0]).toEqual({ kind: 'text', tokens: ['coo'] })
    expect(parseQuery('coo', { prefix: false }).clauses[0].any[0]).toEqual({ kind: 'text', tokens: ['coo'] })
  })

  it('reads phrases, OR and exclusions', () => {
    const q = parseQuery('"culture of peace" ICESCO OR IOM -TURKSOY')
    expect(q.clauses).toHaveLength(3)
    expect(q.clauses[0]).toEqual({ negated: false, any: [{ kind: 'text', tokens: ['culture', 'of', 'peace'] }] })
    expect(q.clauses[1].any.map((n) => (n.kind === 'text' ? n.tokens[0] : ''))).toEqual(['ICESCO', 'IOM'])
    expect(q.clauses[2]).toEqual({ negated: true, any: [{ kind: 'text', tokens: ['TURKSOY'] }] })
  })

  it('reads fields, with quoted values', () => {
    const q = parseQuery('title:peace tag:region/africa person:"Salim AlMalik" org:IOM place:Fez outlet:Reuters type:speech lang:fr collection:Forum ')
    expect(q.ignored).toEqual([])
    expect(q.clauses.map((c) => c.any[0])).toEqual([
      { kind: 'text', tokens: ['peace'], field: 'title' },
      { kind: 'meta', field: 'tag', value: 'region/africa' },
      { kind: 'meta', field: 'person', value: 'Salim AlMalik' },
      { kind: 'meta', field: 'org', value: 'IOM' },
      { kind: 'meta', field: 'place', value: 'Fez' },
      { kind: 'meta', field: 'outlet', value: 'Reuters' },
      { kind: 'meta', field: 'type', value: 'speech' },
      { kind: 'meta', field: 'lang', value: 'fr' },
      { kind: 'meta', field: 'collection', value: 'Forum' }
    ])
  })

  it('reads dates, ranges, before and after', () => {
    const [a, b, c, d, e] = parseQuery('date:2022-11 date:2020..2022-06-30 before:2020 after:2021-06 date:..2019').clauses.map((x) => x.any[0])
    expect(a).toEqual({ kind: 'date', from: day('2022-11-01'), to: day('2022-11-30') })
    expect(b).toEqual({ kind: 'date', from: day('2020'), to: day('2022-06-30') })
    expect(c).toMatchObject({ kind: 'date', to: day('2020') - 1 })
    expect(d).toMatchObject({ kind: 'date', from: lastDay('2021-06') + 1 })
    expect(e).toMatchObject({ kind: 'date', to: lastDay('2019') })
  })

  it('ignores impossible dates with a hint, and keeps the rest', () => {
    const q = parseQuery('date:2022-02-30 peace date:2022-13 date:2023..2021')
    expect(q.clauses).toHaveLength(1)
    expect(q.ignored).toHaveLength(3)
    expect(q.ignored[0]).toMatch(/date:2022-02-30.*not a date/)
  })

  it('searches unknown fields as words and says so', () => {
    const q = parseQuery('colour:red')
    expect(q.clauses[0].any[0]).toMatchObject({ kind: 'text', tokens: ['colour', 'red'] })
    expect(q.ignored[0]).toMatch(/"colour:" is not a field/)
  })

  it('degrades an unbalanced quote to words', () => {
    const q = parseQuery('"culture of peace')
    expect(q.clauses.map((c) => c.any[0])).toEqual([
      { kind: 'text', tokens: ['culture'] },
      { kind: 'text', tokens: ['of'] },
      { kind: 'text', tokens: ['peace'], prefix: true }
    ])
    expect(q.ignored[0]).toMatch(/quote/)
  })

  it('reads fuzzy words', () => {
    expect(parseQuery('vacination~ ').clauses[0].any[0]).toEqual({ kind: 'text', tokens: ['vacination'], fuzzy: true })
    expect(parseQuery('peace ', { fuzzy: true }).clauses[0].any[0]).toEqual({ kind: 'text', tokens: ['peace'], fuzzy: true })
  })

  it('splits hyphenated words into an adjacency', () => {
    expect(parseQuery('COVID-19 ').clauses[0].any[0]).toEqual({ kind: 'text', tokens: ['COVID', '19'] })
  })

  it('keeps Arabic and mixed scripts as words', () => {
    const q = parseQuery('الإيسيسكو ICESCO تعاون ')
    expect(q.clauses.map((c) => (c.any[0].kind === 'text' ? c.any[0].tokens[0] : ''))).toEqual(['الإيسيسكو', 'ICESCO', 'تعاون'])
  })

  it('never throws on bad input and says what it ignored', () => {
    const bad = ['', '   ', '!!!', '"""', '""', '-', '--', 'OR', 'a OR', 'OR OR b', '-a', 'tag:', 'date:', ':::', '((a', '\u200f\u202e', 'x'.repeat(10_000), 'a '.repeat(5_000), '"'.repeat(999), '\u0000\uffff\ud800', 'date:9999-99-99', 'title:"', '-"a b"']
    for (const b of bad) {
      const q = parseQuery(b)
      expect(Array.isArray(q.clauses)).toBe(true)
      expect(q.clauses.length).toBeLessThanOrEqual(MAX_CLAUSES)
    }
    expect(parseQuery('!!!').ignored[0]).toMatch(/no letters or digits/)
    expect(parseQuery('-a').clauses).toEqual([])
    expect(parseQuery('-a').ignored[0]).toMatch(/only of exclusions/)
    expect(parseQuery('a '.repeat(5_000)).ignored.join(' ')).toMatch(/not searched/)
    expect(parseQuery('x'.repeat(10_000)).ignored.join(' ')).toMatch(/cut/)
    expect(parseQuery(undefined as unknown as string).clauses).toEqual([])
  })
})
