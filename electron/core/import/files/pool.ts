// Extraction off the main thread: heavy formats go to a shared pool of worker threads.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { WorkerPool, WorkerPoolError } from '../../jobs/WorkerPool'
import type { Extracted, ExtractOptions, ExtractWhere } from './types'
import type { FileFormat } from './detect'
import { extractFile, HEAVY_FORMATS } from './extract'
import { ImportIssue, type IssueCode } from './util'
import { localRequire } from './resolve'

const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url))
let scriptOverride: string | null = null

/** Where the built worker is (the app passes out/main/extractWorker.js when it differs). */
export function setExtractWorkerScript(file: string): void {
  scriptOverride = file
}

function workerScript(): { script: string; eval: boolean } | null {
  if (scriptOverride) return { script: scriptOverride, eval: false }
  const js = path.join(here, 'extractWorker.js')
  if (fs.existsSync(js)) return { script: js, eval: false }
  const ts = path.join(here, 'extractWorker.ts')
  if (!fs.existsSync(ts)) return null
  // Development and tests run the TypeScript source through tsx's require hook (Node 20
  // does not apply --import loaders inside worker threads).
  const tsx = localRequire.resolve('tsx/cjs')
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)})`, eval: true }
}

let pool: WorkerPool | null = null
function sharedPool(): WorkerPool | null {
  if (pool) return pool
  const w = workerScript()
  if (!w) return null
  pool = new WorkerPool(w.script, {
    size: Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length)),
    eval: w.eval,
    // A hostile file may exhaust a worker's heap, not the app's.
    resourceLimits: { maxOldGenerationSizeMb: 1536 }
  })
  return pool
}

/** Structured clone turns Buffers into Uint8Arrays; give callers Buffers back. */
function rehydrate(x: Extracted): Extracted {
  if (x.thumbnail && !Buffer.isBuffer(x.thumbnail)) x.thumbnail = Buffer.from(x.thumbnail as Uint8Array)
  for (const a of x.attachments ?? []) if (a.buffer && !Buffer.isBuffer(a.buffer)) a.buffer = Buffer.from(a.buffer as Uint8Array)
  for (const c of x.children ?? []) rehydrate(c)
  return x
}

export type { ExtractWhere } from './types'

/** Extracts a file, in a worker thread for heavy formats (or always/never, per `where`). */
export async function extractOffThread(
  file: string,
  format: FileFormat | null,
  opts: ExtractOptions,
  where: ExtractWhere = 'auto'
): Promise<Extracted> {
  const useWorker = where === 'worker' || (where === 'auto' && format !== null && HEAVY_FORMATS.has(format))
  const p = useWorker ? sharedPool() : null
  if (!p) return extractFile(file, opts, format)
  const { signal, ...plain } = opts
  try {
    return rehydrate(await p.run<Extracted>({ file, format, opts: plain }, signal))
  } catch (err) {
    if (err instanceof WorkerPoolError) {
      if (err.reason === 'aborted') throw new ImportIssue('CANCELLED', 'The import was cancelled.')
      throw new ImportIssue('INTERNAL', `${path.basename(file)} could not be read: ${err.message}`)
    }
    const e = err as { issue?: IssueCode; message?: string }
    if (e && typeof e === 'object' && e.issue) throw new ImportIssue(e.issue, e.message ?? 'extraction failed')
    throw err
  }
}

/** Ends the extraction workers (at app quit, or after tests). */
export async function shutdownExtraction(): Promise<void> {
  const p = pool
  pool = null
  await p?.close()
}
