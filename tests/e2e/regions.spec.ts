// Regions: drawn on a PDF page with the mouse and on an image with the keyboard, named, found by
// search (the hit opens the reader at the region), undone, and exported in a bag as W3C Web
// Annotations with their coordinates.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { execFileSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { test, expect, screenshot, corpus, pickFiles } from './fixtures'
import { renderTextImage } from '../unit/files/helpers'
import { api } from './workspaceHelpers'

test.setTimeout(180_000)

// The page's canvas as the test reads it (the specs are typed without the DOM library).
type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } }

async function importAndWait(page: Page, electronApp: Parameters<typeof pickFiles>[1], files: string[]) {
  await pickFiles(page, electronApp, 'Import files…', files)
  await expect(page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()).toContainText(/Import finished/, { timeout: 60_000 })
}

async function openReader(page: Page, query: string, file: string) {
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(query)
  const results = page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' })
  await results.getByRole('button').first().click()
  await page.getByRole('region', { name: 'Attachments' }).getByRole('button', { name: `Read ${file}` }).click()
  const viewer = page.getByRole('dialog', { name: `Reading ${file}` })
  await expect(viewer).toBeVisible()
  return viewer
}

test('draw a region on a PDF page, name it, find it by search, undo one, export a bag with its annotation', async ({ app: page, electronApp }) => {
  const file = 'federal-register-2020-17221.pdf'
  await importAndWait(page, electronApp, [corpus('pdf', file)])
  const viewer = await openReader(page, 'stabilizer', file)
  await expect(viewer.getByTestId('page-count')).toHaveText('of 15', { timeout: 30_000 })
  const pageOne = viewer.locator('.page[data-page-number="1"]')
  await expect(pageOne.locator('canvas')).toBeVisible({ timeout: 30_000 })

  // The archive search's first hit is scrolled to once found: let that happen before drawing.
  await expect(viewer.getByTestId('find-count')).toHaveText(/^Search hit 1 of \d+$/, { timeout: 30_000 })
  await expect(viewer.getByTestId('find-count')).toHaveAttribute('data-pending', 'false')
  // Draw with the mouse: Draw (a rectangle appears in the middle, scrolled into view), then drag a new one.
  await viewer.getByRole('button', { name: 'Draw a region' }).click()
  await expect(viewer.locator('.region-draft')).toBeFocused()
  const box = (await pageOne.locator('canvas').first().boundingBox())!
  // Where page 1 shows in the scrolled pages: start 20 px below the top of what is seen of it.
  const stage = (await viewer.locator('.pdf-container').boundingBox())!
  const top = Math.max(box.y, stage.y) + 20
  const from = { x: box.x + box.width * 0.1, y: top }
  const to = { x: box.x + box.width * 0.5, y: Math.min(top + box.height * 0.2, stage.y + stage.height - 20) }
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 })
  await page.mouse.move(to.x, to.y, { steps: 4 })
  await page.mouse.up()
  const form = viewer.getByTestId('region-form')
  await expect(form.getByLabel('Title')).toBeFocused()
  await form.getByLabel('Title').fill('Quokka masthead')
  await form.getByLabel('Note').fill('The wombat heading of the agency.')
  await form.getByLabel('Tags (separated by ;)').fill('layout; heading')
  await form.getByRole('button', { name: 'Save region' }).click()
  await expect(form).toBeHidden()
  const saved = viewer.locator('.region-box[aria-label="Region Quokka masthead"]')
  await expect(saved).toBeVisible()

  // Kept in PDF points of the page (a US Letter page is 612 × 792), not in screen pixels.
  const hits = await api(page, 'search:query', { q: 'quokka' })
  expect(hits.total).toBe(1)
  const itemId = hits.items[0].id
  const [region] = (await api(page, 'items:get', { id: itemId })).regions
  expect(region).toMatchObject({ page: 1, title: 'Quokka masthead', tags: ['layout', 'heading'] })
  expect(region.x).toBeCloseTo(612 * 0.1, 0)
  expect(region.y).toBeCloseTo(((from.y - box.y) / box.height) * 792, 0)
  expect(region.w).toBeCloseTo(612 * 0.4, 0)
  expect(region.h).toBeCloseTo(((to.y - from.y) / box.height) * 792, 0)

  // Zoom does not move it: its box follows the page.
  const width = (await pageOne.locator('.region-layer').boundingBox())!.width
  await viewer.getByRole('button', { name: 'Zoom in' }).click()
  // pdf.js redraws the page at the new scale (and its region layer with it): slow on a loaded machine.
  await expect.poll(async () => (await pageOne.locator('.region-layer').boundingBox())?.width ?? 0, { timeout: 30_000 }).toBeGreaterThan(width * 1.05)
  await expect.poll(async () => {
    const p = (await pageOne.locator('.region-layer').boundingBox())!
    const r = (await saved.boundingBox())!
    return Math.round(((r.x - p.x) / p.width) * 100)
  }, { timeout: 30_000 }).toBe(10)

  // A second region by keyboard (D puts one in the middle; arrows move it; Enter names it), then undone.
  await viewer.getByLabel(`Pages of ${file}`).focus()
  await page.keyboard.press('d')
  const draft = viewer.locator('.region-draft')
  await expect(draft).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(form.getByLabel('Title')).toBeFocused()
  await page.keyboard.type('Wallaby footnote')
  await page.keyboard.press('Enter')
  await expect(viewer.locator('.region-box')).toHaveCount(2)
  const both = (await api(page, 'items:get', { id: itemId })).regions
  expect(both[1]).toMatchObject({ title: 'Wallaby footnote', page: 1 })
  expect(both[1].y).toBeCloseTo(792 * 0.26, 0)
  await viewer.getByLabel(`Pages of ${file}`).focus()
  await page.keyboard.press('Control+z')
  await expect(viewer.locator('.region-box')).toHaveCount(1)
  expect((await api(page, 'items:get', { id: itemId })).regions.map((r) => r.title)).toEqual(['Quokka masthead'])
  await screenshot(page, 'viewer-regions')
  await page.keyboard.press('Escape')
  await expect(viewer).toBeHidden()

  // Listed on the item with a thumbnail cut from the page.
  const thumb = page.getByRole('button', { name: 'Show region Quokka masthead' })
  await expect(thumb).toBeVisible()
  // Cut from the page: it holds the heading's dark ink, not a blank canvas.
  const inked = () =>
    thumb.locator('canvas').evaluate((c) => {
      const canvas = c as unknown as Canvas
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      let dark = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 100) dark++
      return dark
    })
  await expect.poll(inked).toBeGreaterThan(50)

  // Found by search on its note; the hit says it is in the region and opens the reader at it.
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('wombat')
  const results = page.getByRole('region', { name: 'Search results' })
  await expect(results.locator('.snippet').first()).toContainText('In region “Quokka masthead”:')
  await results.getByRole('button', { name: 'Show the region' }).first().click()
  const reopened = page.getByRole('dialog', { name: `Reading ${file}` })
  await expect(reopened.locator('.region-box.selected[aria-label="Region Quokka masthead"]')).toBeVisible({ timeout: 30_000 })
  await page.keyboard.press('Escape')

  // Exported in a bag: data/collection/annotations.jsonld has the annotation with its coordinates.
  await page.getByRole('button', { name: 'Export…' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await dialog.getByRole('radio', { name: /^The results of the search/ }).check()
  await dialog.getByLabel('Format').selectOption('bagit-zip')
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 1 item(s)')
  const download = page.waitForEvent('download')
  await dialog.getByRole('link', { name: 'Download' }).click()
  const dir = mkdtempSync(path.join(tmpdir(), 'pk-e2e-regions-'))
  const zip = path.join(dir, 'bag.zip')
  await (await download).saveAs(zip)
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir])
  const bag = readdirSync(dir).find((n) => n !== 'bag.zip')!
  const annotations = JSON.parse(readFileSync(path.join(dir, bag, 'data/collection/annotations.jsonld'), 'utf8'))
  expect(annotations.type).toBe('AnnotationCollection')
  const [a] = annotations.first.items
  const n = (v: number) => String(Math.round(v * 100) / 100)
  expect(a.body[0]).toEqual({ type: 'TextualBody', purpose: 'identifying', value: 'Quokka masthead', format: 'text/plain' })
  expect(a.target.selector).toEqual({
    type: 'FragmentSelector',
    conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
    value: 'page=1',
    refinedBy: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: `xywh=${n(region.x)},${n(region.y)},${n(region.w)},${n(region.h)}` }
  })
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('a region drawn on an image by keyboard is kept in image pixels, whatever the zoom and turn', async ({ app: page, electronApp }, info) => {
  mkdirSync(info.outputDir, { recursive: true })
  const file = info.outputPath('region-scan.png')
  writeFileSync(file, await renderTextImage(['Numbat gazette, page one', 'The council met on Wednesday.'], { width: 1000 }))
  await importAndWait(page, electronApp, [file])
  const viewer = await openReader(page, 'numbat', 'region-scan.png')
  const img = viewer.getByRole('img', { name: 'region-scan.png' })
  await expect(img).toBeVisible()
  const natural = await img.evaluate((el) => ({ w: (el as unknown as { naturalWidth: number }).naturalWidth, h: (el as unknown as { naturalHeight: number }).naturalHeight }))
  // Turned and zoomed first: the region is still in the image's own pixels.
  await viewer.getByRole('button', { name: 'Rotate' }).click()
  await viewer.getByRole('button', { name: 'Zoom in' }).click()
  await viewer.getByRole('button', { name: 'Draw a region' }).click()
  await expect(viewer.locator('.region-draft')).toBeFocused()
  // On screen the image is turned a quarter clockwise (its top is on the right): → moves the region up the image.
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('Enter')
  await page.keyboard.type('Numbat caption')
  await page.keyboard.press('Enter')
  await expect(viewer.locator('.region-box')).toHaveCount(1)
  const { items } = await api(page, 'search:query', { q: 'numbat caption' })
  const [r] = (await api(page, 'items:get', { id: items[0].id })).regions
  expect(r.page).toBeNull()
  expect(r.x).toBeCloseTo(natural.w * 0.25, 0)
  expect(r.y).toBeCloseTo(natural.h * 0.24, 0)
  expect(r.w).toBeCloseTo(natural.w * 0.5, 0)
  expect(r.h).toBeCloseTo(natural.h * 0.5, 0)
  await page.keyboard.press('Escape')
})
