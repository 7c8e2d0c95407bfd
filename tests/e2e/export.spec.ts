import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { execFileSync } from 'node:child_process'
import { test, expect, screenshot } from './fixtures'

test('export everything as an HTML catalogue, download it, open it from disk and search it', async ({ app: page, browser }) => {
  const run = Date.now().toString(36)
  for (const title of [`Catalogue alpha ${run}`, `Catalogue beta ${run}`]) {
    await page.getByRole('button', { name: /New item/ }).click()
    const editor = page.getByRole('region', { name: 'Item editor' })
    await editor.getByLabel('Title').fill(title)
    await editor.getByLabel('Body text').fill(`Body of ${title}`)
    await editor.getByRole('button', { name: 'Create' }).click()
    await expect(editor.getByRole('status')).toContainText('Saved')
  }
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(run)
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('status').first()).toHaveText(/^2 results/)
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await expect(dialog.getByRole('radio', { name: new RegExp(`search “${run}”`) })).toBeChecked()
  await dialog.getByLabel('Format').selectOption('html')
  await screenshot(page, 'export-dialog')
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 2 item(s)')
  const download = page.waitForEvent('download')
  await dialog.getByRole('link', { name: 'Download' }).click()
  const zip = path.join(mkdtempSync(path.join(tmpdir(), 'pk-e2e-export-')), 'catalogue.zip')
  await (await download).saveAs(zip)
  const out = path.dirname(zip)
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, out])
  const folder = readdirSync(out).find((n) => !n.endsWith('.zip'))!

  // The catalogue opens from file:// in a fresh page, with nothing fetched, and its search filters.
  const context = await browser.newContext()
  const offline = await context.newPage()
  const requests: string[] = []
  offline.on('request', (r) => requests.push(r.url()))
  await offline.goto('file://' + path.join(out, folder, 'index.html'))
  await expect(offline.locator('#result-count')).toHaveText('2 items')
  await offline.locator('#search').fill('beta')
  await expect(offline.locator('#result-count')).toHaveText('1 item of 2')
  await expect(offline.locator('#results')).toContainText(`Catalogue beta ${run}`)
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([])
  await offline.screenshot({ path: path.join(__dirname, '..', '..', 'test-results', 'screens', 'html-catalogue.png') })
  await context.close()
  writeFileSync(path.join(out, 'done'), '')
})
