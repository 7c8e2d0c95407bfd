// Word .docx: text, headings, core properties (title, creator, dates).
import * as path from 'node:path'
import type JSZip from 'jszip'
import { loadJSZip, loadMammoth } from './lazyPackages'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { htmlMeta } from './html'
import { ImportIssue, readBounded, shortField, titleFromFileName, toItemDate, warning, formatBytes } from './util'

export async function extractDocx(file: string, _opts: ExtractOptions = {}): Promise<Extracted> {
  const buf = await readBounded(file, FILE_LIMITS.docxBytes, 'Word files')
  const name = path.basename(file)
  let zip: JSZip
  try {
    zip = await (await loadJSZip()).loadAsync(buf)
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} is not a readable Word document (${(err as Error).message}).`)
  }
  // A zip bomb declares its inflated sizes in the central directory; refuse before inflating.
  // The XML parts are what gets parsed (mammoth holds each as a string and a tree, about ten
  // times its size in memory), so they have a bound of their own, far below the whole's.
  let inflated = 0
  let xml = 0
  zip.forEach((p, entry) => {
    const n = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0
    inflated += n
    if (/\.(xml|rels)$/i.test(p)) xml += n
  })
  if (inflated > FILE_LIMITS.docxInflatedBytes)
    throw new ImportIssue('TOO_LARGE', `${name} unpacks to ${formatBytes(inflated)}; Presskeep reads Word documents up to ${formatBytes(FILE_LIMITS.docxInflatedBytes)} unpacked.`)
  if (xml > FILE_LIMITS.docxXmlBytes)
    throw new ImportIssue('TOO_LARGE', `${name} holds ${formatBytes(xml)} of text markup unpacked; Presskeep reads Word documents with up to ${formatBytes(FILE_LIMITS.docxXmlBytes)} (about 10,000 pages). Save it in parts, or as PDF, and import those.`)
  if (!zip.file('word/document.xml'))
    throw new ImportIssue('CORRUPT', `${name} is a zip file but not a Word document (it has no word/document.xml).`)
  const warnings = []
  const mammoth = await loadMammoth()
  let html: string
  let text: string
  try {
    // One after the other, not both at once: each holds its own parse of the document. Images
    // are not converted (the HTML is read for headings only; base64 copies of every picture
    // would cost memory for nothing).
    html = (await mammoth.convertToHtml({ buffer: buf }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })).value
    text = (await mammoth.extractRawText({ buffer: buf })).value.replace(/\n{3,}/g, '\n\n').trim()
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} could not be read as a Word document (${(err as Error).message}).`)
  }
  // A damaged properties part (JSZip throws a plain Error on a bad checksum or size; found by
  // fuzzing) costs the title and dates, not the text that was read.
  let core: CoreProps = {}
  try {
    core = await readCoreProperties(zip)
  } catch (err) {
    warnings.push(warning('PROPERTIES_UNREADABLE', `The document properties of ${name} are damaged and were not read (${(err as Error).message}).`))
  }
  const meta = htmlMeta(html)
  const fields: Extracted['fields'] = {}
  fields.title = shortField(core.title) || meta.headings[0] || shortField(text.split('\n').find((l) => l.trim())).slice(0, 200) || titleFromFileName(file)
  if (!core.title && meta.headings.length === 0) warnings.push(warning('TITLE_GUESSED', 'The document has no title property and no heading; the title is its first line.'))
  if (shortField(core.creator)) fields.byline = shortField(core.creator)
  const date = toItemDate(core.created) || toItemDate(core.modified)
  if (date) {
    fields.date = date
    fields.dateSource = 'Word document properties'
  }
  if (shortField(core.description)) fields.description = shortField(core.description)
  if (core.language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(core.language)) fields.language = core.language
  if (core.keywords) fields.tags = core.keywords.split(/[;,]/).map((k) => k.trim()).filter(Boolean).slice(0, 50)
  return { kind: 'docx', text, fields, warnings }
}

type CoreProps = { title?: string; creator?: string; created?: string; modified?: string; description?: string; language?: string; keywords?: string }

async function readCoreProperties(zip: JSZip): Promise<CoreProps> {
  const f = zip.file('docProps/core.xml')
  if (!f) return {}
  const xml = await f.async('string')
  const get = (tag: string) => {
    const m = new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${tag}>`).exec(xml)
    return m ? decodeXml(m[1]).trim() : undefined
  }
  return {
    title: get('title'),
    creator: get('creator'),
    created: get('created'),
    modified: get('modified'),
    description: get('description') ?? get('subject'),
    language: get('language'),
    keywords: get('keywords')
  }
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(+n))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
}
