// Images (JPEG, PNG, TIFF, WebP): OCR, EXIF/IPTC date and caption, a thumbnail.
import * as path from 'node:path'
import type sharpType from 'sharp'
import { loadExifr, loadSharp } from './lazyPackages'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { ocrImage } from './ocr'
import { ImportIssue, guessLanguageByScript, readBounded, shortField, throwIfAborted, toItemDate, warning } from './util'

/** Pixels handed to OCR at most: beyond this, text is large enough to survive a downscale. */
const OCR_MAX_PIXELS = 25_000_000

export async function extractImage(file: string, opts: ExtractOptions = {}): Promise<Extracted> {
  const buf = await readBounded(file, FILE_LIMITS.imageBytes, 'images')
  const name = path.basename(file)
  const [sharp, exifr] = await Promise.all([loadSharp(), loadExifr()])
  let meta: Awaited<ReturnType<ReturnType<typeof sharpType>["metadata"]>>
  try {
    // Reads the header only: a 30,000 × 30,000 image is refused before any pixel is decoded.
    meta = await sharp(buf, { limitInputPixels: false }).metadata()
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} is not a readable image (${(err as Error).message}).`)
  }
  const w = meta.width ?? 0
  const h = meta.height ?? 0
  if (!w || !h) throw new ImportIssue('CORRUPT', `${name} is not a readable image (no size in its header).`)
  if (w * h > FILE_LIMITS.imagePixels)
    throw new ImportIssue(
      'TOO_LARGE',
      `${name} is ${w.toLocaleString('en')} × ${h.toLocaleString('en')} pixels (${Math.round((w * h) / 1e6)} megapixels); Presskeep reads images up to ${FILE_LIMITS.imagePixels / 1e6} megapixels. Scale it down and import it again.`
    )
  const warnings = []
  if ((meta.pages ?? 1) > 1) warnings.push(warning('FIRST_PAGE_ONLY', `${name} has ${meta.pages} pages; only the first was read.`))
  const img = () => sharp(buf, { limitInputPixels: FILE_LIMITS.imagePixels, failOn: 'none' }).rotate()

  const fields: Extracted['fields'] = {}
  try {
    const exif = (await exifr.parse(buf, { tiff: true, exif: true, iptc: true, xmp: true, icc: false })) as Record<string, unknown> | undefined
    if (exif) {
      const date = toItemDate(exif.DateTimeOriginal ?? exif.CreateDate ?? exif.DateCreated ?? exif.ModifyDate)
      if (date) {
        fields.date = date
        fields.dateSource = 'EXIF'
      }
      const caption = firstText(exif.Caption, exif.ImageDescription, exif.description, exif.XPComment)
      if (caption) fields.description = caption
      const title = firstText(exif.ObjectName, exif.title, exif.XPTitle, exif.Headline)
      if (title) fields.title = title
      const byline = firstText(exif.Byline, exif.Artist, exif.creator, exif.XPAuthor)
      if (byline) fields.byline = byline
      const credit = firstText(exif.Credit, exif.Source)
      if (credit) fields.outlet = credit
      const rights = firstText(exif.Copyright, exif.CopyrightNotice, exif.rights)
      if (rights) fields.rights = rights
    }
  } catch (err) {
    warnings.push(warning('EXIF_UNREADABLE', `The photo's metadata could not be read: ${(err as Error).message}`))
  }

  let thumbnail: Buffer | undefined
  if (opts.thumbnail !== false) {
    try {
      thumbnail = await img().resize(256, 256, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
    } catch (err) {
      warnings.push(warning('NO_THUMBNAIL', `No preview: ${(err as Error).message}`))
    }
  }

  let text = ''
  let ocrWords: Extracted['ocrWords']
  if (opts.ocr !== false) {
    throwIfAborted(opts.signal)
    let pipeline = img().greyscale()
    if (w * h > OCR_MAX_PIXELS) {
      const f = Math.sqrt(OCR_MAX_PIXELS / (w * h))
      pipeline = pipeline.resize(Math.floor(w * f), Math.floor(h * f))
    }
    try {
      const { data: png, info } = await pipeline.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true })
      const r = await ocrImage(png, opts.ocrLanguages, { width: info.width, height: info.height })
      text = r.text
      if (r.words.length) ocrWords = [{ page: 1, words: r.words }]
      if (text && r.confidence < 60)
        warnings.push(warning('OCR_LOW_CONFIDENCE', `OCR is unsure of this text (confidence ${Math.round(r.confidence)}%); check it against the image.`))
    } catch (err) {
      if (err instanceof ImportIssue) throw err
      warnings.push(warning('OCR_FAILED', `The text of the image could not be read: ${(err as Error).message}`))
    }
  }
  if (!fields.title) {
    const first = text.split('\n').find((l) => l.trim().length >= 4)
    if (first) fields.title = shortField(first).slice(0, 200)
  }
  // An image with (almost) no text is a photo; one with text is a scan of a page.
  fields.type = text.replace(/\s/g, '').length < 40 ? 'photo' : 'article'
  const lang = guessLanguageByScript(text)
  if (lang) fields.language = lang
  return { kind: 'image', text, fields, thumbnail, ocrWords, warnings }
}

function firstText(...values: unknown[]): string {
  for (const v of values) {
    const s = typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v
    const t = shortField(Array.isArray(s) ? s.join('; ') : s)
    if (t) return t
  }
  return ''
}
