// Reads many small files with several reads waiting on the disk at once. On a cold page cache
// (after a reboot, or once the machine reclaimed it) each read of the catalogue's thousands of
// shards waits on the disk, and a disk serves a queue of reads in about the time it serves one;
// read one after another, opening 100k items took seconds. Warm, the same reads cost a few
// microseconds each, and reading in worker threads costs the same as reading here.
// Node has no readahead for a list of files (no posix_fadvise); the thread pool's async reads
// would do four at a time, but at four hops per file they cost more than the reads themselves
// when the cache is warm. Each worker reads its share synchronously and sends the bytes in
// batches; the caller gets them in the order of `files`, so nothing downstream changes.
import { Worker } from 'node:worker_threads'
import { readFileSync } from 'node:fs'

/** Below this many files the workers' start (a few milliseconds) is not worth it. */
const MIN_FILES_FOR_WORKERS = 256
const READERS = 4
const BATCH = 32

// Plain CommonJS run by `eval`: no file to bundle beside the app's main script.
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
let batch = []
const flush = () => { if (batch.length) parentPort.postMessage(batch); batch = [] }
for (const [index, file] of workerData.files) {
  try { batch.push({ index, data: readFileSync(file) }) }
  catch (err) { batch.push({ index, error: { message: err.message, code: err.code } }) }
  if (batch.length >= ${BATCH}) flush()
}
flush()
`

type Read = { index: number; data?: Uint8Array; error?: { message: string; code?: string } }

/**
 * Calls `take` with each file's content as UTF-8 text, in the order of `files`; a file that
 * cannot be read throws its error (with its `code`), as readFileSync would, and the reading stops.
 */
export async function readFilesInOrder(files: readonly string[], take: (index: number, text: string) => void): Promise<void> {
  if (files.length < MIN_FILES_FOR_WORKERS) {
    files.forEach((file, i) => take(i, readFileSync(file, 'utf8')))
    return
  }
  const results: Array<Read | undefined> = new Array(files.length)
  let next = 0
  const workers: Worker[] = []
  try {
    await new Promise<void>((resolve, reject) => {
      let running = READERS
      const advance = () => {
        while (next < files.length && results[next]) {
          const r = results[next]!
          results[next] = undefined
          if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code })
          take(next, Buffer.from(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength).toString('utf8'))
          next++
        }
      }
      for (let k = 0; k < READERS; k++) {
        const share = files.flatMap((file, i) => (i % READERS === k ? [[i, file] as const] : []))
        const worker = new Worker(READER_SOURCE, { eval: true, workerData: { files: share } })
        workers.push(worker)
        worker.on('message', (batch: Read[]) => {
          for (const r of batch) results[r.index] = r
          try {
            advance()
          } catch (err) {
            reject(err)
          }
        })
        worker.on('error', reject)
        worker.on('exit', () => {
          if (--running === 0) {
            if (next === files.length) resolve()
            else reject(new Error(`Reading the files stopped at ${files[next]}.`))
          }
        })
      }
    })
  } finally {
    for (const w of workers) void w.terminate()
  }
}
