import { test, expect, corpus, pickFiles } from './fixtures'
test.setTimeout(240_000)
test('debug find', async ({ app: page, electronApp }) => {
  const file = 'federal-register-2020-17221.pdf'
  await pickFiles(page, electronApp, 'Import files…', [corpus('pdf', file)])
  await expect(page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()).toContainText(/Import finished/, { timeout: 60_000 })
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('stabilizer')
  await page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' }).getByRole('button').first().click()
  await page.getByRole('region', { name: 'Attachments' }).getByRole('button', { name: `Read ${file}` }).click()
  const viewer = page.getByRole('dialog', { name: `Reading ${file}` })
  await expect(viewer.getByTestId('page-count')).toHaveText('of 15', { timeout: 90_000 })
  await page.waitForTimeout(8000)
  console.log('AUTO', await viewer.getByTestId('find-count').textContent())
  for (const q of ['Stabilizer', 'stabilizer', 'Boeing', 'airplane']) {
    await viewer.getByLabel('Find in the document').fill(q)
    await page.waitForTimeout(5000)
    console.log('FIND', q, await viewer.getByTestId('find-count').textContent())
  }
  const txt = await viewer.locator('.textLayer').first().textContent()
  console.log('TEXT', txt?.slice(0, 300))
})
