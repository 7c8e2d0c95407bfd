// The press-page import as API operations: propose from pasted text or a staged file (the
// source is kept in staging under a token so the commit attaches the very bytes proposed),
// the review edits (merge, split, restore a skipped block, re-enrich an edited item), commit.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import type { Proposal } from '../../../../shared/proposal'
import type { Archive } from '../../Archive'
import { CoreError, fsReason, megabytes } from '../../errors'
import { clearStaged, stagedPaths, stageUpload } from '../../staging'
import { commitProposal } from './commit'
import { mergeProposed, reenrichItem, restoreSkipped, splitProposed } from './edit'
import { proposeBytesForArchive } from './forArchive'
import { MAX_SOURCE_BYTES } from './decode'

export type StagedProposal = Proposal & { token: string; sourceName: string }

export async function proposeText(archive: Archive, text: string, sourceName = 'pasted text.txt', referenceDate?: string): Promise<StagedProposal> {
  const token = await stageUpload(archive, sourceName, Readable.from([Buffer.from(text, 'utf8')]))
  return proposeStaged(archive, token, referenceDate)
}

/** A page from disk: copied into staging first, so the commit attaches exactly what was read. */
export async function proposeFile(archive: Archive, file: string, referenceDate?: string): Promise<StagedProposal> {
  const { createReadStream } = await import('node:fs')
  const stat = await fsp.stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`, undefined, fsReason(file, err))
  })
  if (!stat.isFile()) throw new CoreError('FILE_UNREADABLE', `${file} is not a file.`, undefined, { reason: 'NOT_A_FILE', name: path.basename(file) })
  if (stat.size > MAX_SOURCE_BYTES)
    throw new CoreError('INVALID_INPUT', `${path.basename(file)} is ${Math.round(stat.size / 1e6)} MB; a page to split may be at most ${Math.round(MAX_SOURCE_BYTES / 1e6)} MB.`, undefined, {
      reason: 'FILE_TOO_LARGE',
      name: path.basename(file),
      max: megabytes(MAX_SOURCE_BYTES)
    })
  const token = await stageUpload(archive, path.basename(file), createReadStream(file))
  return proposeStaged(archive, token, referenceDate)
}

export async function proposeStaged(archive: Archive, token: string, referenceDate?: string): Promise<StagedProposal> {
  const [file] = await stagedPaths(archive, [token])
  const stat = await fsp.stat(file)
  if (stat.size > MAX_SOURCE_BYTES)
    throw new CoreError('INVALID_INPUT', `${path.basename(file)} is ${Math.round(stat.size / 1e6)} MB; a page to split may be at most ${Math.round(MAX_SOURCE_BYTES / 1e6)} MB.`, undefined, {
      reason: 'FILE_TOO_LARGE',
      name: path.basename(file),
      max: megabytes(MAX_SOURCE_BYTES)
    })
  const bytes = await fsp.readFile(file)
  const sourceName = path.basename(file)
  const proposal = await proposeBytesForArchive(archive, bytes, { sourceName, referenceDate })
  return { ...proposal, token, sourceName }
}

export async function commitStaged(archive: Archive, token: string, proposal: Proposal, sourceUrl?: string): Promise<{ ids: string[] }> {
  const [file] = await stagedPaths(archive, [token])
  const bytes = await fsp.readFile(file)
  const result = await commitProposal(archive, proposal, { sourceName: path.basename(file), sourceBytes: bytes, sourceUrl })
  await clearStaged(archive, [token])
  return { ids: result.items.map((i) => i.id) }
}

/** A proposal that will not be imported: its staged page goes now rather than at the next open. */
export async function discardStaged(archive: Archive, token: string): Promise<{ discarded: boolean }> {
  const known = await stagedPaths(archive, [token]).then(
    () => true,
    () => false
  )
  await clearStaged(archive, [token])
  return { discarded: known }
}

export function mergeItems(proposal: Proposal, a: string, b: string): Proposal {
  const ia = proposal.items.findIndex((i) => i.key === a)
  const ib = proposal.items.findIndex((i) => i.key === b)
  if (ia < 0 || ib < 0 || ia === ib) throw new CoreError('INVALID_INPUT', 'Choose two different proposed items to merge.', undefined, { reason: 'MERGE_SAME' })
  const [first, second] = ia < ib ? [ia, ib] : [ib, ia]
  const merged = mergeProposed(proposal.items[first], proposal.items[second], { authorities: proposal.authorities })
  const items = proposal.items.filter((_, i) => i !== second)
  items[first] = merged
  return { ...proposal, items }
}

export function splitItem(proposal: Proposal, key: string, atParagraph: number): Proposal {
  const i = proposal.items.findIndex((x) => x.key === key)
  if (i < 0) throw new CoreError('NOT_FOUND', `No proposed item ${key}.`, undefined, { reason: 'PROPOSAL_GONE' })
  const parts = splitProposed(proposal.items[i], atParagraph, { authorities: proposal.authorities })
  return { ...proposal, items: [...proposal.items.slice(0, i), ...parts, ...proposal.items.slice(i + 1)] }
}

export function restoreSkippedBlock(proposal: Proposal, index: number): Proposal {
  return restoreSkipped(proposal, index, { authorities: proposal.authorities })
}

export function reenrich(proposal: Proposal, key: string, keep: string[]): Proposal {
  const i = proposal.items.findIndex((x) => x.key === key)
  if (i < 0) throw new CoreError('NOT_FOUND', `No proposed item ${key}.`, undefined, { reason: 'PROPOSAL_GONE' })
  const items = [...proposal.items]
  items[i] = reenrichItem(items[i], { authorities: proposal.authorities, keep: keep as never })
  return { ...proposal, items }
}
