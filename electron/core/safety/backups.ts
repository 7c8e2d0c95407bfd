// Rotating snapshots of the catalogue (catalog/ and archive.json) under backups/<name>/, taken
// on open and at intervals when something changed, and restore from them.
//
// Cost at 100k items (4,096 shard files, ~100 MB): a snapshot never shares a file with the live
// catalogue, since a hard link to a live file is only as safe as the assumption that nobody
// ever writes it in place. Our own writes never do (write-new-then-rename), but an editor, a
// sync tool or a damaged sector would damage the "backup" with the original (the backups test
// proves it). So each snapshot holds its own copies, and what did not change since the
// previous snapshot is hard-linked to that snapshot's copy instead of copied again. A live
// file is known unchanged when its inode, size and modification time are those recorded at
// the previous snapshot: each of our writes makes a new inode, any write in place changes the
// time. Only the first snapshot copies everything; each later one copies the changed shards
// and links the rest (thousands of link() calls, no bytes). Where links fail (FAT/exFAT
// drives, some network shares) files are copied.
import { randomBytes } from 'node:crypto'
import { promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import type { ArchiveFolder } from '../ArchiveFolder'
import { CoreError } from '../errors'
import { writeFileAtomic } from '../fsutil'
import { shardProblem } from '../CatalogStore'
import { Journal } from '../Journal'
import { AtomicBatch } from '../commit/AtomicBatch'
import { recoverIntents } from '../commit/recover'
import { ArchiveLock } from '../Lock'
import { snapshotsToRemove } from './retention'
import type { RestoreResult, Snapshot } from '../../../shared/safety'

export type BackupConfig = { keep: number; intervalMinutes: number }
export const DEFAULT_BACKUP_CONFIG: BackupConfig = { keep: 10, intervalMinutes: 30 }

export type { RestoreResult, Snapshot } from '../../../shared/safety'

/** The recovery a person may be offered when an archive cannot open. */
export type Recovery = { action: 'restore-backup'; file: string; snapshot: string | null; snapshotCreated: string | null }

/** ARCHIVE_INVALID with what to do about it: the damaged file and the last good snapshot. */
export class RecoverableError extends CoreError {
  constructor(
    message: string,
    readonly recovery: Recovery
  ) {
    super('ARCHIVE_INVALID', message)
  }
}

const PARTIAL_MAX_AGE_MS = 10 * 60_000
const SNAPSHOT_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d+)?$/
export const isSnapshotName = (name: string) => SNAPSHOT_NAME.test(name)

const backupsDir = (root: string) => path.join(root, 'backups')
const stampOf = (d = new Date()) => d.toISOString().replace(/:/g, '-').replace('.', '-')

export function backupConfig(manifest: object): BackupConfig {
  const raw = (manifest as { backups?: Partial<BackupConfig> }).backups ?? {}
  const keep = Number.isInteger(raw.keep) && raw.keep! >= 1 && raw.keep! <= 1000 ? raw.keep! : DEFAULT_BACKUP_CONFIG.keep
  const intervalMinutes =
    typeof raw.intervalMinutes === 'number' && raw.intervalMinutes >= 0 && raw.intervalMinutes <= 7 * 24 * 60
      ? raw.intervalMinutes
      : DEFAULT_BACKUP_CONFIG.intervalMinutes
  return { keep, intervalMinutes }
}

/** A cheap fingerprint of the journal (file names and sizes): it grows with every change. */
export async function journalMark(root: string): Promise<string> {
  const dir = path.join(root, 'journal')
  let names: string[]
  try {
    names = (await fsp.readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort()
  } catch {
    return ''
  }
  const parts: string[] = []
  for (const n of names) parts.push(`${n}:${(await fsp.stat(path.join(dir, n))).size}`)
  return parts.join(',')
}

async function walkFiles(dir: string, base = dir): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const out: string[] = []
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...(await walkFiles(p, base)))
    else if (e.isFile() && !e.name.endsWith('.tmp')) out.push(path.relative(base, p))
  }
  return out
}

/** Complete snapshots, newest first. */
export async function listSnapshots(root: string): Promise<Snapshot[]> {
  let names: string[]
  try {
    names = (await fsp.readdir(backupsDir(root))).filter(isSnapshotName)
  } catch {
    return []
  }
  const out: Snapshot[] = []
  for (const name of names.sort().reverse()) {
    try {
      const meta = JSON.parse(await fsp.readFile(path.join(backupsDir(root), name, 'snapshot.json'), 'utf8')) as Snapshot
      out.push({ ...meta, name })
    } catch {
      // Without its snapshot.json a snapshot is not known to be complete: not offered.
    }
  }
  return out
}

/** Which live file (inode:size:mtime) each file of a snapshot was copied from. */
const SOURCES_FILE = 'sources.json'

async function readSources(snapshotDir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await fsp.readFile(path.join(snapshotDir, SOURCES_FILE), 'utf8'))
  } catch {
    return {}
  }
}

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const h = await fsp.open(dir, 'r').catch(() => null)
  if (!h) return
  await h.sync().catch(() => {})
  await h.close()
}

/**
 * Takes a snapshot of catalog/ and archive.json. It is built under a hidden name and renamed
 * into place when complete, so a crash never leaves a half snapshot that looks whole.
 */
export function takeSnapshot(root: string, options: { reason?: string; keep?: number; protect?: string[] } = {}): Promise<Snapshot> {
  return serialised(root, () => takeSnapshotNow(root, options))
}

// One snapshot at a time per archive in this process: the one taken at open runs in the
// background and may meet a manual one; each clears the other's partial folder otherwise.
// (Other processes cannot meet it: they are kept out by the archive lock.)
const queues = new Map<string, Promise<unknown>>()
function serialised<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(root)
  const next = (queues.get(key) ?? Promise.resolve()).then(fn, fn)
  const settled = next.catch(() => {})
  queues.set(key, settled)
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key)
  })
  return next
}

async function takeSnapshotNow(root: string, options: { reason?: string; keep?: number; protect?: string[] }): Promise<Snapshot> {
  const dir = backupsDir(root)
  // Taken first: a change made while the snapshot is built makes the next one happen.
  const mark = await journalMark(root)
  await fsp.mkdir(dir, { recursive: true })
  await clearPartials(root)
  let name = stampOf()
  for (let n = 1; await exists(path.join(dir, name)); n++) name = `${stampOf()}-${n}`
  // Unique even against the leftovers of a process killed at the same millisecond.
  const partial = path.join(dir, `.partial-${name}-${process.pid}-${randomBytes(4).toString('hex')}`)
  const catalogDir = path.join(root, 'catalog')
  const files = await walkFiles(catalogDir)
  const methods = new Set<'link' | 'copy'>()
  const previous = (await listSnapshots(root))[0]
  const prevSources = previous ? await readSources(path.join(dir, previous.name)) : {}
  const sources: Record<string, string> = {}
  let count = 0
  for (const rel of files) {
    const from = path.join(catalogDir, rel)
    const to = path.join(partial, 'catalog', rel)
    await fsp.mkdir(path.dirname(to), { recursive: true })
    let st: import('node:fs').Stats
    try {
      st = await fsp.stat(from)
    } catch (err) {
      // A file removed since the listing is simply not part of the catalogue any more.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw err
    }
    const key = `${st.ino}:${st.size}:${st.mtimeMs}`
    let linked = false
    if (previous && prevSources[rel] === key) {
      try {
        await fsp.link(path.join(dir, previous.name, 'catalog', rel), to)
        linked = true
      } catch {
        // Fall back to a copy below.
      }
    }
    if (!linked) {
      try {
        await fsp.copyFile(from, to)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw err
      }
      // The copy was taken after the stat: if the file was replaced in between, record the
      // copy's source as unknown so that the next snapshot copies it again.
      const again = await fsp.stat(from).catch(() => null)
      if (!again || `${again.ino}:${again.size}:${again.mtimeMs}` !== key) {
        methods.add('copy')
        count++
        continue
      }
    }
    methods.add(linked ? 'link' : 'copy')
    sources[rel] = key
    count++
  }
  await fsp.mkdir(partial, { recursive: true })
  // archive.json is small and rewritten rarely: a copy, so that it can never be shared.
  await fsp.copyFile(path.join(root, 'archive.json'), path.join(partial, 'archive.json'))
  const meta: Snapshot = {
    name,
    created: new Date().toISOString(),
    reason: options.reason ?? 'manual',
    files: count,
    method: methods.size === 2 ? 'mixed' : methods.has('copy') ? 'copy' : 'link',
    journalMark: mark
  }
  await writeFileAtomic(path.join(partial, SOURCES_FILE), JSON.stringify(sources))
  await writeFileAtomic(path.join(partial, 'snapshot.json'), JSON.stringify(meta, null, 2) + '\n')
  await fsp.rename(partial, path.join(dir, name))
  await fsyncDir(dir)
  await rotate(root, options.keep ?? DEFAULT_BACKUP_CONFIG.keep, [name, ...(options.protect ?? [])])
  return meta
}

async function exists(p: string): Promise<boolean> {
  return fsp.access(p).then(
    () => true,
    () => false
  )
}

async function clearPartials(root: string): Promise<void> {
  let names: string[]
  try {
    names = await fsp.readdir(backupsDir(root))
  } catch {
    return
  }
  for (const n of names) {
    if (!n.startsWith('.partial-')) continue
    const p = path.join(backupsDir(root), n)
    // Only old ones: a fresh one may be the snapshot of a process that closed the archive a
    // moment ago and is still finishing it.
    const st = await fsp.stat(p).catch(() => null)
    if (st && Date.now() - st.mtimeMs > PARTIAL_MAX_AGE_MS) await fsp.rm(p, { recursive: true, force: true })
  }
}

/**
 * Removes the automatic snapshots that the retention rules (retention.ts) no longer keep;
 * snapshots someone asked for, damaged files set aside (corrupt-*) and `protect` never go.
 */
async function rotate(root: string, keep: number, protect: string[]): Promise<void> {
  const doomedNames = snapshotsToRemove(await listSnapshots(root), keep).filter((name) => !protect.includes(name))
  for (const name of doomedNames) {
    // Renamed out of sight first: a crash in the middle of a recursive delete must not leave
    // a snapshot that still has its snapshot.json but lacks some of its files.
    const doomed = path.join(backupsDir(root), `.partial-deleting-${name}`)
    try {
      await fsp.rename(path.join(backupsDir(root), name), doomed)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue // another process rotated it
      throw err
    }
    await fsp.rm(doomed, { recursive: true, force: true })
  }
}

/** On open: a snapshot of the catalogue just loaded (so known good), unless nothing changed. */
export async function backupOnOpen(archive: ArchiveFolder): Promise<Snapshot | null> {
  const { keep } = backupConfig(archive.manifest)
  if (archive.catalog.size === 0) return null
  const [latest] = await listSnapshots(archive.root)
  const mark = await journalMark(archive.root)
  if (latest && latest.journalMark === mark) return null
  return takeSnapshot(archive.root, { reason: 'open', keep })
}

/**
 * Snapshots at the configured interval while the archive stays open; returns a disposer.
 * `onTick` hears each interval's outcome: the snapshot taken, null when nothing had changed,
 * or the error.
 */
export function scheduleBackups(archive: ArchiveFolder, onTick: (outcome: { snapshot: string | null; error?: string }) => void = () => {}): () => void {
  const { keep, intervalMinutes } = backupConfig(archive.manifest)
  if (intervalMinutes === 0) return () => {}
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      const [latest] = await listSnapshots(archive.root)
      const changed = !latest || latest.journalMark !== (await journalMark(archive.root))
      const taken = changed ? await takeSnapshot(archive.root, { reason: 'interval', keep }) : null
      running = false
      onTick({ snapshot: taken?.name ?? null })
    } catch (err) {
      running = false
      onTick({ snapshot: null, error: (err as Error).message })
    }
  }, intervalMinutes * 60_000)
  // The timer must never keep a CLI run or a test alive.
  timer.unref()
  return () => clearInterval(timer)
}

/** Catalogue files (and archive.json) that do not parse, relative to the archive. */
export async function damagedCatalogFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const candidates = ['archive.json', ...(await walkFiles(path.join(root, 'catalog'))).map((f) => path.join('catalog', f))]
  for (const rel of candidates) {
    if (!rel.endsWith('.json')) continue
    try {
      const data = JSON.parse(await fsp.readFile(path.join(root, rel), 'utf8'))
      if (!data || typeof data !== 'object') throw new Error('not an object')
      if (rel.startsWith('catalog') && rel.includes(`${path.sep}items${path.sep}`) && shardProblem(data)) throw new Error('not a catalogue shard')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      out.push(rel)
    }
  }
  return out
}

/**
 * Turns the error of an archive that cannot open because a catalogue file is damaged into one
 * that names the file and the last good snapshot (every snapshot is of a catalogue that had
 * just loaded, so each is good). Anything else is returned unchanged.
 */
export async function explainOpenFailure(root: string, err: unknown): Promise<unknown> {
  if (!(err instanceof CoreError) || err.code !== 'ARCHIVE_INVALID' || err instanceof RecoverableError) return err
  const damaged = await damagedCatalogFiles(root).catch(() => [] as string[])
  if (damaged.length === 0) return err
  const [latest] = await listSnapshots(root)
  const file = damaged[0]
  const more = damaged.length > 1 ? ` (and ${damaged.length - 1} other catalogue file(s))` : ''
  const offer = latest
    ? ` The last good backup of the catalogue is ${latest.name} (taken ${latest.created}). Restore it with \`presskeep restore-backup ${latest.name}\` (or only the damaged files with --damaged-only); the damaged file is then moved to backups/corrupt-…/, never overwritten.`
    : ' There is no backup of the catalogue to restore from.'
  return new RecoverableError(`The catalogue file ${file}${more} is damaged and the archive cannot open; it was left untouched.${offer}`, {
    action: 'restore-backup',
    file,
    snapshot: latest?.name ?? null,
    snapshotCreated: latest?.created ?? null
  })
}

/**
 * Restores the catalogue from a snapshot (the newest when none is named). The current
 * catalogue is snapshotted (so the restore can be undone); then, in one batch (all or nothing
 * after a crash), damaged files are copied to backups/corrupt-<time>/, the snapshot's files
 * replace the current ones, files made since are removed, and the journal says so. With
 * `damagedOnly`, only the files that do not parse are taken from the snapshot: the rest of
 * the catalogue keeps its changes.
 *
 * The archive must not be open elsewhere: the lock is taken unless `lockHeld` says the caller
 * (an open Archive in this process) already holds it and will reload its catalogue.
 */
export async function restoreSnapshot(
  root: string,
  name?: string,
  options: { damagedOnly?: boolean; lockHeld?: boolean } = {}
): Promise<RestoreResult> {
  const lock = options.lockHeld ? null : new ArchiveLock(path.join(root, 'archive.lock'))
  lock?.acquire()
  try {
    // A change a crash interrupted is finished first (an open archive did so when it opened).
    if (lock) await recoverIntents(root)
    const snapshots = await listSnapshots(root)
    if (name !== undefined && !isSnapshotName(name)) throw new CoreError('INVALID_INPUT', `"${name.slice(0, 80)}" is not the name of a backup.`, 'snapshot', { reason: 'BACKUP_NOT_FOUND', name: name.slice(0, 80) })
    const snap = name === undefined ? snapshots[0] : snapshots.find((s) => s.name === name)
    if (!snap)
      throw new CoreError(
        'NOT_FOUND',
        name === undefined ? 'This archive has no backup of its catalogue to restore.' : `There is no complete backup named ${name}.`,
        'snapshot',
        name === undefined ? { reason: 'NO_BACKUP' } : { reason: 'BACKUP_NOT_FOUND', name }
      )
    const snapRoot = path.join(backupsDir(root), snap.name)
    const snapFiles = (await walkFiles(path.join(snapRoot, 'catalog'))).map((f) => path.join('catalog', f))
    // A snapshot is only used whole and sound.
    for (const rel of snapFiles)
      try {
        JSON.parse(readFileSync(path.join(snapRoot, rel), 'utf8'))
      } catch {
        throw new CoreError('ARCHIVE_INVALID', `The backup ${snap.name} is itself damaged (${rel}); choose an older one (presskeep backups).`, undefined, { reason: 'BACKUP_DAMAGED', name: snap.name })
      }

    const damaged = await damagedCatalogFiles(root)
    const batch = new AtomicBatch(root, `restore the backup ${snap.name}`)
    const setAside: string[] = []
    if (damaged.length > 0) {
      // Copied aside in the batch, not moved before it: a crash before the restore is done must
      // not leave the catalogue without those files.
      const aside = path.join(backupsDir(root), `corrupt-${stampOf()}`)
      for (const rel of damaged) {
        batch.copy(path.join(aside, rel), path.join(root, rel))
        setAside.push(path.relative(root, path.join(aside, rel)))
        // Replaced below by the snapshot's copy when it has one; otherwise it goes.
        if (rel !== 'archive.json') batch.remove(path.join(root, rel))
      }
    }
    // archive.json: restored only when it was damaged (it describes the archive, not its items);
    // at once, since the safety snapshot below needs it.
    if (damaged.includes('archive.json')) await writeFileAtomic(path.join(root, 'archive.json'), readFileSync(path.join(snapRoot, 'archive.json')))
    let safetySnapshot: string | null = null
    if (await exists(path.join(root, 'archive.json'))) {
      const manifest = JSON.parse(readFileSync(path.join(root, 'archive.json'), 'utf8'))
      safetySnapshot = (await takeSnapshot(root, { reason: `before restoring ${snap.name}`, keep: backupConfig(manifest).keep + 1, protect: [snap.name] })).name
    }

    const restored: string[] = []
    const removed: string[] = []
    const wanted = options.damagedOnly ? snapFiles.filter((f) => damaged.includes(f)) : snapFiles
    const sources = await readSources(snapRoot)
    for (const rel of wanted) {
      // Still the very file the snapshot copied (same inode, size, time): nothing to do.
      const st = await fsp.stat(path.join(root, rel)).catch(() => null)
      if (st && sources[rel] === `${st.ino}:${st.size}:${st.mtimeMs}`) continue
      const content = readFileSync(path.join(snapRoot, rel))
      // Most shards did not change since the snapshot: rewriting them (an fsync each) would
      // make a restore of 4,096 shards take half a minute for nothing.
      let current: Buffer | null = null
      try {
        current = readFileSync(path.join(root, rel))
      } catch {
        // Missing: restored below.
      }
      if (current && current.equals(content)) continue
      batch.copy(path.join(root, rel), path.join(snapRoot, rel))
      restored.push(rel)
    }
    if (!options.damagedOnly) {
      // Files made after the snapshot go: their content is in the safety snapshot.
      const keepSet = new Set(snapFiles)
      for (const rel of (await walkFiles(path.join(root, 'catalog'))).map((f) => path.join('catalog', f)))
        if (!keepSet.has(rel)) {
          batch.remove(path.join(root, rel))
          removed.push(rel)
        }
    }
    // The journal keeps the restore like any other change: what came back, from where.
    new Journal(path.join(root, 'journal')).stage(batch, [{ op: 'restore-backup', snapshot: snap.name, restored, removed, setAside, safetySnapshot }])
    await batch.commit()
    return { snapshot: snap.name, restored, removed, setAside, safetySnapshot }
  } finally {
    lock?.release()
  }
}
