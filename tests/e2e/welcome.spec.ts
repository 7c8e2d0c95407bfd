// First run (issue 10). The run's shared archive already holds the other specs' items, so this
// spec serves a fresh, empty archive of its own with the same built renderer (the web harness in
// a child process: the core does not load inside Playwright's test loader).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test, expect, screenshot } from './fixtures'

const root = path.resolve(__dirname, '..', '..')
type Host = { url: string; child: ChildProcess }

/** Serves a new empty archive; resolves with the address the harness prints. */
function serveFreshArchive(): Promise<Host> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pk-welcome-')), 'Fresh.presskeep')
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['electron/web/index.ts', '--archive', dir, '--port', '0'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`the web harness did not start: ${out}`)), 30_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /Open (http:\/\/\S+) in your browser/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1], child })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the web harness exited (${code}): ${out}`)))
  })
}

function stop(host: Host | undefined): void {
  // The harness's own process group (tsx and its node child), started above.
  if (host?.child.pid) process.kill(-host.child.pid, 'SIGTERM')
}

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
    await screenshot(page, 'welcome-arabic')
  } finally {
    stop(other)
  }
})
