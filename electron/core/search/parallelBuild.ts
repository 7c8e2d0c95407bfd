// The bulk build on every core: the items are cut into batches; worker threads (one fewer
// than the cores, the calling thread being the last) and the calling thread analyse them
// (engine/batch.ts: tokenising, folding and stemming each distinct form once per batch,
// neighbour signatures, grouping by term), and the calling thread merges the batches in item
// order (engine/indexer.ts), then packs the postings. Analysis was about two thirds of a
// build's CPU time; merging and packing stay on one thread.
// Without workers (one core, or the worker script missing from a build) it is the plain
// one-thread build, with the same result: the index does not depend on how it was built
// (tests/unit/search/parallelBuild.test.ts).
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { workerScriptFor } from '../jobs/workerScript'
import { analyseBatch, type AnalysedBatch } from './engine/batch'
import { buildPacked, finishBuild, mergeBatch, PostingsBuilder } from './engine/indexer'
import type { IndexState } from './engine/state'
import type { SearchDoc } from './types'

/** Items per batch: big enough to keep the workers' per-message cost small, small enough to spread the work. */
const BATCH = 4000

export type ParallelBuildOptions = { threads?: number; onProgress?: (done: number) => void; /** Items per batch (BATCH unless given). */ batchSize?: number }

/** Builds the (empty) index from `docs` with `threads` threads (default: the cores, at most 4); says how many batches workers analysed. */
export async function buildInParallel(index: IndexState, docs: Iterable<SearchDoc>, options: ParallelBuildOptions = {}): Promise<{ workerBatches: number }> {
  // Items without an id, and later items with an id seen before, are left out, as by the one-thread build.
  const seen = new Set<string>()
  const items: SearchDoc[] = []
  for (const d of docs) {
    if (!d || typeof d.id !== 'string' || seen.has(d.id)) continue
    seen.add(d.id)
    items.push(d)
  }
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), 4))
  const batch = Math.max(1, Math.floor(options.batchSize ?? BATCH))
  const workers = threads > 1 && items.length > batch ? startWorkers(threads - 1) : []
  if (workers.length === 0) {
    buildPacked(index, items, options.onProgress)
    return { workerBatches: 0 }
  }
  try {
    return await analyseAndMerge(index, items, batch, workers, options.onProgress)
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

function startWorkers(n: number): Worker[] {
  try {
    const { script, eval: isEval } = workerScriptFor(__dirname, 'analyseWorker')
    return Array.from({ length: n }, () => new Worker(script, { eval: isEval }))
  } catch {
    return []
  }
}

async function analyseAndMerge(index: IndexState, items: SearchDoc[], batchSize: number, workers: Worker[], onProgress?: (done: number) => void): Promise<{ workerBatches: number }> {
  const batches: SearchDoc[][] = []
  for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize))
  const done: Array<AnalysedBatch | undefined> = new Array(batches.length)
  let next = 0
  let merged = 0
  let failure: Error | null = null
  let workerBatches = 0
  let wake: (() => void) | null = null
  const give = (w: Worker) => {
    if (next < batches.length) w.postMessage({ seq: next, docs: batches[next++] })
  }
  for (const w of workers) {
    w.on('message', (msg: { seq: number; batch?: AnalysedBatch; error?: string }) => {
      if (msg.error !== undefined) failure ??= new Error(`Analysing items for the search index failed: ${msg.error}`)
      else {
        done[msg.seq] = msg.batch
        workerBatches++
      }
      give(w)
      wake?.()
    })
    w.on('error', (err) => {
      failure ??= err
      wake?.()
    })
    w.on('exit', () => {
      if (merged < batches.length) failure ??= new Error('A worker analysing items for the search index stopped.')
      wake?.()
    })
    give(w)
  }
  const builder = new PostingsBuilder()
  while (merged < batches.length) {
    if (failure) throw failure
    if (done[merged]) {
      mergeBatch(index, builder, batches[merged], done[merged]!)
      done[merged] = undefined
      merged++
      onProgress?.(index.cols.id.length)
    } else if (next < batches.length) {
      // This thread analyses a batch too, rather than wait.
      const seq = next++
      done[seq] = analyseBatch(batches[seq])
    } else {
      await new Promise<void>((resolve) => (wake = resolve))
      wake = null
    }
    // Let the workers' answers in.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  finishBuild(index, builder)
  return { workerBatches }
}
