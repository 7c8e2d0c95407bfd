// E-mail (.eml): subject, from, to, date, body; attachments are kept and their text extracted.
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type PostalMime from 'postal-mime'
import { postalMime } from './lazyPackages'
import { sanitiseFileName } from '../../ArchiveFolder'
import type { Extracted, ExtractedAttachment, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { htmlToText } from './html'
import { detectFormat, type FileFormat } from './detect'
// A cycle (extract → eml → extract), resolved at call time: attachments are extracted like files.
import { ImportIssue, readBounded, shortField, titleFromFileName, toItemDate, warning, guessLanguageByScript } from './util'

type Mailbox = { name: string; address: string }
type Address = Mailbox | { name: string; group: Mailbox[] }

function formatAddress(a: Address | undefined): string {
  if (!a) return ''
  if ('group' in a && a.group) return a.group.map(formatAddress).join(', ')
  const m = a as Mailbox
  return m.name && m.address ? `${m.name} <${m.address}>` : m.name || m.address || ''
}

/** Attachments are extracted too, but not e-mails inside e-mails inside e-mails. */
const MAX_DEPTH = 2

/**
 * Extracts a file attached to an e-mail. extract.ts passes its own extractFile: an e-mail may
 * hold any format, e-mails included, and taking it as an argument keeps the two modules from
 * importing each other.
 */
export type AttachmentExtractor = (file: string, opts: ExtractOptions, format: FileFormat) => Promise<Extracted>

export async function extractEmailWith(
  extractAttachment: AttachmentExtractor,
  file: string,
  opts: ExtractOptions & { depth?: number } = {}
): Promise<Extracted> {
  const raw = await readBounded(file, FILE_LIMITS.emailBytes, 'e-mails')
  const name = path.basename(file)
  let mail: Awaited<ReturnType<typeof PostalMime.parse>>
  try {
    mail = await postalMime().parse(raw, { attachmentEncoding: 'arraybuffer' })
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} is not a readable e-mail (${(err as Error).message}).`)
  }
  if (!mail.headers.length) throw new ImportIssue('CORRUPT', `${name} is not an e-mail: it has no headers.`)
  const warnings = []
  const from = formatAddress(mail.from as Address | undefined)
  const to = (mail.to ?? []).map((a) => formatAddress(a as Address)).filter(Boolean).join(', ')
  const cc = (mail.cc ?? []).map((a) => formatAddress(a as Address)).filter(Boolean).join(', ')
  const body = (mail.text ?? '').trim() || htmlToText(mail.html ?? '')
  // The Date header as written keeps the sender's calendar day; postal-mime's ISO date is UTC.
  const rawDate = mail.headers.find((h) => h.key === 'date')?.value
  const date = toItemDate(rawDate) || toItemDate(mail.date)
  const fields: Extracted['fields'] = {
    title: shortField(mail.subject) || titleFromFileName(file),
    byline: shortField(from)
  }
  if (!mail.subject) warnings.push(warning('NO_SUBJECT', 'The e-mail has no subject; the title is its file name.'))
  if (date) {
    fields.date = date
    fields.dateSource = 'e-mail Date header'
  }
  const notes = [`From: ${from}`, `To: ${to}`, cc ? `Cc: ${cc}` : '', date ? `Date: ${rawDate ?? mail.date}` : '', mail.messageId ? `Message-ID: ${mail.messageId}` : '']
  fields.notes = notes.filter(Boolean).join('\n')
  if (mail.messageId) fields.identifier = shortField(mail.messageId)
  const lang = guessLanguageByScript(body)
  if (lang) fields.language = lang

  const attachments: ExtractedAttachment[] = []
  const depth = opts.depth ?? 0
  let n = 0
  for (const a of mail.attachments) {
    n++
    // Inline images of the HTML body (logos, signatures) are decoration, not documents.
    if (a.related && a.mimeType.startsWith('image/')) continue
    const buffer = Buffer.from(a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : (a.content as Uint8Array))
    // The sender chose the name: never let it name a folder ("../../x").
    const attName = sanitiseFileName(a.filename ?? `attachment-${n}`)
    const att: ExtractedAttachment = { name: attName, buffer, type: a.mimeType }
    if (depth < MAX_DEPTH && buffer.length > 0) {
      const r = await extractBuffer(extractAttachment, attName, buffer, { ...opts, depth: depth + 1, thumbnail: false })
      if (r) {
        att.text = r.text
        if (r.warnings.length) att.warnings = r.warnings
      }
    }
    attachments.push(att)
  }
  return { kind: 'email', text: body, fields, attachments, warnings }
}

/** Extracts an attachment through a private temp file, so every extractor takes a path. */
async function extractBuffer(
  extractAttachment: AttachmentExtractor,
  name: string,
  buffer: Buffer,
  opts: ExtractOptions & { depth: number }
): Promise<{ text: string; warnings: Extracted['warnings'] } | null> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-att-'))
  const file = path.join(dir, name)
  try {
    await fsp.writeFile(file, buffer)
    const format = await detectFormat(file)
    if (!format) return null
    const r = await extractAttachment(file, opts, format)
    const texts = [r.text, ...(r.children ?? []).map((c) => c.text)].filter(Boolean)
    return { text: texts.join('\n\n'), warnings: r.warnings }
  } catch (err) {
    return { text: '', warnings: [warning('ATTACHMENT_UNREADABLE', `${name}: ${(err as Error).message}`)] }
  } finally {
    await fsp.rm(dir, { recursive: true, force: true })
  }
}
