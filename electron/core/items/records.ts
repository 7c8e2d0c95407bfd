// How an item becomes what the stores keep: the catalogue's record (everything but the long
// texts) and its attachment records.
import mime from 'mime-types'
import type { Attachment, Item } from '../../../shared/model'
import type { ItemRecord } from '../CatalogStore'
import { plainName } from '../export/names'
import { newId } from '../ids'

/** A file already in the attachment store, to attach under `name` (with the text extracted from it). */
export type StoredFileRef = { name: string; sha256: string; size: number; text?: string }

/** The catalogue's record of an item: everything but its long texts. */
export function toRecord(item: Item): ItemRecord {
  const { body, description: _d, notes: _n, ...rest } = item
  return { ...rest, bodyLength: body.length }
}

/** Attachment records for files already in the file store (type from the name). */
export function attachmentRecords(files: ReadonlyArray<{ name: string; sha256: string; size: number }>, added: string): Attachment[] {
  return files.map((s) => ({
    id: newId(),
    name: sanitiseFileName(s.name),
    size: s.size,
    type: mime.lookup(s.name) || 'application/octet-stream',
    sha256: s.sha256,
    added
  }))
}

/** A display name safe on every platform: no folders, no control characters, bounded. */
export function sanitiseFileName(name: string): string {
  const base = plainName(name).split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim()
  if (clean === '' || clean === '.' || clean === '..') clean = 'file'
  return clean.slice(0, 255)
}
