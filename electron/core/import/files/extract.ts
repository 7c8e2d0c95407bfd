// One entry point for every format: extractFile(path) → Extracted.
import type { Extracted, Extractor, ExtractOptions } from './types'
import { detectFormat, type FileFormat } from './detect'
import { extractPdf } from './pdf'
import { extractImage } from './image'
import { extractDocx } from './docx'
import { extractEmailWith } from './eml'
import { extractFeed } from './feed'
import { extractTable } from './table'
import { extractHtml, extractText } from './text'
import { ImportIssue, fsIssue } from './util'
import * as path from 'node:path'

/** E-mails, their attachments extracted by extractFile (itself included, for e-mails inside e-mails). */
export const extractEmail: Extractor = (file, opts) => extractEmailWith(extractFile, file, opts)

export const EXTRACTORS: Record<FileFormat, Extractor> = {
  pdf: extractPdf,
  image: extractImage,
  docx: extractDocx,
  email: extractEmail,
  feed: extractFeed,
  csv: extractTable,
  json: extractTable,
  text: extractText,
  html: extractHtml
}

/** Formats heavy enough (CPU) to be extracted in a worker thread. */
export const HEAVY_FORMATS = new Set<FileFormat>(['pdf', 'image', 'docx', 'email'])

export async function extractFile(file: string, opts: ExtractOptions = {}, format?: FileFormat | null): Promise<Extracted> {
  let f = format
  if (f === undefined) {
    try {
      f = await detectFormat(file)
    } catch (err) {
      throw fsIssue(file, err)
    }
  }
  if (!f) throw new ImportIssue('UNSUPPORTED', `${path.basename(file)}: this kind of file is not imported (${path.extname(file) || 'no extension'}).`)
  return EXTRACTORS[f](file, opts)
}
