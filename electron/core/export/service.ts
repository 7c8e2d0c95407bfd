// Exports as jobs: the scope (everything, a search, a collection, a tag, chosen ids) is resolved to
// item ids, the export runs with progress and cancel, and its summary ends the job.
import { promises as fsp, rmSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ExportScope } from '../../../shared/contract'
import type { ExportFormat } from '../../../shared/exportFormats'
import type { Archive } from '../Archive'
import { CoreError } from '../errors'
import { newId } from '../ids'
import { startAnnouncedJob, type Job } from '../jobs/JobRunner'
import { exportItems } from './exportItems'
import { importBag } from './importBag'
import { collectionPathParts, findCollections, withDescendants } from '../workspace/collectionPaths'
import { isSameOrBelow, normaliseTagName } from '../workspace/names'
import { COLLECTION_PATH_SEPARATOR } from './catalogueRecords'
import { OUTPUT_KIND, FORMAT_EXTENSION } from './types'

/** The ids an export covers, in a stable order (date, then title), and what the bag says they are. */
export async function resolveScope(archive: Archive, scope: ExportScope): Promise<{ ids: string[]; collection?: { name: string; description?: string } }> {
  const live = [...archive.catalog.all()].filter((r) => r.trashed === null)
  const order = (ids: Set<string>) =>
    live
      .filter((r) => ids.has(r.id))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.title.localeCompare(b.title)))
      .map((r) => r.id)
  switch (scope.kind) {
    case 'all':
      return { ids: order(new Set(live.map((r) => r.id))) }
    case 'ids':
      for (const id of scope.ids) if (!archive.catalog.get(id)) throw new CoreError('NOT_FOUND', `No item with id ${id}.`, 'ids', { reason: 'ITEM_NOT_FOUND', id })
      return { ids: scope.ids }
    case 'collection': {
      // A collection is named by its id, its name or its path; its sub-collections' items come along unless told not to.
      const all = (await archive.workspace()).listCollections()
      const found = findCollections(all, scope.name)
      if (found.length === 0) throw new CoreError('NOT_FOUND', `There is no collection named "${scope.name}".`, 'collection', { reason: 'COLLECTION_NAME_UNKNOWN', name: scope.name })
      if (found.length > 1) {
        const paths = found.map((c) => `"${collectionPathParts(all, c.id).join('/')}"`).join(', ')
        throw new CoreError('INVALID_INPUT', `Several collections are named "${scope.name}" (${paths}); name one by its path.`, 'collection', { reason: 'COLLECTION_NAME_AMBIGUOUS', name: scope.name, paths })
      }
      const c = all.find((x) => x.id === found[0].id)!
      const wanted = scope.withSubcollections === false ? new Set([c.id]) : withDescendants(all, [c.id])
      const ids = new Set(live.filter((r) => r.collections.some((id) => wanted.has(id))).map((r) => r.id))
      const name = collectionPathParts(all, c.id).join(COLLECTION_PATH_SEPARATOR)
      if (ids.size === 0) throw new CoreError('NOT_FOUND', `The collection "${name}" holds no item.`, 'collection', { reason: 'COLLECTION_EMPTY', name })
      // The collection's own manual order first, then the rest by date.
      const manual = c.order.filter((id) => ids.has(id))
      const placed = new Set(manual)
      const rest = order(ids).filter((id) => !placed.has(id))
      return { ids: [...manual, ...rest], collection: { name, description: c.description || undefined } }
    }
    case 'tag': {
      const tag = normaliseTagName(scope.name, 'name')
      const ids = new Set(live.filter((r) => r.tags.some((t) => isSameOrBelow(t, tag))).map((r) => r.id))
      if (ids.size === 0) throw new CoreError('NOT_FOUND', `No item is tagged "${tag}".`, 'name', { reason: 'TAG_UNUSED', name: tag })
      return { ids: order(ids), collection: { name: `Tag: ${tag}` } }
    }
    case 'query': {
      const ids = new Set(await archive.search.ids(scope.q, { limit: Number.MAX_SAFE_INTEGER }))
      return { ids: order(ids), collection: { name: `Search: ${scope.q}` } }
    }
  }
}

/** Runs an export as a job; its outcome (the summary) is announced as jobs:finished. */
export function runExportJob(
  archive: Archive,
  scope: ExportScope,
  format: ExportFormat,
  out: string,
  opts: { overwrite?: boolean; withoutNotes?: boolean } = {}
): Job<unknown> {
  return startAnnouncedJob(archive, 'export', 0, async (ctx) => {
    const { ids, collection } = await resolveScope(archive, scope)
    if (ids.length === 0) throw new CoreError('INVALID_INPUT', 'There is nothing to export: the selection is empty.', undefined, { reason: 'NOTHING_TO_EXPORT' })
    ctx.setTotal(ids.length)
    return exportItems(archive, ids, {
      format,
      out,
      overwrite: opts.overwrite ?? false,
      withoutNotes: opts.withoutNotes ?? false,
      collection,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.done, p.current)
    })
  })
}

/**
 * Browser harness downloads. An export may never be written inside the archive, so it goes to
 * the system's temp folder, which other users share: each open archive gets a private folder
 * there (mkdtemp: a fresh random name nobody can create first, mode 0700), one folder per
 * token inside it. A download is removed once it has been sent, and the whole folder when the
 * host stops (discardDownloads) or the process exits.
 */
const downloadRoots = new WeakMap<Archive, Promise<string>>()
const exitHandlers = new Map<string, () => void>()

function downloadRoot(archive: Archive): Promise<string> {
  let root = downloadRoots.get(archive)
  if (!root) {
    root = fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-exports-')).then(async (dir) => {
      await fsp.chmod(dir, 0o700)
      // A process that ends without stopping the host (Ctrl+C in a terminal, a test run) still
      // leaves nothing behind; a SIGKILL cannot be caught, and its folder stays private.
      const atExit = () => rmSync(dir, { recursive: true, force: true })
      process.once('exit', atExit)
      exitHandlers.set(dir, atExit)
      return dir
    })
    downloadRoots.set(archive, root)
  }
  return root
}

const TOKEN = /^[0-9a-z]{8,40}$/

export async function prepareDownload(archive: Archive, scope: ExportScope, format: ExportFormat, opts: { withoutNotes?: boolean } = {}): Promise<{ jobId: string; token: string }> {
  const token = newId()
  const dir = path.join(await downloadRoot(archive), token)
  await fsp.mkdir(dir, { mode: 0o700 })
  const name = `presskeep-${format}${OUTPUT_KIND[format] === 'file' ? FORMAT_EXTENSION[format] : ''}`
  const job = runExportJob(archive, scope, format, path.join(dir, name), opts)
  return { jobId: job.id, token }
}

/** The finished download of a token: a file, or a folder (the host zips it). */
export async function downloadOf(archive: Archive, token: string): Promise<{ path: string; kind: 'file' | 'folder' }> {
  const root = downloadRoots.get(archive)
  if (!TOKEN.test(token) || !root) throw new CoreError('NOT_FOUND', 'No such export.', undefined, { reason: 'EXPORT_GONE' })
  const dir = path.join(await root, token)
  // Only the finished export: the exporter writes under a hidden name and renames it when done.
  const names = (await fsp.readdir(dir).catch(() => [])).filter((n) => !n.startsWith('.'))
  if (names.length !== 1) throw new CoreError('NOT_FOUND', 'That export is not ready.', undefined, { reason: 'EXPORT_GONE' })
  const p = path.join(dir, names[0])
  return { path: p, kind: (await fsp.stat(p)).isDirectory() ? 'folder' : 'file' }
}

/** After its download: the export's folder is removed (a second download of it is refused). */
export async function releaseDownload(archive: Archive, token: string): Promise<void> {
  const root = downloadRoots.get(archive)
  if (TOKEN.test(token) && root) await fsp.rm(path.join(await root, token), { recursive: true, force: true })
}

/** When the host stops: every download of this archive not yet fetched is removed. */
export async function discardDownloads(archive: Archive): Promise<void> {
  const root = downloadRoots.get(archive)
  if (!root) return
  downloadRoots.delete(archive)
  const dir = await root
  await fsp.rm(dir, { recursive: true, force: true })
  const atExit = exitHandlers.get(dir)
  if (atExit) process.removeListener('exit', atExit)
  exitHandlers.delete(dir)
}

export async function importBagFrom(archive: Archive, bagPath: string): Promise<unknown> {
  return importBag(archive, bagPath)
}
