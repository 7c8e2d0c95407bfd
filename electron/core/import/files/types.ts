import type { ItemCreate, Warning } from '../../../../shared/model'

export type ExtractedKind =
  | 'pdf'
  | 'image'
  | 'docx'
  | 'email'
  | 'feed'
  | 'feed-entry'
  | 'csv'
  | 'json'
  | 'table-row'
  | 'text'
  | 'html'
  | 'attachment'

/** A file (or a buffer inside one) carried along with an extracted item. */
export type ExtractedAttachment = {
  name: string
  path?: string
  buffer?: Buffer
  type?: string
  /** Text extracted from this attachment, when it could be read. */
  text?: string
  warnings?: Warning[]
}

/** What an extractor gives back for one file. Containers (feeds, tables) give children. */
export type Extracted = {
  kind: ExtractedKind
  text: string
  fields: Partial<ItemCreate>
  children?: Extracted[]
  attachments?: ExtractedAttachment[]
  /** A small JPEG preview (images, first PDF page). */
  thumbnail?: Buffer
  /** Where OCR found each word, per page (1-based), so the viewer can mark search hits on scans. */
  ocrWords?: OcrPage[]
  warnings: Warning[]
}

/** A word OCR found, with its box as fractions of the image's width and height (0..1). */
export type OcrWord = { text: string; box: [x0: number, y0: number, x1: number, y1: number] }
/** The words OCR found on one page (1-based; an image is page 1). */
export type OcrPage = { page: number; words: OcrWord[] }

/** Column (or JSON key) → item field; '' or missing means ignored. */
export type ColumnMapping = Record<string, string>

export type ExtractOptions = {
  signal?: AbortSignal
  /** OCR languages as tesseract codes (default eng+fra+ara). */
  ocrLanguages?: string[]
  /** OCR pages without a text layer / images (default true). */
  ocr?: boolean
  /** CSV/JSON column mapping; else a remembered one for the same columns; else a guessed one. */
  mapping?: ColumnMapping
  /** Mappings confirmed earlier, by columnsKey() of the table's columns. */
  rememberedMappings?: Record<string, ColumnMapping>
  /** Make a thumbnail (default true). */
  thumbnail?: boolean
  /** Pages to OCR at most in a PDF without a text layer (default 50). */
  maxOcrPages?: number
}

export type Extractor = (file: string, opts: ExtractOptions) => Promise<Extracted>

/** Sizes beyond which a file is refused before it is read: memory stays bounded. */
export const FILE_LIMITS = {
  /** Largest image, in pixels (width × height), decoded for OCR and thumbnails. */
  imagePixels: 100_000_000,
  imageBytes: 200 * 1024 * 1024,
  pdfBytes: 500 * 1024 * 1024,
  docxBytes: 100 * 1024 * 1024,
  /** Total inflated size of the parts of a .docx (zip bomb guard). */
  docxInflatedBytes: 300 * 1024 * 1024,
  /** Of which XML (the parts parsed into memory, pictures aside). A 200 MB part took 2.5 GB to read. */
  docxXmlBytes: 32 * 1024 * 1024,
  emailBytes: 100 * 1024 * 1024,
  textBytes: 50 * 1024 * 1024,
  tableBytes: 200 * 1024 * 1024,
  feedBytes: 50 * 1024 * 1024,
  tableRows: 100_000
} as const

/** Where extraction runs: heavy formats in worker threads ('auto'), or all inline, or all in workers. */
export type ExtractWhere = 'auto' | 'inline' | 'worker'

export type ImportProgress = { done: number; total: number; current: string }

export type ImportOptions = {
  signal?: AbortSignal
  onProgress?: (p: ImportProgress) => void
  /** Column mapping for CSV/JSON files, by file path, or one for all of them. */
  mappings?: Record<string, ColumnMapping>
  mapping?: ColumnMapping
  ocr?: boolean
  ocrLanguages?: string[]
  /** Fields every created item gets (a collection, a tag, a status...), under the file's own. */
  defaults?: Partial<ItemCreate>
  /** Where extraction runs: heavy formats in worker threads ('auto', default), or all inline. */
  extractIn?: ExtractWhere
  /** Files extracted ahead of the one being committed (default 2). */
  lookahead?: number
  /**
   * How provenance names a file, by its path here, when that path is not where the file came
   * from: a browser's upload waits in tmp/staging, and is named by the path it had in the
   * folder the person chose ("upload: press/2013/fez.html").
   */
  sources?: Record<string, string>
}
