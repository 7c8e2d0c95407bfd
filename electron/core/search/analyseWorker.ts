// A worker thread of a parallel index build (parallelBuild.ts): analyses the batches of items
// it is sent and sends each back, its arrays transferred.
import { parentPort } from 'node:worker_threads'
import { analyseBatch, batchBuffers } from './engine/batch'
import type { SearchDoc } from './types'

parentPort!.on('message', (msg: { seq: number; docs: SearchDoc[] }) => {
  try {
    const batch = analyseBatch(msg.docs)
    parentPort!.postMessage({ seq: msg.seq, batch }, batchBuffers(batch))
  } catch (err) {
    parentPort!.postMessage({ seq: msg.seq, error: (err as Error)?.message ?? String(err) })
  }
})
