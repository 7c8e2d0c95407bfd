// Plain text and saved HTML pages: one item with their text.
import * as path from 'node:path'
import iconv from 'iconv-lite'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { htmlMeta, htmlToText } from './html'
import { guessLanguageByScript, readBounded, shortField, titleFromFileName, toItemDate } from './util'

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), else Windows-1252 (a superset of Latin-1). */
export function decodeText(buf: Buffer, declared?: string): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf, 'utf16le')
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf, 'utf16be')
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) return iconv.decode(buf, declared)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '')
  } catch {
    return iconv.decode(buf, 'windows-1252')
  }
}

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

export async function extractHtml(file: string, _opts: ExtractOptions = {}): Promise<Extracted> {
  const raw = await readBounded(file, FILE_LIMITS.textBytes, 'HTML files')
  const head = raw.subarray(0, 2048).toString('latin1')
  const charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]
  const html = decodeText(raw, charset)
  const meta = htmlMeta(html)
  const text = htmlToText(html)
  const m = meta.meta
  const fields: Extracted['fields'] = {
    title: shortField(m['og:title'] || meta.title || meta.h1) || titleFromFileName(file)
  }
  const byline = shortField(m['author'] || m['article:author'] || m['dc.creator'])
  if (byline) fields.byline = byline
  const date = toItemDate(m['article:published_time'] || m['date'] || m['dc.date'] || m['pubdate'])
  if (date) {
    fields.date = date
    fields.dateSource = 'page metadata'
  }
  const description = shortField(m['og:description'] || m['description'])
  if (description) fields.description = description
  const outlet = shortField(m['og:site_name'])
  if (outlet) fields.outlet = outlet
  const url = shortField(m['og:url'])
  if (/^https?:\/\//i.test(url)) fields.sourceUrl = url
  const lang = (meta.lang || '').trim()
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) fields.language = lang
  else if (guessLanguageByScript(text)) fields.language = guessLanguageByScript(text)
  return { kind: 'html', text, fields, warnings: [] }
}

export const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown'])
export const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml'])
export function isTextName(file: string): boolean {
  return TEXT_EXTENSIONS.has(path.extname(file).toLowerCase())
}
