// Extraction off the main thread: heavy formats go to a shared pool of worker threads.
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { WorkerPool, WorkerPoolError } from '../../jobs/WorkerPool'
import type { Extracted, ExtractOptions, ExtractWhere } from './types'
import type { FileFormat } from './detect'
import { extractFile, HEAVY_FORMATS } from './extract'
import { ImportIssue, type IssueCode } from './util'
import { workerScriptFor } from '../../jobs/workerScript'

const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url))

let pool: WorkerPool | null = null
function sharedPool(): WorkerPool {
  if (pool) return pool
  const w = workerScriptFor(here, 'extractWorker')
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
