import { readFileSync } from 'node:fs'
import { test, expect } from './fixtures'

// A listing page of another organisation (a real page's excerpt), reviewed in the Arabic interface:
// six summaries, each flagged in the interface's language, the last one cut where the copy stops.
test('a listing page in the Arabic interface: one item per record, summaries flagged', async ({ app: page }) => {
  // The interface language is the window's own choice, kept in localStorage (renderer/src/persist.ts).
  await page.evaluate(`localStorage.setItem('presskeep.lang', '"ar"')`)
  await page.reload()
  await page.getByRole('button', { name: 'استيراد صفحة…' }).click()
  const dialog = page.getByRole('dialog', { name: 'استيراد صفحة صحفية' })
  await dialog.getByLabel('نص الصفحة').fill(readFileSync('tests/fixtures/press/listings/un-press-meetings-coverage.txt', 'utf8'))
  await dialog.getByRole('button', { name: 'اقتراح وثائق' }).click()
  const items = dialog.getByRole('list', { name: 'الوثائق المقترحة' })
  await expect(items.getByRole('listitem', { name: /^الوثيقة المقترحة \d+$/ })).toHaveCount(6)
  await expect(dialog.getByLabel('عنوان الوثيقة 2', { exact: true })).toHaveValue(/^Committee on Non-Governmental Organizations/)
  for (const n of [1, 6]) await expect(dialog.getByRole('list', { name: `تنبيهات الوثيقة ${n}` })).toContainText('ملخص فقط: النص الكامل في المصدر.')
  // Only the record the copy stops inside is cut off; the others end where the site cut them.
  await expect(dialog.getByRole('list', { name: 'تنبيهات الوثيقة 1' }).getByRole('listitem')).toHaveCount(1)
  await expect(dialog.getByRole('list', { name: 'تنبيهات الوثيقة 6' }).getByRole('listitem')).toHaveCount(2)
})
