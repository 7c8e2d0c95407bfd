// Where OCR found each word of a scan, kept per stored file (by SHA-256) beside the thumbnails:
// derived data like them, so it lives under index/ and a new OCR of the file makes it again.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../fsutil'
import type { OcrPage } from '../import/files/types'

const OcrPagesSchema = z.array(
  z.object({
    page: z.number().int().positive(),
    words: z.array(z.object({ text: z.string(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) }))
  })
)

export function ocrWordsPath(root: string, sha256: string): string {
  return path.join(root, 'index', 'words', sha256.slice(0, 2), `${sha256}.json`)
}

export async function writeOcrWords(root: string, sha256: string, pages: OcrPage[]): Promise<void> {
  await writeFileAtomic(ocrWordsPath(root, sha256), JSON.stringify(pages))
}

/** The word boxes of a stored file; none when it was never OCR'd or the cache is damaged. */
export async function readOcrWords(root: string, sha256: string): Promise<OcrPage[]> {
  let raw: string
  try {
    raw = await fsp.readFile(ocrWordsPath(root, sha256), 'utf8')
  } catch {
    return []
  }
  try {
    const parsed = OcrPagesSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}
