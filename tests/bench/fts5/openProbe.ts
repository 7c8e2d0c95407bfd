// Run in a fresh process by the search bench: opens a saved index (argv[2]), answers the
// first query, then runs the query mix (the JSON file argv[3]), and prints {open_ms, open_cpu_ms,
// first_query_ms, rss_mb, rss_base_mb, heap_mb}. A fresh process is what the app does at start,
// and its memory is the index's alone: rss_mb is the whole process after the query mix (the
// index, the buffers its queries keep, and Node with tsx and the modules loaded, documents not
// held); rss_base_mb is the same process before the index was opened, so rss_mb - rss_base_mb
// is what the index adds.
import { readFileSync } from 'node:fs'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { BenchQuery } from '../corpus/queries'

async function main(): Promise<void> {
  const dir = process.argv[2]
  ;(globalThis as { gc?: () => void }).gc?.()
  const rssBase = process.memoryUsage().rss
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const loaded = await SearchIndex.tryLoad(dir)
  if (!loaded.ok) throw new Error(loaded.message)
  const t1 = performance.now()
  await loaded.index.search('minister', { limit: 50 })
  const t2 = performance.now()
  const cpu = process.cpuUsage(cpu0)
  const queries: BenchQuery[] = JSON.parse(readFileSync(process.argv[3], 'utf8'))
  for (const q of queries) await loaded.index.search(q.q, { limit: 50, prefix: q.kind === 'prefix' })
  ;(globalThis as { gc?: () => void }).gc?.()
  const mem = process.memoryUsage()
  process.stdout.write(
    JSON.stringify({ open_ms: t2 - t0, open_cpu_ms: (cpu.user + cpu.system) / 1000, load_ms: t1 - t0, first_query_ms: t2 - t1, rss_mb: mem.rss / 1e6, rss_base_mb: rssBase / 1e6, heap_mb: mem.heapUsed / 1e6, external_mb: (mem.external + mem.arrayBuffers) / 1e6 })
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
