// Saved article pages of the corpus: the metadata a careful reader finds
// (expected-metadata.json beside each page) and plain article text.
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractHtml, proposeFromBytes, proposeFromHtml } from '../../../electron/core/import/press'

const DIR = '../shared/corpus/html'
const pages = readdirSync(DIR).sort()
const ws = (s: string) => s.replace(/\s+/g, ' ').trim()

describe('saved HTML article pages', () => {
  it('the corpus is there', () => {
    expect(pages.length).toBeGreaterThanOrEqual(20)
  })

  it.each(pages)('%s: title, byline, date and language as expected', (name) => {
    const html = readFileSync(`${DIR}/${name}/source.html`, 'utf8')
    const exp = JSON.parse(readFileSync(`${DIR}/${name}/expected-metadata.json`, 'utf8')) as Record<string, string | null>
    const art = extractHtml(html)
    expect(art.title).toBe(ws(exp.title!))
    if (exp.byline) expect(art.byline).toBe(ws(exp.byline))
    if (exp.publishedTime) expect(art.publishedTime).toBe(exp.publishedTime)
    if (exp.lang) expect(art.lang).toBe(exp.lang)
    if (exp.siteName) expect(art.siteName).toBe(exp.siteName)

    const p = proposeFromHtml(html, { sourceName: `${name}.html` })
    expect(p.items).toHaveLength(1)
    const f = p.items[0].fields
    expect(f.title).toBe(ws(exp.title!))
    expect(f.type).toBe('article')
    if (exp.publishedTime) {
      expect(f.date).toBe(art.date)
      expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(f.dateInferred).toBe(false)
      expect(exp.publishedTime.startsWith(f.date!) || Math.abs(Date.parse(exp.publishedTime) - Date.parse(f.date!)) < 2 * 86400_000).toBe(true)
    }
    if (exp.lang) expect(f.language).toBe(exp.lang.split('-')[0].toLowerCase())
    if (exp.byline) expect(f.byline).not.toMatch(/^(by|par)\s/i)
    // Plain text, and the article's own words.
    expect(f.body!.length).toBeGreaterThan(300)
    expect(f.body).not.toMatch(/<\/?(script|div|p|span|a)\b|function\s*\(|\{\s*var /)
    if (exp.excerpt) expect(f.description).toBe(ws(exp.excerpt))
    // Whole articles: no false alarms.
    const codes = (f.warnings ?? []).map((w) => w.code)
    for (const c of ['TRUNCATED', 'WEEKDAY_MISMATCH', 'VERY_SHORT', 'LANGUAGE_DIFFERS']) expect(codes).not.toContain(c)
  })

  it('reads a page given as bytes, in Windows-1252', () => {
    const html = '<!doctype html><html lang="fr"><head><title>Un été à Paris</title><meta property="article:published_time" content="2021-07-14T10:00:00+02:00"></head><body><article><h1>Un été à Paris</h1>' +
      '<p>' + 'Les fêtes du 14 juillet ont réuni des milliers de personnes sur les quais de la Seine, où l’on a dansé jusqu’à l’aube. '.repeat(6) + '</p></article></body></html>'
    const bytes = Buffer.from(html.replace(/’/g, '\u2019'), 'latin1')
    // latin1 cannot hold ’: write it as Windows-1252 does (0x92).
    const cp1252 = Buffer.from(Array.from(html).map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))))
    expect(bytes.length).toBeGreaterThan(0)
    const p = proposeFromBytes(cp1252, { sourceName: 'ete.html' })
    expect(p.source).toMatchObject({ kind: 'html', encoding: 'windows-1252' })
    expect(p.items[0].fields.title).toBe('Un été à Paris')
    expect(p.items[0].fields.date).toBe('2021-07-14')
    expect(p.items[0].fields.body).toContain('jusqu’à l’aube')
  })
})
