// The workspace figures: tagging 10,000 selected items (durable), and scrolling the list of 100k
// items in the browser harness (Debian's Chromium driven by Playwright, the real core behind it).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { chromium } from '@playwright/test'
import { Archive } from '../../../electron/core/Archive'
import { startWebHost } from '../../../electron/web/server'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { median, percentile, round } from '../stats'
import { dropCaches } from '../caches'

const root = path.resolve(__dirname, '..', '..', '..')

/** Runs in the page (as text: the Node project has no DOM types). */
const SWEEP = `async (frames) => {
  const el = document.querySelector('.list-body')
  const longFrames = []
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longFrames.push(e.duration) })
  try { observer.observe({ type: 'long-animation-frame', buffered: false }) } catch (e) {}
  const work = []
  const intervals = []
  const end = el.scrollHeight - el.clientHeight
  let last = 0
  await new Promise((resolve) => {
    let i = 0
    const step = (now) => {
      if (last) intervals.push(now - last)
      last = now
      const t0 = performance.now()
      el.scrollTop = Math.round((end * (i + 1)) / frames)
      el.dispatchEvent(new Event('scroll'))
      void document.body.getBoundingClientRect()
      const row = el.querySelector('.row')
      if (row) void row.getBoundingClientRect()
      work.push(performance.now() - t0)
      if (++i < frames) requestAnimationFrame(step)
      else resolve()
    }
    requestAnimationFrame(step)
  })
  await new Promise((r) => setTimeout(r, 500))
  observer.disconnect()
  return { work, intervals, longFrames: longFrames.length, rows: document.querySelectorAll('.list-body .row').length, total: Math.round(el.scrollHeight / 34) }
}`

type BulkFigures = { tag: number[]; undo: number[]; tagCpu: number[]; tagSearchable: number[]; undoSearchable: number[]; searchDuring: number[] }

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * Bulk-tags every item of a copy of the 10k archive; each run adds another tag. Cold: the page
 * cache is dropped before each. Besides the durable change itself, how long until a search
 * finds the tag on every item (the index brought up to date), and how long a search asked
 * meanwhile takes.
 */
async function bulkTag(runs: number, log: (s: string) => void, cold = false): Promise<BulkFigures> {
  const source = await generatedArchive(10_000, log)
  const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-bulk-'))
  const dir = path.join(work, 'Bulk.presskeep')
  try {
    cpSync(source, dir, { recursive: true })
    const a = await Archive.open(dir)
    const c = await a.workspace()
    const ids = [...a.catalog.all()].map((r) => r.id)
    if (ids.length !== 10_000) throw new Error(`expected 10,000 items, found ${ids.length}`)
    const f: BulkFigures = { tag: [], undo: [], tagCpu: [], tagSearchable: [], undoSearchable: [], searchDuring: [] }
    const count = async (q: string) => (await a.search.query(q, { limit: 50, facets: false, histogram: false, snippets: 0 })).total
    await a.search.ready()
    // A cached archive whose index is of another format rebuilds it first (a job): wait for it,
    // the figures are about the bulk change.
    if (a.search.status().rebuilding) await a.search.rebuild().done
    const found = await count('minister')
    if (found === 0) throw new Error('the search index answers nothing before the bulk tag')
    for (let i = 0; i < runs; i++) {
      if (cold) dropCaches()
      const t0 = performance.now()
      const c0 = cpuMs()
      const r = await c.bulkApply(ids, [{ op: 'addTags', tags: [`bench/run-${i}`] }])
      f.tag.push(performance.now() - t0)
      f.tagCpu.push(cpuMs() - c0)
      if (r.changed !== 10_000) throw new Error(`bulk tag changed ${r.changed} items`)
      // A search asked as the change is announced (the index may be merging it meanwhile).
      const s0 = performance.now()
      if ((await count('minister')) !== found) throw new Error('a bulk tag changed what a word finds')
      f.searchDuring.push(performance.now() - s0)
      await a.search.current()
      if ((await count(`tag:bench/run-${i}`)) !== 10_000) throw new Error('the search does not find the new tag on every item')
      f.tagSearchable.push(performance.now() - t0)
      if (i === runs - 1) {
        const u0 = performance.now()
        await c.undo()
        f.undo.push(performance.now() - u0)
        await a.search.current()
        if ((await count(`tag:bench/run-${i}`)) !== 0) throw new Error('the search still finds the tag taken back')
        f.undoSearchable.push(performance.now() - u0)
      }
    }
    await a.close()
    return f
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

type ScrollFigures = { work: number[]; intervals: number[]; longFrames: number; rows: number; total: number }

/**
 * Scrolls from the top of the list to its end in `frames` animation frames (every frame shows
 * rows never seen before: the worst case), measuring in each frame the work the scroll causes:
 * the virtualiser's synchronous render and the style and layout it forces. Long animation
 * frames (over 50 ms, which include the rendering of pages arriving from the core) are counted.
 */
async function scroll(count: number, frames: number, log: (s: string) => void): Promise<ScrollFigures> {
  const dir = await generatedArchive(count, log)
  const rendererDir = path.join(root, 'out', 'renderer')
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    log('  building the renderer…')
    const b = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
    if (b.status !== 0) throw new Error('electron-vite build failed')
  }
  process.env.XDG_CONFIG_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-config-'))
  process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))
  const archive = await Archive.open(dir)
  const host = await startWebHost({ archive, rendererDir })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } })
    await page.goto(host.url)
    const listbox = page.getByRole('listbox', { name: 'Item list' })
    await listbox.getByRole('option').first().waitFor()
    await page.waitForFunction("!document.querySelector('.list-body .row .muted')")
    // A script string: the bench runs under tsx, whose helpers do not exist in the page.
    return (await page.evaluate(`(${SWEEP})(${frames})`)) as ScrollFigures
  } finally {
    await browser.close()
    await host.close()
    await archive.close()
  }
}

const part: BenchPart = {
  name: 'workspace',
  description: 'bulk tagging 10k items (--cold: also on a cold page cache) and scrolling the list of 100k in the browser',
  async run({ quick, cold, log }) {
    const count = quick ? 10_000 : 100_000
    const bulk = await bulkTag(quick ? 2 : 5, log)
    const bulkCold = cold ? await bulkTag(quick ? 2 : 3, log, true) : null
    const sweeps: ScrollFigures[] = []
    for (let i = 0; i < (quick ? 1 : 3); i++) sweeps.push(await scroll(count, quick ? 300 : 1000, log))
    const last = sweeps.at(-1)!
    if (last.total < count * 0.99) throw new Error(`the list showed ${last.total} rows, not ${count}`)
    return {
      bulk_tag_ms_10k: round(median(bulk.tag)),
      bulk_tag_cpu_ms_10k: round(median(bulk.tagCpu)),
      bulk_tag_searchable_ms_10k: round(median(bulk.tagSearchable)),
      bulk_tag_search_waits_ms_10k: round(median(bulk.searchDuring)),
      bulk_undo_ms_10k: round(median(bulk.undo)),
      bulk_undo_searchable_ms_10k: round(median(bulk.undoSearchable)),
      ...(bulkCold ? { bulk_tag_ms_10k_cold: round(median(bulkCold.tag)) } : {}),
      list_items: count,
      list_scroll_frame_ms_p95: round(median(sweeps.map((s) => percentile(s.work, 95)))),
      list_scroll_frame_ms_p50: round(median(sweeps.map((s) => percentile(s.work, 50)))),
      list_scroll_raf_interval_ms_p95: round(median(sweeps.map((s) => percentile(s.intervals, 95)))),
      list_scroll_long_frames: median(sweeps.map((s) => s.longFrames))
    }
  }
}
export default part
