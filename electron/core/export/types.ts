import type { Item } from '../../../shared/model'
import type { RecordsOutcome } from './catalogueRecords'

export { EXPORT_FORMATS, OUTPUT_KIND, FORMAT_EXTENSION, type ExportFormat } from '../../../shared/exportFormats'
import type { ExportFormat } from '../../../shared/exportFormats'

export type CollectionInfo = { name: string; description?: string }

export type ExportProgress = {
  phase: 'items' | 'collection' | 'manifests' | 'done'
  /** Items written so far, and in all. */
  done: number
  total: number
  /** Attachment bytes written so far, and in all (0 for formats without attachments). */
  bytesDone: number
  bytesTotal: number
  /** Title of the item being written, or a file name. */
  current: string
}

export type ExportOptions = {
  format: ExportFormat
  /** Where to write: a new file or folder (see OUTPUT_KIND); its parent folders are created. */
  out: string
  collection?: CollectionInfo
  /** Replace an existing file at `out` (never an existing non-empty folder). Default false. */
  overwrite?: boolean
  /** Leave out the items' private notes (every format; a bag made so does not bring them back). */
  withoutNotes?: boolean
  /** BagIt Source-Organization; defaults to the archive's name. */
  organization?: string
  signal?: AbortSignal
  onProgress?: (p: ExportProgress) => void
}

export type MissingAttachment = { itemId: string; attachmentId: string; name: string; sha256: string }

export type ExportSummary = {
  format: ExportFormat
  /** The absolute path written (file or folder). */
  out: string
  items: number
  /** Attachments written (copied into the bag or catalogue). */
  attachments: number
  /** Bytes of attachments written. */
  attachmentBytes: number
  /** Attachments whose stored file was missing from the archive: reported, the export went on. */
  missing: MissingAttachment[]
  warnings: string[]
  durationMs: number
}

export type ImportBagOptions = {
  /** What to do with an item whose id already exists with different content: keep the archive's (default) or replace it. */
  onConflict?: 'keep' | 'replace'
  signal?: AbortSignal
  onProgress?: (p: { phase: 'verify' | 'import'; done: number; total: number; current: string }) => void
}

export type ImportBagSummary = {
  source: string
  /** Items written to the archive (new, or replaced). */
  imported: string[]
  /** Items already in the archive exactly as in the bag. */
  unchanged: string[]
  /** Items already in the archive with other content, left as they were (onConflict 'keep'). */
  conflicts: string[]
  /** Attachment files added to the file store (the others were already there). */
  filesAdded: number
  /** The collection the bag was exported from, if any (for the lead's collection store). */
  collection: CollectionInfo | null
  /** What the bag's collections, tag records and authority records did to this archive's catalogue (see catalogueRecords.ts). */
  records: RecordsOutcome
  /** Attachments the bag lacked and the archive does not hold either. */
  missing: MissingAttachment[]
  warnings: string[]
}

/** One item as the exporters see it. */
export type ExportEntry = {
  item: Item
  /** Text extracted from attachments, by attachment id. */
  attachmentText: Record<string, string>
  /**
   * Where each attachment is in the export, by attachment id, as a path relative to the
   * export's root folder (the bag's data/ folder, the HTML catalogue's folder), or null when
   * the stored file is missing. Empty for formats that carry no files.
   */
  files: Record<string, string | null>
}
