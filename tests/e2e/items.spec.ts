import { statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { test, expect, attachFile, reopen, screenshot, corpus } from './fixtures'
import { api } from './workspaceHelpers'
import { shardOf } from '../../electron/core/ids'

const pdf = corpus('pdf', 'scotus-transcript-p1.pdf')

test('create an item, edit it, attach a PDF, reload: everything is still there', async ({ app: page, electronApp }) => {
  const title = `Court transcript ${Date.now()}`
  await page.getByRole('button', { name: /New item/ }).click()
  const editor = page.getByRole('region', { name: 'Item editor' })
  await editor.getByLabel('Title').fill(title)
  await editor.getByLabel('Date').fill('2022-11-23')
  await editor.getByLabel('Type').selectOption('press-release')
  await editor.getByLabel('Language').fill('en')
  await editor.getByLabel('Outlet').fill('Supreme Court of the United States')
  await editor.getByLabel('Byline').fill('Court reporter')
  await editor.getByLabel('Identifier').fill('SCOTUS-P1')
  await editor.getByLabel('Rights').fill('Public domain')
  await editor.getByLabel('Description').fill('First page of an oral argument transcript.')
  await editor.getByLabel('Body text').fill('The Court heard argument today. العربية نص')
  await editor.getByLabel('Notes').fill('Catalogued by the e2e test.')
  await editor.getByLabel('Tags').fill('law; transcripts')
  await editor.getByRole('button', { name: 'Create' }).click()
  await expect(editor.getByRole('status')).toContainText('Saved')

  const list = page.getByRole('listbox', { name: 'Item list' })
  await expect(list.getByRole('option', { name: new RegExp(title) })).toBeVisible()

  // Edit a field and save with the keyboard.
  await editor.getByLabel('Outlet').fill('Supreme Court')
  await editor.getByLabel('Outlet').press('Control+s')
  await expect(editor.getByRole('status')).toContainText('Saved')

  // An invalid date is refused, with the field named, and nothing is lost.
  await editor.getByLabel('Date').fill('2022-02-30')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.getByRole('alert')).toContainText('date')
  await expect(editor.getByLabel('Date')).toHaveAttribute('aria-invalid', 'true')
  await editor.getByLabel('Date').fill('2022-11-23')

  await attachFile(page, electronApp, pdf)
  const attachments = page.getByRole('region', { name: 'Attachments' })
  await expect(attachments.getByRole('cell', { name: 'scotus-transcript-p1.pdf', exact: true })).toBeVisible()
  const sha = createHash('sha256').update(readFileSync(pdf)).digest('hex')
  await expect(attachments.locator(`code[title="${sha}"]`)).toBeVisible()
  await expect(attachments.getByRole('cell', { name: 'application/pdf' })).toBeVisible()
  await screenshot(page, 'main')

  await reopen(page)
  await list.getByRole('option', { name: new RegExp(title) }).click()
  await expect(editor.getByLabel('Title')).toHaveValue(title)
  await expect(editor.getByLabel('Outlet')).toHaveValue('Supreme Court')
  await expect(editor.getByLabel('Date')).toHaveValue('2022-11-23')
  await expect(editor.getByLabel('Type')).toHaveValue('press-release')
  await expect(editor.getByLabel('Body text')).toHaveValue('The Court heard argument today. العربية نص')
  await expect(editor.getByLabel('Notes')).toHaveValue('Catalogued by the e2e test.')
  await expect(editor.getByLabel('Tags')).toHaveValue('law; transcripts')
  await expect(attachments.getByRole('cell', { name: 'scotus-transcript-p1.pdf', exact: true })).toBeVisible()
  await expect(attachments.getByRole('cell', { name: `${(statSync(pdf).size / 1024).toFixed(0)} KB` })).toBeVisible()

  // The attachment comes back out byte for byte.
  if (!electronApp) {
    const href = await attachments.getByRole('link', { name: 'Save…' }).getAttribute('href')
    const res = await page.request.get(new URL(href!, page.url()).href)
    expect(res.status()).toBe(200)
    expect(createHash('sha256').update(await res.body()).digest('hex')).toBe(sha)
  }
})

test('move an item to the trash and restore it', async ({ app: page }) => {
  const title = `Trash me ${Date.now()}`
  await page.getByRole('button', { name: /New item/ }).click()
  const editor = page.getByRole('region', { name: 'Item editor' })
  await editor.getByLabel('Title').fill(title)
  await editor.getByRole('button', { name: 'Create' }).click()
  await expect(editor.getByRole('status')).toContainText('Saved')
  await editor.getByRole('button', { name: 'Move to trash' }).click()
  await expect(editor.getByText('In the trash')).toBeVisible()
  const list = page.getByRole('listbox', { name: 'Item list' })
  await expect(list.getByRole('option', { name: new RegExp(title) })).toHaveCount(0)

  await page.getByRole('button', { name: /^Trash/ }).click()
  await expect(list.getByRole('option', { name: new RegExp(title) })).toBeVisible()
  await screenshot(page, 'trash')
  await list.getByRole('option', { name: new RegExp(title) }).click()
  await editor.getByRole('button', { name: 'Restore' }).click()
  await expect(list.getByRole('option', { name: new RegExp(title) })).toHaveCount(0)
  await page.getByRole('button', { name: /^All items/ }).click()
  await expect(list.getByRole('option', { name: new RegExp(title) })).toBeVisible()
})

test('remove an attachment', async ({ app: page, electronApp }) => {
  const title = `Detach ${Date.now()}`
  await page.getByRole('button', { name: /New item/ }).click()
  const editor = page.getByRole('region', { name: 'Item editor' })
  await editor.getByLabel('Title').fill(title)
  await editor.getByRole('button', { name: 'Create' }).click()
  await expect(editor.getByRole('status')).toContainText('Saved')
  await attachFile(page, electronApp, corpus('pdf', '2023-06-20-PV.pdf'))
  const attachments = page.getByRole('region', { name: 'Attachments' })
  await expect(attachments.getByRole('cell', { name: '2023-06-20-PV.pdf', exact: true })).toBeVisible()
  // The app asks (its own dialog, not the browser's): Cancel keeps the file, Remove removes it.
  page.on('dialog', (d) => {
    throw new Error(`a browser ${d.type()}() was opened`)
  })
  await attachments.getByRole('button', { name: 'Remove 2023-06-20-PV.pdf' }).click()
  const ask = page.getByRole('alertdialog', { name: 'Remove a file' })
  await expect(ask.getByText('Remove “2023-06-20-PV.pdf” from this item?')).toBeVisible()
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(attachments.getByRole('cell', { name: '2023-06-20-PV.pdf', exact: true })).toBeVisible()
  await attachments.getByRole('button', { name: 'Remove 2023-06-20-PV.pdf' }).click()
  await ask.getByRole('button', { name: 'Remove', exact: true }).click()
  await expect(attachments.getByText('No files attached.')).toBeVisible()
  await reopen(page)
  await page.getByRole('listbox', { name: 'Item list' }).getByRole('option', { name: new RegExp(title) }).click()
  await expect(page.getByRole('region', { name: 'Attachments' }).getByText('No files attached.')).toBeVisible()
})

test('an item whose text file is damaged opens with the damage named; its title is saved, its body refused by name', async ({ app: page }) => {
  const title = `Damaged text ${Date.now()}`
  const item = await api(page, 'items:create', { fields: { title, body: 'The body the damaged file held.' } })
  const rel = path.join('text', shardOf(item.id), `${item.id}.json`)
  const file = path.join(process.env.PK_E2E_ARCHIVE!, rel)
  const sound = readFileSync(file)
  writeFileSync(file, '{"body": "The bo')
  try {
    await reopen(page)
    await page.getByRole('listbox', { name: 'Item list' }).getByRole('option', { name: new RegExp(title) }).click()
    const editor = page.getByRole('region', { name: 'Item editor' })
    const damage = editor.getByRole('alert').filter({ hasText: `The text file ${rel} of this item is damaged` })
    await expect(damage).toBeVisible()
    await editor.getByLabel('Title').fill(`${title}, edited`)
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect(editor.getByRole('status')).toContainText('Saved')
    await expect(damage).toBeVisible()
    expect((await api(page, 'items:get', { id: item.id })).title).toBe(`${title}, edited`)
    // Typing a body over what cannot be read is refused, naming the file; the file is kept as it is.
    await editor.getByLabel('Body text').fill('Typed over an unreadable body')
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect(editor.getByRole('alert').filter({ hasText: rel }).filter({ hasNotText: 'of this item' })).toBeVisible()
    expect(readFileSync(file, 'utf8')).toBe('{"body": "The bo')
    await damage.scrollIntoViewIfNeeded()
    await screenshot(page, 'editor-damaged-text')
  } finally {
    // The worker's archive serves the specs after this one, whose checks must find it sound.
    writeFileSync(file, sound)
  }
})
