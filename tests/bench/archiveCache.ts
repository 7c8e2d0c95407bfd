// Generated archives for benchmarks, kept between runs (generating 100k items takes about a minute).
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { Archive } from '../../electron/core/Archive'
import { generateItem } from './generate'

const GENERATOR_VERSION = 2

export async function generatedArchive(count: number, log: (s: string) => void = () => {}): Promise<string> {
  const dir = path.join(process.env.PRESSKEEP_BENCH_CACHE ?? path.join(tmpdir(), 'presskeep-bench'), `items-${count}-v${GENERATOR_VERSION}.presskeep`)
  const marker = path.join(dir, '.complete')
  if (existsSync(marker)) return dir
  rmSync(dir, { recursive: true, force: true })
  log(`  generating an archive of ${count} items in ${dir}…`)
  const a = await Archive.open(dir)
  const batch = 1000
  const t0 = Date.now()
  for (let i = 0; i < count; i += batch) {
    await a.createItems(Array.from({ length: Math.min(batch, count - i) }, (_, j) => generateItem(i + j)), 'bench-generate')
  }
  await a.close()
  writeFileSync(marker, String(Date.now()))
  log(`  generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  return dir
}
