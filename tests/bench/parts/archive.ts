// The foundation figures: open, edit, index open, attach and memory on generated archives of
// 1k and 100k items; with --cold also with the page cache dropped before each open and edit.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { loadavg, tmpdir } from 'node:os'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import type { BenchPart } from '../run'
import { generatedArchive, withCurrentIndex } from '../archiveCache'
import { median, percentile, round } from '../stats'
import { dropCaches } from '../caches'

const root = path.resolve(__dirname, '..', '..', '..')

type OpenFigures = { ms: number; cpuMs: number; rss: number; searchReadyMs: number; rssWithSearch: number; total: number; filesRead: number | null; bytesRead: number | null }

/** Opens the archive in a fresh process (as the app starts) until its first page of items is listed. */
function probeOpen(dir: string, cold: boolean): OpenFigures {
  if (cold) dropCaches()
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, '..', 'openProbe.ts'), dir], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`open probe failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

/**
 * Opens the archive's saved search index in a fresh process until it answers a first query
 * (the probe of the search part, tests/bench/fts5/openProbe.ts, on this archive's own index).
 */
function probeIndexOpen(dir: string, cold: boolean): { open_ms: number; open_cpu_ms: number } {
  const queries = path.join(mkdtempSync(path.join(tmpdir(), 'pk-bench-q-')), 'queries.json')
  writeFileSync(queries, '[]')
  try {
    if (cold) dropCaches()
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, '..', 'fts5', 'openProbe.ts'), path.join(dir, 'index'), queries], { cwd: root, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`index open probe failed: ${r.stderr}`)
    return JSON.parse(r.stdout)
  } finally {
    rmSync(path.dirname(queries), { recursive: true, force: true })
  }
}

/**
 * Times `edits` single-field edits of items spread over the archive (durable: each returns once
 * on disk). What opening starts in the background (the search index loading, the snapshot taken
 * at open) and the workspace the first edit opens are awaited first: this is the cost of one
 * edit; opening has figures of its own. Cold: the page cache is dropped before each edit.
 */
async function editTimes(dir: string, edits: number, cold: boolean): Promise<{ p95: number; cpuMs: number }> {
  const a = await Archive.open(dir)
  await Promise.all([a.search.ready(), a.openBackup, a.workspace()])
  const ids = [...a.catalog.all()].map((r) => r.id)
  const times: number[] = []
  let cpuMicros = 0
  for (let i = 0; i < edits; i++) {
    const id = ids[(i * 7919) % ids.length]
    if (cold) dropCaches()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await a.updateItem(id, { notes: `bench edit ${i} ${Date.now()}` })
    times.push(performance.now() - t0)
    const cpu = process.cpuUsage(cpu0)
    cpuMicros += cpu.user + cpu.system
  }
  await a.close()
  return { p95: percentile(times, 95), cpuMs: cpuMicros / 1000 / edits }
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
  description: 'open, edit, index open, attach and memory; --cold: also on a cold page cache',
  async run({ quick, cold, log }) {
    const large = quick ? 10_000 : 100_000
    const suffix = quick ? '10k' : '100k'
    const small = await withCurrentIndex(await generatedArchive(1_000, log), log)
    const big = await withCurrentIndex(await generatedArchive(large, log), log)
    const runs = quick ? 2 : 5
    const coldRuns = quick ? 2 : 3
    const edits = quick ? 100 : 300
    const coldEdits = quick ? 40 : 100
    const figures: Record<string, number> = {}
    const openAt = (dir: string, label: string, isCold: boolean) => {
      const opens = Array.from({ length: isCold ? coldRuns : runs }, () => probeOpen(dir, isCold))
      const tail = isCold ? '_cold' : ''
      figures[`open_ms_${label}${tail}`] = round(median(opens.map((o) => o.ms)), 1)
      figures[`open_cpu_ms_${label}${tail}`] = round(median(opens.map((o) => o.cpuMs)), 1)
      // The catalogue files opened and the megabytes read by the open (the pack counts one file).
      if (opens.every((o) => o.filesRead !== null)) {
        figures[`open_files_read_${label}${tail}`] = median(opens.map((o) => o.filesRead!))
        figures[`open_mb_read_${label}${tail}`] = round(median(opens.map((o) => o.bytesRead!)) / 1e6, 1)
      }
      return opens
    }
    const editAt = async (isCold: boolean) => {
      const e1: Array<{ p95: number; cpuMs: number }> = []
      const eBig: Array<{ p95: number; cpuMs: number }> = []
      for (let i = 0; i < (quick || isCold ? 1 : 3); i++) {
        e1.push(await editTimes(small, isCold ? coldEdits : edits, isCold))
        eBig.push(await editTimes(big, isCold ? coldEdits : edits, isCold))
      }
      const tail = isCold ? '_cold' : ''
      const p1 = median(e1.map((e) => e.p95))
      const pBig = median(eBig.map((e) => e.p95))
      figures[`edit_p95_ms_1k${tail}`] = round(p1)
      figures[`edit_p95_ms_${suffix}${tail}`] = round(pBig)
      figures[`edit_ratio_${suffix}_to_1k${tail}`] = round(pBig / p1)
      figures[`edit_cpu_ms_1k${tail}`] = round(median(e1.map((e) => e.cpuMs)))
      figures[`edit_cpu_ms_${suffix}${tail}`] = round(median(eBig.map((e) => e.cpuMs)))
    }
    const indexOpenAt = (isCold: boolean) => {
      const opens = Array.from({ length: isCold ? coldRuns : runs }, () => probeIndexOpen(big, isCold))
      const tail = isCold ? '_cold' : ''
      // Named apart from the search part's index_open_ms (its own corpus and index, built in the bench).
      figures[`archive_index_open_ms_${suffix}${tail}`] = round(median(opens.map((o) => o.open_ms)), 1)
      figures[`archive_index_open_cpu_ms_${suffix}${tail}`] = round(median(opens.map((o) => o.open_cpu_ms)), 1)
    }

    openAt(small, '1k', false)
    const openBig = openAt(big, suffix, false)
    await editAt(false)
    indexOpenAt(false)
    if (cold) {
      openAt(small, '1k', true)
      openAt(big, suffix, true)
      await editAt(true)
      indexOpenAt(true)
    }
    figures.attach_mb_per_s = round(await attachRate(quick ? 40 : 200, quick ? 1 : 3), 1)
    figures[`rss_mb_${suffix}`] = round(median(openBig.map((o) => o.rss)), 1)
    figures[`search_ready_ms_${suffix}`] = round(median(openBig.map((o) => o.searchReadyMs)), 1)
    figures[`rss_mb_${suffix}_with_search_index`] = round(median(openBig.map((o) => o.rssWithSearch)), 1)
    figures.load_average = round(loadavg()[0], 1)
    return figures
  }
}
export default part
