// Rebuilds an archive's search index off the main thread: reads the catalogue and texts
// (read-only: every file there is replaced atomically, never changed in place), builds,
// saves under index/, and tells the main thread which catalogue state it indexed.
import * as path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { CatalogStore } from '../CatalogStore'
import { TextStore } from '../TextStore'
import { catalogStamp, searchDocOf } from './docs'
import { IndexState } from './engine/state'
import { buildInParallel } from './parallelBuild'
import { SearchIndex } from './SearchIndex'
import type { SearchDoc } from './types'

async function main(): Promise<void> {
  const { root } = workerData as { root: string }
  const catalog = new CatalogStore(path.join(root, 'catalog', 'items'))
  await catalog.load()
  const texts = new TextStore(path.join(root, 'text'))
  const records = [...catalog.all()]
  const { stamp, latest } = catalogStamp(records)
  const live = records.filter((r) => r.trashed === null)
  const total = live.length
  parentPort!.postMessage({ type: 'progress', done: 0, total, phase: 'reading' })
  const docs: SearchDoc[] = []
  const batch = 64
  for (let i = 0; i < live.length; i += batch) {
    const slice = live.slice(i, i + batch)
    const got = await Promise.all(slice.map((r) => texts.get(r.id)))
    slice.forEach((r, j) => docs.push(searchDocOf(r, got[j])))
    if (i % 2048 === 0) parentPort!.postMessage({ type: 'progress', done: Math.floor(i / 2), total, phase: 'reading' })
  }
  // Every report the index gives (each thousand items or so) goes out: the main thread takes a
  // long silence for a stuck worker.
  const state = new IndexState()
  const { workerBatches } = await buildInParallel(state, docs, {
    onProgress: (done) => parentPort!.postMessage({ type: 'progress', done: Math.floor(total / 2 + done / 2), total, phase: 'indexing' })
  })
  const index = new SearchIndex(state)
  parentPort!.postMessage({ type: 'progress', done: total, total, phase: 'saving' })
  await index.save(path.join(root, 'index'), stamp)
  parentPort!.postMessage({ type: 'done', stamp, latest, size: index.size, workerBatches })
}

main().catch((err) => parentPort!.postMessage({ type: 'error', message: (err as Error)?.message ?? String(err) }))
