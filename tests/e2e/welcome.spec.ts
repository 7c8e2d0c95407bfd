// First run (issue 10). The run's shared archive already holds the other specs' items, so this
// spec serves a fresh, empty archive of its own with the same built renderer (the web harness in
// a child process: the core does not load inside Playwright's test loader).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test, expect, screenshot } from './fixtures'
import { serveArchive, stopHarness as stop, type Host } from './harness'

/** Serves a new empty archive. */
const serveFreshArchive = (): Promise<Host> => serveArchive(path.join(mkdtempSync(path.join(tmpdir(), 'pk-welcome-')), 'Fresh.presskeep'))

let host: Host

test.beforeAll(async () => {
  host = await serveFreshArchive()
})

test.afterAll(() => stop(host))

test('a fresh archive shows the welcome screen; loading the demo fills the list and the welcome goes away', async ({ page }) => {
  await page.goto(host.url)
  const welcome = page.getByRole('region', { name: 'Getting started' })
  await expect(welcome.getByRole('heading', { name: 'Welcome to Presskeep' })).toBeVisible()
  for (const step of ['1. Bring in press items', '2. Describe and file them', '3. Find them again'])
    await expect(welcome.getByRole('heading', { name: step })).toBeVisible()
  await screenshot(page, 'welcome')
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  // Each button does what its step says.
  await welcome.getByRole('button', { name: 'Go to the search box' }).click()
  await expect(page.getByRole('searchbox', { name: 'Search the archive' })).toBeFocused()
  await welcome.getByRole('button', { name: 'Import a press page…' }).click()
  await expect(page.getByRole('dialog', { name: 'Import a press page' })).toBeVisible()
  await page.getByRole('dialog', { name: 'Import a press page' }).getByRole('button', { name: 'Cancel' }).click()
  const chooser = page.waitForEvent('filechooser')
  await welcome.getByRole('button', { name: 'Import files from disk…' }).click()
  expect((await chooser).isMultiple()).toBe(true)

  await welcome.getByRole('button', { name: 'Load the demo' }).click()
  await expect(welcome).toHaveCount(0)
  const list = page.getByRole('listbox', { name: 'Item list' })
  await expect(list.getByRole('option')).toHaveCount(16)
  await expect(list.getByRole('option', { name: /ICESCO and TURKSOY Explore Cooperation Prospects/ })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /^Demo: a press page 10/ })).toBeVisible()
  await list.getByRole('option', { name: /ICESCO and TURKSOY/ }).click()
  await expect(page.getByRole('region', { name: 'Attachments' }).getByRole('cell', { name: 'seed-press-page.txt', exact: true })).toBeVisible()
  await screenshot(page, 'welcome-demo-loaded')

  // Once the archive holds items, the demo is refused: it never mixes with a person's own items.
  const again = await page.evaluate(async () => {
    const r = await fetch('api/archive:loadDemo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    return r.text()
  })
  expect(again).toMatch(/empty archive/)
})

test('the welcome screen in Arabic', async ({ page }) => {
  const other = await serveFreshArchive()
  try {
    // The interface language is the window's own choice, kept in localStorage (renderer/src/persist.ts).
    await page.addInitScript(`localStorage.setItem('presskeep.lang', '"ar"')`)
    await page.goto(other.url)
    const welcome = page.getByRole('region', { name: 'البدء' })
    await expect(welcome.getByRole('heading', { name: 'مرحبًا بك في Presskeep' })).toBeVisible()
    await expect(welcome.getByRole('button', { name: 'تحميل الأرشيف التجريبي' })).toBeVisible()
    // One kind of digits on the screen: the step numbers are those the counts are written in.
    const digits = new Set(new Intl.NumberFormat('ar', { useGrouping: false }).format(1234567890))
    const shown = [...(await page.locator('body').innerText()).matchAll(/\p{Nd}/gu)].map((m) => m[0])
    expect(shown.length).toBeGreaterThan(3)
    expect(shown.filter((d) => !digits.has(d))).toEqual([])
    await screenshot(page, 'welcome-arabic')
  } finally {
    stop(other)
  }
})
