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
