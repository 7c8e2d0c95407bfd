// The reader, measured in Debian's Chromium against the browser harness (the built renderer
// with the real core): first page of the 15-page Federal Register, page turns, opening a
// generated 500-page PDF, and the frame time while zooming a 10,000 × 14,000 pixel scan.
import { execFileSync } from 'node:child_process'
import { createWriteStream, promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { chromium, type Page } from '@playwright/test'
import PDFDocument from 'pdfkit'
import sharp from 'sharp'
import type { BenchPart } from '../run'
import { Archive } from '../../../electron/core/Archive'
import { startWebHost, type WebHost } from '../../../electron/web/server'
import { generateItem } from '../generate'

const CORPUS = path.resolve('../shared/corpus')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const round = (n: number) => Math.round(n * 10) / 10

/** A 500-page PDF of press text (pdfkit), like a long report or a bound volume of releases. */
async function longPdf(file: string, pages: number): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false, size: 'A4', margin: 56 })
  const out = createWriteStream(file)
  doc.pipe(out)
  for (let i = 0; i < pages; i++) {
    doc.addPage()
    doc.fontSize(14).text(`Page ${i + 1}: ${generateItem(i).title}`)
    doc.moveDown().fontSize(10).text((generateItem(i).body ?? '').slice(0, 3000))
  }
  doc.end()
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject))
}

/** A 10,000 × 14,000 pixel scan: text drawn at a readable size, tiled over the page. */
async function hugeScan(file: string): Promise<void> {
  const tile = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1400"><rect width="100%" height="100%" fill="#fbfaf6"/>${Array.from(
    { length: 30 },
    (_, i) => `<text x="40" y="${60 + i * 44}" font-family="DejaVu Sans" font-size="26" fill="#222">Line ${i + 1} of a scanned press release, Geneva, 23 November 2022</text>`
  ).join('')}</svg>`))
    .png()
    .toBuffer()
  const composite = []
  for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) composite.push({ input: tile, left: x * 1000, top: y * 1400 })
  await sharp({ create: { width: 10_000, height: 14_000, channels: 3, background: '#fbfaf6' }, limitInputPixels: false }).composite(composite).jpeg({ quality: 80 }).toFile(file)
}

async function api(host: WebHost, method: string, input: unknown): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', body: JSON.stringify(input), headers: { 'Content-Type': 'application/json', 'x-presskeep-secret': host.secret } })
  const body = (await res.json()) as { ok: boolean; value?: unknown; message?: string }
  if (!body.ok) throw new Error(`${method}: ${body.message}`)
  return body.value
}

async function itemWith(host: WebHost, archive: Archive, title: string, file: string): Promise<void> {
  const item = await api(host, 'items:create', { fields: { title } })
  await archive.attachPaths(item.id, [file])
}

/** Opens an item by its title from the search box and returns the Read button of its attachment. */
async function openItem(page: Page, title: string, file: string) {
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(`"${title}"`)
  await page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' }).getByRole('button', { name: title }).click()
  return page.getByRole('region', { name: 'Attachments' }).getByRole('button', { name: `Read ${file}` })
}

/**
 * Milliseconds from the person's click on Read to the first page drawn whole, both taken inside
 * the page (the click event's time, and the mark the reader sets when pdf.js has drawn its first
 * page), so Playwright's own round trips are not counted.
 */
async function openToFirstPage(page: Page, read: ReturnType<Page['getByRole']>): Promise<number> {
  await page.evaluate(`(() => {
    performance.clearMarks('presskeep:viewer-first-page')
    document.addEventListener('click', (e) => { window.readClick_ = e.timeStamp }, { capture: true, once: true })
  })()`)
  await read.click()
  // A function, not a string: the app's CSP forbids the eval a string predicate needs.
  await page.waitForFunction(() => performance.getEntriesByName('presskeep:viewer-first-page').length > 0, null, { timeout: 60_000, polling: 50 })
  return (await page.evaluate(`performance.getEntriesByName('presskeep:viewer-first-page')[0].startTime - window.readClick_`)) as number
}

/**
 * Milliseconds from the key that turns to page n to the first frame where page n is drawn whole
 * (pdf.js sets data-loaded when it starts a page and drops .loadingIcon when it has finished):
 * a page drawn ahead shows in the next frame; another waits for pdf.js.
 *
 * A person reads a page before turning it: with `read`, the key goes down once the reader says it
 * has drawn the pages shown and those ahead (data-settled on the pages, see pagesAhead.ts), and the
 * time that took (the reading time a turn needs to be immediate) is returned too. Without it, the
 * key goes down as soon as the page before is drawn (leafing through as fast as the pages come).
 */
async function turnTo(page: Page, n: number, key: 'n' | 'p', read: boolean): Promise<{ ms: number; ahead: string; readMs: number }> {
  const read0 = performance.now()
  if (read)
    await page.locator('.pdf-container[data-settled="true"]').waitFor({ timeout: 60_000 }).catch(async (err) => {
      const state = await page.evaluate(`JSON.stringify({ settled: document.querySelector('.pdf-container')?.dataset.settled, find: document.querySelector('[data-testid=find-count]')?.outerHTML, pages: [...document.querySelectorAll('.page')].map((p) => p.dataset.pageNumber + ':' + (p.dataset.loaded ?? '-') + (p.classList.contains('loadingIcon') ? 'L' : '')).join(' ') })`)
      throw new Error(`${(err as Error).message}\nreader state: ${state}`)
    })
  const readMs = performance.now() - read0
  await page.evaluate(`(() => {
    const drawn = '.page[data-page-number="${n}"][data-loaded="true"]:not(.loadingIcon) canvas'
    const turn = (window.turn_ = { start: 0, end: 0 })
    const check = () => {
      if (turn.start && !turn.end && document.querySelector(drawn)) {
        turn.end = performance.now()
        watch.disconnect()
      }
    }
    const watch = new MutationObserver(() => requestAnimationFrame(check))
    watch.observe(document.querySelector('.pdf-container'), { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'data-loaded'] })
    document.addEventListener('keydown', (e) => {
      turn.start = e.timeStamp
      // How far pdf.js had got with page n when the key went down (drawn ahead, drawing, or not begun).
      const target = document.querySelector('.page[data-page-number="${n}"]')
      turn.ahead = !target || !target.hasAttribute('data-loaded') ? 'not begun' : target.classList.contains('loadingIcon') ? 'drawing' : 'drawn'
      requestAnimationFrame(check)
    }, { capture: true, once: true })
  })()`)
  await page.keyboard.press(key)
  await page.waitForFunction(() => (globalThis as unknown as { turn_: { end: number } }).turn_.end > 0, null, { timeout: 30_000, polling: 50 })
  const turn = (await page.evaluate(`({ ms: window.turn_.end - window.turn_.start, ahead: window.turn_.ahead })`)) as { ms: number; ahead: string }
  return { ...turn, readMs }
}

const part: BenchPart = {
  name: 'viewer',
  description: 'reader in Chromium: first page, page turns, a 500-page PDF, zoom frames on a 10,000 × 14,000 scan',
  async run({ quick, log }) {
    execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'ignore' })
    const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'pk-bench-viewer-'))
    const archive = await Archive.open(path.join(tmp, 'Viewer.presskeep'), { create: true })
    const host = await startWebHost({ archive, rendererDir: path.resolve('out/renderer') })
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
    })
    try {
      const long = path.join(tmp, 'volume-500.pdf')
      const scan = path.join(tmp, 'scan-10000x14000.jpg')
      await longPdf(long, quick ? 100 : 500)
      await hugeScan(scan)
      const fr = path.join(CORPUS, 'pdf', 'federal-register-2020-17221.pdf')
      await itemWith(host, archive, 'Federal Register volume', fr)
      await itemWith(host, archive, 'Bound volume of releases', long)
      await itemWith(host, archive, 'Large scan of a release', scan)

      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
      const cdp = await page.context().newCDPSession(page)
      // PK_E2E_CPU_THROTTLE=4 slows the page's CPU fourfold (as in the specs): a slower machine.
      const throttle = Number(process.env.PK_E2E_CPU_THROTTLE ?? 0)
      if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
      await page.goto(host.url)
      await page.getByRole('button', { name: /New item/ }).waitFor()
      const runs = quick ? 3 : 7

      // First page: the first open also loads pdf.js itself (reported apart), then warm opens.
      const firstOpens: number[] = []
      // The page's main thread time while opening (less sensitive to the machine's load than the wall time).
      const firstOpenBusy: number[] = []
      await cdp.send('Performance.enable')
      const mainThreadBusy = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000
      const turns = { read: [] as number[], rapid: [] as number[], reading: [] as number[] }
      const turnLog = { read: [] as string[], rapid: [] as string[] }
      for (let r = 0; r < runs + 1; r++) {
        const read = await openItem(page, 'Federal Register volume', path.basename(fr))
        const busy0 = await mainThreadBusy()
        firstOpens.push(await openToFirstPage(page, read))
        firstOpenBusy.push((await mainThreadBusy()) - busy0)
        if (r >= runs - 1) {
          // Page turns through the 15 pages and back: on the last two opens, once reading each
          // page and once leafing through.
          const how = r === runs ? 'rapid' : 'read'
          const steps = [...Array.from({ length: 14 }, (_, i) => ({ to: i + 2, key: 'n' as const })), ...Array.from({ length: 14 }, (_, i) => ({ to: 14 - i, key: 'p' as const }))]
          for (const { to, key } of steps) {
            const turn = await turnTo(page, to, key, how === 'read')
            turns[how].push(turn.ms)
            if (how === 'read') turns.reading.push(turn.readMs)
            turnLog[how].push(`${to}: ${Math.round(turn.ms)}${turn.ahead === 'drawn' ? '' : ` (${turn.ahead})`}`)
          }
        }
        await page.keyboard.press('Escape')
      }
      const coldFirst = firstOpens.shift()!
      firstOpenBusy.shift()

      const longOpens: number[] = []
      for (let r = 0; r < runs; r++) {
        const read = await openItem(page, 'Bound volume of releases', path.basename(long))
        longOpens.push(await openToFirstPage(page, read))
        await page.getByTestId('page-count').filter({ hasText: quick ? '100' : '500' }).waitFor()
        await page.keyboard.press('Escape')
      }

      // Zoom frames while the scan is zoomed in and out by wheel: what each frame costs the page
      // (from the frame's start, which is before the wheel event it handles, to the end of its
      // style, layout, paint and commit: a message posted from requestAnimationFrame runs right
      // after them), and the interval between frames (never below the display's refresh interval,
      // 16.7 ms at 60 Hz, however little a frame costs; a dropped frame shows as 33 ms or more).
      const read = await openItem(page, 'Large scan of a release', path.basename(scan))
      await read.click()
      const img = page.getByRole('dialog').getByRole('img', { name: path.basename(scan) })
      await img.waitFor()
      // Decoded: the zoom is measured on the image itself, not on an empty box.
      const deadline = Date.now() + 120_000
      while (!(await img.evaluate((el: any) => el.complete && el.naturalWidth > 0))) {
        if (Date.now() > deadline) throw new Error('The scan did not load within 120 s.')
        await page.waitForTimeout(100)
      }
      const stage = page.locator('.image-stage')
      const box = (await stage.boundingBox())!
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
      await page.evaluate(`(() => {
        window.frames_ = []
        window.work_ = []
        window.stop_ = false
        let last = performance.now()
        let begun = 0
        const done = new MessageChannel()
        done.port1.onmessage = () => window.work_.push(performance.now() - begun)
        const tick = (t) => {
          window.frames_.push(t - last)
          last = t
          begun = t
          done.port2.postMessage(0)
          if (!window.stop_) requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })()`)
      for (let i = 0; i < (quick ? 20 : 60); i++) await page.mouse.wheel(0, i % 30 < 15 ? -120 : 120)
      const { frames, work } = (await page.evaluate(`(() => { window.stop_ = true; return { frames: window.frames_.slice(2), work: window.work_.slice(2) } })()`)) as { frames: number[]; work: number[] }
      await page.keyboard.press('Escape')

      if (throttle > 1) log(`  CPU throttled ${throttle}x`)
      log(`  first open (loads pdf.js): ${Math.round(coldFirst)} ms; warm opens: ${firstOpens.map(Math.round).join(', ')} ms`)
      log(`  page turns after reading each page, ms (the page not yet drawn when the key went down): ${turnLog.read.join(', ')}`)
      log(`  reading time until the pages ahead were drawn, median ${Math.round(median(turns.reading))} ms, p95 ${Math.round(p95(turns.reading))} ms`)
      log(`  page turns leafing through, ms: ${turnLog.rapid.join(', ')}`)
      log(`  ${frames.length} frames while zooming; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
      return {
        viewer_first_page_ms: Math.round(median(firstOpens)),
        viewer_first_page_ms_cold: Math.round(coldFirst),
        viewer_first_page_main_thread_ms: Math.round(median(firstOpenBusy)),
        viewer_page_turn_ms_p95: Math.round(p95(turns.read)),
        viewer_page_turn_ms_median: Math.round(median(turns.read)),
        viewer_page_turn_reading_ms_median: Math.round(median(turns.reading)),
        viewer_page_turn_leafing_ms_p95: Math.round(p95(turns.rapid)),
        viewer_page_turn_leafing_ms_median: Math.round(median(turns.rapid)),
        [quick ? 'viewer_100_page_open_ms' : 'viewer_500_page_open_ms']: Math.round(median(longOpens)),
        viewer_zoom_frame_ms_p95: round(p95(work)),
        viewer_zoom_frame_ms_median: round(median(work)),
        viewer_zoom_frame_interval_ms_p95: round(p95(frames)),
        viewer_zoom_frames: frames.length
      }
    } finally {
      await browser.close()
      await host.close()
      await archive.close()
      await fsp.rm(tmp, { recursive: true, force: true })
    }
  }
}

export default part
