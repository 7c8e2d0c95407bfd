// A team archive in real browsers: a PostgreSQL team archive (a throwaway cluster) served by two
// `presskeep serve --database` processes, people signed in from separate browser contexts
// (separate cookie jars, as on separate machines), some on one process and some on the other.
import { test, expect, type Browser, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { startLocalCluster, type LocalCluster } from '../../electron/core/team/localCluster'
import { screensDir } from './fixtures'

const root = path.resolve(__dirname, '..', '..')
const PW = { bea: 'bea-password-1', dan: 'dan-password-2', cy: 'cy-password-33' }
let cluster: LocalCluster | null = null
let database = ''
let files = ''
type Server = { child: ChildProcess; url: string }
const servers: Server[] = []
/** The first server's address (the second serves the same archive). */
let url = ''

// The built command line (built with the interface the specs run against), as installed.
const cli = path.join(root, 'out/main/cli.js')

/** `presskeep …` as an administrator types it (a password piped in, as a script would). */
function presskeep(args: string[], input = ''): string {
  return execFileSync(process.execPath, [cli, ...args, '--database', database], { cwd: root, input, encoding: 'utf8' })
}

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--database', database, '--files', files, '--listen', '127.0.0.1:0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let printed = ''
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      printed += d
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)
      if (m) resolve(m[1])
    })
    child.stderr!.on('data', (d) => (printed += d))
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${printed}`)))
  })
  const server = { child, url: address }
  servers.push(server)
  return server
}

async function stopServer(server: Server | undefined = servers[0]): Promise<void> {
  if (!server || server.child.exitCode !== null) return
  const exited = new Promise((r) => server.child.once('exit', r))
  server.child.kill('SIGTERM')
  await exited
}

test.beforeAll(async () => {
  // A cluster, three accounts and two server processes, one after another: seconds each on a loaded machine.
  test.setTimeout(180_000)
  cluster = await startLocalCluster()
  const admin = new pg.Client(cluster.url)
  await admin.connect()
  await admin.query('CREATE DATABASE team')
  await admin.end()
  database = cluster.urlOf('team')
  files = path.join(mkdtempSync(path.join(tmpdir(), 'pk-team-e2e-')), 'files')
  presskeep(['users', 'add', 'bea', '--role', 'cataloguer'], PW.bea + '\n')
  presskeep(['users', 'add', 'dan', '--role', 'cataloguer'], PW.dan + '\n')
  presskeep(['users', 'add', 'cy', '--role', 'reader'], PW.cy + '\n')
  url = (await startServer()).url
  await startServer()
})
test.afterAll(async () => {
  for (const s of servers) await stopServer(s)
  cluster?.stop()
})

/** axe finds no serious or critical violation on the page as it is. */
async function passesAxe(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([])
}

async function signIn(browser: Browser, name: keyof typeof PW, on = url): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(on)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Password').fill(PW[name])
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: /New item/ }).waitFor()
  await expect(page.getByText(`${name} (`)).toBeVisible()
  return page
}

test('the sign-in page in English, French and Arabic, accessible; a wrong password is said so in each', async ({ page }) => {
  await page.goto(url)
  mkdirSync(screensDir, { recursive: true })
  await expect(page.getByRole('heading', { name: 'Sign in to the team archive' })).toBeVisible()
  await page.screenshot({ path: path.join(screensDir, 'signin-en.png') })
  await page.getByLabel('Name').fill('bea')
  await page.getByLabel('Password').fill('not her password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  // The answer waits for a full-cost scrypt hash: seconds on a loaded machine.
  await expect(page.getByRole('alert')).toHaveText('Wrong name or password.', { timeout: 30_000 })
  await passesAxe(page, 'sign-in en')
  // The refusal is kept as what to say: a change of language says it again in the new one.
  await page.getByLabel('Language').selectOption('fr')
  await expect(page.getByRole('heading', { name: 'Connexion à l’archive d’équipe' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveText('Nom ou mot de passe incorrect.')
  await page.screenshot({ path: path.join(screensDir, 'signin-fr.png') })
  await page.getByLabel('Langue').selectOption('ar')
  await expect(page.getByRole('heading', { name: 'تسجيل الدخول إلى أرشيف الفريق' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByRole('alert')).toHaveText('الاسم أو كلمة المرور غير صحيحة.')
  await passesAxe(page, 'sign-in ar')
  await page.screenshot({ path: path.join(screensDir, 'signin-ar.png') })
})

test('one person edits, the other sees it live in the list and the editor', async ({ browser }) => {
  const bea = await signIn(browser, 'bea')
  const dan = await signIn(browser, 'dan')
  await bea.getByRole('button', { name: /New item/ }).click()
  await bea.getByRole('textbox', { name: 'Title' }).fill('Minister visits the port')
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Create' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByRole('status')).toContainText('Saved')
  // Created by bea: on dan's list within a second, without him doing anything.
  await expect(dan.getByText('Minister visits the port')).toBeVisible({ timeout: 1000 })
  await dan.getByText('Minister visits the port').click()
  await expect(dan.getByRole('textbox', { name: 'Title' })).toHaveValue('Minister visits the port')

  await bea.getByRole('textbox', { name: 'Title' }).fill('Minister visits the new port')
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Save' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByRole('status')).toContainText('Saved')
  // Within a second of the save, in dan's list and in his open editor.
  await expect(dan.getByRole('textbox', { name: 'Title' })).toHaveValue('Minister visits the new port', { timeout: 1000 })
  await expect(dan.getByText('Minister visits the new port').first()).toBeVisible({ timeout: 1000 })
  await bea.context().close()
  await dan.context().close()
})

test('a reader cannot edit: the controls are disabled and the server refuses', async ({ browser }) => {
  const bea = await signIn(browser, 'bea')
  await bea.getByRole('button', { name: /New item/ }).click()
  await bea.getByRole('textbox', { name: 'Title' }).fill('Read but do not touch')
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Create' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByRole('status')).toContainText('Saved')

  const cy = await signIn(browser, 'cy')
  await expect(cy.getByText('Read only: your role lets you search, read and export.')).toBeVisible()
  await expect(cy.getByRole('button', { name: /New item/ })).toBeDisabled()
  await cy.getByText('Read but do not touch').click()
  await expect(cy.getByRole('textbox', { name: 'Title' })).toHaveValue('Read but do not touch')
  await expect(cy.getByRole('textbox', { name: 'Title' })).toBeDisabled()
  await expect(cy.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Save' })).toBeDisabled()
  // The page's own call, past the disabled controls: refused by the server.
  const refused = await cy.evaluate(async () => {
    const session = (await (await fetch('auth/session')).json()) as { csrf: string }
    const list = (await (await fetch('api/items:list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Presskeep-CSRF': session.csrf }, body: '{}' })).json()) as { value: { items: Array<{ id: string }> } }
    const id = list.value.items[0].id
    const r = await fetch('api/items:update', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Presskeep-CSRF': session.csrf }, body: JSON.stringify({ id, fields: { title: 'Changed' } }) })
    return r.json()
  })
  expect(refused).toMatchObject({ ok: false, code: 'NOT_PERMITTED' })
  await bea.context().close()
  await cy.context().close()
})

test('two people on two server processes edit one item: the conflict dialog in the second browser, and both choices work', async ({ browser }) => {
  const bea = await signIn(browser, 'bea')
  const dan = await signIn(browser, 'dan', servers[1].url)
  const editor = (p: Page) => p.getByRole('region', { name: 'Item editor' })
  const field = (p: Page, name: string) => editor(p).locator(`[name="${name}"]`)
  await bea.getByRole('button', { name: /New item/ }).click()
  await field(bea, 'title').fill('Budget hearing')
  await editor(bea).getByRole('button', { name: 'Create' }).click()
  await expect(editor(bea).getByRole('status')).toContainText('Saved')
  await dan.getByText('Budget hearing').click()
  await expect(field(dan, 'title')).toHaveValue('Budget hearing')

  // Both change the notes; bea saves first, then dan: his save is refused and shown to him.
  await field(dan, 'notes').fill('Notes by dan')
  await field(bea, 'notes').fill('Notes by bea')
  await editor(bea).getByRole('button', { name: 'Save' }).click()
  await expect(editor(bea).getByRole('status')).toContainText('Saved')
  await editor(dan).getByRole('button', { name: 'Save' }).click()
  const dialog = dan.getByRole('dialog', { name: 'Changed elsewhere while you edited' })
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('tr[data-field="notes"]')).toContainText('Notes by bea')
  await expect(dialog.locator('tr[data-field="notes"]')).toContainText('Notes by dan')
  // Keep mine: dan's notes saved on the latest version, and bea's editor follows.
  await dialog.getByRole('button', { name: 'Keep all mine' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(editor(dan).getByRole('status')).toContainText('Saved on the latest version')
  await expect(field(bea, 'notes')).toHaveValue('Notes by dan')

  // Again on the title; this time dan takes bea's.
  await field(dan, 'title').fill('Budget hearing (dan)')
  await field(bea, 'title').fill('Budget hearing (bea)')
  await editor(bea).getByRole('button', { name: 'Save' }).click()
  await expect(editor(bea).getByRole('status')).toContainText('Saved')
  await editor(dan).getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Take all theirs' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(field(dan, 'title')).toHaveValue('Budget hearing (bea)')
  await expect(field(bea, 'title')).toHaveValue('Budget hearing (bea)')
  await expect(field(dan, 'notes')).toHaveValue('Notes by dan')
  await bea.context().close()
  await dan.context().close()
})

test('an ended session asks to sign in again over the editor, keeping the unsaved edit; an unreachable server is said so, the edit kept', async ({ browser }) => {
  const bea = await signIn(browser, 'bea')
  await bea.getByRole('button', { name: /New item/ }).click()
  await bea.getByRole('textbox', { name: 'Title' }).fill('Kept across sign-ins')
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Create' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByRole('status')).toContainText('Saved')
  await bea.getByRole('textbox', { name: 'Title' }).fill('Kept across sign-ins, edited')

  // An administrator changes bea's access: her session ends.
  presskeep(['users', 'set-role', 'bea', '--role', 'cataloguer'])
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Save' }).click()
  const again = bea.getByRole('dialog')
  await expect(again.getByText('Your session has ended.', { exact: false })).toBeVisible()
  await again.getByLabel('Name').fill('bea')
  await again.getByLabel('Password').fill(PW.bea)
  await again.getByRole('button', { name: 'Sign in' }).click()
  await expect(again).toBeHidden()
  await expect(bea.getByRole('textbox', { name: 'Title' })).toHaveValue('Kept across sign-ins, edited')
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Save' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByRole('status')).toContainText('Saved')

  // The server goes away.
  await bea.getByRole('textbox', { name: 'Title' }).fill('Typed while the server is down')
  await stopServer(servers[0])
  await bea.getByRole('region', { name: 'Item editor' }).getByRole('button', { name: 'Save' }).click()
  await expect(bea.getByRole('region', { name: 'Item editor' }).getByText('The Presskeep server is not answering', { exact: false })).toBeVisible()
  await expect(bea.getByRole('textbox', { name: 'Title' })).toHaveValue('Typed while the server is down')
  await bea.context().close()
})
