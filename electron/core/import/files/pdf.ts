// PDF: text layer of every page in content-stream order, document info, first-page
// thumbnail; pages without text are rendered and OCR'd.
import { localRequire } from './resolve'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadSharp } from './lazyPackages'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { ocrImage } from './ocr'
import { ImportIssue, readBounded, shortField, throwIfAborted, toItemDate, warning, guessLanguageByScript } from './util'

// The core runs as CommonJS (tsx, electron-vite main) and, in tests, as ES modules.
const require = localRequire
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'))
const STANDARD_FONTS = path.join(pdfjsRoot, 'standard_fonts') + path.sep
const CMAPS = path.join(pdfjsRoot, 'cmaps') + path.sep

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjsPromise: Promise<PdfJs> | null = null
function loadPdfJs(): Promise<PdfJs> {
  // The legacy build: the modern one needs browser APIs (and v6 needs Node 22).
  pdfjsPromise ??= import(pathToFileURL(path.join(pdfjsRoot, 'legacy/build/pdf.mjs')).href) as Promise<PdfJs>
  return pdfjsPromise
}

type TextItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean }

/**
 * Joins a page's text items into lines. The content-stream order is kept: typesetting
 * programs (and the Federal Register's) write each column top to bottom, so it is the
 * reading order, whereas sorting by position would read a line across all columns.
 */
export function pageText(items: TextItem[]): string {
  let out = ''
  let lastY: number | null = null
  let lastEnd: number | null = null
  for (const it of items) {
    const x = it.transform[4]
    const y = it.transform[5]
    const size = Math.abs(it.transform[3]) || it.height || 10
    if (lastY !== null && out !== '' && !out.endsWith('\n')) {
      if (Math.abs(y - lastY) > size * 0.6) out += '\n'
      else if (lastEnd !== null && x - lastEnd > size * 0.15 && !out.endsWith(' ') && !it.str.startsWith(' ')) out += ' '
    }
    out += it.str
    if (it.hasEOL) out += '\n'
    lastY = y
    lastEnd = x + it.width
  }
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export async function extractPdf(file: string, opts: ExtractOptions = {}): Promise<Extracted> {
  const data = await readBounded(file, FILE_LIMITS.pdfBytes, 'PDF files')
  const pdfjs = await loadPdfJs()
  const task = pdfjs.getDocument({
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    standardFontDataUrl: STANDARD_FONTS,
    cMapUrl: CMAPS,
    cMapPacked: true,
    verbosity: 0,
    isEvalSupported: false,
    // No fetches of anything: everything it needs is local.
    disableFontFace: true,
    useSystemFonts: false
  })
  let doc
  try {
    doc = await task.promise
  } catch (err) {
    const name = (err as Error)?.name
    if (name === 'PasswordException')
      throw new ImportIssue('ENCRYPTED', `${path.basename(file)} is protected by a password; Presskeep cannot read its text. Remove the password and import it again.`)
    throw new ImportIssue('CORRUPT', `${path.basename(file)} is not a readable PDF (${describePdfError(err)}).`)
  }
  try {
    const warnings = []
    const pages: string[] = []
    const emptyPages: number[] = []
    let unreadable = 0
    for (let n = 1; n <= doc.numPages; n++) {
      throwIfAborted(opts.signal)
      let text: string
      try {
        const page = await doc.getPage(n)
        const content = await page.getTextContent()
        text = pageText(content.items.filter((i) => "str" in i) as unknown as TextItem[])
        page.cleanup()
      } catch (err) {
        // A damaged page (pdf.js throws its own exceptions, some with no message; found by
        // fuzzing) costs that page, not the document.
        warnings.push(warning('PAGE_UNREADABLE', `Page ${n} is damaged; its text could not be read (${describePdfError(err)}).`))
        unreadable++
        pages.push('')
        continue
      }
      if (text.replace(/\s/g, '').length < 3) emptyPages.push(n)
      pages.push(text)
    }
    if (doc.numPages > 0 && unreadable === doc.numPages)
      throw new ImportIssue('CORRUPT', `${path.basename(file)} is a damaged PDF: none of its ${doc.numPages} pages could be read.`)
    let ocrUsed = false
    const ocrWords: NonNullable<Extracted['ocrWords']> = []
    if (emptyPages.length > 0) {
      if (opts.ocr === false) {
        warnings.push(warning('NO_TEXT_LAYER', `${emptyPages.length} of ${doc.numPages} pages have no text layer and OCR was off.`))
      } else {
        const limit = opts.maxOcrPages ?? 50
        const todo = emptyPages.slice(0, limit)
        for (const n of todo) {
          throwIfAborted(opts.signal)
          try {
            const { png, width, height } = await renderPage(doc, n, 200 / 72)
            const r = await ocrImage(png, opts.ocrLanguages, { width, height })
            pages[n - 1] = r.text
            if (r.words.length) ocrWords.push({ page: n, words: r.words })
            ocrUsed = true
          } catch (err) {
            if (err instanceof ImportIssue) throw err
            warnings.push(warning('NO_TEXT_LAYER', `Page ${n} has no text layer and could not be read by OCR: ${(err as Error).message}`))
          }
        }
        if (emptyPages.length > limit)
          warnings.push(warning('NO_TEXT_LAYER', `${emptyPages.length - limit} pages without a text layer were not OCR'd (limit ${limit} pages per file).`))
        if (ocrUsed) warnings.push(warning('OCR', `Text of ${todo.length} page(s) comes from OCR; check it against the scan.`))
      }
    }
    const meta = await doc.getMetadata().catch(() => null)
    const info = (meta?.info ?? {}) as Record<string, unknown>
    const text = pages.join('\n\n')
    const title = shortField(info.Title)
    const fields: Extracted['fields'] = {}
    // Producers often put the file name or "Untitled" in Title; only a real title counts.
    if (title && !/^(untitled|microsoft word - .*|[^ ]*\.[a-z0-9]{2,4})$/i.test(title)) fields.title = title
    else {
      const firstLine = text.split('\n').find((l) => l.trim().length > 3)
      if (firstLine) fields.title = shortField(firstLine).slice(0, 200)
    }
    if (shortField(info.Author)) fields.byline = shortField(info.Author)
    const date = toItemDate(info.CreationDate) || toItemDate(info.ModDate)
    if (date) {
      fields.date = date
      fields.dateSource = 'PDF document information'
    }
    if (shortField(info.Subject)) fields.description = shortField(info.Subject)
    const lang = shortField(info.Language).toLowerCase() || guessLanguageByScript(text)
    if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(lang)) fields.language = lang
    let thumbnail: Buffer | undefined
    if (opts.thumbnail !== false && doc.numPages > 0) {
      try {
        const { png } = await renderPage(doc, 1, 0.5)
        thumbnail = await (await loadSharp())(png).resize(256, 256, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer()
      } catch (err) {
        warnings.push(warning('NO_THUMBNAIL', `No preview of the first page: ${(err as Error).message}`))
      }
    }
    return { kind: 'pdf', text, fields, thumbnail, ocrWords: ocrWords.length ? ocrWords : undefined, warnings }
  } finally {
    await doc.destroy().catch(() => {})
  }
}

/** pdf.js exceptions can have an empty message: their name says more than nothing. */
function describePdfError(err: unknown): string {
  const e = err as Error | undefined
  return e?.message?.trim() || e?.name || String(err) || 'unknown error'
}

type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>

async function renderPage(doc: PdfDoc, n: number, scale: number): Promise<{ png: Buffer; width: number; height: number }> {
  const page = await doc.getPage(n)
  const viewport = page.getViewport({ scale })
  // pdfjs-dist uses @napi-rs/canvas under Node; the document's factory gives one.
  const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { toBuffer(t: string): Buffer }; context: unknown }; destroy(c: unknown): void } }).canvasFactory
  const cc = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
  try {
    await page.render({ canvasContext: cc.context as never, viewport, canvas: cc.canvas as never }).promise
    return { png: cc.canvas.toBuffer('image/png'), width: Math.ceil(viewport.width), height: Math.ceil(viewport.height) }
  } finally {
    factory.destroy(cc)
    page.cleanup()
  }
}
