// The workspace in every interface language and by keyboard: a top bar with nothing hidden at
// 1024 and 1400 px, pane keys and the skip link, refusals said in French and Arabic, job banners.
import type { Page } from '@playwright/test'
import { test, expect, screenshot } from './fixtures'
import { api, dialogPassesAxe, list, row, showAll, unique } from './workspaceHelpers'

async function useLanguage(page: Page, lang: 'en' | 'fr' | 'ar') {
  await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('presskeep.lang', JSON.stringify(l)), lang)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  await page.getByRole('banner').waitFor()
}

type Box = { name: string; x: number; y: number; width: number; height: number }

test('the top bar shows every control whole, none over another, at 1024 and 1400 px in en, fr and ar', async ({ app: page }) => {
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang)
    for (const width of [1024, 1400]) {
      await page.setViewportSize({ width, height: 760 })
      // One round trip for all the controls (the page's own DOM, typed by hand: the test project has no DOM types).
      type El = { getBoundingClientRect(): { x: number; y: number; width: number; height: number }; getAttribute(n: string): string | null; textContent: string | null }
      const boxes: Box[] = await page
        .getByRole('banner')
        .locator('button:visible, input:visible')
        .evaluateAll((els) =>
          (els as unknown as El[]).map((el) => {
            const r = el.getBoundingClientRect()
            return { name: el.getAttribute('aria-label') || el.textContent || 'input', x: r.x, y: r.y, width: r.width, height: r.height }
          })
        )
      expect(boxes.length).toBeGreaterThan(8)
      for (const b of boxes) {
        expect(b.width, `${lang} ${width} ${b.name}`).toBeGreaterThan(8)
        expect(b.x, `${lang} ${width} ${b.name}`).toBeGreaterThanOrEqual(0)
        expect(b.x + b.width, `${lang} ${width} ${b.name}`).toBeLessThanOrEqual(width)
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]]
          const overlap = a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5
          expect(overlap, `${lang} ${width}: ${a.name} over ${b.name}`).toBe(false)
        }
      // A control the bar clips (overflow) would be cut at the bar's edge.
      const bar = await page.getByRole('banner').boundingBox()
      for (const b of boxes) expect(b.y + b.height, `${lang} ${width} ${b.name}`).toBeLessThanOrEqual(bar!.y + bar!.height + 0.5)
      // The three panes fit the window too: nothing of the sidebar or the editor is pushed out of it.
      type Sized = { scrollWidth: number; clientWidth: number }
      const panes = await page.locator('.panes').evaluate((el) => ({ scrollWidth: (el as unknown as Sized).scrollWidth, clientWidth: (el as unknown as Sized).clientWidth }))
      expect(panes.scrollWidth, `${lang} ${width}: panes wider than the window`).toBeLessThanOrEqual(Math.min(width, panes.clientWidth) + 1)
      await screenshot(page, `topbar-${lang}-${width}`)
    }
  }
})

test('from the search box to the list in one or two keys; F6 cycles the panes; the skip link comes first', async ({ app: page }) => {
  const title = unique('Keyboard forum')
  await api(page, 'items:create', { fields: { title } })
  await showAll(page)
  await expect(row(page, title)).toBeVisible()
  const search = page.getByRole('searchbox')
  const listbox = list(page)

  await search.focus()
  await page.keyboard.press('Control+2') // 1 press
  await expect(listbox).toBeFocused()

  await search.focus()
  await page.keyboard.press('F6') // the sidebar…
  await expect(page.getByRole('navigation', { name: 'Library' }).locator(':focus')).toHaveCount(1)
  await page.keyboard.press('F6') // …the list: 2 presses
  await expect(listbox).toBeFocused()
  await page.keyboard.press('Shift+F6')
  await expect(page.getByRole('navigation', { name: 'Library' }).locator(':focus')).toHaveCount(1)

  // The skip link is the first stop of the tab order, and goes to the results.
  await page.reload()
  await page.getByRole('banner').waitFor()
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to results' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(listbox).toBeFocused()
})

// One test per language (the editor keeps an unsaved draft across a reload, so each has its own
// item and its own wrong date): each walk is short, well inside the time a test is given on a busy machine.
for (const [lang, typed, sentence] of [
  ['fr', '2013-13-45', '« 2013-13-45 » n’est pas une date : écrivez 2013, 2013-11, 2013-11-21 ou une période 2013-11-21/2013-11-25. Rien n’a été enregistré.'],
  ['ar', '2013-13-46', '«\u20682013-13-46\u2069» ليس تاريخًا']
] as const)
  test(`a refused date is said in ${lang}, its value kept in order`, async ({ app: page }) => {
    const title = unique('Forum de Fès')
    await api(page, 'items:create', { fields: { title } })
    await useLanguage(page, lang)
    await page.getByRole('navigation').getByRole('button').first().click()
    await row(page, title).click()
    const editor = page.locator('.editor')
    await editor.locator('input[name="date"]').fill(typed)
    await editor.getByRole('button', { name: lang === 'fr' ? 'Enregistrer' : 'حفظ' }).click()
    await expect(editor.getByRole('alert')).toContainText(sentence)
    await screenshot(page, `refusal-${lang}`)
  })

test('finished jobs: one banner each, a success goes by itself, Dismiss all clears the rest', async ({ app: page }) => {
  await useLanguage(page, 'en')
  const status = page.getByRole('region', { name: 'Jobs' })
  // Two exports finish one after the other: two banners, then none once they go.
  await api(page, 'export:prepare', { scope: { kind: 'all' }, format: 'csv' })
  await api(page, 'export:prepare', { scope: { kind: 'all' }, format: 'json' })
  await expect(status.locator('.job-summary')).toHaveCount(2)
  await expect(status.locator('.job-summary').filter({ hasText: 'Finished: Exporting.' })).toHaveCount(2)
  await expect(status.getByRole('button', { name: 'Dismiss all' })).toBeVisible()
  await status.getByRole('button', { name: 'Dismiss all' }).click()
  await expect(status.locator('.job-summary')).toHaveCount(0)
  await api(page, 'export:prepare', { scope: { kind: 'all' }, format: 'csv' })
  await expect(status.locator('.job-summary')).toHaveCount(1)
  await expect(status.locator('.job-summary')).toHaveText(/Finished: Exporting\./)
  await expect(status.locator('.job-summary')).toHaveCount(0, { timeout: 15_000 })
})

// One test per language: each is a short walk, well inside the time a test is given on a busy machine.
for (const lang of ['fr', 'ar'] as const)
  test(`refusals of the core said in ${lang} with their values in place: a clashing tag name, a page that is no text`, async ({ app: page }, info) => {
    const [from, to] = [unique('region/maghreb'), unique('region/sahel')]
    await api(page, 'tags:set', { name: from, colour: null })
    await api(page, 'tags:set', { name: to, colour: null })
    await api(page, 'items:create', { fields: { title: unique('Sahel forum'), tags: [to] } })
    // A picture given as a saved page, under an Arabic name: in the French sentence the name is isolated too.
    const picture = info.outputPath('صورة الصفحة.png')
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(info.outputDir, { recursive: true })
    writeFileSync(picture, Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(2048)]))
    const isolated = '\u2068صورة الصفحة.png\u2069'
    const w = {
      fr: {
        editTag: `Modifier le mot-clé ${from}`,
        name: 'Nom (niveaux séparés par /)',
        save: 'Enregistrer',
        clash: `Le mot-clé « ${to} » existe déjà ; pour y réunir « ${from} », fusionnez les deux mots-clés.`,
        importPage: 'Importer une page…',
        choose: 'Choisir une page enregistrée…',
        notText: `« ${isolated} » ne ressemble ni à du texte ni à une page web ; importez un fichier .txt ou .html, ou collez le texte.`
      },
      ar: {
        // The tag's name is isolated in the Arabic label too.
        editTag: `تعديل الوسم \u2068${from}\u2069`,
        name: 'الاسم (المستويات مفصولة بـ /)',
        save: 'حفظ',
        clash: `يوجد وسم «\u2068${to}\u2069» من قبل؛ لضمّ «\u2068${from}\u2069» إليه، ادمج الوسمين.`,
        importPage: 'استيراد صفحة…',
        choose: 'اختيار صفحة محفوظة…',
        notText: `لا يبدو «${isolated}» نصًا ولا صفحة ويب`
      }
    }[lang]
    await useLanguage(page, lang)
    await page.getByRole('button', { name: w.editTag }).click()
    const tagDialog = page.getByRole('dialog').filter({ has: page.getByLabel(w.name) })
    await tagDialog.getByLabel(w.name).fill(to)
    await tagDialog.getByRole('button', { name: w.save, exact: true }).click()
    await expect(tagDialog.getByRole('alert')).toHaveText(w.clash)
    await dialogPassesAxe(page, `tag clash ${lang}`)
    await screenshot(page, `refusal-tag-${lang}`)
    await page.keyboard.press('Escape')
    await expect(tagDialog).toHaveCount(0)
    // Nothing was renamed.
    expect((await api(page, 'tags:list', {})).map((t) => t.name)).toEqual(expect.arrayContaining([from, to]))

    await page.getByRole('button', { name: w.importPage, exact: true }).click()
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: w.choose }).click()
    await (await chooser).setFiles(picture)
    const pageDialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: w.choose }) })
    await expect(pageDialog.getByRole('alert')).toContainText(w.notText)
    await dialogPassesAxe(page, `page import refused ${lang}`)
    await screenshot(page, `refusal-page-${lang}`)
  })

test('the archive check in Arabic passes the accessibility check', async ({ app: page }) => {
  await useLanguage(page, 'ar')
  await page.getByRole('button', { name: 'فحص الأرشيف', exact: true }).click()
  const check = page.getByRole('dialog', { name: 'فحص الأرشيف' })
  await check.getByRole('button', { name: 'افحص الآن' }).click()
  await expect(check.locator('p[role=status]')).toBeVisible({ timeout: 30_000 })
  await dialogPassesAxe(page, 'check ar')
  await screenshot(page, 'check-ar')
})

/** A menu command of the desktop app, given to the harness's window as the desktop menu gives it (a browser has no menu bar). */
async function menuCommand(page: Page, command: string, url?: string): Promise<void> {
  const res = await page.request.post('/command', { data: { command, url }, headers: { 'x-presskeep-secret': process.env.PK_E2E_SECRET! } })
  expect(await res.json()).toMatchObject({ ok: true })
}

test('Connect to a team archive (a desktop menu command) in English and Arabic: accessible, a refusal said in the language', async ({ app: page }) => {
  for (const [lang, title, said] of [
    ['en', 'Connect to a team archive', 'This can only be done in the desktop app.'],
    ['ar', 'الاتصال بأرشيف فريق', 'لا يتاح هذا إلا في تطبيق سطح المكتب.']
  ] as const) {
    await useLanguage(page, lang)
    const dialog = page.getByRole('dialog', { name: title })
    // The window subscribes to the menu's commands once it has loaded: sent again until it has.
    await expect(async () => {
      await menuCommand(page, 'connect-team', lang === 'ar' ? 'https://archive.example.org:8443' : undefined)
      await expect(dialog).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 20_000 })
    if (lang === 'en') {
      await dialog.getByRole('textbox').fill('archive.example.org')
      await dialog.getByRole('button', { name: 'Connect' }).click()
    } else {
      // A recent team archive comes with its address and is tried at once.
      await expect(dialog.getByRole('textbox')).toHaveValue('https://archive.example.org:8443')
    }
    // The browser has no window to open a team archive in: the dialog says so in the interface's language.
    await expect(dialog.getByRole('alert')).toHaveText(said)
    await dialogPassesAxe(page, `connect ${lang} refused`)
    await screenshot(page, `connect-team-${lang}`)
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
  }
})
