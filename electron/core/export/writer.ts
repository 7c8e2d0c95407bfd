import type { CollectionInfo, ExportEntry } from './types'

/** What every format writer knows about the export as a whole. */
export type ExportContext = {
  archive: { name: string; id: string }
  collection: CollectionInfo | null
  /** ISO time of the export. */
  exported: string
  /**
   * The href of a file of the export (a path relative to the export root, as in
   * ExportEntry.files) as seen from this writer's output; undefined when the writer's
   * output carries no files.
   */
  href?: (relPath: string) => string
  /** A collection id as people read it (the name, with its parents'); the id itself when unknown. */
  collectionName?: (id: string) => string
}

/** An item's collections by name (see ExportContext.collectionName). */
export function collectionNames(ids: string[], ctx?: ExportContext): string[] {
  return ctx?.collectionName ? ids.map(ctx.collectionName) : ids
}

/** A format writer: items are streamed in, one at a time, in export order. */
export interface EntryWriter {
  add(entry: ExportEntry): Promise<void>
  finish(): Promise<void>
  /** Stops after a failure or a cancel; the caller removes the output. */
  destroy(): void
}

/** A relative URL from a path of segments: each segment percent-encoded, so that "#", "?" and "%" in names stay names. */
export function relativeHref(fromDir: string, relPath: string): string {
  const up = fromDir ? fromDir.split('/').filter(Boolean).map(() => '..') : []
  return [...up, ...relPath.split('/').map(encodeURIComponent)].join('/')
}
