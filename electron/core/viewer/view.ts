// What the in-app viewer needs to show an attachment: the kind decides the viewer (pages of a
// PDF and images are fetched by id through the app's file URL); e-mails come parsed, saved pages
// as their decoded HTML (the renderer sanitises it and shows it in a frame without scripts).
import { promises as fsp } from 'node:fs'
import type PostalMime from 'postal-mime'
import { postalMime } from '../import/files/lazyPackages'
import type { AttachmentView } from '../../../shared/contract'
import type { Archive } from '../Archive'
import { CoreError } from '../errors'
import { decodeBytes } from '../import/press/decode'
import { readOcrWords } from './ocrWords'
import { viewKindOf } from '../../../shared/viewKind'

/** Larger e-mails and pages are offered through "Open" instead: the viewer reads them whole. */
const MAX_VIEW_BYTES = 25 * 1024 * 1024
const MAX_TEXT_CHARS = 2_000_000

type Mailbox = { name?: string; address?: string; group?: Mailbox[] }
function formatAddress(a: Mailbox | undefined): string {
  if (!a) return ''
  if (a.group) return a.group.map(formatAddress).join(', ')
  return a.name && a.address ? `${a.name} <${a.address}>` : a.name || a.address || ''
}

async function readWhole(file: string, size: number, name: string): Promise<Buffer> {
  if (size > MAX_VIEW_BYTES)
    throw new CoreError('FILE_UNREADABLE', `${name} is ${Math.round(size / 1048576)} MB; the viewer shows files up to ${MAX_VIEW_BYTES / 1048576} MB. Use Open to read it in another program.`, undefined, { reason: 'VIEW_TOO_LARGE', name, max: MAX_VIEW_BYTES / 1048576 })
  return fsp.readFile(file)
}

export async function attachmentView(archive: Archive, itemId: string, attachmentId: string): Promise<AttachmentView> {
  const { attachment, path: file } = archive.attachment(itemId, attachmentId)
  const kind = viewKindOf(attachment.type, attachment.name)
  const base = { name: attachment.name, type: attachment.type, size: attachment.size }
  if (kind === 'pdf') return { kind, ...base }
  if (kind === 'image') return { kind, ...base, ocrPages: (await readOcrWords(archive.root, attachment.sha256)).length }
  if (kind === 'html') {
    const decoded = decodeBytes(await readWhole(file, attachment.size, attachment.name), attachment.name)
    return { kind, ...base, html: decoded.text.slice(0, MAX_TEXT_CHARS) }
  }
  if (kind === 'email') {
    let mail: Awaited<ReturnType<typeof PostalMime.parse>>
    try {
      mail = await postalMime().parse(await readWhole(file, attachment.size, attachment.name), { attachmentEncoding: 'arraybuffer' })
    } catch (err) {
      throw new CoreError('FILE_UNREADABLE', `${attachment.name} is not a readable e-mail (${(err as Error).message}).`, undefined, { reason: 'FILE_DAMAGED', name: attachment.name })
    }
    const siblings = archive.catalog.get(itemId)?.attachments ?? []
    return {
      kind,
      ...base,
      from: formatAddress(mail.from as Mailbox | undefined),
      to: (mail.to ?? []).map((a) => formatAddress(a as Mailbox)).filter(Boolean).join(', '),
      cc: (mail.cc ?? []).map((a) => formatAddress(a as Mailbox)).filter(Boolean).join(', '),
      date: mail.headers.find((h) => h.key === 'date')?.value ?? mail.date ?? '',
      subject: mail.subject ?? '',
      text: (mail.text ?? '').slice(0, MAX_TEXT_CHARS),
      html: (mail.html ?? '').slice(0, MAX_TEXT_CHARS),
      // An imported e-mail's attachments became the item's own: they open in the viewer by id.
      attachments: mail.attachments.map((a) => {
        const bytes = typeof a.content === 'string' ? a.content.length : (a.content as ArrayBuffer).byteLength
        const stored = siblings.find((s) => s.name === a.filename && s.size === bytes)
        return { name: a.filename ?? '', type: a.mimeType, size: bytes, attachmentId: stored?.id ?? null }
      })
    }
  }
  if (kind === 'text') {
    const buf = await readWhole(file, attachment.size, attachment.name)
    return { kind, ...base, text: decodeBytes(buf, attachment.name).text.slice(0, MAX_TEXT_CHARS) }
  }
  return { kind, ...base }
}
