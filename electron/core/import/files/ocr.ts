// OCR with tesseract.js, strictly offline: the language data comes from the
// @tesseract.js-data/* npm packages; nothing is ever fetched from a CDN.
import { localRequire } from './resolve'
import { OCR_LANGUAGE_CODES } from '../../../../shared/model'
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Worker } from 'tesseract.js'
import { tesseract } from './lazyPackages'
import type { OcrWord } from './types'

// The core runs as CommonJS (tsx, electron-vite main) and, in tests, as ES modules.
const require = localRequire

export const OCR_LANGUAGES = OCR_LANGUAGE_CODES
export type OcrLanguage = (typeof OCR_LANGUAGES)[number]
export const DEFAULT_OCR_LANGUAGES: OcrLanguage[] = ['eng', 'fra', 'ara']

/** The folder of one language's data in its npm package (LSTM "best_int" models). */
export function languageDataDir(lang: OcrLanguage): string {
  return path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int')
}

let dataDirOverride: string | null = null
/** Where the combined language folder is kept (the app passes its userData folder). */
export function setOcrDataDir(dir: string): void {
  dataDirOverride = dir
}

/**
 * tesseract.js reads every language from one `langPath`, and each language ships in its
 * own package, so one language uses its package folder directly and several are copied
 * (5 MB, once) into one folder. Language objects ({code, data}) would avoid the copy, but
 * tesseract.js 7's initialize() joins their data instead of their codes.
 */
async function langPathFor(langs: OcrLanguage[]): Promise<string> {
  if (langs.length === 1) return languageDataDir(langs[0])
  const dir = dataDirOverride ?? path.join(os.tmpdir(), 'presskeep-tessdata-4.0.0_best_int')
  await fsp.mkdir(dir, { recursive: true })
  for (const lang of langs) {
    const src = path.join(languageDataDir(lang), `${lang}.traineddata.gz`)
    const dst = path.join(dir, `${lang}.traineddata.gz`)
    const [a, b] = await Promise.all([fsp.stat(src), fsp.stat(dst).catch(() => null)])
    if (b && b.size === a.size) continue
    const tmp = `${dst}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    await fsp.copyFile(src, tmp)
    await fsp.rename(tmp, dst)
  }
  return dir
}

function normaliseLangs(langs?: readonly string[]): OcrLanguage[] {
  const wanted = (langs && langs.length ? langs : DEFAULT_OCR_LANGUAGES).filter((l): l is OcrLanguage =>
    (OCR_LANGUAGES as readonly string[]).includes(l)
  )
  if (wanted.length === 0) throw new Error(`No OCR data for ${langs?.join(', ')}; available: ${OCR_LANGUAGES.join(', ')}.`)
  return [...new Set(wanted)].sort() as OcrLanguage[]
}

const workers = new Map<string, Promise<Worker>>()
let idleTimer: NodeJS.Timeout | null = null
const IDLE_MS = 30_000

async function workerFor(langs: OcrLanguage[]): Promise<Worker> {
  const key = langs.join('+')
  let w = workers.get(key)
  if (!w) {
    const { createWorker, OEM } = tesseract()
    w = (async () =>
      createWorker(langs, OEM.LSTM_ONLY, {
        langPath: await langPathFor(langs),
        gzip: true,
        // Without this, tesseract.js writes a copy of the data into the working folder.
        cacheMethod: 'none'
      }))()
    workers.set(key, w)
    w.catch(() => workers.delete(key))
  }
  return w
}

export type OcrResult = { text: string; confidence: number; languages: string[]; words: OcrWord[] }

type Box = { x0: number; y0: number; x1: number; y1: number }
type Blocks = Array<{ paragraphs: Array<{ lines: Array<{ words: Array<{ text: string; bbox: Box }> }> }> }> | null

/**
 * The words with their boxes, scaled to fractions of the image so that the viewer can place
 * them over the image (or PDF page) at any zoom, whatever size the OCR was run at.
 */
export function wordsOf(blocks: Blocks, width: number, height: number): OcrWord[] {
  const words: OcrWord[] = []
  if (!blocks || width <= 0 || height <= 0) return words
  const r = (v: number) => Math.round(v * 10_000) / 10_000
  for (const b of blocks)
    for (const p of b.paragraphs)
      for (const l of p.lines)
        for (const w of l.words) {
          const text = w.text.trim()
          if (text) words.push({ text, box: [r(w.bbox.x0 / width), r(w.bbox.y0 / height), r(w.bbox.x1 / width), r(w.bbox.y1 / height)] })
        }
  return words
}

/** Reads the text of an image (PNG, JPEG, TIFF... as tesseract takes them). */
export async function ocrImage(image: Buffer, langs?: readonly string[], size?: { width: number; height: number }): Promise<OcrResult> {
  const wanted = normaliseLangs(langs)
  if (idleTimer) clearTimeout(idleTimer)
  const worker = await workerFor(wanted)
  try {
    const { data } = await worker.recognize(image, {}, { text: true, blocks: !!size })
    const words = size ? wordsOf(data.blocks as Blocks, size.width, size.height) : []
    return { text: cleanOcrText(data.text), confidence: data.confidence, languages: wanted, words }
  } finally {
    // Each worker holds 50-150 MB; let them go when OCR has not been needed for a while.
    idleTimer = setTimeout(() => void terminateOcr(), IDLE_MS)
    idleTimer.unref()
  }
}

export function cleanOcrText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export async function terminateOcr(): Promise<void> {
  const all = [...workers.values()]
  workers.clear()
  await Promise.all(all.map((w) => w.then((x) => x.terminate()).catch(() => {})))
}
