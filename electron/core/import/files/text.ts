// Plain text and saved HTML pages: one item with their text.
import * as path from 'node:path'
import { decodeText } from './decodeText'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { htmlMeta, htmlToText } from './html'
import { cleanByline, extractHtml as extractArticle, type HtmlArticle } from '../press/html'
import { guessLanguageByScript, readBounded, shortField, titleFromFileName, toItemDate } from './util'

export async function extractText(file: string, _opts: ExtractOptions = {}): Promise<Extracted> {
  const text = decodeText(await readBounded(file, FILE_LIMITS.textBytes, 'text files'))
    .replace(/\r\n?/g, '\n')
    .trim()
  const first = text.split('\n').find((l) => l.trim() !== '') ?? ''
  // A short first line reads as a title (notes, press releases); a long one is a paragraph.
  const title = first.trim().length <= 200 ? shortField(first.replace(/^#+\s*/, '')) : titleFromFileName(file)
  const fields: Extracted['fields'] = { title: title || titleFromFileName(file) }
  const lang = guessLanguageByScript(text)
  if (lang) fields.language = lang
  return { kind: 'text', text, fields, warnings: [] }
}

/**
 * A saved HTML page, read by the very extraction *Import page…* uses (press/html.ts: the
 * article found by Readability, without the site's navigation, with its title, byline, date,
 * language and site), so a page gives the same text however it comes in. A listing page (an
 * organisation's news page saved whole) keeps its whole text, chrome removed, as one item: a
 * folder import makes one item per file; *Import page…* is the way to split it into records.
 * The page's <meta> fill what the article reading leaves empty.
 */
export async function extractHtml(file: string, _opts: ExtractOptions = {}): Promise<Extracted> {
  const raw = await readBounded(file, FILE_LIMITS.textBytes, 'HTML files')
  const head = raw.subarray(0, 2048).toString('latin1')
  const charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]
  const html = decodeText(raw, charset)
  const meta = htmlMeta(html)
  const m = meta.meta
  const art = readArticle(html)
  const title = shortField(art.title || m['og:title'] || meta.title || meta.h1) || titleFromFileName(file)
  const blocks = art.blocks.map((b) => b.text)
  // The article's own heading is the item's title, not its first paragraph.
  const text = (blocks[0] === art.title ? blocks.slice(1) : blocks).join('\n\n') || htmlToText(html)
  const fields: Extracted['fields'] = { title }
  const byline = shortField(cleanByline(art.byline) || m['author'] || m['article:author'] || m['dc.creator'])
  if (byline) fields.byline = byline
  const date = toItemDate(art.date || m['article:published_time'] || m['date'] || m['dc.date'] || m['pubdate'])
  if (date) {
    fields.date = date
    fields.dateSource = 'page metadata'
  }
  const description = shortField(art.excerpt || m['og:description'] || m['description'])
  if (description && !text.startsWith(description)) fields.description = description
  const outlet = shortField(art.siteName || m['og:site_name'])
  if (outlet) fields.outlet = outlet
  const url = shortField(art.url || m['og:url'])
  if (/^https?:\/\//i.test(url)) fields.sourceUrl = url
  const lang = (art.lang || meta.lang || '').trim()
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) fields.language = lang
  else if (guessLanguageByScript(text)) fields.language = guessLanguageByScript(text)
  return { kind: 'html', text, fields, warnings: [] }
}

/** The press reading of a page (fuzzed not to throw); should it throw all the same, the page's plain text still makes the item. */
function readArticle(html: string): Pick<HtmlArticle, 'title' | 'byline' | 'date' | 'lang' | 'siteName' | 'excerpt' | 'url' | 'blocks'> {
  try {
    return extractArticle(html)
  } catch {
    return { title: '', byline: '', date: '', lang: '', siteName: '', excerpt: '', url: '', blocks: [] }
  }
}

export const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown'])
export const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml'])
export function isTextName(file: string): boolean {
  return TEXT_EXTENSIONS.has(path.extname(file).toLowerCase())
}
