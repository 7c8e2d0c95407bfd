// The Electron shell: thin. It opens the archive, creates the hardened window, wires the
// contract over IPC in a loop, serves the renderer and attachments through presskeep://,
// and answers native dialogs. All behaviour lives in electron/core.
import * as path from 'node:path'
import { promises as fsp } from 'node:fs'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import type { HostHandlers } from '../core/dispatcher'
import { Archive } from '../core/Archive'
import { createDispatcher } from '../core/dispatcher'
import { proposeFile } from '../core/import/press/service'
import { importBagFrom, runExportJob } from '../core/export/service'
import { RecoverableError, restoreSnapshot } from '../core/safety/backups'
import { backupNow, restoreBackup } from '../core/safety/api'
import { eventChannelOf, type AppCommand } from '../../shared/contract'
import { FORMAT_EXTENSION, OUTPUT_KIND, type ExportFormat } from '../../shared/exportFormats'
import type { ExportScope } from '../../shared/contract'
import { beginImport, setOcrDataDir, shutdownExtraction, terminateOcr } from '../core/import/files'
import { defaultArchivePath } from '../core/paths'
import { forwardEvents, registerApi, registerDrop, trustedSenderCheck } from './ipc'
import { normalizeTeamUrl, probeTeamServer, RecentTeamArchives, teamWindowOptions, type TeamArchiveEntry } from './teamArchives'
import { handleAppRequest } from './protocol'
import { ViewerWindows } from './viewerWindows'
import { menuTemplate } from './menuTemplate'
import { InterfaceLanguageFile } from './interfaceLanguageFile'
import { shellText, type ShellText } from '../../shared/shellMessages'
import { languageOfLocale, type Lang } from '../../shared/interfaceLanguage'
import type { ViewerTarget } from '../../shared/viewerWindow'
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, isSafeExternalUrl, windowOptions } from './security'

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
])

let archive: Archive | null = null
let win: BrowserWindow | null = null
let stopForwarding: (() => void) | null = null
// The menus and dialogs speak the interface's language: the one the window last said (kept in
// userData for the dialogs shown before a window exists), else the system's.
let text: ShellText = shellText('en')
const languageFile = () => new InterfaceLanguageFile(path.join(app.getPath('userData'), 'interface-language.json'))
// Readers opened in windows of their own: the same preload, hardening and CSP as the main window.
const viewers = new ViewerWindows(() => {
  const w = new BrowserWindow({ ...windowOptions(path.join(__dirname, '../preload/index.js')), width: 1100, height: 900 })
  hardenContents(w.webContents, (url) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
  })
  return w
}, APP_ORIGIN)

function archiveArg(argv: string[]): string | undefined {
  const i = argv.indexOf('--archive')
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1])
  const eq = argv.find((a) => a.startsWith('--archive='))
  if (eq) return path.resolve(eq.slice('--archive='.length))
  // Double-clicking an archive folder passes its path as the last argument.
  const last = argv[argv.length - 1]
  return last && /\.presskeep\/?$/i.test(last) ? path.resolve(last) : undefined
}

/** A damaged catalogue at open: say which file, and offer the last good snapshot. */
async function offerRecovery(dir: string, err: RecoverableError): Promise<boolean> {
  const { file, snapshot, snapshotCreated } = err.recovery
  if (!snapshot) return false
  const { t } = text
  const r = await dialog.showMessageBox({
    type: 'warning',
    title: t('dialog.damaged.title'),
    message: t('dialog.damaged.message', { file }),
    detail: t('dialog.damaged.detail', { when: snapshotCreated ? text.date(snapshotCreated) : snapshot }),
    buttons: [t('dialog.damaged.restore'), t('dialog.cancel')],
    defaultId: 0,
    cancelId: 1
  })
  if (r.response !== 0) return false
  await restoreSnapshot(dir, snapshot, { damagedOnly: true })
  return true
}

/** The archive opened last is opened at the next start (a per-user choice, kept in userData). */
const lastArchiveFile = () => path.join(app.getPath('userData'), 'last-archive.json')
async function rememberLastArchive(dir: string): Promise<void> {
  await fsp.writeFile(lastArchiveFile(), JSON.stringify({ path: path.resolve(dir) }) + '\n').catch((err) => logError('remember the last archive', err))
}
async function lastArchive(): Promise<string | null> {
  try {
    const p = JSON.parse(await fsp.readFile(lastArchiveFile(), 'utf8')).path
    // Only a folder that still holds an archive: a moved or deleted one falls back to the default.
    if (typeof p === 'string' && path.isAbsolute(p)) {
      await fsp.access(path.join(p, 'archive.json'))
      return p
    }
  } catch {
    // No archive opened yet, or it is gone.
  }
  return null
}

async function openArchive(dir: string, retried = false): Promise<boolean> {
  try {
    const next = await Archive.open(dir)
    stopForwarding?.()
    await archive?.close()
    archive = next
    viewers.closeAll()
    stopForwarding = forwardEvents(next, (channel, payload) => {
      win?.webContents.send(channel, payload)
      viewers.send(channel, payload)
    })
    app.addRecentDocument(dir)
    void rememberLastArchive(dir)
    win?.setTitle(`${next.info().name} — Presskeep`)
    next.emit('archive:opened', { path: dir })
    return true
  } catch (err) {
    logError(`open ${dir}`, err)
    if (!retried && err instanceof RecoverableError && (await offerRecovery(dir, err).catch(() => false))) return openArchive(dir, true)
    dialog.showErrorBox(text.t('dialog.openFailed.title'), `${dir}\n\n${(err as Error).message}`)
    return false
  }
}

/** Errors stay on this machine: one log file the person can open from Help (no telemetry). */
function logFile(): string {
  return path.join(app.getPath('logs'), 'presskeep-errors.log')
}
function logError(context: string, err: unknown): void {
  const line = `${new Date().toISOString()} ${context}: ${(err as Error)?.stack ?? String(err)}\n`
  void fsp.mkdir(path.dirname(logFile()), { recursive: true }).then(() => fsp.appendFile(logFile(), line)).catch(() => {})
}
process.on('uncaughtException', (err) => logError('uncaught', err))
process.on('unhandledRejection', (err) => logError('unhandled rejection', err))

function command(c: AppCommand, url?: string): void {
  win?.webContents.send(eventChannelOf('app:command'), { command: c, ...(url ? { url } : {}) })
}

async function menuCall(label: string, fn: () => Promise<string>): Promise<void> {
  try {
    const message = await fn()
    if (win) await dialog.showMessageBox(win, { type: 'info', title: label, message })
  } catch (err) {
    logError(label, err)
    dialog.showErrorBox(label, (err as Error).message)
  }
}

async function chooseArchive(create: boolean): Promise<void> {
  if (!win) return
  if (create) {
    const r = await dialog.showSaveDialog(win, {
      title: text.t('dialog.newArchive.title'),
      buttonLabel: text.t('dialog.newArchive.button'),
      defaultPath: path.join(app.getPath('documents'), `${text.t('dialog.newArchive.name')}.presskeep`)
    })
    if (!r.canceled && r.filePath) await openArchive(r.filePath.endsWith('.presskeep') ? r.filePath : r.filePath + '.presskeep')
  } else {
    const r = await dialog.showOpenDialog(win, { title: text.t('dialog.openArchive.title'), properties: ['openDirectory'] })
    if (!r.canceled && r.filePaths[0]) await openArchive(r.filePaths[0])
  }
}

/** Team archives opened from this machine, listed in File → Recent Team Archives beside the local ones. */
let recentTeams: TeamArchiveEntry[] = []
const recentTeamsFile = () => new RecentTeamArchives(path.join(app.getPath('userData'), 'recent-team-archives.json'))

/** A team archive in a window of its own, showing the server's interface (its sign-in page first). */
async function openTeamArchive(input: string): Promise<void> {
  const url = normalizeTeamUrl(input)
  const probe = await probeTeamServer(url)
  if (!probe.ok) throw probe.error
  const teamWin = new BrowserWindow(teamWindowOptions(url))
  hardenSession(teamWin.webContents.session)
  teamWin.once('ready-to-show', () => teamWin.show())
  await teamWin.loadURL(url.href)
  recentTeams = await recentTeamsFile().add(url)
  buildMenu()
}

const host: HostHandlers = {
  'app:setLanguage': async (input) => {
    const { lang } = input as { lang: Lang }
    if (lang !== text.lang) {
      text = shellText(lang)
      buildMenu()
    }
    await languageFile().write(lang)
    return { applied: true }
  },
  'archive:connectTeam': async (input) => {
    await openTeamArchive((input as { url: string }).url)
    return { connected: true }
  },
  'attachments:pick': async (input) => {
    const { itemId } = input as { itemId: string }
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, { title: text.t('dialog.attach.title'), properties: ['openFile', 'multiSelections'] })
    if (r.canceled || r.filePaths.length === 0) return null
    return archive.attachPaths(itemId, r.filePaths)
  },
  'attachments:open': async (input) => {
    const { itemId, attachmentId } = input as { itemId: string; attachmentId: string }
    if (!archive) return { opened: false }
    const { attachment, path: source } = archive.attachment(itemId, attachmentId)
    // The stored file has no name or extension: open a named copy so the system picks the right app.
    const dir = path.join(app.getPath('temp'), 'presskeep-open', attachmentId)
    await fsp.mkdir(dir, { recursive: true })
    const copy = path.join(dir, attachment.name)
    await fsp.copyFile(source, copy)
    const problem = await shell.openPath(copy)
    return { opened: problem === '' }
  },
  'archive:choose': async (input) => {
    const { create } = input as { create: boolean }
    const before = archive
    await chooseArchive(create)
    return { opened: archive !== before }
  },
  'import:pick': async (input) => {
    const { mode, ocrLanguages } = input as { mode: 'files' | 'folder'; ocrLanguages?: string[] }
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, {
      title: text.t(mode === 'folder' ? 'dialog.importFolder.title' : 'dialog.importFiles.title'),
      properties: mode === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections']
    })
    if (r.canceled || r.filePaths.length === 0) return null
    return beginImport(archive, r.filePaths, { ocrLanguages })
  },
  'import:pickPage': async () => {
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, {
      title: text.t('dialog.importPage.title'),
      properties: ['openFile'],
      filters: [{ name: text.t('dialog.importPage.filter'), extensions: ['txt', 'html', 'htm'] }]
    })
    if (r.canceled || !r.filePaths[0]) return null
    return proposeFile(archive, r.filePaths[0])
  },
  'export:pick': async (input) => {
    const { scope, format, withoutNotes } = input as { scope: ExportScope; format: ExportFormat; withoutNotes?: boolean }
    if (!win || !archive) return null
    const base = path.join(app.getPath('documents'), `Presskeep ${format}${OUTPUT_KIND[format] === 'file' ? FORMAT_EXTENSION[format] : ''}`)
    const r = await dialog.showSaveDialog(win, { title: text.t('dialog.export.title', { format }), defaultPath: base, buttonLabel: text.t('dialog.export.button') })
    if (r.canceled || !r.filePath) return null
    return { jobId: runExportJob(archive, scope, format, r.filePath, { withoutNotes }).id, out: r.filePath }
  },
  'import:pickBag': async () => {
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, {
      title: text.t('dialog.importBag.title'),
      properties: ['openFile', 'openDirectory'],
      filters: [{ name: text.t('dialog.importBag.filter'), extensions: ['zip'] }]
    })
    if (r.canceled || !r.filePaths[0]) return null
    return importBagFrom(archive, r.filePaths[0])
  },
  'viewer:openWindow': async (input) => {
    const target = input as ViewerTarget
    if (!archive) return { opened: false }
    archive.attachment(target.itemId, target.attachmentId) // refused here (NOT_FOUND) rather than in an empty window
    await viewers.show(target)
    return { opened: true }
  },
  'attachments:saveAs': async (input) => {
    const { itemId, attachmentId } = input as { itemId: string; attachmentId: string }
    if (!win || !archive) return null
    const { attachment, path: source } = archive.attachment(itemId, attachmentId)
    const r = await dialog.showSaveDialog(win, { title: text.t('dialog.saveCopy.title'), defaultPath: path.join(app.getPath('downloads'), attachment.name) })
    if (r.canceled || !r.filePath) return null
    await fsp.copyFile(source, r.filePath)
    await fsp.chmod(r.filePath, 0o644).catch(() => {})
    return { saved: r.filePath }
  }
}

function buildMenu(): void {
  const { t } = text
  const importDone = async (mode: 'files' | 'folder') => t((await host['import:pick']!({ mode })) ? 'dialog.import.running' : 'dialog.import.nothing')
  const template = menuTemplate({
    text,
    platform: process.platform,
    recentTeams,
    actions: {
      chooseArchive: (create) => void chooseArchive(create),
      command,
      importFiles: (mode) => void menuCall(t('dialog.import.title'), () => importDone(mode)),
      importBag: () =>
        void menuCall(t('dialog.importBag.title'), async () => {
          const s = (await host['import:pickBag']!({})) as { imported: string[]; unchanged: string[] } | null
          return s ? t('dialog.importBag.done', { n: s.imported.length, m: s.unchanged.length }) : t('dialog.import.nothing')
        }),
      backUpNow: () =>
        void menuCall(t('dialog.backup.title'), async () => {
          const snap = await backupNow(archive!)
          return t('dialog.backup.done', { name: (snap as { name: string }).name })
        }),
      restoreLastBackup: () =>
        void menuCall(t('dialog.restore.title'), async () => {
          const r = await dialog.showMessageBox(win!, {
            type: 'question',
            message: t('dialog.restore.question'),
            detail: t('dialog.restore.detail'),
            buttons: [t('dialog.restore.button'), t('dialog.cancel')],
            cancelId: 1
          })
          if (r.response !== 0) return t('dialog.restore.unchanged')
          await restoreBackup(archive!, undefined, false)
          return t('dialog.restore.done')
        }),
      rebuildIndex: () => void archive?.search.rebuild(),
      openErrorLog: () => void fsp.appendFile(logFile(), '').then(() => shell.openPath(logFile())),
      about: () => app.showAboutPanel()
    }
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow(windowOptions(path.join(__dirname, '../preload/index.js')))
  hardenContents(win.webContents, (url) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
  })
  win.once('ready-to-show', () => win?.show())
  win.on('closed', () => (win = null))
  await win.loadURL(`${APP_ORIGIN}/index.html`)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_e, argv) => {
    const dir = archiveArg(argv)
    if (dir) void openArchive(dir)
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.on('web-contents-created', (_e, contents) =>
    hardenContents(contents, (url) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
    })
  )
  app.whenReady().then(async () => {
    const rendererDir = path.join(__dirname, '../renderer')
    setOcrDataDir(path.join(app.getPath('userData'), 'tessdata'))
    protocol.handle(APP_SCHEME, (request) => handleAppRequest(request.url, rendererDir, () => archive))
    hardenSession(session.defaultSession)
    const dispatch = createDispatcher(
      () => {
        if (!archive) throw new Error('No archive is open.')
        return archive
      },
      { allow: ['app', 'host'], host }
    )
    registerApi(ipcMain, dispatch, trustedSenderCheck(() => [...(win ? [win.webContents.id] : []), ...viewers.contentsIds()], APP_ORIGIN))
    registerDrop(ipcMain, trustedSenderCheck(() => [...(win ? [win.webContents.id] : []), ...viewers.contentsIds()], APP_ORIGIN), (paths, prefs) =>
      archive ? beginImport(archive, paths, { ocrLanguages: prefs.ocrLanguages }) : null
    )
    recentTeams = await recentTeamsFile().list()
    text = shellText((await languageFile().read()) ?? languageOfLocale(app.getLocale()))
    buildMenu()
    const dir = archiveArg(process.argv) ?? (await lastArchive()) ?? defaultArchivePath(app.getPath('documents'))
    if (!(await openArchive(dir))) {
      app.quit()
      return
    }
    await createWindow()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => {
    void shutdownExtraction()
    void terminateOcr()
    void archive?.close()
  })
}
