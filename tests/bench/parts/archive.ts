// Issue 3 figures: open, edit, attach and memory on generated archives of 1k and 100k items.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { median, percentile, round } from '../stats'

const root = path.resolve(__dirname, '..', '..', '..')

function probeOpen(dir: string): { ms: number; rss: number; searchReadyMs: number; rssWithSearch: number; total: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, '..', 'openProbe.ts'), dir], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`open probe failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

async function editP95(dir: string, edits: number): Promise<number> {
  const a = await Archive.open(dir)
  const ids = [...a.catalog.all()].map((r) => r.id)
  const times: number[] = []
  for (let i = 0; i < edits; i++) {
    const id = ids[(i * 7919) % ids.length]
    const t0 = performance.now()
    await a.updateItem(id, { notes: `bench edit ${i} ${Date.now()}` })
    times.push(performance.now() - t0)
  }
  await a.close()
  return percentile(times, 95)
}

async function attachRate(sizeMb: number, runs: number): Promise<number> {
  const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-attach-'))
  try {
    const a = await Archive.open(path.join(work, 'A.presskeep'))
    const item = await a.createItem({ title: 'Big attachment' })
    const rates: number[] = []
    for (let r = 0; r < runs; r++) {
      const file = path.join(work, `big-${r}.bin`)
      const fd = openSync(file, 'w')
      const chunk = randomBytes(4 * 1024 * 1024)
      for (let i = 0; i < sizeMb / 4; i++) writeSync(fd, chunk)
      closeSync(fd)
      const t0 = performance.now()
      await a.attachPaths(item.id, [file])
      rates.push(sizeMb / ((performance.now() - t0) / 1000))
      rmSync(file)
    }
    await a.close()
    return median(rates)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const part: BenchPart = {
  name: 'archive',
  description: 'open, edit, attach and memory (issue 3)',
  async run({ quick, log }) {
    const large = quick ? 10_000 : 100_000
    const suffix = quick ? '10k' : '100k'
    const small = await generatedArchive(1_000, log)
    const big = await generatedArchive(large, log)
    const runs = quick ? 2 : 5
    const openSmall = Array.from({ length: runs }, () => probeOpen(small))
    const openBig = Array.from({ length: runs }, () => probeOpen(big))
    const e1 = [] as number[]
    const eBig = [] as number[]
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      e1.push(await editP95(small, quick ? 100 : 300))
      eBig.push(await editP95(big, quick ? 100 : 300))
    }
    const edit1k = median(e1)
    const editBig = median(eBig)
    return {
      [`open_ms_1k`]: round(median(openSmall.map((o) => o.ms)), 1),
      [`open_ms_${suffix}`]: round(median(openBig.map((o) => o.ms)), 1),
      [`edit_p95_ms_1k`]: round(edit1k),
      [`edit_p95_ms_${suffix}`]: round(editBig),
      [`edit_ratio_${suffix}_to_1k`]: round(editBig / edit1k),
      attach_mb_per_s: round(await attachRate(quick ? 40 : 200, quick ? 1 : 3), 1),
      [`rss_mb_${suffix}`]: round(median(openBig.map((o) => o.rss)), 1),
      [`search_ready_ms_${suffix}`]: round(median(openBig.map((o) => o.searchReadyMs)), 1),
      [`rss_mb_${suffix}_with_search_index`]: round(median(openBig.map((o) => o.rssWithSearch)), 1)
    }
  }
}
export default part
