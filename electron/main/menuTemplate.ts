// The application menu as a template, in the interface language. Types only from 'electron':
// the caller passes what each entry does, so the tests build every menu in every language
// under Node. Electron's roles name their entries in English whatever the language, so every
// role here gets its label from the shell's catalogue (the role still does the work).
import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../shared/contract'
import type { ShellText } from '../../shared/shellMessages'
import type { TeamArchiveEntry } from './teamArchives'

/** What the menu's own entries do (everything else is an Electron role). */
export type MenuActions = {
  chooseArchive(create: boolean): void
  command(c: AppCommand, url?: string): void
  importFiles(mode: 'files' | 'folder'): void
  importBag(): void
  backUpNow(): void
  restoreLastBackup(): void
  rebuildIndex(): void
  openErrorLog(): void
  about(): void
}

export type MenuOptions = {
  text: ShellText
  platform: NodeJS.Platform
  recentTeams: readonly TeamArchiveEntry[]
  actions: MenuActions
}

const separator: MenuItemConstructorOptions = { type: 'separator' }

export function menuTemplate({ text, platform, recentTeams, actions: on }: MenuOptions): MenuItemConstructorOptions[] {
  const { t } = text
  const isMac = platform === 'darwin'
  // The entries of Electron's appMenu, editMenu and windowMenu roles, spelt out to be labelled.
  const appMenu: MenuItemConstructorOptions = {
    label: 'Presskeep',
    submenu: [
      { role: 'about', label: t('menu.about') },
      separator,
      { role: 'services', label: t('menu.services') },
      separator,
      { role: 'hide', label: t('menu.hide') },
      { role: 'hideOthers', label: t('menu.hideOthers') },
      { role: 'unhide', label: t('menu.unhide') },
      separator,
      { role: 'quit', label: t('menu.quit') }
    ]
  }
  const editMenu: MenuItemConstructorOptions = {
    label: t('menu.edit'),
    submenu: [
      { role: 'undo', label: t('menu.undo') },
      { role: 'redo', label: t('menu.redo') },
      separator,
      { role: 'cut', label: t('menu.cut') },
      { role: 'copy', label: t('menu.copy') },
      { role: 'paste', label: t('menu.paste') },
      ...(isMac
        ? [
            { role: 'pasteAndMatchStyle', label: t('menu.pasteAndMatchStyle') },
            { role: 'delete', label: t('menu.delete') },
            { role: 'selectAll', label: t('menu.selectAll') },
            separator,
            {
              label: t('menu.speech'),
              submenu: [
                { role: 'startSpeaking', label: t('menu.startSpeaking') },
                { role: 'stopSpeaking', label: t('menu.stopSpeaking') }
              ]
            }
          ]
        : [{ role: 'delete', label: t('menu.delete') }, separator, { role: 'selectAll', label: t('menu.selectAll') }])
    ] as MenuItemConstructorOptions[]
  }
  const windowMenu: MenuItemConstructorOptions = {
    label: t('menu.window'),
    role: 'window',
    submenu: [
      { role: 'minimize', label: t('menu.minimize') },
      { role: 'zoom', label: t('menu.zoom') },
      ...(isMac ? [separator, { role: 'front', label: t('menu.front') } as const] : [{ role: 'close', label: t('menu.closeWindow') } as const])
    ]
  }
  return [
    ...(isMac ? [appMenu] : []),
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.newArchive'), accelerator: 'CmdOrCtrl+Shift+N', click: () => on.chooseArchive(true) },
        { label: t('menu.openArchive'), accelerator: 'CmdOrCtrl+O', click: () => on.chooseArchive(false) },
        separator,
        { label: t('menu.newItem'), accelerator: 'CmdOrCtrl+N', click: () => on.command('new-item') },
        { label: t('menu.importPage'), accelerator: 'CmdOrCtrl+Shift+V', click: () => on.command('import-page') },
        { label: t('menu.importFiles'), accelerator: 'CmdOrCtrl+I', click: () => on.importFiles('files') },
        { label: t('menu.importFolder'), click: () => on.importFiles('folder') },
        { label: t('menu.importBag'), click: () => on.importBag() },
        { label: t('menu.export'), accelerator: 'CmdOrCtrl+E', click: () => on.command('export') },
        { role: 'recentDocuments', label: t('menu.openRecent'), submenu: [{ role: 'clearRecentDocuments', label: t('menu.clearRecent') }] },
        { label: t('menu.connectTeam'), click: () => on.command('connect-team') },
        {
          label: t('menu.recentTeams'),
          enabled: recentTeams.length > 0,
          // Through the window's Connect dialog, which says a failure in the interface's language.
          submenu: recentTeams.map((team) => ({ label: team.name, toolTip: team.url, click: () => on.command('connect-team', team.url) }))
        },
        separator,
        isMac ? { role: 'close', label: t('menu.closeWindow') } : { role: 'quit', label: t('menu.quit') }
      ]
    },
    editMenu,
    {
      label: t('menu.archive'),
      submenu: [
        { label: t('menu.checkArchive'), click: () => on.command('check-archive') },
        { label: t('menu.backUpNow'), click: () => on.backUpNow() },
        { label: t('menu.restoreLastBackup'), click: () => on.restoreLastBackup() },
        { label: t('menu.rebuildIndex'), click: () => on.rebuildIndex() }
      ]
    },
    {
      label: t('menu.view'),
      submenu: [
        { role: 'resetZoom', label: t('menu.resetZoom') },
        { role: 'zoomIn', label: t('menu.zoomIn') },
        { role: 'zoomOut', label: t('menu.zoomOut') },
        separator,
        { role: 'togglefullscreen', label: t('menu.fullScreen') }
      ]
    },
    windowMenu,
    {
      label: t('menu.help'),
      role: 'help',
      submenu: [
        { label: t('menu.openErrorLog'), click: () => on.openErrorLog() },
        { label: t('menu.about'), click: () => on.about() }
      ]
    }
  ]
}
