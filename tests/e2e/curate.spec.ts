// Export what you curated, from wherever you are: the open collection (rolled up or not), a
// search found by collection name, a selection made in the results (and bulk-edited there).
import AxeBuilder from '@axe-core/playwright'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { execFileSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { test, expect, screenshot } from './fixtures'
import { api, list, showAll, sidebar, unique } from './workspaceHelpers'

async function noSeriousA11y(page: Page) {
  const bad = (await new AxeBuilder({ page }).include('[role=dialog]').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

test('a parent collection rolls up, exports as a bag named by its path, and is found by name in search', async ({ app: page }) => {
  const parent = await api(page, 'collections:create', { name: unique('Events') })
  const child = await api(page, 'collections:create', { name: 'UNAOC Global Forum, Fez 2022', parentId: parent.id })
  const own = unique('Season opening')
  const forum = [unique('Forum opens in Fez'), unique('Forum closes in Fez')]
  await api(page, 'items:create', { fields: { title: own, date: '2022-01-10', collections: [parent.id] } })
  for (const title of forum) await api(page, 'items:create', { fields: { title, date: '2022-11-22', collections: [child.id] } })
  await showAll(page)

  // The parent shows its child's items (the sidebar counts them), and can show only its own.
  await sidebar(page).getByRole('button', { name: new RegExp(`^${parent.name}`) }).click()
  await expect(sidebar(page).getByRole('button', { name: new RegExp(`^${parent.name}`) })).toContainText('3')
  await expect(list(page).getByRole('option')).toHaveCount(3)
  const rollup = page.getByRole('button', { name: 'Include sub-collections' })
  await expect(rollup).toHaveAttribute('aria-pressed', 'true')
  await rollup.click()
  await expect(list(page).getByRole('option')).toHaveCount(1)
  await rollup.click()
  await expect(list(page).getByRole('option')).toHaveCount(3)

  // Export… offers the open collection, with its sub-collections, and the bag names its path.
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await expect(dialog.getByRole('radio', { name: `The collection “${parent.name}”` })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'with the items of its sub-collections' })).toBeChecked()
  await dialog.getByLabel('Format').selectOption('bagit-zip')
  await noSeriousA11y(page)
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 3 item(s)')
  const download = page.waitForEvent('download')
  await dialog.getByRole('link', { name: 'Download' }).click()
  const dir = mkdtempSync(path.join(tmpdir(), 'pk-e2e-curate-'))
  const zip = path.join(dir, 'bag.zip')
  await (await download).saveAs(zip)
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir])
  const bag = readdirSync(dir).find((n) => n !== 'bag.zip')!
  expect(readFileSync(path.join(dir, bag, 'bag-info.txt'), 'utf8')).toContain(`Internal-Sender-Identifier: ${parent.name}`)
  // Without its sub-collections: the parent's own item only.
  await dialog.getByRole('checkbox', { name: 'with the items of its sub-collections' }).uncheck()
  await dialog.getByLabel('Format').selectOption('csv')
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 1 item(s)')
  await dialog.getByRole('button', { name: 'Close' }).click()

  // The child, opened and exported alone: its path names it.
  await sidebar(page).getByRole('button', { name: /^UNAOC Global Forum, Fez 2022/ }).first().click()
  await page.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('radio', { name: `The collection “${parent.name} › UNAOC Global Forum, Fez 2022”` })).toBeChecked()
  await dialog.getByRole('button', { name: 'Close' }).click()

  // collection:"Parent/Child" searches by name.
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(`collection:"${parent.name}/UNAOC Global Forum, Fez 2022"`)
  const results = page.getByRole('region', { name: 'Search results' })
  await expect(results.getByRole('status').first()).toHaveText(/^2 results/)
})

test('search results are selected together, bulk-edited and exported as a selection', async ({ app: page }) => {
  const word = unique('curatedword').replace(/\s/g, '')
  const titles = [`Alpha ${word}`, `Beta ${word}`, `Gamma ${word}`]
  for (const title of titles) await api(page, 'items:create', { fields: { title } })
  await showAll(page)
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(word)
  const results = page.getByRole('region', { name: 'Search results' })
  await expect(results.getByRole('status').first()).toHaveText(/^3 results/)

  // With nothing selected, Export… offers the search itself.
  await page.getByRole('banner').getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await expect(dialog.getByRole('radio', { name: `The results of the search “${word}”` })).toBeChecked()
  await dialog.getByLabel('Format').selectOption('csv')
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 3 item(s)')
  await dialog.getByRole('button', { name: 'Close' }).click()

  // Click one, Ctrl+click another: two selected, the selection panel offers bulk actions.
  await results.getByRole('button', { name: titles[0] }).click()
  await results.getByRole('button', { name: titles[1] }).click({ modifiers: ['Control'] })
  const panel = page.getByRole('region', { name: 'Selection' })
  await expect(panel.getByRole('heading')).toHaveText('2 selected')
  await expect(results.getByRole('checkbox', { name: `Select “${titles[1]}”` })).toBeChecked()
  await expect(results.getByRole('checkbox', { name: `Select “${titles[2]}”` })).not.toBeChecked()

  // Select all the results, tag them in one go.
  await results.getByRole('button', { name: 'Select all 3 results' }).click()
  await expect(panel.getByRole('heading')).toHaveText('3 selected')
  await panel.getByRole('button', { name: 'Add tag…' }).click()
  const assign = page.getByRole('dialog', { name: 'Add a tag to 3 items' })
  await assign.getByLabel('Tag').fill('curated/selection')
  await assign.getByRole('button', { name: 'Add' }).click()
  await expect(page.locator('.toast')).toHaveText(/^Changed 3 items/)
  const tagged = await api(page, 'search:query', { q: `${word} tag:curated/selection` })
  expect(tagged.total).toBe(3)

  // Export from the selection: the selected items are the scope.
  await results.getByRole('button', { name: titles[2] }).click({ modifiers: ['Control'] })
  await expect(panel.getByRole('heading')).toHaveText('2 selected')
  await panel.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('radio', { name: 'The selected items (2)' })).toBeChecked()
  await dialog.getByLabel('Format').selectOption('csv')
  await screenshot(page, 'export-selection')
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 2 item(s)')
  await dialog.getByRole('button', { name: 'Close' }).click()

  // A tag opened in the sidebar is a scope too.
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('')
  await sidebar(page).getByRole('button', { name: /^selection\s*3$/ }).click()
  await expect(list(page).getByRole('option')).toHaveCount(3)
  await page.getByRole('banner').getByRole('button', { name: 'Export…' }).click()
  await dialog.getByRole('radio', { name: 'The items tagged “curated/selection”' }).check()
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(dialog.getByRole('status')).toContainText('Exported 3 item(s)')
})

test('name fields suggest authority records; after a merge the item shows the preferred form and any spelling finds it', async ({ app: page }) => {
  const family = unique('Hammamiz').split(' ')[1]
  const preferred = `Kais ${family}`
  const variant = `Al-${family}`
  const title = unique('Foresight meeting')
  const item = await api(page, 'items:create', { fields: { title, people: [variant] } })
  const a = await api(page, 'authorities:create', { kind: 'person', preferred })
  const b = await api(page, 'authorities:create', { kind: 'person', preferred: variant })
  await api(page, 'authorities:merge', { sourceId: b.id, targetId: a.id })
  await showAll(page)
  await list(page).getByRole('option', { name: new RegExp(title) }).click()
  const editor = page.getByRole('region', { name: 'Item editor' })
  const people = editor.getByRole('combobox', { name: 'People' })
  await expect(people).toHaveValue(preferred)

  // Typing part of a variant suggests the record; choosing puts its preferred form in.
  await people.fill('')
  await people.pressSequentially(`al-${family.slice(0, 4).toLowerCase()}`)
  const suggestions = editor.getByRole('listbox', { name: 'Authority records for People' })
  await expect(suggestions.getByRole('option')).toHaveText([`${preferred} (${variant})`])
  await people.press('Enter')
  await expect(people).toHaveValue(`${preferred}; `)
  await expect(suggestions).toBeHidden()

  // Any spelling of the record finds the item.
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill(`person:"${variant}"`)
  const results = page.getByRole('region', { name: 'Search results' })
  await expect(results.getByRole('status').first()).toHaveText(/^1 result/)
  await expect(results.getByRole('button', { name: title })).toBeVisible()
  expect((await api(page, 'items:get', { id: item.id })).people).toEqual([preferred])
})

test('page review: a duplicate starts unticked with its reason, empty name fields take names, split without prompt(), Esc closes', async ({ app: page }) => {
  const run = Date.now().toString(36)
  const first = `Forum on water opens in Fez ${run}`
  const second = `Ministers of culture meet in Rabat ${run}`
  const text = readFileSync(path.join(__dirname, 'two-item-page.txt'), 'utf8').replaceAll('{run}', run)
  await api(page, 'items:create', { fields: { title: first, date: '2022-11-22' } })
  page.on('dialog', (d) => {
    throw new Error(`a browser ${d.type()}() was opened`)
  })
  await page.getByRole('button', { name: 'Import page…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import a press page' })
  await dialog.getByLabel('Page text').fill(text)
  await dialog.getByRole('button', { name: 'Propose items' }).click()
  const items = dialog.getByRole('list', { name: 'Proposed items' })
  await expect(items.getByRole('listitem', { name: /^Proposed item \d+$/ })).toHaveCount(2)
  const one = items.getByRole('listitem', { name: 'Proposed item 1' })
  await expect(one.getByRole('checkbox', { name: 'Import' })).not.toBeChecked()
  await expect(one.getByText(/^Not ticked: This item .* already in the archive\.$/)).toBeVisible()
  await expect(dialog.getByRole('button', { name: /^Import 1 item$/ })).toBeVisible()

  // An empty People field is there to fill.
  await dialog.getByLabel('People of item 2').fill('Leila Benali')
  await dialog.getByLabel('Address of the page (source URL)').fill(`https://example.org/news/${run}`)

  // Split the duplicate in two where the person chooses; Esc closes the chooser first, then the dialog.
  await one.getByRole('button', { name: 'Split…' }).click()
  const chooser = one.getByRole('group', { name: 'Choose where the second item begins:' })
  await expect(chooser.getByRole('button', { name: /^Split before this paragraph/ })).toHaveCount(2)
  await noSeriousA11y(page)
  await screenshot(page, 'page-review-split')
  await page.keyboard.press('Escape')
  await expect(chooser).toBeHidden()
  await expect(dialog).toBeVisible()
  await one.getByRole('button', { name: 'Split…' }).click()
  await chooser.getByRole('button', { name: 'Split before this paragraph 3' }).click()
  await expect(items.getByRole('listitem', { name: /^Proposed item \d+$/ })).toHaveCount(3)

  await items.getByRole('listitem', { name: 'Proposed item 3' }).getByRole('checkbox', { name: 'Import' }).check()
  await dialog.getByRole('button', { name: /^Import 1 item$/ }).click()
  await expect(dialog).toHaveCount(0)
  const found = await api(page, 'search:query', { q: `title:"${second}"` })
  const item = await api(page, 'items:get', { id: found.items[0].id })
  expect([item.people, item.sourceUrl, item.provenance?.source]).toEqual([['Leila Benali'], `https://example.org/news/${run}`, `https://example.org/news/${run}`])

  await page.getByRole('button', { name: 'Import page…' }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
})
