// No lost update, as two people meet it: two browser tabs on one archive. A field edited in both
// is a conflict shown in the second save's dialog, field by field; different fields merge.
import type { Page } from '@playwright/test'
import { test, expect, screenshot, target } from './fixtures'
import { dialogPassesAxe } from './workspaceHelpers'

async function openTab(page: Page, lang?: string): Promise<Page> {
  const tab = await page.context().newPage()
  // The interface language is the person's choice, kept in the window's storage (shared by the tabs of a browser).
  type Storing = { localStorage: { setItem(key: string, value: string): void } }
  if (lang) await tab.addInitScript((l) => (globalThis as unknown as Storing).localStorage.setItem('presskeep.lang', JSON.stringify(l)), lang)
  await tab.goto(`/?k=${process.env.PK_E2E_SECRET}`)
  await tab.locator('section.editor, .welcome, [role="listbox"]').first().waitFor()
  return tab
}

const editorOf = (page: Page) => page.locator('section.editor')
const field = (page: Page, name: string) => editorOf(page).locator(`[name="${name}"]`)

/** Types in one field and saves with the keyboard, as a person does. */
async function saveField(page: Page, name: string, value: string): Promise<void> {
  await field(page, name).fill(value)
  await field(page, name).press('Control+s')
}

async function openItem(page: Page, title: string): Promise<void> {
  await page.getByRole('listbox').getByRole('option', { name: new RegExp(title.replace(/[()]/g, '\\$&')) }).click()
  await expect(field(page, 'title')).toHaveValue(title)
}

test('two tabs: the same field edited in both shows the conflict (keep mine, take theirs, merge); different fields merge silently', async ({ app: first }) => {
  // The desktop app holds an archive in one window; two windows on one archive are the browser's case.
  if (target !== 'web') return
  // Five scenarios in two to four tabs, one archive: about 15 s on a quiet machine.
  test.setTimeout(120_000)
  const title = `Conflict ${Date.now()}`
  await first.getByRole('button', { name: /New item/ }).click()
  await field(first, 'title').fill(title)
  await editorOf(first).getByRole('button', { name: 'Create' }).click()
  await expect(editorOf(first).getByRole('status')).toContainText('Saved')
  const second = await openTab(first)
  await openItem(second, title)

  // Different fields: both kept, no dialog.
  await saveField(first, 'outlet', 'Outlet from tab 1')
  await expect(editorOf(first).getByRole('status')).toContainText('Saved')
  await saveField(second, 'byline', 'Byline from tab 2')
  await expect(editorOf(second).getByRole('status')).toContainText('Saved')
  await expect(field(second, 'outlet')).toHaveValue('Outlet from tab 1')
  await expect(field(first, 'byline')).toHaveValue('Byline from tab 2')
  await expect(second.getByRole('dialog')).toHaveCount(0)

  // The same field, edited in the second tab before the first saves: the second save is refused and shown.
  await field(second, 'notes').fill('Notes from tab 2')
  await saveField(first, 'notes', 'Notes from tab 1')
  await expect(editorOf(first).getByRole('status')).toContainText('Saved')
  await field(second, 'notes').press('Control+s')
  const dialog = second.getByRole('dialog', { name: 'Changed elsewhere while you edited' })
  await expect(dialog).toBeVisible()
  const row = dialog.locator('tr[data-field="notes"]')
  await expect(row).toContainText('Notes from tab 2')
  await expect(row).toContainText('Notes from tab 1')
  await screenshot(second, 'conflict-dialog')
  await dialogPassesAxe(second, 'conflict')
  // Keep mine: saved on the latest version, and the first tab follows.
  await dialog.getByRole('button', { name: 'Keep all mine' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(editorOf(second).getByRole('status')).toContainText('Saved on the latest version')
  await expect(field(second, 'notes')).toHaveValue('Notes from tab 2')
  await expect(field(first, 'notes')).toHaveValue('Notes from tab 2')

  // Take theirs: the first tab's value stays.
  await field(second, 'title').fill(`${title} (tab 2)`)
  await saveField(first, 'title', `${title} (tab 1)`)
  await expect(editorOf(first).getByRole('status')).toContainText('Saved')
  await field(second, 'title').press('Control+s')
  await dialog.getByRole('button', { name: 'Take all theirs' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(field(second, 'title')).toHaveValue(`${title} (tab 1)`)

  // Merge: two fields in conflict, one kept from each side, and a third changed only here saved with them.
  await field(second, 'rights').fill('Rights from tab 2')
  await field(second, 'identifier').fill('ID-2')
  await field(second, 'sourceUrl').fill('https://example.org/tab-2')
  await field(first, 'rights').fill('Rights from tab 1')
  await saveField(first, 'identifier', 'ID-1')
  await expect(editorOf(first).getByRole('status')).toContainText('Saved')
  await field(second, 'rights').press('Control+s')
  await expect(dialog.locator('tbody tr')).toHaveCount(2)
  await dialog.locator('tr[data-field="identifier"]').getByRole('radio', { name: 'Take theirs' }).check()
  await dialog.getByRole('button', { name: 'Save merged' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(field(second, 'rights')).toHaveValue('Rights from tab 2')
  await expect(field(second, 'identifier')).toHaveValue('ID-1')
  await expect(field(second, 'sourceUrl')).toHaveValue('https://example.org/tab-2')
  await expect(field(first, 'rights')).toHaveValue('Rights from tab 2')
  await expect(field(first, 'sourceUrl')).toHaveValue('https://example.org/tab-2')

  // The dialog in French and Arabic (right to left).
  for (const [lang, heading] of [
    ['fr', 'Modifié ailleurs pendant votre saisie'],
    ['ar', 'عُدِّل في مكان آخر أثناء تحريرك']
  ] as const) {
    const tab = await openTab(first, lang)
    await openItem(tab, `${title} (tab 1)`)
    await field(tab, 'notes').fill(`Notes ${lang} (2)`)
    await saveField(first, 'notes', `Notes ${lang} (1)`)
    await expect(field(first, 'notes')).toHaveValue(`Notes ${lang} (1)`)
    await field(tab, 'notes').press('Control+s')
    const translated = tab.getByRole('dialog', { name: heading })
    await expect(translated).toBeVisible()
    await expect(tab.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr')
    // The title of the item stays whole and in its order inside the Arabic sentence: isolated.
    if (lang === 'ar') await expect(translated.locator('#conflict-intro')).toContainText(`«\u2068${title} (tab 1)\u2069»`)
    await screenshot(tab, `conflict-dialog-${lang}`)
    await dialogPassesAxe(tab, `conflict ${lang}`)
    await tab.keyboard.press('Escape')
    await expect(translated).toHaveCount(0)
    // Closed without choosing: nothing was saved, the person's text is still in the form.
    await expect(field(tab, 'notes')).toHaveValue(`Notes ${lang} (2)`)
    await tab.close()
  }
  await second.close()
})
