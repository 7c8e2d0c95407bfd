// The integrity check ("fixity"): recomputes every stored file's SHA-256 and cross-checks the
// catalogue, the texts, the journal and the index stamp. It only reads; repairs live in
// repair.ts and run only when a person asks for them.
import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../Archive'
import { shardOf } from '../ids'
import { shardProblem } from '../CatalogStore'
import { RECOVERY_OP, type RecoveredBatch } from '../commit/recover'
import { checkPack } from '../catalogPack/checkPack'
import { PACK_PATH } from '../catalogPack/packFile'

import type { Issue, IntegrityReport } from '../../../shared/safety'

export type { Issue, IssueKind, IntegrityReport, Repair, Severity } from '../../../shared/safety'
export { formatReport } from '../../../shared/safety'

export type Progress = { done: number; total: number; current: string }

export type IndexStatus = { state: 'fresh' | 'stale' | 'missing' | 'none'; detail?: string }

export type CheckOptions = {
  onProgress?: (p: Progress) => void
  signal?: AbortSignal
  /** Tells whether the search index matches the catalogue (default: indexStatusOf). */
  indexStatus?: (archive: Archive) => Promise<IndexStatus> | IndexStatus
  /** Temp files younger than this are taken to belong to a write in progress (default 60 s). */
  debrisMinAgeMs?: number
}

const SHA = /^[0-9a-f]{64}$/
const HASH_CONCURRENCY = 4

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
const SHARD_FILE = /^[0-9a-f]{3}\.json$/

export async function hashFile(file: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  const stream = createReadStream(file, { highWaterMark: 1 << 20, signal })
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}

async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await fsp.readdir(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/**
 * Whether the search index matches the catalogue. The live index (kept in memory by the search
 * service and saved when idle) must hold every item not in the trash; the saved one under
 * index/ must have the files its manifest lists, at their sizes. A saved index older than the
 * catalogue is normal while the archive is open (it is saved when idle and at close).
 */
export async function indexStatusOf(archive: Archive): Promise<IndexStatus> {
  let expected = 0
  for (const r of archive.catalog.all()) if (r.trashed === null) expected++
  const live = archive.search?.status()
  if (live) {
    if (live.rebuilding) return { state: 'fresh', detail: 'being rebuilt now' }
    if (!live.ready) return { state: 'missing', detail: 'the search index is not loaded' }
    if (live.size !== expected) return { state: 'stale', detail: `the index holds ${live.size} item(s), the catalogue ${expected}` }
  }
  const dir = path.join(archive.root, 'index')
  let manifest: { files?: Record<string, { bytes: number }> }
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: live ? 'fresh' : 'none' }
    return { state: 'missing', detail: 'index/manifest.json is damaged' }
  }
  for (const [name, f] of Object.entries(manifest.files ?? {})) {
    const st = await fsp.stat(path.join(dir, name)).catch(() => null)
    if (!st || st.size !== f.bytes) return { state: 'missing', detail: `the saved index file index/${name} is ${st ? 'damaged' : 'missing'}` }
  }
  return { state: 'fresh' }
}

/** Checks the archive; never modifies it. Cancelling returns the report so far, marked cancelled. */
export async function checkArchive(archive: Archive, options: CheckOptions = {}): Promise<IntegrityReport> {
  const { onProgress, signal } = options
  const debrisAge = options.debrisMinAgeMs ?? 60_000
  const root = archive.root
  const started = new Date().toISOString()
  const issues: Issue[] = []
  const counts = {
    items: 0,
    attachments: 0,
    storedFiles: 0,
    bytesHashed: 0,
    shards: 0,
    texts: 0,
    journalLines: 0,
    errors: 0,
    warnings: 0
  }
  const add = (issue: Issue) => issues.push(issue)
  const rel = (p: string) => path.relative(root, p)
  const relStored = (p: string) => path.relative(path.dirname(archive.files.folder), p)
  let cancelled = false

  // What the catalogue expects: sha -> the attachments that refer to it.
  const expected = new Map<string, Array<{ itemId: string; attachmentId: string; name: string; size: number }>>()
  for (const r of archive.catalog.all()) {
    counts.items++
    if (typeof r.title !== 'string' || !Array.isArray(r.attachments) || typeof r.modified !== 'string')
      add({ severity: 'error', kind: 'record-invalid', itemId: r.id, name: r.id, message: `Item ${r.id} lacks its title, attachments or dates in the catalogue.`, repairs: ['restore-snapshot'] })
    for (const a of r.attachments ?? []) {
      counts.attachments++
      let list = expected.get(a.sha256)
      if (!list) expected.set(a.sha256, (list = []))
      list.push({ itemId: r.id, attachmentId: a.id, name: a.name, size: a.size })
    }
  }

  // References that point nowhere: an item filed in a collection that is not in the workspace
  // (an import that wrote names where ids belong, a collections file restored from an older
  // backup). The item shows in no collection. Skipped when the workspace cannot load (the
  // damaged file is reported below).
  const workspace = await archive.workspace().catch(() => null)
  if (workspace) {
    const collectionIds = new Set(workspace.listCollections().map((c) => c.id))
    for (const r of archive.catalog.all())
      for (const c of r.collections ?? [])
        if (!collectionIds.has(c))
          add({
            severity: 'error',
            kind: 'reference-dangling',
            itemId: r.id,
            name: String(r.title).slice(0, 80),
            message: `Item ${r.id} (“${String(r.title).slice(0, 80)}”) is filed in a collection that does not exist (${JSON.stringify(c.slice(0, 80))}), so it shows in no collection.`,
            repairs: ['drop-references']
          })
  }

  // The catalogue as it is on disk (the loaded copy is in memory; damage since then shows here).
  const shardDir = path.join(root, 'catalog', 'items')
  const shardNames = (await listDir(shardDir)).filter((e) => e.isFile() && SHARD_FILE.test(e.name)).map((e) => e.name)

  // Stored files: in the archive folder's files/, or a team archive's files folder (its
  // paths in the report are then named from that folder's parent, as files/… is from the root).
  const storeDir = path.join(archive.files.folder, 'sha256')
  const stored: Array<{ sha: string; file: string }> = []
  for (const sub of await listDir(storeDir)) {
    const subPath = path.join(storeDir, sub.name)
    if (!sub.isDirectory()) {
      add({ severity: 'warning', kind: 'file-stray', path: relStored(subPath), message: `${relStored(subPath)} is not where stored files belong.` })
      continue
    }
    for (const f of await listDir(subPath)) {
      const file = path.join(subPath, f.name)
      if (f.isFile() && SHA.test(f.name) && f.name.startsWith(sub.name)) stored.push({ sha: f.name, file })
      else if (f.name.endsWith('.tmp')) await addDebris(file)
      else add({ severity: 'warning', kind: 'file-stray', path: relStored(file), message: `${relStored(file)} is not a stored file (its name is not its SHA-256).` })
    }
  }

  const total = stored.length + shardNames.length
  let done = 0
  const tick = (current: string) => onProgress?.({ done: ++done, total, current })
  onProgress?.({ done: 0, total, current: '' })

  // Catalogue files: small, so read synchronously (thousands of small async reads cost more in
  // thread-pool hops than the reads), yielding now and then so that the window stays live.
  for (let n = 0; n < shardNames.length; n++) {
    if (signal?.aborted) {
      cancelled = true
      break
    }
    if (n % 64 === 63) await new Promise((r) => setImmediate(r))
    const name = shardNames[n]
    counts.shards++
    const file = path.join(shardDir, name)
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { items: Record<string, { id?: string }> }
      const problem = shardProblem(data)
      if (problem) throw new Error(problem)
      for (const id of Object.keys(data.items))
        if (shardOf(id) !== name.slice(0, 3))
          add({ severity: 'warning', kind: 'record-misplaced', itemId: id, path: rel(file), message: `Item ${id} is kept in ${rel(file)}, not in the catalogue file its id belongs to.` })
    } catch (err) {
      add({
        severity: 'error',
        kind: 'shard-unreadable',
        path: rel(file),
        message: `The catalogue file ${rel(file)} is damaged (${(err as Error).message.slice(0, 120)}).`,
        repairs: ['restore-snapshot']
      })
    }
    tick(rel(file))
  }

  // The catalogue pack (a cache of the catalogue files, read when the archive opens).
  if (!cancelled) {
    const pack = await checkPack(root, () => new Promise((r) => setImmediate(r)))
    if (pack.state === 'unusable')
      add({
        severity: 'warning',
        kind: 'pack-unusable',
        path: PACK_PATH,
        message: `The catalogue pack ${PACK_PATH} cannot be used (${pack.problem}); opening reads the catalogue files instead and makes it again. Nothing is lost: it is a copy.`,
        repairs: ['reopen']
      })
    else if (pack.state === 'disagrees')
      add({
        severity: 'warning',
        kind: 'pack-unusable',
        path: PACK_PATH,
        message: `The catalogue pack ${PACK_PATH} disagrees with ${pack.files.length} catalogue file(s) that look unchanged since it was made (${pack.files.slice(0, 3).join(', ')}${pack.files.length > 3 ? ', …' : ''}), so opening would show their older records. Remove it (a copy: nothing is lost); it is made again from the catalogue files.`
      })
  }

  // Stored files: hashed a few at a time (a disk serves parallel reads faster, and hashing one
  // file while reading the next keeps a core busy).
  const seen = new Set<string>()
  await inParallel(cancelled ? [] : stored, HASH_CONCURRENCY, async ({ sha, file }) => {
    if (cancelled || signal?.aborted) {
      cancelled = true
      return
    }
    seen.add(sha)
    counts.storedFiles++
    const refs = expected.get(sha)
    let actual: { sha256: string; size: number }
    try {
      actual = await hashFile(file, signal)
      counts.bytesHashed += actual.size
    } catch (err) {
      if (signal?.aborted) {
        cancelled = true
        return
      }
      add({ severity: refs ? 'error' : 'warning', kind: 'file-unreadable', path: relStored(file), sha256: sha, message: `Cannot read the stored file ${relStored(file)}: ${(err as Error).message}`, repairs: refs ? ['relink', 'restore-from-bag'] : undefined })
      tick(relStored(file))
      return
    }
    if (!refs) {
      add({ severity: 'warning', kind: 'file-orphan', path: relStored(file), sha256: sha, message: `The stored file ${relStored(file)} (${actual.size} bytes) belongs to no item.` })
    } else if (actual.sha256 !== sha) {
      add({
        severity: 'error',
        kind: 'file-changed',
        path: relStored(file),
        sha256: sha,
        itemId: refs[0].itemId,
        attachmentId: refs[0].attachmentId,
        name: refs[0].name,
        message: `The stored file of "${refs[0].name}" (item ${refs[0].itemId}${refs.length > 1 ? ` and ${refs.length - 1} other(s)` : ''}) has changed: its SHA-256 is now ${actual.sha256}.`,
        repairs: ['relink', 'restore-from-bag']
      })
    } else {
      for (const ref of refs)
        if (ref.size !== actual.size)
          add({ severity: 'error', kind: 'file-size', path: relStored(file), sha256: sha, itemId: ref.itemId, attachmentId: ref.attachmentId, name: ref.name, message: `The catalogue gives "${ref.name}" (item ${ref.itemId}) ${ref.size} bytes; the stored file has ${actual.size}.` })
    }
    tick(relStored(file))
  })
  if (!cancelled)
    for (const [sha, refs] of expected) {
      if (seen.has(sha)) continue
      for (const ref of refs)
        add({
          severity: 'error',
          kind: 'file-missing',
          sha256: sha,
          itemId: ref.itemId,
          attachmentId: ref.attachmentId,
          path: relStored(archive.files.pathOf(sha)),
          name: ref.name,
          message: `The file of attachment "${ref.name}" (item ${ref.itemId}) is missing from the archive.`,
          repairs: ['relink', 'restore-from-bag']
        })
    }

  if (!cancelled) {
    // Texts: one file per item; a text without an item is what an interrupted create leaves.
    const textDir = path.join(root, 'text')
    for (const sub of await listDir(textDir)) {
      if (!sub.isDirectory()) continue
      for (const f of await listDir(path.join(textDir, sub.name))) {
        const file = path.join(textDir, sub.name, f.name)
        if (f.name.endsWith('.tmp')) {
          await addDebris(file)
          continue
        }
        counts.texts++
        const id = f.name.replace(/\.json$/, '')
        const known = archive.catalog.get(id) !== undefined
        if (counts.texts % 64 === 0) await new Promise((r) => setImmediate(r))
        try {
          JSON.parse(readFileSync(file, 'utf8'))
        } catch {
          add({ severity: known ? 'error' : 'warning', kind: 'text-unreadable', itemId: id, path: rel(file), message: `The text file ${rel(file)} is damaged.` })
          continue
        }
        if (!known) add({ severity: 'warning', kind: 'text-orphan', path: rel(file), message: `The text file ${rel(file)} belongs to no item (left by an interrupted creation).` })
      }
    }

    // Temp debris: the next open clears it; reported so that a person knows a crash happened.
    // tmp/staging holds uploads waiting for a review or an import a window still has open
    // (uploads are staged whole before any job starts): an ordinary state, not a crash's
    // leftover, and cleared at the next open like the rest of tmp/.
    for (const dir of [path.join(root, 'tmp'), path.join(root, 'files', 'incoming')])
      for (const f of await listDir(dir)) if (!(dir.endsWith('tmp') && f.name === 'staging')) await addDebris(path.join(dir, f.name))
    for (const f of await listDir(shardDir)) if (f.name.endsWith('.tmp')) await addDebris(path.join(shardDir, f.name))

    // Journal: a line that does not parse is what a crash mid-append leaves. The changes that a
    // crash interrupted and the next open finished or rolled back are reported until a check
    // has been run and journalled after them.
    const journalDir = path.join(root, 'journal')
    let recoveries: Array<RecoveredBatch & { t: string }> = []
    for (const f of (await listDir(journalDir)).filter((e) => e.name.endsWith('.jsonl')).map((e) => e.name).sort()) {
      const file = path.join(journalDir, f)
      const lines = (await fsp.readFile(file, 'utf8')).split('\n')
      lines.forEach((line, i) => {
        if (line === '') return
        counts.journalLines++
        try {
          const e = JSON.parse(line) as { op?: string }
          if (e.op === 'check') recoveries = []
          else if (e.op === RECOVERY_OP) recoveries.push(e as RecoveredBatch & { t: string })
        } catch {
          add({ severity: 'warning', kind: 'journal-torn', path: rel(file), message: `Line ${i + 1} of ${rel(file)} is cut off (a crash while writing it); the change it describes may be undocumented.` })
        }
      })
    }

    for (const r of recoveries)
      add({
        severity: 'warning',
        kind: 'change-interrupted',
        path: `intents/${r.batch}`,
        message:
          r.outcome === 'completed'
            ? `The change “${r.label}” (begun ${r.created}) was interrupted by a crash after it was fully staged, and was completed when the archive opened again (${r.t}): all of its ${r.files} file(s) hold it.`
            : `The change${r.label ? ` “${r.label}”` : ''} was interrupted by a crash before it began to apply, and was rolled back when the archive opened again (${r.t}): none of it was kept, and nothing else was touched.`
      })

    const index = await (options.indexStatus ?? indexStatusOf)(archive)
    if (index.state === 'stale')
      add({ severity: 'warning', kind: 'index-stale', path: 'index', message: `The search index is out of date${index.detail ? ` (${index.detail})` : ''}; searches may miss recent changes.`, repairs: ['rebuild-index'] })
    else if (index.state === 'missing')
      add({ severity: 'warning', kind: 'index-missing', path: 'index', message: `The search index cannot be read${index.detail ? ` (${index.detail})` : ''}.`, repairs: ['rebuild-index'] })
  }

  // Parallel hashing finishes in any order; a report reads the same every time.
  issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.kind.localeCompare(b.kind) || (a.path ?? '').localeCompare(b.path ?? ''))
  for (const i of issues) i.severity === 'error' ? counts.errors++ : counts.warnings++
  return {
    archive: root,
    archiveId: archive.manifest.id,
    started,
    finished: new Date().toISOString(),
    ok: counts.errors === 0 && !cancelled,
    cancelled,
    counts,
    issues
  }

  async function addDebris(file: string): Promise<void> {
    try {
      const st = await fsp.stat(file)
      if (Date.now() - st.mtimeMs < debrisAge) return
    } catch {
      return
    }
    add({ severity: 'warning', kind: 'temp-debris', path: rel(file), message: `${rel(file)} is a temporary file left by an interrupted write; it holds nothing committed and goes at the next open.`, repairs: ['reopen'] })
  }
}
