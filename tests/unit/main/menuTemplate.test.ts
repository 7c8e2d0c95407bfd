// The desktop shell's menus and dialogs in each interface language, under Node: every menu
// template built in English, French and Arabic on each platform, every entry labelled in that
// language (roles included: Electron would label them in English), the same entries, keys and
// actions in every language; and the shell's catalogues translated, key for key.
import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate, type MenuActions } from '../../../electron/main/menuTemplate'
import { InterfaceLanguageFile } from '../../../electron/main/interfaceLanguageFile'
import { SHELL_MESSAGES, shellText, type ShellMessageKey } from '../../../shared/shellMessages'
import { LANGUAGES, languageOfLocale, type Lang } from '../../../shared/interfaceLanguage'
import { projectRoot, tempDir } from '../helpers'

const PLATFORMS = ['linux', 'win32', 'darwin'] as const

/** Actions that record what was asked of them. */
function recorder(): { actions: MenuActions; calls: string[] } {
  const calls: string[] = []
  const actions: MenuActions = {
    chooseArchive: (create) => void calls.push(`chooseArchive:${create}`),
    command: (c, url) => void calls.push(`command:${c}${url ? `:${url}` : ''}`),
    importFiles: (mode) => void calls.push(`importFiles:${mode}`),
    importBag: () => void calls.push('importBag'),
    backUpNow: () => void calls.push('backUpNow'),
    restoreLastBackup: () => void calls.push('restoreLastBackup'),
    rebuildIndex: () => void calls.push('rebuildIndex'),
    openErrorLog: () => void calls.push('openErrorLog'),
    about: () => void calls.push('about')
  }
  return { actions, calls }
}

const recentTeams = [{ url: 'https://archive.example.org/', name: 'archive.example.org', lastOpened: '2026-01-01T00:00:00.000Z' }]

function build(lang: Lang, platform: NodeJS.Platform) {
  const r = recorder()
  return { template: menuTemplate({ text: shellText(lang), platform, recentTeams, actions: r.actions }), calls: r.calls }
}

/** Every entry but separators, depth first. */
function entries(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => (i.type === 'separator' ? [] : [i, ...(Array.isArray(i.submenu) ? entries(i.submenu) : [])]))
}

/** The shape of a menu with the words left out: what each entry is and does. */
const shape = (items: MenuItemConstructorOptions[]) => entries(items).map((i) => [i.role ?? null, i.accelerator ?? null, typeof i.click, i.enabled ?? null])

const teamNames = new Set(recentTeams.map((t) => t.name))

describe('the desktop menus in each interface language', () => {
  for (const platform of PLATFORMS)
    for (const lang of LANGUAGES)
      it(`${lang} on ${platform}: every entry has a label of the ${lang} catalogue, roles included`, () => {
        const { template } = build(lang, platform)
        const words = new Set(Object.values(SHELL_MESSAGES[lang]))
        const all = entries(template)
        expect(all.length).toBeGreaterThan(30)
        for (const item of all) {
          expect(item.label, JSON.stringify({ role: item.role, accelerator: item.accelerator })).toBeTruthy()
          // The one label not from the catalogue: the macOS application menu, which is the app's name.
          if (item.label === 'Presskeep' || teamNames.has(item.label!)) continue
          expect(words.has(item.label!), `"${item.label}" is not a ${lang} word of the shell`).toBe(true)
        }
      })

  it('French and Arabic menus share no label with the English one (nothing left untranslated)', () => {
    for (const platform of PLATFORMS) {
      const english = new Set(entries(build('en', platform).template).map((i) => i.label))
      for (const lang of ['fr', 'ar'] as const) {
        const left = entries(build(lang, platform).template)
          .map((i) => i.label!)
          .filter((l) => english.has(l) && l !== 'Presskeep' && !teamNames.has(l))
        // Words spelt alike in both languages (a French "Services", "Archive", "Zoom").
        expect(left.filter((l) => !['Services', 'Archive', 'Zoom'].includes(l)), `${lang} on ${platform}`).toEqual([])
      }
    }
  })

  it('the same entries, shortcuts and roles in every language; the Arabic and French menus differ from English only in words', () => {
    for (const platform of PLATFORMS) {
      const english = shape(build('en', platform).template)
      for (const lang of ['fr', 'ar'] as const) expect(shape(build(lang, platform).template), `${lang} on ${platform}`).toEqual(english)
    }
    // The application menu and the speech entries are macOS's own.
    expect(entries(build('en', 'darwin').template).map((i) => i.role)).toContain('hideOthers')
    expect(entries(build('en', 'linux').template).map((i) => i.role)).not.toContain('hideOthers')
    expect(entries(build('en', 'linux').template).map((i) => i.role)).toContain('quit')
  })

  it('each entry of our own does what it says, whatever the language', () => {
    const want = [
      'chooseArchive:true',
      'chooseArchive:false',
      'command:new-item',
      'command:import-page',
      'importFiles:files',
      'importFiles:folder',
      'importBag',
      'command:export',
      'command:connect-team',
      'command:connect-team:https://archive.example.org/',
      'command:check-archive',
      'backUpNow',
      'restoreLastBackup',
      'rebuildIndex',
      'openErrorLog',
      'about'
    ]
    for (const lang of LANGUAGES) {
      const { template, calls } = build(lang, 'linux')
      for (const item of entries(template)) if (item.click) (item.click as () => void)()
      expect(calls, lang).toEqual(want)
    }
  })

  it('the recent team archives are listed by name, and the entry is disabled when there are none', () => {
    const { template } = build('ar', 'linux')
    const recent = entries(template).find((i) => i.label === SHELL_MESSAGES.ar['menu.recentTeams'])!
    expect(recent.enabled).toBe(true)
    expect((recent.submenu as MenuItemConstructorOptions[]).map((i) => [i.label, i.toolTip])).toEqual([['archive.example.org', 'https://archive.example.org/']])
    const none = menuTemplate({ text: shellText('fr'), platform: 'linux', recentTeams: [], actions: recorder().actions })
    expect(entries(none).find((i) => i.label === 'Archives d’équipe récentes')!.enabled).toBe(false)
  })
})

describe("the shell's words", () => {
  it('every key translated: French and Arabic hold the same keys as English, none empty, none left in English', () => {
    const keys = Object.keys(SHELL_MESSAGES.en).sort()
    // Words that are the same in French (a product name, a format).
    const sameInFrench = new Set<ShellMessageKey>(['menu.services', 'menu.archive', 'menu.zoom'])
    for (const lang of ['fr', 'ar'] as const) {
      expect(Object.keys(SHELL_MESSAGES[lang]).sort()).toEqual(keys)
      for (const key of keys as ShellMessageKey[]) {
        const value = SHELL_MESSAGES[lang][key]
        expect(value.trim(), `${lang} ${key}`).not.toBe('')
        if (!(lang === 'fr' && sameInFrench.has(key))) expect(value, `${lang} ${key} is the English text`).not.toBe(SHELL_MESSAGES.en[key])
        // The placeholders of the English text, each kept.
        for (const name of SHELL_MESSAGES.en[key].matchAll(/\{(\w+)[,}]/g)) expect(value, `${lang} ${key}`).toContain(`{${name[1]}`)
      }
      // Arabic is written in Arabic letters.
      if (lang === 'ar') for (const key of keys as ShellMessageKey[]) expect(SHELL_MESSAGES.ar[key], key).toMatch(/[\u0600-\u06FF]/)
    }
  })

  it('fills in counts by each language’s plural rules, in its digits, and isolates names in Arabic', () => {
    expect(shellText('en').t('dialog.importBag.done', { n: 1, m: 3 })).toBe('Imported 1 item; 3 were already here.')
    expect(shellText('fr').t('dialog.importBag.done', { n: 2, m: 1 })).toBe('2 documents importés ; 1 était déjà là.')
    const ar = shellText('ar').t('dialog.importBag.done', { n: 2, m: 11 })
    expect(ar).toContain('وثيقتان')
    // In the digits the language's own number format uses (the renderer's too).
    expect(ar).toContain(`${new Intl.NumberFormat('ar').format(11)} وثيقة`)
    expect(shellText('ar').t('dialog.backup.done', { name: 'snap-1' })).toContain('\u2068snap-1\u2069')
    expect(shellText('fr').t('dialog.export.title', { format: 'csv' })).toBe('Exporter en csv')
  })

  it('says a snapshot date in the language, and keeps a value it cannot read as a date', () => {
    expect(shellText('fr').date('2026-03-04T10:00:00Z')).toMatch(/4 mars 2026/)
    expect(shellText('en').date('not a date')).toBe('not a date')
  })

  it('the language comes from the system locale, else English; a kept choice is read back, a foreign file ignored', async () => {
    expect([languageOfLocale('fr-CA'), languageOfLocale('ar-MA'), languageOfLocale('en-GB'), languageOfLocale('de-DE'), languageOfLocale(undefined)]).toEqual(['fr', 'ar', 'en', 'en', 'en'])
    const file = path.join(tempDir(), 'interface-language.json')
    const kept = new InterfaceLanguageFile(file)
    expect(await kept.read()).toBeNull()
    await kept.write('ar')
    expect(await new InterfaceLanguageFile(file).read()).toBe('ar')
    await import('node:fs/promises').then((f) => f.writeFile(file, '{"lang":"de"}'))
    expect(await kept.read()).toBeNull()
  })

  it('the shell names no dialog or menu in English words of its own: every title, message and label comes from the catalogue', () => {
    const dir = path.join(projectRoot, 'electron', 'main')
    const offenders: string[] = []
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(path.join(dir, f), 'utf8')
      // (An error answered to the window is a code the renderer says in its language: not a dialog.)
      for (const m of text.matchAll(/\b(title|detail|label|buttonLabel|name|buttons)\s*:\s*\[?\s*['`"]([A-Za-z][^'`"]*)['`"]/g))
        if (m[2] !== 'Presskeep') offenders.push(`${f}: ${m[0]}`)
      for (const m of text.matchAll(/showMessageBox\([^)]*?message\s*:\s*['`"]|showErrorBox\(\s*['`"]/gs)) offenders.push(`${f}: ${m[0]}`)
    }
    expect(offenders).toEqual([])
  })
})
