import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect, screenshot, corpus, pickFiles } from './fixtures'
import { renderTextImage } from '../unit/files/helpers'
import { dialogPassesAxe, directionOf } from './workspaceHelpers'

test.setTimeout(180_000)

const SETTINGS = /^(Settings|Réglages|الإعدادات)$/
const CLOSE = /^(Close|Fermer|إغلاق)$/

// The label of the language picker in the language the interface is in now.
const LANGUAGE_LABEL = { en: 'Language of the interface', fr: 'Langue de l’interface', ar: 'لغة الواجهة' }

async function setLanguage(page: Page, from: 'en' | 'fr' | 'ar', lang: 'en' | 'fr' | 'ar') {
  await page.getByRole('button', { name: SETTINGS }).click()
  const dialog = page.getByRole('dialog', { name: SETTINGS })
  await dialog.getByLabel(LANGUAGE_LABEL[from]).selectOption(lang)
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  await page.getByRole('dialog', { name: SETTINGS }).getByRole('button', { name: CLOSE }).click()
}

async function importAndWait(page: Page, electronApp: Parameters<typeof pickFiles>[1], files: string[]) {
  await pickFiles(page, electronApp, 'Import files…', files)
  await expect(page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()).toContainText(/Import finished/, { timeout: 60_000 })
}

/** Searches the archive, opens a result (the first, or the one named) and reads its attachment in the viewer. */
async function searchAndRead(page: Page, query: string, file: string, result?: string) {
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(query)
  const results = page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' })
  await (result ? results.getByRole('button', { name: result }) : results.getByRole('button').first()).click()
  await page.getByRole('region', { name: 'Attachments' }).getByRole('button', { name: `Read ${file}` }).click()
  const viewer = page.getByRole('dialog', { name: `Reading ${file}` })
  await expect(viewer).toBeVisible()
  return viewer
}

test('read the 15-page Federal Register: page strip, go to page 9, zoom, find, the archive search marked on the page, in three languages', async ({ app: page, electronApp }) => {
  const file = 'federal-register-2020-17221.pdf'
  await importAndWait(page, electronApp, [corpus('pdf', file)])
  const viewer = await searchAndRead(page, 'stabilizer', file)
  await expect(viewer.getByTestId('page-count')).toHaveText('of 15', { timeout: 30_000 })
  // The archive search's word is found on the pages and marked in the text layer.
  await expect(viewer.getByTestId('find-count')).toHaveText(/^Search hit 1 of \d+$/, { timeout: 30_000 })
  await expect(viewer.locator('.textLayer .highlight').first()).toBeVisible()
  const marked = await viewer.locator('.textLayer .highlight').first().textContent()
  expect(marked?.toLowerCase()).toContain('stabilizer')

  const goTo = viewer.getByLabel('Go to page')
  await goTo.fill('9')
  await goTo.press('Enter')
  await expect(viewer.getByRole('button', { name: 'Page 9', exact: true })).toHaveAttribute('aria-current', 'page')
  await expect(viewer.locator('.page[data-page-number="9"] canvas')).toBeVisible()
  // Then the reader draws ahead, whichever way the next turn goes: the next two pages and the one before.
  await expect(viewer.locator('.pdf-container')).toHaveAttribute('data-settled', 'true', { timeout: 30_000 })
  for (const n of [8, 10, 11]) await expect(viewer.locator(`.page[data-page-number="${n}"][data-loaded="true"]:not(.loadingIcon) canvas`)).toHaveCount(1)
  // The text layer (selection, find marks) lies exactly over the drawn page.
  const page9 = viewer.locator('.page[data-page-number="9"]')
  const drawn = (await page9.locator('.canvasWrapper').boundingBox())!
  const text = (await page9.locator('.textLayer').boundingBox())!
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(text[k] - drawn[k])).toBeLessThan(1.5)

  const zoom = viewer.getByTestId('zoom-level')
  const before = parseInt((await zoom.textContent()) ?? '0', 10)
  await viewer.getByRole('button', { name: 'Zoom in' }).click()
  await expect.poll(async () => parseInt((await zoom.textContent()) ?? '0', 10)).toBeGreaterThan(before)

  // A find of the person's own replaces the search's words and starts from the page shown;
  // Enter goes to the next match.
  await goTo.fill('1')
  await goTo.press('Enter')
  await expect(viewer.getByRole('button', { name: 'Page 1', exact: true })).toHaveAttribute('aria-current', 'page')
  const find = viewer.getByLabel('Find in the document')
  await find.fill('Boeing')
  await expect(viewer.getByTestId('find-count')).toHaveText(/^Match 1 of (\d+)$/, { timeout: 30_000 })
  // Enter moves to another match once pdf.js has settled on the first one.
  const count = viewer.getByTestId('find-count')
  await expect(count).toHaveAttribute('data-pending', 'false')
  const current = async () => Number(/^Match (\d+) of \d+$/.exec((await count.textContent()) ?? '')?.[1] ?? 0)
  const first = await current()
  await find.press('Enter')
  await expect.poll(current).not.toBe(first)
  expect(await current()).toBeGreaterThan(0)
  // Enter pressed at once, while pdf.js is still starting the find (it waits a quarter second for
  // more typing, then reads the pages): it still moves to the next match, never counts as the first.
  await goTo.fill('1')
  await goTo.press('Enter')
  await expect(viewer.getByRole('button', { name: 'Page 1', exact: true })).toHaveAttribute('aria-current', 'page')
  await find.fill('FAA')
  await find.press('Enter')
  await expect(count).toHaveText(/^Match 2 of \d+$/, { timeout: 30_000 })
  await expect(count).toHaveAttribute('data-pending', 'false')
  // Each press is one step, however fast they come.
  await find.press('Enter')
  await find.press('Enter')
  await expect(count).toHaveText(/^Match 4 of \d+$/)
  await screenshot(page, 'viewer-pdf')
  await dialogPassesAxe(page, 'reader (PDF)')

  // Esc in the find box first clears it (the search box's own behaviour); from the pages it closes.
  await viewer.getByLabel('Pages of federal-register-2020-17221.pdf').focus()
  await page.keyboard.press('Escape')
  await expect(viewer).toBeHidden()
  for (const [from, lang, name, shot] of [
    ['en', 'fr', 'Lecture de', 'viewer-pdf-french'],
    ['fr', 'ar', 'قراءة', 'viewer-pdf-arabic']
  ] as const) {
    await setLanguage(page, from, lang)
    // In Arabic the file name is isolated (U+2068 … U+2069) so it keeps its own direction.
    const fileName = `\u2068?${file.replace(/\./g, '\\.')}\u2069?`
    await page.getByRole('region').getByRole('button', { name: new RegExp(`^(Lire|قراءة) ${fileName}$`) }).click()
    const v = page.getByRole('dialog', { name: new RegExp(`^${name} ${fileName}$`) })
    await expect(v.getByTestId('find-count')).not.toBeEmpty({ timeout: 30_000 })
    if (lang === 'ar') {
      // The chrome is mirrored; the pages keep their own direction.
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
      expect(await directionOf(v.locator('.pdf-body'))).toBe('ltr')
      // The page arrows are mirrored: "previous" points right, and ← turns to the next page.
      await expect(v.getByTestId('prev-page')).toHaveText('›')
      await expect(v.getByTestId('next-page')).toHaveText('‹')
      await expect(v.getByTestId('find-count')).toHaveAttribute('data-pending', 'false', { timeout: 30_000 })
      const pageInput = v.locator('.page-go input')
      const shown = Number(await pageInput.inputValue())
      await v.locator('.pdf-container').focus()
      await page.keyboard.press('ArrowLeft')
      await expect(pageInput).toHaveValue(String(shown + 1))
      await page.keyboard.press('ArrowRight')
      await expect(pageInput).toHaveValue(String(shown))
    }
    // Shown as a person sees it after a moment: the pages around drawn, the find done, the first thumbnails drawn.
    await expect(v.getByTestId('find-count')).toHaveAttribute('data-pending', 'false', { timeout: 30_000 })
    await expect(v.locator('.pdf-container')).toHaveAttribute('data-settled', 'true', { timeout: 30_000 })
    await expect(v.locator('.page-strip canvas[data-page="2"]')).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 })
    await screenshot(page, shot)
    await dialogPassesAxe(page, `reader (PDF, ${lang})`)
    await page.keyboard.press('Escape')
  }
  await setLanguage(page, 'ar', 'en')
})

test('an OCR’d scan shows the search hit as a box on the right word, and zooms', async ({ app: page, electronApp }, info) => {
  mkdirSync(info.outputDir, { recursive: true })
  const file = info.outputPath('press-scan.png')
  writeFileSync(file, await renderTextImage(['The Minister announced a vaccination campaign', 'across the northern provinces on Wednesday.'], { width: 1200 }))
  await importAndWait(page, electronApp, [file])
  const viewer = await searchAndRead(page, 'vaccination', 'press-scan.png')
  const hit = viewer.locator('.ocr-hit[data-word="vaccination"]')
  await expect(hit).toHaveCount(1)
  await expect(viewer.locator('.ocr-hit')).toHaveCount(1)
  const img = await viewer.getByRole('img', { name: 'press-scan.png' }).boundingBox()
  const box = await hit.boundingBox()
  // The word is on the first of two lines, right of the middle of the line.
  expect(box!.y + box!.height).toBeLessThan(img!.y + img!.height * 0.55)
  expect(box!.x).toBeGreaterThan(img!.x + img!.width * 0.3)
  await expect(viewer.getByTestId('find-count')).toHaveText('Search hit 1 of 1')
  const zoom = viewer.getByTestId('zoom-level')
  await viewer.getByRole('button', { name: 'Zoom in' }).click()
  await expect(zoom).not.toHaveText('100%')
  await screenshot(page, 'viewer-scan')
  await dialogPassesAxe(page, 'reader (scan)')
  await page.keyboard.press('Escape')
})

test('a saved page and an e-mail are shown with their scripts inert, nothing fetched, no forms', async ({ app: page, electronApp }, info) => {
  mkdirSync(info.outputDir, { recursive: true })
  const hostile = [
    '<script>document.title = "pwned"; parent.document.title = "pwned"</script>',
    '<img src="https://example.invalid/track.png" onerror="parent.document.title=\'pwned\'">',
    '<form action="https://example.invalid/"><input name="q"></form>',
    '<a href="https://example.invalid/">a link</a>'
  ].join('')
  const saved = info.outputPath('saved-statement.html')
  writeFileSync(saved, `<html><head><title>Statement of the Council</title></head><body><h1>Statement of the Council</h1><p>The Council met in Geneva.</p>${hostile}</body></html>`)
  const boundary = 'b1'
  const eml = info.outputPath('council-mail.eml')
  writeFileSync(
    eml,
    [
      'From: Press Office <press@example.org>',
      'To: desk@example.org',
      'Subject: Council statement by mail',
      'Date: Wed, 23 Nov 2022 10:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The Council met in Geneva (text part).',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>The Council met in <b>Geneva</b> (mail).</p>${hostile}`,
      `--${boundary}--`,
      ''
    ].join('\r\n')
  )
  await importAndWait(page, electronApp, [saved, eml])
  const title = await page.title()
  const requests: string[] = []
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) requests.push(r.url())
  })

  const viewer = await searchAndRead(page, '"Council met" statement', 'saved-statement.html')
  const frame = viewer.frameLocator('iframe.safe-frame')
  await expect(frame.getByRole('heading', { name: 'Statement of the Council' })).toBeVisible()
  await expect(frame.locator('script, form, input')).toHaveCount(0)
  await expect(frame.getByText('a link')).not.toHaveAttribute('href', /.+/)
  await expect(viewer.locator('iframe.safe-frame')).toHaveAttribute('sandbox', '')
  await screenshot(page, 'viewer-saved-page')
  await dialogPassesAxe(page, 'reader (saved page)', { sandboxedFrames: true })
  await page.keyboard.press('Escape')

  const mail = await searchAndRead(page, 'Council statement by mail', 'council-mail.eml', 'Council statement by mail')
  const headers = mail.locator('.message-headers')
  await expect(headers).toContainText('Press Office <press@example.org>')
  await expect(headers).toContainText('Council statement by mail')
  const mailFrame = mail.frameLocator('iframe.safe-frame')
  await expect(mailFrame.getByText('(mail)')).toBeVisible()
  await expect(mailFrame.locator('script, form, input')).toHaveCount(0)
  await screenshot(page, 'viewer-email')
  await dialogPassesAxe(page, 'reader (e-mail)', { sandboxedFrames: true })
  await page.keyboard.press('Escape')

  expect(await page.title()).toBe(title)
  expect(requests).toEqual([])
})
