// The built Electron main entry (with a stand-in `electron` module, the binary cannot run here)
// builds its menu in the system's language, rebuilds it when the window says the interface
// language, refuses a language it does not have, and starts in the language kept last time.
import { describe, it, expect, beforeAll } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { SHELL_MESSAGES } from '../../../shared/shellMessages'
import { newArchivePath, projectRoot, tempDir } from '../helpers'

const main = path.join(projectRoot, 'out', 'main', 'index.js')

beforeAll(() => {
  if (!existsSync(main)) expect(spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: projectRoot }).status).toBe(0)
}, 180_000)

type Menu = Array<string | Record<string, Menu>>

/** Starts the shell on a fresh archive, plays the calls, and returns its answers and the menus it built, in order. */
function start(userData: string, locale: string, scenario: unknown[]): Promise<{ answers: Array<{ ok: boolean; code?: string; value?: unknown }>; menus: Menu[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, 'standInElectron.cjs'), main, '--archive', newArchivePath()], {
      env: { ...process.env, PK_STANDIN_USERDATA: userData, PK_STANDIN_LOCALE: locale, PK_STANDIN_SCENARIO: JSON.stringify(scenario) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the shell exited with ${code}: ${err}`))
      const lines = out.split('\n')
      resolve({
        answers: lines.filter((l) => l.startsWith('PK ')).map((l) => JSON.parse(l.slice(3))),
        menus: lines.filter((l) => l.startsWith('PK-MENU ')).map((l) => JSON.parse(l.slice(8)))
      })
    })
  })
}

/** The labels of the menu bar. */
const bar = (menu: Menu) => menu.map((m) => (typeof m === 'string' ? m : Object.keys(m)[0]))
/** The menu bar as each language's catalogue names it (off macOS: no application menu). */
const barIn = (lang: 'en' | 'fr' | 'ar') => (['menu.file', 'menu.edit', 'menu.archive', 'menu.view', 'menu.window', 'menu.help'] as const).map((k) => SHELL_MESSAGES[lang][k])

describe('the desktop shell speaks the interface language', { timeout: 120_000 }, () => {
  it('starts in the system language, follows the window, refuses a language it lacks, and starts in the kept one next time', async () => {
    const userData = tempDir()
    const first = await start(userData, 'fr-FR', [
      ['app:setLanguage', { lang: 'ar' }],
      ['app:setLanguage', { lang: 'de' }]
    ])
    expect(first.answers[0]).toEqual({ ok: true, value: { applied: true } })
    expect(first.answers[1]).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    // Built at start in French, again in Arabic when told, and not again for the refused call.
    expect(first.menus.map(bar)).toEqual([barIn('fr'), barIn('ar')])
    const file = (first.menus[1][0] as Record<string, Menu>)[SHELL_MESSAGES.ar['menu.file']]
    expect(file).toContain(SHELL_MESSAGES.ar['menu.connectTeam'])
    expect(JSON.parse(readFileSync(path.join(userData, 'userData', 'interface-language.json'), 'utf8'))).toEqual({ lang: 'ar' })

    const second = await start(userData, 'en-US', [['app:setLanguage', { lang: 'ar' }]])
    // The kept language wins over the system's; saying the same language again builds nothing new.
    expect(second.menus.map(bar)).toEqual([barIn('ar')])
    expect(second.answers).toEqual([{ ok: true, value: { applied: true } }])

    const elsewhere = await start(tempDir(), 'de-DE', [])
    expect(elsewhere.menus.map(bar)).toEqual([barIn('en')])
  })
})
