import { test, expect, screenshot } from './fixtures'
import { dialogPassesAxe } from './workspaceHelpers'
import type { Page } from '@playwright/test'

/** Seeds items through the app's own API (the same calls the editor makes). */
async function seed(page: Page, fields: Record<string, unknown>) {
  const ok = await page.evaluate(async (f) => {
    const res = await fetch('api/items:create', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields: f }) })
    return ((await res.json()) as { ok: boolean }).ok
  }, fields)
  expect(ok).toBe(true)
}

test('search as you type across languages, with snippets, facets, hints and a saved search', async ({ app: page }) => {
  const run = Date.now().toString(36)
  await seed(page, { title: `Rentrée à l'École normale ${run}`, language: 'fr', date: '2022-09-01', tags: ['education'], body: "Les élèves de l'École normale supérieure ont repris les cours ce matin." })
  await seed(page, { title: `Regional cooperation summit ${run}`, language: 'en', date: '2022-11-23', tags: ['region/africa'], people: ['Salim M. AlMalik'], body: 'Delegates agreed to cooperate on migration and water security.' })
  await seed(page, { title: `مؤتمر التعاون الإقليمي ${run}`, language: 'ar', date: '2022-11-24', tags: ['region/mena'], body: 'اجتمع المندوبون في الرباط لمناقشة الهجرة والمياه.' })

  const box = page.getByRole('searchbox', { name: 'Search the archive' })
  const results = page.getByRole('region', { name: 'Search results' })
  const hits = results.getByRole('list', { name: 'Results' })

  // Accents folded: "ecole" finds "École".
  await box.fill(`ecole ${run}`)
  await expect(hits.getByRole('button', { name: new RegExp(`Rentrée à l'École normale ${run}`) })).toBeVisible()
  await expect(hits.locator('mark').first()).toContainText(/École/i)

  // Stemming: "cooperation" finds "cooperate" in the body; prefix on the last word as you type.
  await box.fill(`cooperation migr`)
  await expect(hits.getByRole('button', { name: new RegExp(`Regional cooperation summit ${run}`) })).toBeVisible()

  // Arabic normalised: without the hamza on the alef, and ta marbuta as ha.
  await box.fill('الاقليمي')
  await expect(hits.getByRole('button', { name: new RegExp(`مؤتمر التعاون الإقليمي ${run}`) })).toBeVisible()

  // Facets narrow the search.
  await box.fill(run)
  await expect(results.getByRole('status').first()).toHaveText(/^3 results/)
  await results.getByRole('complementary', { name: 'Facets' }).getByRole('button', { name: /^region\/mena/ }).click()
  await expect(box).toHaveValue(`${run} tag:region/mena`)
  await expect(results.getByRole('status').first()).toHaveText(/^1 result\b/)

  // A malformed query is never an error: it degrades and says what it ignored.
  await box.fill(`${run} date:2022-13-45 "unbalanced`)
  await expect(results.getByRole('note')).toContainText('Ignored')
  await expect(results.getByRole('alert')).toHaveCount(0)

  // Save as a smart collection, which appears in the sidebar and re-runs.
  await box.fill(`${run} lang:fr`)
  await expect(results.getByRole('status').first()).toHaveText(/^1 result\b/)
  await results.getByRole('button', { name: 'Save search…' }).click()
  const saveDialog = page.getByRole('dialog', { name: 'Save search' })
  await expect(saveDialog.getByLabel('Save this search as a smart collection named:')).toHaveValue(`${run} lang:fr`)
  await saveDialog.getByLabel('Save this search as a smart collection named:').fill(`French ${run}`)
  await dialogPassesAxe(page, 'save search')
  await saveDialog.getByRole('button', { name: 'Save' }).click()
  await expect(saveDialog).toHaveCount(0)
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: new RegExp(`French ${run}`) })).toBeVisible()
  await box.fill(run)
  await screenshot(page, 'search')
  await box.fill('')
  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: new RegExp(`French ${run}`) }).click()
  await expect(box).toHaveValue(`${run} lang:fr`)

  // The help popover documents the syntax.
  await page.getByRole('button', { name: 'Search help' }).click()
  await expect(page.getByRole('dialog', { name: 'Search syntax' })).toContainText('"press conference"')
  await dialogPassesAxe(page, 'search syntax')
})
