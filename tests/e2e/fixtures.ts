// One fixture for both targets: `PRESSKEEP_E2E_TARGET=web` (default: Debian's Chromium against
// the loopback harness) or `electron` (the real app through _electron.launch, where Electron exists).
import { test as base, expect, _electron, type Page, type ElectronApplication } from '@playwright/test'
import * as path from 'node:path'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { randomBytes } from 'node:crypto'
import { serveArchive, stopHarness, type Host } from './harness'

export const target = (process.env.PRESSKEEP_E2E_TARGET ?? 'web') as 'web' | 'electron'
export const corpus = (...parts: string[]) => path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', ...parts)
export const screensDir = path.resolve(__dirname, '..', '..', 'test-results', 'screens')

type Fixtures = { app: Page; electronApp: ElectronApplication | null }

export const test = base.extend<Fixtures, { harness: Host | null }>({
  // Each worker serves an archive of its own, so that spec files run side by side; the archive
  // and the secret go in this worker's environment for the specs that call the API directly.
  harness: [
    async ({}, use) => {
      if (target !== 'web') return use(null)
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'presskeep-e2e-')), 'E2E.presskeep')
      // A person's settings too (language, theme, recent archives): the harnesses started
      // from this worker keep theirs apart from the other workers'.
      process.env.XDG_CONFIG_HOME = mkdtempSync(path.join(tmpdir(), 'pk-xdg-config-'))
      process.env.XDG_CACHE_HOME = mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))
      const host = await serveArchive(dir, randomBytes(16).toString('hex'))
      process.env.PK_E2E_SECRET = host.secret
      process.env.PK_E2E_ARCHIVE = dir
      await use(host)
      stopHarness(host)
    },
    { scope: 'worker', timeout: 90_000 }
  ],
  baseURL: async ({ harness, baseURL }, use) => use(harness?.origin ?? baseURL),
  electronApp: async ({}, use) => {
    if (target !== 'electron') return use(null)
    const app = await _electron.launch({
      args: [path.resolve(__dirname, '..', '..', 'out', 'main', 'index.js'), '--archive', process.env.PK_E2E_ARCHIVE!]
    })
    await use(app)
    await app.close()
  },
  app: async ({ page, electronApp }, use) => {
    if (electronApp) {
      const win = await electronApp.firstWindow()
      await win.getByRole('button', { name: /New item/ }).waitFor()
      return use(win)
    }
    // PK_E2E_CPU_THROTTLE=6 slows the page's CPU sixfold (Chromium's own emulation), to find races
    // that only a loaded CI machine shows.
    const throttle = Number(process.env.PK_E2E_CPU_THROTTLE ?? 0)
    if (throttle > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle })
    await page.goto(`/?k=${process.env.PK_E2E_SECRET}`)
    await page.getByRole('button', { name: /New item/ }).waitFor()
    await use(page)
  }
})

/** Attaches a file as a person would: the upload picker in a browser, the native dialog in the app. */
export async function attachFile(page: Page, electronApp: ElectronApplication | null, file: string): Promise<void> {
  if (electronApp) {
    await electronApp.evaluate(({ dialog }, filePath) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [filePath] })) as typeof dialog.showOpenDialog
    }, file)
    await page.getByRole('button', { name: 'Attach files…' }).click()
  } else {
    await page.getByTestId('attach-input').setInputFiles(file)
  }
}

/** Clicks a button that asks for files: the native dialog is answered in the app, the file chooser in a browser. */
export async function pickFiles(page: Page, electronApp: ElectronApplication | null, button: string, files: string[]): Promise<void> {
  if (electronApp) {
    await electronApp.evaluate(({ dialog }, filePaths) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths })) as typeof dialog.showOpenDialog
    }, files)
    await page.getByRole('button', { name: button }).click()
    return
  }
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: button }).click()
  await (await chooser).setFiles(files)
}

/** Reopens the window: a reload in the browser, a reload of the window in the app. */
export async function reopen(page: Page): Promise<void> {
  await page.reload()
  await page.getByRole('button', { name: /New item/ }).waitFor()
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true })
  await page.screenshot({ path: path.join(screensDir, `${name}.png`) })
}

export { expect }
