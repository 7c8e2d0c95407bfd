// Run in a fresh process: opens an archive until its first page of items can be listed,
// then reports the time and the resident memory.
import { Archive } from '../../electron/core/Archive'
import { createDispatcher } from '../../electron/core/dispatcher'

async function main(): Promise<void> {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const archive = await Archive.open(process.argv[2])
  const dispatch = createDispatcher(() => archive, { allow: ['app'] })
  const page = await dispatch('items:list', { limit: 100 })
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  if (!page.ok) throw new Error(page.message)
  global.gc?.()
  const rss = process.memoryUsage().rss / 1024 / 1024
  // The search index loads in the background meanwhile: how long until it answers, and the
  // memory of catalogue and index together.
  await archive.search.ready()
  const searchReadyMs = performance.now() - t0
  global.gc?.()
  const rssWithSearch = process.memoryUsage().rss / 1024 / 1024
  // What the catalogue's load read (a folder archive's store says; files and bytes, the pack counting one file).
  const read = (archive.catalog as { lastLoad?: { filesRead: number; bytesRead: number } | null }).lastLoad
  await archive.close()
  process.stdout.write(
    JSON.stringify({ ms, cpuMs, rss, searchReadyMs, rssWithSearch, total: (page.value as { total: number }).total, filesRead: read?.filesRead ?? null, bytesRead: read?.bytesRead ?? null })
  )
}
main()
