// The safety features as the API sees them: what handlers.ts calls for archive:check,
// archive:relink, archive:backup(s), archive:restoreBackup and items:history.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../Archive'
import { CoreError } from '../errors'
import { startJob } from '../jobs/JobRunner'
import type { RepairOutput } from '../../../shared/contract'
import type { HistoryEntry, IntegrityReport, RestoreResult, Snapshot } from '../../../shared/safety'
import { backupConfig, listSnapshots, restoreSnapshot, takeSnapshot } from './backups'
import { checkArchive, type CheckOptions } from './integrity'
import { relinkFrom, restoreFromBag } from './repair'

/**
 * Runs the integrity check as a job (kind 'check'): progress as jobs:progress events, and
 * cancellable with jobs:cancel, which returns the report so far, marked cancelled.
 */
export async function runCheck(archive: Archive, options: CheckOptions = {}): Promise<IntegrityReport> {
  const job = startJob(archive, 'check', 0, (ctx) =>
    checkArchive(archive, {
      ...options,
      signal: options.signal ? AbortSignal.any([options.signal, ctx.signal]) : ctx.signal,
      onProgress: (p) => {
        options.onProgress?.(p)
        ctx.setTotal(p.total)
        ctx.progress(p.done, p.current)
      }
    })
  )
  const outcome = await job.done
  if (!outcome.result) throw new CoreError('INTERNAL', `The integrity check failed: ${outcome.error ?? outcome.state}`)
  const report = outcome.result
  // A fixity check is itself provenance (PREMIS calls it an event): the journal keeps when it
  // ran and what it found, which is also how the schedule knows when the next one is due.
  if (!report.cancelled) {
    const { ok, counts } = report
    await archive.journal.append({ op: 'check', after: { ok, errors: counts.errors, warnings: counts.warnings, storedFiles: counts.storedFiles, bytesHashed: counts.bytesHashed } })
  }
  return report
}

/** Checks, then repairs from a folder (re-link moved files) and/or a bag; reports both. */
export async function runRepair(
  archive: Archive,
  input: { dir?: string; bag?: string; references?: boolean }
): Promise<RepairOutput> {
  if (!input.dir && !input.bag && !input.references)
    throw new CoreError('INVALID_INPUT', 'Name a folder to search (dir) or a bag to restore from (bag), or ask to drop references to missing collections (references).', 'dir', { reason: 'REPAIR_NEEDS_SOURCE' })
  const before = await checkArchive(archive)
  const fromBag = input.bag ? await restoreFromBag(archive, before, input.bag) : null
  const mid = fromBag ? await checkArchive(archive) : before
  const relinked = input.dir ? await relinkFrom(archive, mid, input.dir) : null
  const references = input.references ? await dropDanglingReferences(archive, before) : null
  const after = await checkArchive(archive)
  return { before, relinked, fromBag, references, after }
}

/**
 * Takes the collections that do not exist off the items the check found filed in them, each
 * an ordinary edit (journalled, undoable); everything else on the items stays.
 */
async function dropDanglingReferences(archive: Archive, report: IntegrityReport): Promise<{ items: string[] }> {
  const workspace = await archive.workspace()
  const ids = [...new Set(report.issues.filter((i) => i.kind === 'reference-dangling' && i.itemId).map((i) => i.itemId!))]
  const existing = new Set(workspace.listCollections().map((c) => c.id))
  const changed: string[] = []
  for (const id of ids) {
    const rec = archive.catalog.get(id)
    if (!rec) continue
    const kept = rec.collections.filter((c) => existing.has(c))
    if (kept.length === rec.collections.length) continue
    await workspace.updateItem(id, { collections: kept })
    changed.push(id)
  }
  return { items: changed }
}

export async function backupNow(archive: Archive): Promise<Snapshot> {
  return takeSnapshot(archive.root, { reason: 'manual', keep: backupConfig(archive.manifest).keep })
}

export function backups(archive: Archive): Promise<Snapshot[]> {
  return listSnapshots(archive.root)
}

/** Restores a snapshot into the open archive, then reloads its catalogue. */
export async function restoreBackup(archive: Archive, snapshot: string | undefined, damagedOnly: boolean): Promise<RestoreResult> {
  const result = await restoreSnapshot(archive.root, snapshot, { damagedOnly, lockHeld: true })
  await archive.reloadCatalog()
  archive.emit('items:changed', { ids: [], reason: 'restore-backup' })
  return result
}

/** An item's changes, newest last; the last `limit` only (a long-lived item has many). */
export async function itemHistory(archive: Archive, id: string, limit: number): Promise<HistoryEntry[]> {
  const all = (await archive.journal.history(id)) as HistoryEntry[]
  if (all.length === 0 && !archive.catalog.get(id)) throw new CoreError('NOT_FOUND', `No item with id ${id}, and no history of one.`, undefined, { reason: 'NO_HISTORY' })
  return all.slice(-limit)
}

/** When the last completed check ran, from the journal (newest month first), or null. */
export async function lastCheck(archive: Archive): Promise<{ t: string; ok: boolean } | null> {
  const dir = path.join(archive.root, 'journal')
  let files: string[]
  try {
    files = (await fsp.readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort().reverse()
  } catch {
    return null
  }
  for (const f of files) {
    const lines = (await fsp.readFile(path.join(dir, f), 'utf8')).split('\n').reverse()
    for (const line of lines) {
      if (!line.includes('"op":"check"')) continue
      try {
        const e = JSON.parse(line) as { t: string; op: string; after?: { ok?: boolean } }
        if (e.op === 'check') return { t: e.t, ok: !!e.after?.ok }
      } catch {
        // A torn line is not a check.
      }
    }
  }
  return null
}

/**
 * Runs the integrity check on a schedule (default every 30 days, archive.json
 * `checks.intervalDays`, 0 = never): soon after open when one is due, then daily to see whether
 * one is due. The report goes to onReport (the shell tells the person when it is not ok).
 * Returns a disposer.
 */
export function scheduleChecks(
  archive: Archive,
  onReport: (r: IntegrityReport) => void,
  options: { firstDelayMs?: number; /** Told after each time the schedule looked, whether a check ran. */ onLooked?: (ran: boolean) => void } = {}
): () => void {
  const raw = (archive.manifest as { checks?: { intervalDays?: number } }).checks?.intervalDays
  const days = typeof raw === 'number' && raw >= 0 && raw <= 3650 ? raw : 30
  if (days === 0) return () => {}
  let stopped = false
  let running = false
  const tick = async () => {
    if (stopped || running) return
    running = true
    let ran = false
    try {
      const last = await lastCheck(archive)
      if (!last || Date.now() - Date.parse(last.t) >= days * 86_400_000) {
        const report = await runCheck(archive)
        ran = true
        if (!stopped) onReport(report)
      }
    } catch {
      // The archive closed under it, or the disk went away: the next tick tries again.
    } finally {
      running = false
    }
    options.onLooked?.(ran)
  }
  const first = setTimeout(tick, options.firstDelayMs ?? 60_000)
  const timer = setInterval(tick, 86_400_000)
  first.unref()
  timer.unref()
  return () => {
    stopped = true
    clearTimeout(first)
    clearInterval(timer)
  }
}
