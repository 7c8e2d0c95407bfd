// Bench part "press": the press-page importer.
// - import_page_ms: the seed page from text to a proposal ready for review (median of runs).
// - import_html_items_per_s: saved HTML pages of the corpus, read from disk, decoded and
//   proposed, repeated to 2,000 files (200 with --quick), on as many workers as there are
//   cores (at most 2: the target is for 2 cores).
import { readFileSync, readdirSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import * as path from 'node:path'
import { Worker } from 'node:worker_threads'
import { proposeFromText } from '../../../electron/core/import/press'
import type { BenchPart } from '../run'

const ROOT = path.resolve(__dirname, '../../..')
const CORPUS = path.join(ROOT, '../shared/corpus')

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function runWorker(files: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // A larger young generation: DOM building makes many short-lived objects (fewer scavenges).
    const w = new Worker(path.join(__dirname, 'pressWorker.cjs'), {
      workerData: { files },
      resourceLimits: { maxYoungGenerationSizeMb: 64 }
    })
    w.once('message', (m: { items: number }) => resolve(m.items))
    w.once('error', reject)
    w.once('exit', (code) => code !== 0 && reject(new Error(`press bench worker exited with ${code}`)))
  })
}

const part: BenchPart = {
  name: 'press',
  description: 'press-page import: seed page to proposal; saved HTML pages per second',
  async run({ quick, log }) {
    const seed = readFileSync(path.join(CORPUS, 'seed-press-page.txt'), 'utf8')
    proposeFromText(seed) // warm-up: module set-up and JIT
    const runs: number[] = []
    for (let i = 0; i < (quick ? 5 : 15); i++) {
      const t0 = performance.now()
      const p = proposeFromText(seed, { sourceName: 'seed-press-page.txt' })
      runs.push(performance.now() - t0)
      if (p.items.length !== 10) throw new Error(`seed page gave ${p.items.length} items, not 10`)
    }
    const pageMs = median(runs)
    log(`  seed page: median ${pageMs.toFixed(1)} ms over ${runs.length} runs`)

    const htmlDir = path.join(CORPUS, 'html')
    const pages = readdirSync(htmlDir).sort().map((n) => path.join(htmlDir, n, 'source.html'))
    const total = quick ? 200 : 2000
    const files = Array.from({ length: total }, (_, i) => pages[i % pages.length])
    const workers = Math.max(1, Math.min(2, availableParallelism()))
    const shares = Array.from({ length: workers }, (_, w) => files.filter((_, i) => i % workers === w))
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const counts = await Promise.all(shares.map(runWorker))
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const items = counts.reduce((a, b) => a + b, 0)
    const [load1] = loadavg()
    log(`  html: ${total} files, ${items} items in ${seconds.toFixed(1)} s on ${workers} workers (start-up included), ${cpuSeconds.toFixed(1)} CPU s, load ${load1.toFixed(1)}`)
    return {
      import_page_ms: Number(pageMs.toFixed(1)),
      import_html_items_per_s: Number((items / seconds).toFixed(1)),
      // What the same work gives with the cores to itself: items per CPU second, times the workers.
      import_html_items_per_cpu_s: Number((items / cpuSeconds).toFixed(1)),
      import_html_files: total,
      import_html_workers: workers
    }
  }
}

export default part
