// Repairs the integrity check offers. Each runs only when a person asks for it, says what it
// did, and only ever puts back content whose SHA-256 is the one the catalogue expects.
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../Archive'
import { CoreError } from '../errors'
import type { IntegrityReport, RepairAction, RepairResult } from '../../../shared/safety'
import { hashFile } from './integrity'

export type { RepairAction, RepairResult } from '../../../shared/safety'

/** The SHA-256s a report says are missing or changed, i.e. what a repair may bring back. */
export function wantedHashes(report: IntegrityReport): Set<string> {
  const out = new Set<string>()
  for (const i of report.issues)
    if (i.sha256 && (i.kind === 'file-missing' || i.kind === 'file-changed' || (i.kind === 'file-unreadable' && i.severity === 'error'))) out.add(i.sha256)
  return out
}

/**
 * Puts a verified copy in the store. A damaged stored file is moved aside to
 * backups/corrupt-<time>/files/ first (kept, never deleted), since the store would otherwise
 * take the damaged file for the good one.
 */
async function putBack(archive: Archive, sha: string, source: string, asideDir: string): Promise<boolean> {
  const target = archive.files.pathOf(sha)
  let replaced = false
  if (await archive.files.has(sha)) {
    await fsp.mkdir(asideDir, { recursive: true })
    await fsp.rename(target, path.join(asideDir, sha))
    replaced = true
  }
  const stored = await archive.files.putStream(createReadStream(source))
  if (stored.sha256 !== sha) {
    // The source changed while we copied it: leave the store as it was and say so.
    if (stored.created) await archive.files.remove(stored.sha256)
    throw new CoreError('FILE_UNREADABLE', `${source} changed while it was being copied; try again.`, undefined, { reason: 'FILE_CHANGED_WHILE_COPYING', name: path.basename(source) })
  }
  return replaced
}

async function* walk(dir: string, signal?: AbortSignal): AsyncGenerator<string> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) {
    if (signal?.aborted) return
    const p = path.join(dir, e.name)
    // Symbolic links are not followed: a link could lead anywhere, and loops never end.
    if (e.isDirectory()) yield* walk(p, signal)
    else if (e.isFile()) yield p
  }
}

/**
 * Re-links moved files: hashes every file in a folder the person names and puts back each
 * one whose SHA-256 the report lists as missing or changed.
 */
export async function relinkFrom(
  archive: Archive,
  report: IntegrityReport,
  folder: string,
  options: { signal?: AbortSignal; onProgress?: (p: { done: number; current: string }) => void } = {}
): Promise<RepairResult> {
  const dir = path.resolve(folder)
  const st = await fsp.stat(dir).catch(() => null)
  if (!st?.isDirectory()) throw new CoreError('FILE_UNREADABLE', `Cannot search ${dir} for missing files: it is not a folder.`, 'dir', { reason: 'NOT_A_FOLDER', name: dir })
  if (dir === archive.root || dir.startsWith(archive.root + path.sep))
    throw new CoreError('INVALID_INPUT', 'Name a folder outside the archive to search for missing files.', 'dir', { reason: 'REPAIR_FOLDER_INSIDE' })
  const wanted = wantedHashes(report)
  const actions: RepairAction[] = []
  const aside = path.join(archive.root, 'backups', `corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`, 'files')
  let scanned = 0
  for await (const file of walk(dir, options.signal)) {
    if (wanted.size === 0) break
    scanned++
    options.onProgress?.({ done: scanned, current: file })
    let sha: string
    try {
      sha = (await hashFile(file, options.signal)).sha256
    } catch {
      continue
    }
    if (!wanted.has(sha)) continue
    const replacedDamaged = await putBack(archive, sha, file, aside)
    wanted.delete(sha)
    actions.push({ sha256: sha, from: file, action: 'relinked', replacedDamaged })
    await archive.journal.append({ op: 'repair-file', sha256: sha, from: file, how: 'relinked', replacedDamaged })
  }
  return { actions, stillMissing: [...wanted], scanned }
}

/**
 * Restores missing or changed files from a BagIt bag (an export of this archive, or any bag):
 * its manifest-sha256.txt says which payload file has which hash, so nothing else is read.
 * Manifest paths that lead outside the bag are refused.
 */
export async function restoreFromBag(archive: Archive, report: IntegrityReport, bagDir: string): Promise<RepairResult> {
  const bag = path.resolve(bagDir)
  let manifest: string
  try {
    manifest = await fsp.readFile(path.join(bag, 'manifest-sha256.txt'), 'utf8')
  } catch {
    throw new CoreError('FILE_UNREADABLE', `${bag} is not a bag with SHA-256 checksums (it has no manifest-sha256.txt).`, 'bag', { reason: 'BAG_NO_CHECKSUMS', name: bag })
  }
  const wanted = wantedHashes(report)
  const actions: RepairAction[] = []
  const aside = path.join(archive.root, 'backups', `corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`, 'files')
  let scanned = 0
  for (const line of manifest.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line.trim())
    if (!m) continue
    const sha = m[1].toLowerCase()
    if (!wanted.has(sha)) continue
    // RFC 8493 percent-encodes CR, LF and % in manifest paths.
    const rel = m[2].replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
    const file = path.resolve(bag, rel)
    if (!file.startsWith(bag + path.sep)) continue
    const st = await fsp.lstat(file).catch(() => null)
    if (!st?.isFile()) continue
    scanned++
    if ((await hashFile(file)).sha256 !== sha) continue
    const replacedDamaged = await putBack(archive, sha, file, aside)
    wanted.delete(sha)
    actions.push({ sha256: sha, from: file, action: 'restored-from-bag', replacedDamaged })
    await archive.journal.append({ op: 'repair-file', sha256: sha, from: file, how: 'restored-from-bag', replacedDamaged })
  }
  return { actions, stillMissing: [...wanted], scanned }
}
