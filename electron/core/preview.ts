// What the app shows of an attachment without leaving it: images and PDF pages through the
// attachment URL itself, the text of everything else (extracted at import, or the file's own
// text when it is plain text), and a thumbnail where the import made one.
import { promises as fsp } from 'node:fs'
import type { AttachmentPreview } from '../../shared/contract'
import type { Archive } from './Archive'
import { thumbnailPath } from './import/files'

const MAX_CHARS = 200_000
const MAX_PLAIN_BYTES = 2 * 1024 * 1024

function kindOf(type: string, name: string): AttachmentPreview['kind'] {
  if (type.startsWith('image/')) return 'image'
  if (type === 'application/pdf') return 'pdf'
  if (type === 'message/rfc822' || /\.eml$/i.test(name)) return 'email'
  if (type.startsWith('text/') || /\.(txt|md|csv|json|xml|html?)$/i.test(name)) return 'text'
  return 'other'
}

export async function attachmentPreview(archive: Archive, itemId: string, attachmentId: string): Promise<AttachmentPreview> {
  const { attachment, path } = archive.attachment(itemId, attachmentId)
  const kind = kindOf(attachment.type, attachment.name)
  const texts = await archive.texts.get(itemId)
  let text = texts.attachments[attachmentId] ?? ''
  // An imported file is the item's source: its extracted text became the item's body.
  if (!text && archive.catalog.get(itemId)?.provenance?.sha256 === attachment.sha256) text = texts.body
  if (!text && kind === 'text' && attachment.size <= MAX_PLAIN_BYTES) text = await fsp.readFile(path, 'utf8').catch(() => '')
  const hasThumbnail = await fsp
    .access(thumbnailPath(archive, attachment.sha256))
    .then(() => true)
    .catch(() => false)
  return { kind, text: text.slice(0, MAX_CHARS), truncated: text.length > MAX_CHARS, hasThumbnail }
}

/** The thumbnail of a stored file, when the import made one. */
export function thumbnailFile(archive: Archive, sha256: string): string {
  return thumbnailPath(archive, sha256)
}
