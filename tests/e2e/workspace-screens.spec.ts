import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect, screenshot } from './fixtures'
import { api, backgroundOf, directionOf, list, openSettings, row, showAll, sidebar, unique } from './workspaceHelpers'

let arabicTitle = ''
let frenchTitle = ''

async function seed(page: Page) {
  if (arabicTitle) return
  arabicTitle = unique('الإيسيسكو تشارك في منتدى فاس')
  frenchTitle = unique('Le forum de Fès s’ouvre')
  const coll = await api(page, 'collections:create', { name: unique('UNAOC Forum 2022'), description: 'Fez, November 2022' })
  await api(page, 'items:create', {
    fields: {
      title: arabicTitle,
      language: 'ar',
      date: '2022-11-23',
      type: 'press-release',
      body: 'شارك المدير العام للإيسيسكو في الدورة التاسعة للمنتدى العالمي لتحالف الحضارات في مدينة فاس.',
      tags: ['region/africa/north', 'event/unaoc'],
      people: ['سالم بن محمد المالك'],
      collections: [coll.id],
      status: 'in-progress'
    }
  })
  await api(page, 'items:create', {
    fields: {
      title: frenchTitle,
      language: 'fr',
      date: '2022-11-22',
      outlet: 'ICESCO',
      tags: ['event/unaoc'],
      status: 'catalogued',
      warnings: [{ code: 'weekday', message: 'The weekday “Wednesday” does not match 22 November 2022.' }]
    }
  })
  await api(page, 'tags:set', { name: 'region/africa', colour: '#1a7f37' })
  await api(page, 'tags:set', { name: 'event/unaoc', colour: '#8a3b12' })
}

/** No serious or critical accessibility violation on the screen as it is. */
async function checkA11y(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).slice(0, 3).join(' | ')}`)).toEqual([])
}

async function openArabicItem(page: Page) {
  await showAll(page)
  await row(page, arabicTitle).click()
}

test('light theme: the three panes, with an Arabic item shown right to left in an English interface', async ({ app: page }) => {
  await seed(page)
  await openArabicItem(page)
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  const editor = page.getByRole('region', { name: 'Item editor' })
  await expect(editor.getByLabel('Title')).toHaveValue(arabicTitle)
  await expect(editor.getByLabel('Body text')).toHaveAttribute('dir', 'auto')
  await expect(editor.getByLabel('Body text')).toHaveAttribute('lang', 'ar')
  // The browser resolves dir=auto from the text itself.
  expect(await directionOf(editor.getByLabel('Body text'))).toBe('rtl')
  expect(await directionOf(row(page, arabicTitle).locator('.col-title'))).toBe('rtl')
  await expect(row(page, arabicTitle)).toContainText('Nov 23, 2022')
  await sidebar(page).getByRole('button', { name: /^Warnings/ }).click()
  await expect(row(page, frenchTitle)).toBeVisible()
  await row(page, frenchTitle).click()
  await expect(editor.getByRole('list', { name: 'Quality warnings' })).toContainText('does not match')
  await screenshot(page, 'workspace-light')
  await checkA11y(page, 'light')
})

test('dark theme: chosen in settings, kept after a reload', async ({ app: page }) => {
  await seed(page)
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await openSettings(page)
  await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Dark').check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click()
  await openArabicItem(page)
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await backgroundOf(page.locator('body'))).toBe('rgb(27, 28, 30)')
  await screenshot(page, 'workspace-dark')
  await checkA11y(page, 'dark')
  await page.keyboard.press('?')
  await checkA11y(page, 'dark shortcut sheet')
})

test('Arabic interface: right to left, mirrored, Arabic numbers and dates; French dates; back to English', async ({ app: page }) => {
  await seed(page)
  await openSettings(page)
  await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Language of the interface').selectOption('ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
  await page.getByRole('dialog', { name: 'الإعدادات' }).getByRole('button', { name: 'إغلاق' }).click()
  await openArabicItem(page)
  const nav = page.getByRole('navigation', { name: 'المكتبة' })
  await expect(nav.getByRole('button', { name: /^كل الوثائق/ })).toBeVisible()
  // Mirrored: the sidebar is on the right.
  const box = await nav.boundingBox()
  expect(box!.x).toBeGreaterThan(1000)
  const listbox = page.getByRole('listbox', { name: 'قائمة الوثائق' })
  await expect(listbox.getByRole('option', { name: new RegExp(frenchTitle) })).toContainText(new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(2022, 10, 22))))
  // A French item keeps its own direction inside the Arabic interface.
  expect(await directionOf(listbox.getByRole('option', { name: new RegExp(frenchTitle) }).locator('.col-title'))).toBe('ltr')
  await expect(page.getByRole('region', { name: 'محرر الوثيقة' }).getByLabel('العنوان')).toHaveValue(arabicTitle)
  await screenshot(page, 'workspace-arabic')
  // An empty search box reads right to left like the interface, its placeholder included.
  expect(await directionOf(page.locator('.search-box input'))).toBe('rtl')
  await checkA11y(page, 'arabic')
  await page.getByRole('button', { name: 'تعديل جماعي…' }).first().click()
  await screenshot(page, 'workspace-arabic-bulk')
  await checkA11y(page, 'arabic bulk dialog')
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'الإعدادات' }).click()
  await page.getByRole('dialog').getByLabel('لغة الواجهة').selectOption('fr')
  await page.getByRole('dialog', { name: 'Réglages' }).getByRole('button', { name: 'Fermer' }).click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  await expect(page.getByRole('navigation', { name: 'Bibliothèque' }).getByRole('button', { name: /^Tous les documents/ })).toBeVisible()
  await expect(page.getByRole('listbox', { name: 'Liste des documents' }).getByRole('option', { name: new RegExp(frenchTitle) })).toContainText('22 nov. 2022')
  // The editor's title keeps its room beside the long French buttons: shown whole.
  const heading = page.locator('section.editor .editor-head h2')
  await expect(heading).toHaveText(arabicTitle)
  const room = await heading.evaluate((e) => ({ clipped: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1, share: e.clientWidth / (e.parentElement as unknown as { clientWidth: number }).clientWidth }))
  expect(room.clipped).toBe(false)
  expect(room.share).toBeGreaterThan(0.6)
  await screenshot(page, 'workspace-french')
  await openSettings(page)
  await page.getByRole('dialog').getByLabel('Langue de l’interface').selectOption('en')
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
})

test('the bulk edit dialog and the collection tree pass the accessibility check', async ({ app: page }) => {
  await seed(page)
  await showAll(page)
  await row(page, arabicTitle).click()
  await row(page, frenchTitle).click({ modifiers: ['Shift'] })
  await page.keyboard.press('e')
  await expect(page.getByRole('dialog', { name: /^Bulk edit of/ })).toBeVisible()
  await checkA11y(page, 'bulk dialog')
  await page.keyboard.press('Escape')
  await list(page).focus()
  await page.keyboard.press('ControlOrMeta+a')
  await expect(page.getByRole('region', { name: 'Selection' })).toBeVisible()
  await checkA11y(page, 'selection')
})

test('Arabic interface: the search box, the import and export buttons, the search results and the export dialog', async ({ app: page }) => {
  await seed(page)
  await openSettings(page)
  await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Language of the interface').selectOption('ar')
  await page.getByRole('dialog', { name: 'الإعدادات' }).getByRole('button', { name: 'إغلاق' }).click()
  const box = page.getByRole('searchbox', { name: 'البحث في الأرشيف' })
  await expect(box).toHaveAttribute('placeholder', 'البحث في كل شيء… (Ctrl+F)')
  const topbar = page.locator('header.topbar')
  for (const name of ['استيراد صفحة…', 'استيراد ملفات…', 'استيراد مجلد…', 'تصدير…']) await expect(topbar.getByRole('button', { name })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'المكتبة' }).getByRole('button', { name: 'فحص الأرشيف' })).toBeVisible()

  await box.fill(arabicTitle.split(' ').slice(0, 2).join(' '))
  const results = page.getByRole('region', { name: 'نتائج البحث' })
  // Arabic plural forms and Arabic-Indic digits: one result is «نتيجة واحدة».
  await expect(results.getByRole('status').first()).toHaveText(/نتيجة|نتائج|نتيجتان/)
  await expect(results.getByRole('combobox', { name: 'ترتيب النتائج' })).toBeVisible()
  await expect(results.getByRole('option', { name: 'الصلة' })).toHaveCount(1)
  await expect(results.getByRole('button', { name: 'حفظ البحث…' })).toBeVisible()
  await expect(results.getByRole('complementary', { name: 'التصفية' }).getByRole('heading', { name: 'الوسوم' })).toBeVisible()
  await expect(results.getByRole('list', { name: 'النتائج' }).getByRole('button', { name: arabicTitle })).toBeVisible()
  // Every facet's count at the line's end (the left in Arabic), whatever the direction of its value.
  const counts = await results.locator('.facet-value').evaluateAll((buttons) =>
    buttons.map((b) => (b.querySelector('.count') as unknown as { getBoundingClientRect(): { left: number } }).getBoundingClientRect().left - (b as unknown as { getBoundingClientRect(): { left: number } }).getBoundingClientRect().left)
  )
  expect(counts.length).toBeGreaterThan(3)
  expect(counts.filter((x) => x > 8)).toEqual([])
  await screenshot(page, 'search-arabic')
  await checkA11y(page, 'arabic search results')

  await page.getByRole('button', { name: 'مساعدة البحث' }).click()
  await expect(page.getByRole('dialog', { name: 'صيغة البحث' })).toContainText('العبارة بنصّها')
  await page.getByRole('button', { name: 'مساعدة البحث' }).click()

  await topbar.getByRole('button', { name: 'تصدير…' }).click()
  const dialog = page.getByRole('dialog', { name: 'تصدير' })
  await expect(dialog.getByRole('radio', { name: /^نتائج البحث «/ })).toBeChecked()
  await expect(dialog.getByLabel('الصيغة')).toContainText('حزمة BagIt')
  await screenshot(page, 'export-arabic')
  await checkA11y(page, 'arabic export dialog')
  await dialog.getByRole('button', { name: 'إغلاق' }).click()

  await page.getByRole('button', { name: 'الإعدادات' }).click()
  await page.getByRole('dialog').getByLabel('لغة الواجهة').selectOption('en')
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
})

test('the search results and the export dialog pass the accessibility check in English', async ({ app: page }) => {
  await seed(page)
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('unaoc')
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('status').first()).toHaveText(/results?/)
  await checkA11y(page, 'search results')
  await page.getByRole('button', { name: 'Export…' }).click()
  await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible()
  await checkA11y(page, 'export dialog')
})

test('settings: OCR languages and the default export format are the person’s, kept after a reload; backups are the archive’s', async ({ app: page }) => {
  await seed(page)
  await openSettings(page)
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await expect(settings.getByText(/\.presskeep/)).toBeVisible() // where the open archive is
  // OCR: Arabic off; the last language left cannot be unticked.
  await settings.getByRole('checkbox', { name: 'العربية' }).uncheck()
  await settings.getByRole('checkbox', { name: 'Français' }).uncheck()
  await expect(settings.getByRole('checkbox', { name: 'English' })).toBeDisabled()
  await settings.getByLabel('Default export format').selectOption('csv')
  await settings.getByLabel('Recent snapshots kept').fill('25')
  await settings.getByLabel(/Minutes between snapshots/).fill('0')
  await settings.getByRole('button', { name: 'Save backup settings' }).click()
  await expect(settings.getByRole('status').filter({ hasText: 'Backup settings saved.' })).toBeVisible()
  await screenshot(page, 'settings')
  await checkA11y(page, 'settings')
  await settings.getByRole('button', { name: 'Close' }).click()

  await page.reload()
  await page.getByRole('button', { name: 'Export…' }).click()
  await expect(page.getByRole('dialog', { name: 'Export' }).getByLabel('Format')).toHaveValue('csv')
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click()
  await openSettings(page)
  await expect(settings.getByRole('checkbox', { name: 'English' })).toBeChecked()
  await expect(settings.getByRole('checkbox', { name: 'Français' })).not.toBeChecked()
  await expect(settings.getByRole('checkbox', { name: 'العربية' })).not.toBeChecked()
  await expect(settings.getByLabel('Recent snapshots kept')).toHaveValue('25')
  await expect(settings.getByLabel(/Minutes between snapshots/)).toHaveValue('0')
  await settings.getByLabel('Recent snapshots kept').fill('10')
  await settings.getByLabel(/Minutes between snapshots/).fill('30')
  await settings.getByRole('button', { name: 'Save backup settings' }).click()
  await expect(settings.getByRole('status').filter({ hasText: 'Backup settings saved.' })).toBeVisible()
})
