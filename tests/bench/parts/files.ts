// Import speed: PDF text layer (pages/s), OCR of a dense A4 page at 200 dpi (s/page),
// a folder of small mixed text files (files/s).
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import sharp from 'sharp'
import type { BenchPart } from '../run'
import { Archive } from '../../../electron/core/Archive'
import { importPaths, shutdownExtraction, terminateOcr } from '../../../electron/core/import/files'
import { ocrImage } from '../../../electron/core/import/files/ocr'
import { generateItem } from '../generate'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const CORPUS = path.resolve('../shared/corpus')

async function densePage(): Promise<Buffer> {
  // A4 at 200 dpi: 1654 × 2339 pixels, 11-point text, about 60 lines of 90 characters.
  const words = Array.from({ length: 8 }, (_, i) => generateItem(i).body ?? '').join(' ').split(/\s+/)
  const lines: string[] = []
  let line = ''
  for (const w of words) {
    if ((line + ' ' + w).length > 88) {
      lines.push(line)
      line = w
      if (lines.length >= 62) break
    } else line = line ? `${line} ${w}` : w
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="white"/>${lines
    .map((l, i) => `<text x="140" y="${200 + i * 33}" font-family="DejaVu Sans" font-size="29" fill="black">${esc(l)}</text>`)
    .join('')}</svg>`
  return sharp(Buffer.from(svg)).flatten({ background: '#fff' }).greyscale().png().toBuffer()
}

const part: BenchPart = {
  name: 'files',
  description: 'file import: PDF pages/s, OCR s/page, folder files/s',
  async run({ quick, log }) {
    const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'pk-bench-files-'))
    try {
      // PDF text layer: the corpus PDFs (21 pages) copied N times under distinct bytes.
      const pdfDir = path.join(tmp, 'pdf')
      await fsp.mkdir(pdfDir)
      const pdfs = (await fsp.readdir(path.join(CORPUS, 'pdf'))).filter((f) => f.endsWith('.pdf'))
      const copies = quick ? 1 : 3
      const pagesPerCopy = 15 + 1 + 1 + 2 + 2 // federal register, notice, transcript, two French
      const pdfRates: number[] = []
      for (let run = 0; run < (quick ? 1 : 3); run++) {
        const d = path.join(pdfDir, `r${run}`)
        await fsp.mkdir(d)
        for (let c = 0; c < copies; c++)
          for (const f of pdfs) {
            // A trailing comment makes each copy a different file (so none is skipped as known).
            const data = Buffer.concat([await fsp.readFile(path.join(CORPUS, 'pdf', f)), Buffer.from(`\n%copy ${run}-${c}\n`)])
            await fsp.writeFile(path.join(d, `${c}-${f}`), data)
          }
        const a = await Archive.open(path.join(tmp, `pdf-archive-${run}`))
        const t = performance.now()
        const s = await importPaths(a, [d])
        const secs = (performance.now() - t) / 1000
        await a.close()
        if (s.failed.length) log(`  pdf failures: ${JSON.stringify(s.failed.slice(0, 2))}`)
        pdfRates.push((pagesPerCopy * copies) / secs)
        log(`  pdf run ${run}: ${s.imported} files, ${(pagesPerCopy * copies / secs).toFixed(1)} pages/s`)
      }

      // OCR: a dense A4 page at 200 dpi (English).
      const page = await densePage()
      // Warm-up: the worker's start and the language data load are not per-page costs.
      await ocrImage(await sharp({ create: { width: 300, height: 100, channels: 3, background: '#fff' } }).png().toBuffer(), ['eng'])
      const ocrTimes: number[] = []
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        const t = performance.now()
        const r = await ocrImage(page, ['eng'])
        ocrTimes.push((performance.now() - t) / 1000)
        log(`  ocr run ${i}: ${ocrTimes.at(-1)!.toFixed(2)} s, ${r.text.length} characters`)
      }
      await terminateOcr()

      // A folder of small mixed text files.
      const n = quick ? 200 : 1000
      const folderRates: number[] = []
      for (let run = 0; run < (quick ? 1 : 3); run++) {
        const src = path.join(tmp, `folder-${run}`)
        for (let i = 0; i < n; i++) {
          const sub = path.join(src, `d${Math.floor(i / 100)}`)
          if (i % 100 === 0) await fsp.mkdir(sub, { recursive: true })
          const it = generateItem(i + run * n)
          const k = i % 3
          if (k === 0) await fsp.writeFile(path.join(sub, `${i}.txt`), `${it.title}\n\n${it.body}`)
          else if (k === 1) await fsp.writeFile(path.join(sub, `${i}.html`), `<html><head><title>${it.title}</title></head><body><p>${it.body}</p></body></html>`)
          else await fsp.writeFile(path.join(sub, `${i}.md`), `# ${it.title}\n\n${it.body}`)
        }
        const a = await Archive.open(path.join(tmp, `folder-archive-${run}`))
        const t = performance.now()
        const s = await importPaths(a, [src])
        const secs = (performance.now() - t) / 1000
        await a.close()
        folderRates.push(s.imported / secs)
        log(`  folder run ${run}: ${s.imported} files in ${secs.toFixed(2)} s`)
      }
      return {
        import_pdf_pages_per_s: Number(median(pdfRates).toFixed(1)),
        ocr_s_per_page: Number(median(ocrTimes).toFixed(2)),
        import_folder_files_per_s: Number(median(folderRates).toFixed(1))
      }
    } finally {
      await shutdownExtraction()
      await fsp.rm(tmp, { recursive: true, force: true })
    }
  }
}
export default part
