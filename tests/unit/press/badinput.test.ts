// Bad input: a clear message, or a sensible proposal, in bounded time.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../electron/core/errors'
import { proposeFromBytes, proposeFromHtml, proposeFromText } from '../../../electron/core/import/press'
import { LIMITS } from '../../../shared/model'
import { ProposalSchema } from '../../../shared/proposal'

const SEED = readFileSync('../shared/corpus/seed-press-page.txt', 'utf8')

function coreError(f: () => unknown): CoreError {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError')
}

describe('bad input', () => {
  it('empty or blank text: a clear message', () => {
    for (const t of ['', '   \n\n\t ', '\u200B\u200B\n\uFEFF']) {
      const e = coreError(() => proposeFromText(t))
      expect(e.code).toBe('INVALID_INPUT')
      expect(e.message).toMatch(/nothing to import/)
    }
    expect(coreError(() => proposeFromBytes(Buffer.alloc(0), { sourceName: 'a.txt' })).message).toMatch(/“a.txt” is empty/)
  })

  it('binary junk is refused with a clear message', () => {
    const junk = randomBytes(64 * 1024)
    const e = coreError(() => proposeFromBytes(junk, { sourceName: 'photo.jpg' }))
    expect(e.code).toBe('FILE_UNREADABLE')
    expect(e.message).toMatch(/“photo.jpg” does not look like text/)
    const pdfish = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000)])
    expect(coreError(() => proposeFromBytes(pdfish)).code).toBe('FILE_UNREADABLE')
  })

  it('one giant paragraph: one item, titled from its first sentence, with a notice', () => {
    const sentence = 'The delegation met officials of the ministry to discuss the programme for the coming year. '
    const p = proposeFromText(sentence.repeat(2_000))
    expect(p.items).toHaveLength(1)
    expect(p.items[0].fields.title).toBe(sentence.trim())
    expect(p.notices.join(' ')).toMatch(/No item titles were recognised/)
    expect(p.items[0].fields.warnings!.map((w) => w.code)).toEqual(['NO_DATE'])
  })

  it('20 MB of text finishes in bounded time, nothing lost, bodies within the limit', () => {
    const page = SEED.replace(/^[\s\S]*?(?=    ICESCO Participates)/, '') + '\n\n'
    const copies = Math.ceil((20 * 1024 * 1024) / page.length)
    const big = page.repeat(copies)
    const t0 = performance.now()
    const p = proposeFromText(big)
    const ms = performance.now() - t0
    expect(p.items).toHaveLength(copies * 10)
    expect(ms).toBeLessThan(45_000)
    expect(p.notices.join(' ')).toMatch(/names were not looked for/)
    // Dates are still found everywhere; every item's text is kept.
    expect(p.items.every((i) => i.fields.date)).toBe(true)
    const bodyChars = p.items.reduce((n, i) => n + i.fields.body!.length + i.fields.title.length, 0)
    expect(bodyChars).toBeGreaterThan(big.replace(/\s+/g, '').length * 0.9)
  }, 60_000)

  it('a single paragraph larger than an item may be is proposed in parts', () => {
    const word = 'archive '
    const huge = 'Report of the commission on the archives of the region\n\n' + word.repeat(Math.ceil((LIMITS.longText * 1.2) / word.length))
    const p = proposeFromText(huge)
    expect(p.items.length).toBe(2)
    expect(p.items[0].fields.title).toMatch(/\(part 1 of 2\)$/)
    for (const i of p.items) expect(i.fields.body!.length).toBeLessThanOrEqual(LIMITS.longText)
    expect(p.notices.join(' ')).toMatch(/in 2 parts/)
  }, 60_000)

  it('HTML with scripts: nothing of them reaches the proposal, and nothing runs', () => {
    ;(globalThis as Record<string, unknown>).__pwned = false
    const html = `<!doctype html><html><head><title>Statement on the floods</title>
      <script>globalThis.__pwned = true</script></head>
      <body onload="globalThis.__pwned = true"><article><h1>Statement on the floods</h1>
      <p>${'The government announced on Monday, 6 May 2024 an emergency fund for the districts hit by the floods of last week. '.repeat(4)}</p>
      <img src=x onerror="globalThis.__pwned = true"><iframe src="javascript:globalThis.__pwned=true"></iframe>
      <p>Officials said that the fund would be paid out within a month.</p>
      <script>document.write('<p>injected</p>')</script></article></body></html>`
    const p = proposeFromHtml(html)
    expect((globalThis as Record<string, unknown>).__pwned).toBe(false)
    const json = JSON.stringify(p)
    expect(json).not.toMatch(/__pwned|injected|<script|onerror|javascript:/)
    expect(p.items[0].fields.title).toBe('Statement on the floods')
    expect(p.items[0].fields.date).toBe('2024-05-06')
  })

  it('markup nested 10,000 and 200,000 deep: read in bounded time, its text kept, no stack overflow', () => {
    // Found by fuzzing: thousands of unclosed tags overflowed the call stack (10,000 deep),
    // and linkedom's parse is quadratic in the depth (200,000 deep took 33 s).
    for (const [depth, tag, boundMs] of [[10_000, 'entry', 5_000], [200_000, 'span', 10_000]] as const) {
      const html = `<html><head><title>Deep page</title><meta name="author" content="Jane Roe"></head><body><article><h1>Deep</h1>${`<${tag}>word${depth} `.repeat(depth)}</article></body></html>`
      const t = Date.now()
      const p = proposeFromHtml(html, { sourceName: 'deep.html' })
      expect(Date.now() - t).toBeLessThan(boundMs)
      expect(p.items).toHaveLength(1)
      expect(p.items[0].fields.title).toBe('Deep page')
      expect((p.items[0].fields.body ?? '').split(`word${depth}`).length - 1).toBe(depth)
    }
  })

  it('a wrong weekday repeated hundreds of times: warnings stay within what an item may carry', () => {
    // Found by fuzzing: 300 mismatched dates gave 300 warnings, past the proposal's limit of 100.
    const days = Array.from({ length: 300 }, (_, i) => `On Monday, March ${(i % 28) + 1}, ${1990 + Math.floor(i / 28)} the council met again to discuss the harbour.`)
    const p = proposeFromText(`Council minutes\n\n${days.join(' ')}`)
    const w = p.items[0].fields.warnings ?? []
    expect(w.length).toBeLessThanOrEqual(100)
    const mismatches = w.filter((x) => x.code === 'WEEKDAY_MISMATCH')
    expect(mismatches.length).toBe(21)
    expect(mismatches.at(-1)!.message).toMatch(/^\d+ more dates in the text name the wrong weekday/)
    expect(ProposalSchema.safeParse(p).success).toBe(true)
  })

  it('UTF-16 with a BOM (both byte orders) and without one', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')])
    const be = Buffer.from(le)
    be.swap16()
    const noBom = Buffer.from(SEED, 'utf16le')
    for (const [buf, enc] of [[le, 'utf-16le'], [be, 'utf-16be'], [noBom, 'utf-16le']] as const) {
      const p = proposeFromBytes(buf)
      expect(p.source.encoding).toBe(enc)
      expect(p.items).toHaveLength(10)
      expect(p.items[3].fields.people).toContain('António Vitorino')
    }
  })

  it('UTF-8 with a BOM, and Windows-1252 text with curly quotes', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED, 'utf8')])
    expect(proposeFromBytes(bom).items[0].fields.title).toBe('ICESCO Participates in 9th Education ODA Conference')
    const text = 'Conférence de presse du ministère\r\n\r\nLe ministre a présenté le lundi 3 avril 2023 le “plan d’action” pour l’été, qui prévoit des mesures pour les régions touchées par la sécheresse – 12 € par habitant.\r\n'
    const map: Record<string, number> = { '“': 0x93, '”': 0x94, '’': 0x92, '–': 0x96, '€': 0x80 }
    const cp1252 = Buffer.from(Array.from(text).map((c) => map[c] ?? c.charCodeAt(0)))
    const p = proposeFromBytes(cp1252)
    expect(p.source.encoding).toBe('windows-1252')
    expect(p.items[0].fields.title).toBe('Conférence de presse du ministère')
    expect(p.items[0].fields.body).toContain('“plan d’action” pour l’été')
    expect(p.items[0].fields.body).toContain('– 12 €')
    expect(p.items[0].fields.date).toBe('2023-04-03')
  })

  it('right-to-left text with bidi marks copied from a browser', () => {
    const rtl = readFileSync('tests/fixtures/press/arabic-news.txt', 'utf8').replace(/(\S+)/g, '\u200F$1')
    const p = proposeFromText(rtl)
    expect(p.items).toHaveLength(2)
    expect(p.items[0].fields.title).toBe('الإيسيسكو تنظم ورشة عمل حول التعليم الرقمي في الرباط')
    expect(p.items[0].fields.body).not.toMatch(/\u200F/)
  })

  it('a page of nothing but site text proposes no item and says so', () => {
    const p = proposeFromText('Home › News\n\nShare this: Facebook Twitter\n\n© 2024 Example. All rights reserved.')
    expect(p.items).toEqual([])
    expect(p.skipped).toHaveLength(3)
    expect(p.notices.join(' ')).toMatch(/no item is proposed/)
  })

  it('a bad reference date is refused clearly', () => {
    expect(coreError(() => proposeFromText(SEED, { referenceDate: 'next week' })).field).toBe('referenceDate')
  })
})

describe('odd shapes never crash and always give valid items', () => {
  it('short, list-like, numeric and mixed-script texts', async () => {
    const { ItemCreateSchema } = await import('../../../shared/model')
    const { ProposalSchema } = await import('../../../electron/core/import/press')
    const words = ['Ministry', 'of', 'Health', 'الصحة', 'وزارة', 'santé', '2023', '12/05/2023', '—', '“quoted”', 'Dr.', 'UN', '(UN)', 'Fez,', 'Kingdom', 'of', 'Morocco', '…', '\t', '日本']
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const texts = ['Hello', 'A\n\nB', '12345', 'x\n'.repeat(5000), 'Title only line', '(((', '\n\n\n.\n\n\n']
    for (let t = 0; t < 40; t++) {
      const lines: string[] = []
      for (let l = 0; l < 1 + Math.floor(rnd() * 30); l++) {
        const n = 1 + Math.floor(rnd() * 60)
        lines.push(Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ') + (rnd() < 0.5 ? '.' : ''))
        if (rnd() < 0.6) lines.push('')
      }
      texts.push(lines.join('\n'))
    }
    for (const text of texts) {
      let p
      try {
        p = proposeFromText(text)
      } catch (err) {
        expect(err).toBeInstanceOf(CoreError)
        continue
      }
      expect(ProposalSchema.safeParse(p).success).toBe(true)
      for (const i of p.items) expect(ItemCreateSchema.safeParse(i.fields).success).toBe(true)
    }
  })
})
