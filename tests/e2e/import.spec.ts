import { test, expect, screenshot, corpus, pickFiles } from './fixtures'

test('import files as a job: progress, summary, items in the list', async ({ app: page, electronApp }) => {
  await pickFiles(page, electronApp, 'Import files…', [corpus('pdf', '2023-06-20-PV.pdf'), corpus('feeds', 'heise.atom'), corpus('xsd', 'catalog.xml')])
  const summary = page.getByRole('region', { name: 'Jobs' }).getByRole('status')
  await expect(summary).toContainText(/Import finished: 2 of 2 file\(s\) imported, \d+ item\(s\) created/, { timeout: 30_000 })
  await screenshot(page, 'import-summary')
  const list = page.getByRole('listbox', { name: 'Item list' })
  await page.getByRole('button', { name: 'Sort by date' }).click()
  await expect(list.getByRole('option').first()).toBeVisible()
  await summary.locator('summary').click()
  await expect(summary.getByRole('listitem')).toContainText(/catalog\.xml/)
})

test('preview an imported PDF inside the app: its first page and its text', async ({ app: page, electronApp }) => {
  await pickFiles(page, electronApp, 'Import files…', [corpus('pdf', 'scotus-transcript-p1.pdf')])
  await expect(page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()).toContainText(/Import finished/, { timeout: 30_000 })
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('"oral argument"')
  const hits = page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' })
  await hits.getByRole('button').first().click()
  const attachments = page.getByRole('region', { name: 'Attachments' })
  await attachments.getByRole('button', { name: 'Preview' }).click()
  const preview = page.getByRole('region', { name: 'Preview of scotus-transcript-p1.pdf' })
  await expect(preview.getByLabel('Text of scotus-transcript-p1.pdf')).toContainText(/oral\s+argument/i)
  const thumb = preview.getByRole('img', { name: 'First page of scotus-transcript-p1.pdf' })
  await expect(thumb).toBeVisible()
  expect(await thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(50)
  await screenshot(page, 'attachment-preview')
})
