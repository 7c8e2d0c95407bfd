// Our index at one corpus size: build, the query mix, an edit, save, and a fresh process
// that opens the saved index (its time to the first answer and its memory, documents not held).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc } from '../../../electron/core/search/types'
import type { BenchQuery } from '../corpus/queries'
import { pct, timeEach, type Timing } from './timing'

const ROOT = path.join(__dirname, '..', '..', '..')

export type OursRun = {
  index: SearchIndex
  buildSeconds: number
  /** CPU time of the build (all threads of the process): on a loaded machine, what the wall time cannot show. */
  buildCpuSeconds: number
  page: Timing
  totals: number[]
  editMs: number
  editP95Ms: number
  open: { open_ms: number; open_cpu_ms: number; rss_mb: number; rss_base_mb: number; heap_mb: number }
}

export function snippetTexts(docs: SearchDoc[]) {
  const byId = new Map(docs.map((d) => [d.id, d]))
  // Snippet texts from memory here; the app reads them from the TextStore.
  return (id: string) => {
    const d = byId.get(id)
    return d ? { body: d.body, description: d.description, notes: d.notes } : null
  }
}

/** The app's first call: a page of 50 with the exact total and a snippet each. */
export function pageOptions(docs: SearchDoc[]) {
  return { limit: 50, getTexts: snippetTexts(docs), facets: false, histogram: false }
}

export async function runOurs(docs: SearchDoc[], queries: BenchQuery[], dir: string, log: (s: string) => void, probes = 3): Promise<OursRun> {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  // The app's build: on every core (worker threads).
  const index = await SearchIndex.buildParallel(docs)
  const buildSeconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const buildCpuSeconds = (cpu.user + cpu.system) / 1e6
  log(`  our index: built in ${buildSeconds.toFixed(1)} s (${buildCpuSeconds.toFixed(1)} s CPU): ${JSON.stringify(index.stats())}`)
  const page = pageOptions(docs)
  const totals: number[] = []
  const timing = timeEach(queries, (q, i) => {
    totals[i] = index.searchSync(q.q, { ...page, prefix: q.kind === 'prefix' }).total
  })
  const edits: number[] = []
  for (let k = 0; k < 100; k++) {
    const d = docs[(k * 7919) % docs.length]
    const edited = { ...d, title: `${d.title} revised ${k}`, body: `${d.body}\n\nCorrection ${k}: spelling.` }
    const t = performance.now()
    index.update(edited)
    edits.push(performance.now() - t)
  }
  for (let k = 0; k < 100; k++) index.update(docs[(k * 7919) % docs.length])
  await index.save(path.join(dir, 'index'), 'bench')
  const queriesFile = path.join(dir, 'queries.json')
  writeFileSync(queriesFile, JSON.stringify(queries))
  const opened: Array<OursRun['open']> = []
  for (let k = 0; k < probes; k++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, '..', 'fts5', 'openProbe.ts'), path.join(dir, 'index'), queriesFile], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 20
    })
    opened.push(JSON.parse(out))
  }
  const med = (k: keyof OursRun['open']) => pct(opened.map((o) => o[k]), 50)
  return {
    index,
    buildSeconds,
    buildCpuSeconds,
    page: timing,
    totals,
    editMs: pct(edits, 50),
    editP95Ms: pct(edits, 95),
    open: { open_ms: med('open_ms'), open_cpu_ms: med('open_cpu_ms'), rss_mb: med('rss_mb'), rss_base_mb: med('rss_base_mb'), heap_mb: med('heap_mb') }
  }
}
