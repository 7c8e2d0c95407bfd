// Committing a reviewed proposal: the items are created at once, with provenance, and the
// whole source is attached to each of them (stored once: attachments are content-addressed).
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { ItemCreateSchema, LIMITS, type Item, type ItemCreate } from '../../../../shared/model'
import type { Archive } from '../../Archive'
import { CoreError } from '../../errors'
import { METHOD } from './propose'
import type { Proposal } from './types'

export type CommitOptions = {
  /** File name (or "pasted text") recorded as the source and used as the attachment's name. */
  sourceName: string
  /** The source exactly as received: bytes of the file, or the pasted text. */
  sourceBytes: Buffer | string
  /** Where the page was read (a pasted page's address): the provenance's source, and each item's source URL unless it has one. */
  sourceUrl?: string
}

export type CommitResult = { items: Item[]; sourceSha256: string; attachmentName: string }

export async function commitProposal(archive: Archive, proposal: Proposal, options: CommitOptions): Promise<CommitResult> {
  if (!proposal || !Array.isArray(proposal.items) || proposal.items.length === 0)
    throw new CoreError('INVALID_INPUT', 'There is no item to import: the proposal is empty.', 'items', { reason: 'NOTHING_TO_IMPORT' })
  const bytes = typeof options.sourceBytes === 'string' ? Buffer.from(options.sourceBytes, 'utf8') : options.sourceBytes
  const sourceSha256 = createHash('sha256').update(bytes).digest('hex')
  const importedAt = new Date().toISOString()
  const sourceName = (options.sourceName || 'pasted text').slice(0, LIMITS.shortText)
  // Everything is checked before anything is written: a bad item stops the whole import.
  const inputs: ItemCreate[] = proposal.items.map((p, i) => {
    const url = options.sourceUrl?.trim()
    const fields = {
      ...p.fields,
      ...(url && !p.fields.sourceUrl?.trim() ? { sourceUrl: url } : {}),
      warnings: (p.fields.warnings ?? []).slice(0, 100),
      provenance: { method: METHOD, source: url || sourceName, sha256: sourceSha256, importedAt }
    }
    const parsed = ItemCreateSchema.safeParse(fields)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue.path.join('.')
      throw new CoreError(
        'INVALID_INPUT',
        `Item ${i + 1} (“${String(p.fields.title ?? '').slice(0, 80)}”) cannot be imported: ${field} ${issue.message}. Nothing was imported.`,
        field,
        { reason: 'IMPORT_ITEM_INVALID', n: i + 1, title: String(p.fields.title ?? '').slice(0, 80), field: String(issue.path.at(-1) ?? field) }
      )
    }
    return parsed.data
  })
  const workspace = await archive.workspace()
  const attachmentName = attachmentNameFor(sourceName, bytes)
  // The page is stored once (content-addressed) and attached to every item as it is created:
  // the items and their source arrive together, or not at all.
  const stored = await archive.files.putStream(Readable.from([bytes]))
  const source = { name: attachmentName, sha256: stored.sha256, size: stored.size }
  const items: Item[] = await workspace.items.createWithFiles(
    (await workspace.prepareImported(inputs)).map((fields) => ({ fields, files: [source] })),
    { op: 'import' }
  )
  // The spellings grouped in the review become authority records, so any of them finds these items.
  await workspace.recordNameGroups(proposal.authorities ?? [])
  return { items, sourceSha256, attachmentName }
}

function attachmentNameFor(sourceName: string, bytes: Buffer): string {
  if (/\.(txt|html?|xhtml)$/i.test(sourceName)) return sourceName
  const head = bytes.subarray(0, 2048).toString('latin1')
  return `${sourceName.replace(/[\\/]/g, '_')}${/<html|<!doctype html/i.test(head) ? '.html' : '.txt'}`
}
