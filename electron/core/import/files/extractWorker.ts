// Worker-thread entry: extracts one file per message (see pool.ts). The lead's build adds
// this file as its own entry so that it sits beside the main bundle as extractWorker.js.
import { parentPort } from 'node:worker_threads'
import { extractFile } from './extract'
import { ImportIssue } from './util'
import type { ExtractOptions } from './types'
import type { FileFormat } from './detect'

type Request = { id: number; payload: { file: string; format: FileFormat | null; opts: Omit<ExtractOptions, 'signal'> } }

parentPort?.on('message', async ({ id, payload }: Request) => {
  try {
    const value = await extractFile(payload.file, payload.opts, payload.format)
    parentPort!.postMessage({ id, ok: true, value })
  } catch (err) {
    const e = err as Error
    parentPort!.postMessage({
      id,
      ok: false,
      error: { issue: err instanceof ImportIssue ? err.issue : 'INTERNAL', message: e?.message ?? String(err) }
    })
  }
})
