// Deletions ask through the app's own dialog, never the browser's confirm(): its words and buttons
// in the interface's language, Escape or Cancel keeps everything, Tab stays on its two buttons,
// and going ahead deletes.
import type { Page } from '@playwright/test'
import { test, expect, screenshot } from './fixtures'
import { api, dialogPassesAxe, showAll, sidebar, unique } from './workspaceHelpers'

async function useLanguage(page: Page, lang: 'en' | 'fr' | 'ar') {
  await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('presskeep.lang', JSON.stringify(l)), lang)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  await page.getByRole('banner').waitFor()
}

/** No browser dialog may open: the test fails at once if one does. */
function refuseBrowserDialogs(page: Page): void {
  page.on('dialog', (d) => {
    throw new Error(`a browser ${d.type()}() was opened: ${d.message()}`)
  })
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const focusedName = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent ?? '')

test('deleting a tag asks in the app: Cancel focused, Tab kept on its buttons, Esc keeps the tag, Delete removes it', async ({ app: page }) => {
  refuseBrowserDialogs(page)
  await useLanguage(page, 'en')
  const tag = unique('doomed').replace(' ', '-')
  const title = unique('Tagged item')
  const item = await api(page, 'items:create', { fields: { title, tags: [tag] } })
  await showAll(page)
  await sidebar(page).getByRole('button', { name: `Edit tag ${tag}` }).click()
  const edit = page.getByRole('dialog', { name: `Tag “${tag}”` })
  await edit.getByRole('button', { name: 'Delete tag' }).click()

  const ask = page.getByRole('alertdialog', { name: 'Delete tag' })
  await expect(ask).toBeVisible()
  await expect(ask.getByText(`Remove the tag “${tag}” and the tags below it from 1 item?`)).toBeVisible()
  // Cancel first and focused; Tab and Shift+Tab go round its two buttons, never out of it.
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(ask.getByRole('button', { name: 'Delete' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  expect(await focusedName(page)).toBe('Delete')
  await dialogPassesAxe(page, 'confirm delete tag')
  await screenshot(page, 'confirm-delete-en')

  // Escape closes the question only: the tag dialog stays, and the tag is still there.
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(edit).toBeVisible()
  expect((await api(page, 'tags:list', {})).map((t) => t.name)).toContain(tag)

  await edit.getByRole('button', { name: 'Delete tag' }).click()
  await ask.getByRole('button', { name: 'Delete' }).click()
  await expect(ask).toBeHidden()
  await expect(page.getByText('Tag removed from 1 item.')).toBeVisible()
  expect((await api(page, 'tags:list', {})).map((t) => t.name)).not.toContain(tag)
  expect((await api(page, 'items:get', { id: item.id })).tags).toEqual([])
})

test('deleting a collection in French and a record in Arabic asks in that language; Enter or Esc keeps, the other button deletes', async ({ app: page }) => {
  refuseBrowserDialogs(page)
  const collection = unique('Revue de presse')
  const { id: collectionId } = await api(page, 'collections:create', { name: collection })
  const person = unique('Leila Benali')
  await api(page, 'items:create', { fields: { title: unique('Interview'), people: [person] } })
  const record = await api(page, 'authorities:create', { kind: 'person', preferred: person })

  await useLanguage(page, 'fr')
  await showAll(page)
  // The sidebar, whatever the language names it.
  const nav = page.getByRole('navigation')
  await nav.getByRole('button', { name: `Modifier la collection ${collection}` }).click()
  const edit = page.getByRole('dialog', { name: `Collection « ${collection} »` })
  await edit.getByRole('button', { name: 'Supprimer la collection' }).click()
  let ask = page.getByRole('alertdialog', { name: 'Supprimer la collection' })
  await expect(ask.getByText(`Supprimer la collection « ${collection} » ? Ses documents restent dans l’archive.`)).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Annuler' })).toBeFocused()
  await dialogPassesAxe(page, 'confirm delete collection (fr)')
  await screenshot(page, 'confirm-delete-fr')
  // Enter right away answers the focused Cancel: nothing is deleted.
  await page.keyboard.press('Enter')
  await expect(ask).toBeHidden()
  expect((await api(page, 'collections:list', {})).map((c) => c.id)).toContain(collectionId)
  await edit.getByRole('button', { name: 'Supprimer la collection' }).click()
  await ask.getByRole('button', { name: 'Supprimer', exact: true }).click()
  await expect(page.getByText('Collection supprimée.')).toBeVisible()
  expect((await api(page, 'collections:list', {})).map((c) => c.id)).not.toContain(collectionId)

  await useLanguage(page, 'ar')
  await showAll(page)
  // Values are isolated in a right-to-left sentence (U+2068 … U+2069): matched around them.
  await nav.getByRole('button', { name: new RegExp(`^تعديل السجل .?${escape(person)}.?$`) }).click()
  const recordDialog = page.getByRole('dialog', { name: new RegExp(`^السجل «.?${escape(person)}.?»$`) })
  await recordDialog.getByRole('button', { name: 'حذف السجل' }).click()
  ask = page.getByRole('alertdialog', { name: 'حذف السجل' })
  await expect(ask).toBeVisible()
  await expect(ask.getByText(new RegExp(`^حذف السجل «.?${escape(person)}.?»؟`))).toBeVisible()
  await expect(ask.getByRole('button', { name: 'إلغاء' })).toBeFocused()
  expect(await ask.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(el).direction)).toBe('rtl')
  await dialogPassesAxe(page, 'confirm delete record (ar)')
  await screenshot(page, 'confirm-delete-ar')
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  expect((await api(page, 'authorities:list', { kind: 'person' })).map((r) => r.id)).toContain(record.id)
  await recordDialog.getByRole('button', { name: 'حذف السجل' }).click()
  await ask.getByRole('button', { name: 'حذف', exact: true }).click()
  await expect(page.getByText('حُذف السجل.')).toBeVisible()
  expect((await api(page, 'authorities:list', { kind: 'person' })).map((r) => r.id)).not.toContain(record.id)
  await useLanguage(page, 'en')
})

test('every dialog keeps Tab inside: round its controls both ways, in English and Arabic', async ({ app: page }) => {
  const tag = unique('kept-focus').replace(' ', '-')
  await api(page, 'tags:set', { name: tag, colour: null })
  for (const [lang, label] of [
    ['en', `Edit tag ${tag}`],
    ['ar', `تعديل الوسم \u2068${tag}\u2069`]
  ] as const) {
    await useLanguage(page, lang)
    await showAll(page)
    await page.getByRole('button', { name: label }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toBeVisible()
    // Where focus is after each key: inside the dialog, and which of its controls.
    type Doc = { activeElement: { closest(s: string): unknown; outerHTML: string } | null }
    const where = () =>
      page.evaluate(() => {
        const active = (globalThis as unknown as { document: Doc }).document.activeElement
        return { inside: !!active?.closest('dialog[open]'), html: active?.outerHTML.slice(0, 80) ?? '' }
      })
    const seen: string[] = []
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab')
      const at = await where()
      expect(at.inside, `${lang}: Tab ${i + 1} left the dialog for ${at.html}`).toBe(true)
      seen.push(at.html)
    }
    // Round and round: the controls come again in the same order.
    const round = seen.indexOf(seen[0], 1)
    expect(round, `${lang}: Tab never came back to the first control`).toBeGreaterThan(1)
    expect(seen.slice(round, 2 * round)).toEqual(seen.slice(0, Math.min(round, seen.length - round)))
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Shift+Tab')
      expect((await where()).inside, `${lang}: Shift+Tab ${i + 1} left the dialog`).toBe(true)
    }
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
  }
})
