// Fuzz of the PDF importer on the corpus PDFs: flipped bytes, truncation, spliced and repeated
// slices. pdf.js takes 20-300 ms a document, so this run is smaller than the others (see the
// count it prints); the two small PDFs get most inputs, the large ones a few.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { extractPdf } from '../../../electron/core/import/files/pdf'
import { fuzz, mutateBytes, mutations, scaled } from './fuzzKit'
import { checkExtracted, scratch } from './fileInput'

const DIR = path.resolve('../shared/corpus/pdf')
const SMALL = ['150109DSP-Milw-505-90D.pdf', '2023-06-20-PV.pdf', 'scotus-transcript-p1.pdf'].map((n) => readFileSync(path.join(DIR, n)))
const LARGE = ['RGL-1310-Identification-Maple-Leaf-adoption.pdf', 'federal-register-2020-17221.pdf'].map((n) => readFileSync(path.join(DIR, n)))

const input = fc
  .record({
    pdf: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...SMALL) }, { weight: 1, arbitrary: fc.constantFrom(...LARGE) }),
    ms: mutations(0, 4),
    // Rendering the first page for a thumbnail doubles the time: one input in four renders it.
    thumbnail: fc.nat(3).map((n) => n === 0)
  })
  .map(({ pdf, ms, thumbnail }) => ({ bytes: mutateBytes(pdf, ms), thumbnail }))

const files = scratch('pdf')
afterAll(() => files.remove())

describe('fuzz: PDF', () => {
  it('gives the text or a clear error for mutated PDFs', async () => {
    await fuzz({
      name: 'PDF (extractPdf, no OCR)',
      arbitrary: input,
      runs: scaled(150),
      // OCR of a damaged page would take seconds each: it has its own tests.
      exec: async (i) => extractPdf(await files.write('document.pdf', i.bytes), { ocr: false, thumbnail: i.thumbnail }),
      check: (r) => checkExtracted(r),
      timeBoundMs: 20_000,
      heapBoundMB: 128
    })
  })
})
