// Generated archives for benchmarks (the realistic corpus of tests/bench/corpus/ as archive
// items), kept between runs under $PRESSKEEP_BENCH_CACHE: writing 100k items through the
// archive takes about a minute.
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../electron/core/Archive'
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
