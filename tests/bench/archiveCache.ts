// Generated archives for benchmarks (the realistic corpus of tests/bench/corpus/ as archive
// items), kept between runs under $PRESSKEEP_BENCH_CACHE: writing 100k items through the
// archive takes about a minute.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../electron/core/Archive'
import { INDEX_VERSION } from '../../electron/core/search/SearchIndex'
import { benchCacheDir } from './corpus/cache'
import { CORPUS_VERSION, RealisticCorpus } from './corpus/realistic'

// 3: the realistic corpus instead of the flat one of generate.ts.
const GENERATOR_VERSION = 3

export async function generatedArchive(count: number, log: (s: string) => void = () => {}): Promise<string> {
  const dir = path.join(benchCacheDir(), `items-${count}-v${GENERATOR_VERSION}.${CORPUS_VERSION}.presskeep`)
  const marker = path.join(dir, '.complete')
  if (existsSync(marker)) return dir
  rmSync(dir, { recursive: true, force: true })
  log(`  generating an archive of ${count} items in ${dir}…`)
  const corpus = new RealisticCorpus(1)
  const a = await Archive.open(dir)
  const batch = 1000
  const t0 = Date.now()
  for (let i = 0; i < count; i += batch) {
    await a.createItems(Array.from({ length: Math.min(batch, count - i) }, (_, j) => corpus.item(i + j)), 'bench-generate')
  }
  await a.close()
  writeFileSync(marker, String(Date.now()))
  log(`  generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  return dir
}

/**
 * Makes a cached archive's saved search index one of this code's format: an archive generated
 * by an older version holds an index the app rebuilds at open (a job), which an open probe
 * would time instead of the open, and a probe of the index alone refuses. Rebuilt once, here.
 */
export async function withCurrentIndex(dir: string, log: (s: string) => void = () => {}): Promise<string> {
  let version: unknown
  try {
    version = JSON.parse(readFileSync(path.join(dir, 'index', 'manifest.json'), 'utf8')).version
  } catch {
    version = null
  }
  if (version === INDEX_VERSION) return dir
  log(`  the search index of ${dir} is of another format (${String(version)}): rebuilding it once…`)
  const t0 = Date.now()
  const a = await Archive.open(dir)
  await a.search.ready()
  if (a.search.status().rebuilding) await a.search.rebuild().done
  await a.close()
  log(`  rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  return dir
}
