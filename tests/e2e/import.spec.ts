import { test, expect, screenshot, corpus, pickFiles } from './fixtures'
import { api, dialogPassesAxe } from './workspaceHelpers'

test('import files as a job: progress, summary, items in the list; a saved page read as an article, its file kept and named', async ({ app: page, electronApp }) => {
  const saved = corpus('html', 'nytimes-1', 'source.html')
  await pickFiles(page, electronApp, 'Import files…', [corpus('pdf', '2023-06-20-PV.pdf'), corpus('feeds', 'heise.atom'), corpus('xsd', 'catalog.xml'), saved])
  const summary = page.getByRole('region', { name: 'Jobs' }).getByRole('status')
  await expect(summary).toContainText(/Import finished: 3 of 3 file\(s\) imported, \d+ item\(s\) created/, { timeout: 30_000 })
  // The saved page through the same reading as Import page: the article, not the site's navigation;
  // the file itself attached, and the provenance naming it, not the staging area it waited in.
  const found = await api(page, 'search:query', { q: '"lifting of United States trade sanctions"' })
  expect(found.total).toBe(1)
  const article = await api(page, 'items:get', { id: found.items[0].id })
  expect(article.attachments.map((a) => a.name)).toEqual(['source.html'])
  expect(article.provenance?.source).toMatch(electronApp ? saved : /^upload: source\.html$/)
  expect(article.body).toContain('In exchange for the lifting of United States trade sanctions')
  expect(article.body).not.toContain('Skip to content')
  await screenshot(page, 'import-summary')
  const list = page.getByRole('listbox', { name: 'Item list' })
  await page.getByRole('button', { name: 'Sort by date' }).click()
  await expect(list.getByRole('option').first()).toBeVisible()
  await summary.locator('summary').click()
  await expect(summary.getByRole('listitem')).toContainText(/catalog\.xml/)
})

test('read an imported PDF inside the app: its page drawn, its text selectable', async ({ app: page, electronApp }) => {
  await pickFiles(page, electronApp, 'Import files…', [corpus('pdf', 'scotus-transcript-p1.pdf')])
  await expect(page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()).toContainText(/Import finished/, { timeout: 30_000 })
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('"oral argument"')
  const hits = page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' })
  await hits.getByRole('button').first().click()
  const attachments = page.getByRole('region', { name: 'Attachments' })
  await attachments.getByRole('button', { name: 'Read scotus-transcript-p1.pdf' }).click()
  const viewer = page.getByRole('dialog', { name: 'Reading scotus-transcript-p1.pdf' })
  await expect(viewer.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
  await expect(viewer.locator('.textLayer').first()).toContainText(/oral\s*argument/i)
  await expect(viewer.locator('.textLayer .highlight').first()).toBeVisible()
  await screenshot(page, 'attachment-preview')
  await dialogPassesAxe(page, 'viewer')
  await page.keyboard.press('Escape')
})

test('import a CSV from another tool: map its columns over its first rows, import, and the mapping is remembered', async ({ app: page, electronApp }, info) => {
  const csv = info.outputPath('clippings.csv')
  const rows = [
    'Headline,Published,Summary,Keywords,Internal code',
    '"Minister opens the port of Tangier",2022-11-23,"The new terminal doubles capacity.","ports; morocco",A-1',
    '"Accord de coopération signé à Dakar",2022-11-22,"Un accord sur la migration.","migration; sénégal",A-2',
    '"مؤتمر صحفي في الرباط",2022-11-21,"إعلان عن مشروع جديد.",المغرب,A-3'
  ]
  const { mkdirSync, writeFileSync } = await import('node:fs')
  mkdirSync(info.outputDir, { recursive: true })
  writeFileSync(csv, rows.join('\n'))
  await pickFiles(page, electronApp, 'Import files…', [csv])
  const dialog = page.getByRole('dialog', { name: 'Map the columns' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('region', { name: 'clippings.csv' })).toContainText('3 rows')
  await expect(dialog.getByRole('cell', { name: 'مؤتمر صحفي في الرباط' })).toBeVisible()
  // Guessed from the column names; the internal code is left out until chosen.
  await expect(dialog.getByLabel('Field for the column Headline')).toHaveValue('title')
  await expect(dialog.getByLabel('Field for the column Published')).toHaveValue('date')
  await expect(dialog.getByLabel('Field for the column Internal code')).toHaveValue('')
  await dialog.getByLabel('Field for the column Summary').selectOption('notes')
  await dialog.getByLabel('Field for the column Internal code').selectOption('identifier')
  await screenshot(page, 'import-column-mapping')
  await dialogPassesAxe(page, 'column mapping')
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog).toBeHidden()
  const summary = page.getByRole('region', { name: 'Jobs' }).getByRole('status').first()
  await expect(summary).toContainText(/Import finished: 1 of 1 file\(s\) imported, 3 item\(s\) created/, { timeout: 30_000 })
  await page.getByRole('listbox', { name: 'Item list' }).getByRole('option', { name: /Minister opens the port of Tangier/ }).click()
  await expect(page.getByLabel('Identifier')).toHaveValue('A-1')
  await expect(page.getByLabel('Notes')).toHaveValue('The new terminal doubles capacity.')

  // The same columns next time: the mapping chosen is offered, marked as remembered.
  const again = info.outputPath('clippings-2.csv')
  writeFileSync(again, [rows[0], '"A later release",2023-01-05,"Later.",ports,B-1'].join('\n'))
  await pickFiles(page, electronApp, 'Import files…', [again])
  await expect(dialog.getByText('mapping remembered from an earlier import')).toBeVisible()
  await expect(dialog.getByLabel('Field for the column Summary')).toHaveValue('notes')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
})
