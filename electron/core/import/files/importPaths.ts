// importPaths: files and folders → items with their source attached, text extracted,
// provenance recorded; each file is committed whole, in order, so a cancelled or killed
// import leaves the files finished in and the rest out, and running it again continues.
import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { ItemCreateSchema, LIMITS, type ItemCreate, type Warning } from '../../../../shared/model'
import type { Archive } from '../../Archive'
import { writeOcrWords } from '../../viewer/ocrWords'
import { writeFileAtomic } from '../../fsutil'
import type { ColumnMapping, Extracted, ExtractOptions, ImportOptions } from './types'
import { extractOffThread } from './pool'
import { walkPaths, type WalkedFile } from './walk'
import { fsIssue, ImportIssue, longField, shortField, titleFromFileName, warning, type IssueCode } from './util'
import { startAnnouncedJob, type Job } from '../../jobs/JobRunner'
import { CoreError } from '../../errors'
import { diskFullError, isDiskFull } from '../../fullWrite'

export type ImportLine = { path: string; code: IssueCode; message: string }

export type ImportSummary = {
  /** Files considered after walking folders. */
  total: number
  /** Files imported (fully or the part missing from an earlier, interrupted run). */
  imported: number
  /** Items created. */
  itemIds: string[]
  /** Not imported, on purpose: already in the archive, unsupported, hidden, empty... */
  skipped: ImportLine[]
  /** Not imported because something went wrong with that file. */
  failed: ImportLine[]
  /** Items created that look like ones already there (same title and date). */
  duplicates: Array<{ path: string; itemId: string; similarTo: string }>
  cancelled: boolean
  durationMs: number
}

export type { ImportOptions, ImportProgress } from './types'

const FILE_IMPORT = 'file-import'
const ENTRY = /#entry=(\d+)$/

/** Where an item's preview image is kept: a rebuildable cache beside the search index. */
export function thumbnailPath(archive: Archive, sha256: string): string {
  return path.join(archive.root, 'index', 'thumbs', sha256.slice(0, 2), `${sha256}.jpg`)
}

type Known = { entries: Map<number, { itemId: string; attached: boolean }> }

/** What earlier imports left: per source checksum, which entries exist and whether the file is attached. */
function knownImports(archive: Archive): Map<string, Known> {
  const known = new Map<string, Known>()
  for (const r of archive.catalog.all()) {
    const sha = r.provenance?.sha256
    if (!sha || r.provenance?.method !== FILE_IMPORT) continue
    const m = ENTRY.exec(r.provenance.source ?? '')
    const entry = m ? Number(m[1]) : 0
    let k = known.get(sha)
    if (!k) known.set(sha, (k = { entries: new Map() }))
    k.entries.set(entry, { itemId: r.id, attached: r.attachments.some((a) => a.sha256 === sha) })
  }
  return known
}

function attachedShas(archive: Archive): Set<string> {
  const s = new Set<string>()
  for (const r of archive.catalog.all()) for (const a of r.attachments) s.add(a.sha256)
  return s
}

const nearKey = (title: string, date: string) => `${title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}|${date}`

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  } catch (err) {
    throw fsIssue(file, err)
  }
  return hash.digest('hex')
}

type Prepared =
  | { kind: 'skip'; line: ImportLine }
  | { kind: 'fail'; line: ImportLine }
  | { kind: 'disk-full'; err: unknown }
  | { kind: 'extracted'; sha: string; extracted: Extracted; known?: Known }

export async function importPaths(archive: Archive, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now()
  const signal = options.signal
  const summary: ImportSummary = { total: 0, imported: 0, itemIds: [], skipped: [], failed: [], duplicates: [], cancelled: false, durationMs: 0 }
  if (paths.length > LIMITS.pathsPerCall)
    throw new CoreError('INVALID_INPUT', `At most ${LIMITS.pathsPerCall} paths per import; split the list.`, 'paths', { reason: 'TOO_MANY_PATHS', max: LIMITS.pathsPerCall })
  const walked = await walkPaths(paths, signal)
  summary.skipped.push(...walked.skipped)
  summary.failed.push(...walked.failed)
  const files = walked.files
  // Files found but not importable as they are (a name that is not UTF-8) count among the files considered.
  summary.total = files.length + walked.failed.length
  const report = (done: number, current: string) => options.onProgress?.({ done, total: files.length, current })
  report(0, '')

  const known = knownImports(archive)
  const attached = attachedShas(archive)
  const near = new Map<string, string>()
  for (const r of archive.catalog.all()) if (!r.trashed && r.date) near.set(nearKey(r.title, r.date), r.id)
  const seenThisRun = new Map<string, string>()

  const rememberedMappings = await archive.columnMappings.all()
  const extractOpts = (f: WalkedFile): ExtractOptions => ({
    signal,
    ocr: options.ocr,
    ocrLanguages: options.ocrLanguages,
    mapping: options.mappings?.[f.path] ?? options.mapping,
    rememberedMappings
  })

  const prepare = async (f: WalkedFile): Promise<Prepared> => {
    try {
      const sha = await sha256Of(f.path)
      const k = known.get(sha)
      if (k && isComplete(k, sha)) return { kind: 'skip', line: { path: f.path, code: 'ALREADY_IMPORTED', message: `${path.basename(f.path)} is already in the archive (item ${k.entries.values().next().value!.itemId}).` } }
      if (!k && attached.has(sha) && !f.format.match(/^(feed|csv|json)$/))
        return { kind: 'skip', line: { path: f.path, code: 'ALREADY_IMPORTED', message: `${path.basename(f.path)} is already in the archive (attached to an item).` } }
      const extracted = await extractOffThread(f.path, f.format, extractOpts(f), options.extractIn ?? 'auto')
      return { kind: 'extracted', sha, extracted, known: k }
    } catch (err) {
      if (isDiskFull(err)) return { kind: 'disk-full', err }
      if (err instanceof ImportIssue) {
        if (err.issue === 'CANCELLED') return { kind: 'skip', line: { path: f.path, code: 'CANCELLED', message: 'Not imported: the import was cancelled.' } }
        const line = { path: f.path, code: err.issue, message: err.message }
        return err.issue === 'UNSUPPORTED' || err.issue === 'EMPTY' ? { kind: 'skip', line } : { kind: 'fail', line }
      }
      return { kind: 'fail', line: { path: f.path, code: 'INTERNAL', message: `${path.basename(f.path)} could not be imported: ${(err as Error)?.message ?? err}` } }
    }
  }

  const isComplete = (k: Known, sha: string) => {
    // A single-item file is complete when its item exists with the file attached; a
    // container (feed, table) when none of its entries is missing — which is known
    // only after extraction, so containers are always re-read.
    const e0 = k.entries.get(0)
    return !!e0 && e0.attached && k.entries.size === 1 && attached.has(sha)
  }

  // A full disk fails every file after it the same way: the import stops there, rather than
  // listing thousands of failures (and calling the import done), and says how to go on.
  const stopForFullDisk = async (f: WalkedFile, err: unknown): Promise<CoreError> => {
    await Promise.allSettled(pending)
    const done = summary.imported
    return new CoreError(
      'DISK_FULL',
      `${diskFullError(`the copy of ${path.basename(f.path)}`, err).message.replace(/ Nothing already.*$/, '')} The import stopped there: ${done} of ${files.length} files were imported before. Free some space and run the same import again; the files already in are skipped.`
    )
  }

  const lookahead = Math.max(1, options.lookahead ?? 2)
  const pending: Array<Promise<Prepared>> = []
  let next = 0
  const fill = () => {
    while (next < files.length && pending.length < lookahead + 1 && !signal?.aborted) pending.push(prepare(files[next++]))
  }
  fill()
  for (let i = 0; i < files.length; i++) {
    if (signal?.aborted) break
    const f = files[i]
    report(i, f.path)
    const p = await pending.shift()!
    fill()
    if (signal?.aborted) break
    if (p.kind === 'disk-full') throw await stopForFullDisk(f, p.err)
    if (p.kind === 'skip') summary.skipped.push(p.line)
    else if (p.kind === 'fail') summary.failed.push(p.line)
    else {
      const dupOf = seenThisRun.get(p.sha)
      if (dupOf) summary.skipped.push({ path: f.path, code: 'DUPLICATE_IN_BATCH', message: `${path.basename(f.path)} is the same file as ${dupOf}, imported just before.` })
      else {
        try {
          const created = await commit(archive, f, p.sha, p.extracted, p.known, near, options.defaults, options.sources?.[f.path])
          seenThisRun.set(p.sha, f.path)
          if (created.changed) summary.imported++
          else summary.skipped.push({ path: f.path, code: 'ALREADY_IMPORTED', message: `${path.basename(f.path)} is already in the archive.` })
          summary.itemIds.push(...created.ids)
          for (const d of created.duplicates) summary.duplicates.push({ path: f.path, ...d })
          attached.add(p.sha)
        } catch (err) {
          if (isDiskFull(err)) throw await stopForFullDisk(f, err)
          const issue = err instanceof ImportIssue ? err.issue : 'INTERNAL'
          summary.failed.push({ path: f.path, code: issue, message: (err as Error)?.message ?? String(err) })
        }
      }
    }
    report(i + 1, f.path)
  }
  if (signal?.aborted) {
    summary.cancelled = true
    // Let extractions already started settle before returning (nothing of theirs is committed).
    await Promise.allSettled(pending)
  }
  summary.durationMs = Date.now() - started
  return summary
}

/** Keeps what the model accepts: a field that does not validate is dropped with a warning. */
function validFields(fields: Record<string, unknown>, warnings: Warning[]): ItemCreate {
  const r = ItemCreateSchema.safeParse(fields)
  if (r.success) return r.data
  const clean: Record<string, unknown> = { ...fields }
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '')
    if (key && key !== 'title' && key in clean) {
      delete clean[key]
      warnings.push(warning('FIELD_DROPPED', `${key} was not kept: ${issue.message}`))
    }
  }
  const again = ItemCreateSchema.safeParse(clean)
  if (again.success) return again.data
  return { title: shortField(fields.title) || 'Untitled', warnings: warnings.slice(0, 100), provenance: fields.provenance as ItemCreate['provenance'] }
}

type Commit = { changed: boolean; ids: string[]; duplicates: Array<{ itemId: string; similarTo: string }> }

async function commit(
  archive: Archive,
  f: WalkedFile,
  sha: string,
  x: Extracted,
  known: Known | undefined,
  near: Map<string, string>,
  defaults: Partial<ItemCreate> | undefined,
  /** How the provenance names the file when its path here is not where it came from (an upload). */
  origin?: string
): Promise<Commit> {
  const importedAt = new Date().toISOString()
  const out: Commit = { changed: false, ids: [], duplicates: [] }
  const toCreate = (e: Extracted, entry: number): ItemCreate => {
    const warnings: Warning[] = [...e.warnings]
    const fields: Record<string, unknown> = {
      ...defaults,
      ...e.fields,
      title: shortField(e.fields.title) || titleFromFileName(f.path),
      provenance: {
        method: FILE_IMPORT,
        source: shortField(entry === 0 ? (origin ?? f.path) : `${origin ?? f.path}#entry=${entry}`),
        sha256: sha,
        importedAt
      }
    }
    if (e.text) fields.body = longField(e.text)
    const item = validFields(fields, warnings)
    if (item.date) {
      const similar = near.get(nearKey(item.title, item.date))
      if (similar) warnings.push(warning('DUPLICATE', `Looks like item ${similar} (same title and date).`))
    }
    item.warnings = [...(defaults?.warnings ?? []), ...warnings].slice(0, 100)
    return item
  }
  const afterCreate = (items: Array<{ id: string; title: string; date: string; warnings: Warning[] }>) => {
    for (const it of items) {
      out.ids.push(it.id)
      const dup = it.warnings.find((w) => w.code === 'DUPLICATE')
      if (dup) out.duplicates.push({ itemId: it.id, similarTo: /item (\w+)/.exec(dup.message)?.[1] ?? '' })
      if (it.date) near.set(nearKey(it.title, it.date), it.id)
    }
  }

  // Store the source first: if it vanished since it was read, nothing is created.
  const storeSource = async () => {
    let stored
    try {
      stored = await archive.files.putPath(f.path)
    } catch (err) {
      if (isDiskFull(err)) throw err
      throw (err as NodeJS.ErrnoException).code ? fsIssue(f.path, err) : new ImportIssue(/no such file/.test((err as Error).message) ? 'GONE' : 'UNREADABLE', (err as Error).message)
    }
    if (stored.sha256 !== sha) throw new ImportIssue('UNREADABLE', `${path.basename(f.path)} changed while it was being imported; import it again.`)
    return stored
  }

  if (x.children) {
    // Feeds and tables: one item per entry; the entries an interrupted run created are kept.
    const todo: ItemCreate[] = []
    x.children.forEach((c, i) => {
      if (!known?.entries.has(i + 1)) todo.push(toCreate(c, i + 1))
    })
    if (todo.length === 0) return out
    // Each entry keeps the feed or table it came from as its source attachment (stored once:
    // the file store is content-addressed), so its provenance can be checked against the original.
    const stored = await storeSource()
    const source = [{ name: path.basename(f.path), sha256: sha, size: stored.size }]
    // Batches: one catalogue write per batch rather than per entry.
    const workspace = await archive.workspace()
    for (let i = 0; i < todo.length; i += 500) {
      const prepared = await workspace.prepareImported(todo.slice(i, i + 500))
      afterCreate(await workspace.items.createWithFiles(prepared.map((fields) => ({ fields, files: source })), { op: 'import' }))
    }
    out.changed = true
    return out
  }

  const stored = await storeSource()
  if (x.thumbnail) {
    await writeFileAtomic(thumbnailPath(archive, sha), x.thumbnail).catch(() => {})
  }
  // Like the thumbnail, the word boxes are derived: without them the viewer only lacks marks on the scan.
  if (x.ocrWords?.length) await writeOcrWords(archive.root, sha, x.ocrWords).catch(() => {})
  // The e-mail's own attachments go into the file store first, then everything is
  // committed in one write: the item, its source file and attachments, their texts.
  const files: Array<{ name: string; sha256: string; size: number; text?: string }> = [
    { name: path.basename(f.path), sha256: sha, size: stored.size }
  ]
  for (const a of x.attachments ?? []) {
    const source = a.buffer ? Readable.from([a.buffer]) : a.path ? createReadStream(a.path) : null
    if (!source) continue
    const s = await archive.files.putStream(source)
    files.push({ name: a.name, sha256: s.sha256, size: s.size, text: a.text ? longField(a.text) : undefined })
  }
  const itemId = known?.entries.get(0)?.itemId
  if (!itemId) {
    const workspace = await archive.workspace()
    const [fields] = await workspace.prepareImported([toCreate(x, 0)])
    const [item] = await workspace.items.createWithFiles([{ fields, files }], { op: 'import', undoable: false })
    afterCreate([item])
  } else {
    // An earlier run created the item but stopped before attaching its file: the files (all
    // already in the store) and their texts are attached in one change.
    await (await archive.items()).attach(itemId, files)
  }
  out.changed = true
  return out
}

/** importPaths as a job of the archive: progress goes out as jobs:progress events, the summary as jobs:finished. */
/**
 * cleanup (e.g. removing the uploads the job read) runs inside the job, so that when the job is
 * announced as finished, cancelled or failed, nothing of it is left in the archive's tmp/.
 */
export function startImportJob(archive: Archive, paths: string[], options: Omit<ImportOptions, 'signal' | 'onProgress'> = {}, cleanup?: () => Promise<void> | void): Job<ImportSummary> {
  return startAnnouncedJob(archive, 'import', 0, async (ctx) => {
    try {
      return await importPaths(archive, paths, {
        ...options,
        signal: ctx.signal,
        onProgress: (p) => {
          ctx.setTotal(p.total)
          ctx.progress(p.done, p.current)
        }
      })
    } finally {
      await cleanup?.()
    }
  })
}
