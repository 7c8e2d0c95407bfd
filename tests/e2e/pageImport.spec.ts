import { readFileSync } from 'node:fs'
import { test, expect, screenshot, corpus } from './fixtures'

test('paste a press page, review the proposed items, import them', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Import page…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import a press page' })
  await dialog.getByLabel('Page text').fill(readFileSync(corpus('seed-press-page.txt'), 'utf8'))
  await dialog.getByRole('button', { name: 'Propose items' }).click()
  const items = dialog.getByRole('list', { name: 'Proposed items' })
  await expect(dialog.getByRole('status').first()).toContainText('10 item(s) proposed')
  await expect(items.getByRole('listitem', { name: /^Proposed item \d+$/ })).toHaveCount(10)
  await expect(dialog.getByLabel('Title of item 1', { exact: true })).toHaveValue('ICESCO Participates in 9th Education ODA Conference')
  await expect(dialog.getByLabel('Date of item 1', { exact: true })).toHaveValue('2022-11-23')
  // The two real problems of the page are flagged, with nothing else.
  await expect(dialog.getByRole('list', { name: /^Warnings of item/ }).getByRole('listitem')).toHaveCount(2)
  await expect(dialog.getByRole('list', { name: /^Warnings of item/ })).toContainText(/weekday|Tuesday|Monday/i)
  await expect(dialog.getByText(/block\(s\) skipped as site boilerplate/)).toBeVisible()
  await screenshot(page, 'page-import-review')

  // Edit a title, drop one item, merge two, then import.
  await dialog.getByLabel('Title of item 2').fill('Building peace is a shared responsibility')
  await items.getByRole('listitem', { name: 'Proposed item 10' }).getByRole('checkbox').uncheck()
  await items.getByRole('listitem', { name: 'Proposed item 8' }).getByRole('button', { name: 'Merge with next' }).click()
  await expect(items.getByRole('listitem', { name: /^Proposed item \d+$/ })).toHaveCount(9)
  await dialog.getByRole('button', { name: /^Import 8 items$/ }).click()
  await expect(dialog).toHaveCount(0)

  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('"shared responsibility"')
  const hits = page.getByRole('region', { name: 'Search results' }).getByRole('list', { name: 'Results' })
  await expect(hits.getByRole('button', { name: 'Building peace is a shared responsibility' })).toBeVisible()
  await hits.getByRole('button', { name: 'Building peace is a shared responsibility' }).click()
  // Provenance: the page itself is attached to every item.
  await expect(page.getByRole('region', { name: 'Attachments' }).getByRole('cell', { name: 'pasted text.txt', exact: true })).toBeVisible()

  // The page spells one name two ways (items 3 and 5): grouped at review, they joined one
  // authority record, and either spelling finds both items.
  for (const name of ['Ramata Almamy Mbaye', 'Ramata Almami Mbaye']) {
    await page.getByRole('searchbox', { name: 'Search the archive' }).fill(`person:"${name}"`)
    for (const title of ['ICESCO Reviews its Efforts in Field of Education for Global Citizenship', 'ICESCO and TURKSOY Explore Cooperation Prospects'])
      await expect(hits.getByRole('button', { name: title }).first()).toBeVisible()
  }
})
