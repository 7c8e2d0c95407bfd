// The Electron shell: thin. It opens the archive, creates the hardened window, wires the
// contract over IPC in a loop, serves the renderer and attachments through presskeep://,
// and answers native dialogs. All behaviour lives in electron/core.
import * as path from 'node:path'
import { promises as fsp } from 'node:fs'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron'
import type { HostHandlers } from '../core/dispatcher'
import { Archive } from '../core/Archive'
import { createDispatcher } from '../core/dispatcher'
import { runImportJob } from '../core/handlers'
import { setExtractWorkerScript, setOcrDataDir, shutdownExtraction, terminateOcr } from '../core/import/files'
import { defaultArchivePath } from '../core/paths'
import { forwardEvents, registerApi, trustedSenderCheck } from './ipc'
import { handleAppRequest } from './protocol'
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, isSafeExternalUrl, windowOptions } from './security'

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
])

let archive: Archive | null = null
let win: BrowserWindow | null = null
let stopForwarding: (() => void) | null = null

function archiveArg(argv: string[]): string | undefined {
  const i = argv.indexOf('--archive')
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1])
  const eq = argv.find((a) => a.startsWith('--archive='))
  if (eq) return path.resolve(eq.slice('--archive='.length))
  // Double-clicking an archive folder passes its path as the last argument.
  const last = argv[argv.length - 1]
  return last && /\.presskeep\/?$/i.test(last) ? path.resolve(last) : undefined
}

async function openArchive(dir: string): Promise<boolean> {
  try {
    const next = await Archive.open(dir)
    stopForwarding?.()
    await archive?.close()
    archive = next
    stopForwarding = forwardEvents(next, (channel, payload) => win?.webContents.send(channel, payload))
    app.addRecentDocument(dir)
    win?.setTitle(`${next.info().name} — Presskeep`)
    next.emit('archive:opened', { path: dir })
    return true
  } catch (err) {
    dialog.showErrorBox('Presskeep could not open the archive', `${dir}\n\n${(err as Error).message}`)
    return false
  }
}

async function chooseArchive(create: boolean): Promise<void> {
  if (!win) return
  if (create) {
    const r = await dialog.showSaveDialog(win, {
      title: 'New archive',
      buttonLabel: 'Create',
      defaultPath: path.join(app.getPath('documents'), 'New archive.presskeep')
    })
    if (!r.canceled && r.filePath) await openArchive(r.filePath.endsWith('.presskeep') ? r.filePath : r.filePath + '.presskeep')
  } else {
    const r = await dialog.showOpenDialog(win, { title: 'Open archive', properties: ['openDirectory'] })
    if (!r.canceled && r.filePaths[0]) await openArchive(r.filePaths[0])
  }
}

const host: HostHandlers = {
  'attachments:pick': async (input) => {
    const { itemId } = input as { itemId: string }
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, { title: 'Attach files', properties: ['openFile', 'multiSelections'] })
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
  'import:pick': async (input) => {
    const { mode } = input as { mode: 'files' | 'folder' }
    if (!win || !archive) return null
    const r = await dialog.showOpenDialog(win, {
      title: mode === 'folder' ? 'Import a folder' : 'Import files',
      properties: mode === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections']
    })
    if (r.canceled || r.filePaths.length === 0) return null
    return { jobId: runImportJob(archive, r.filePaths, {}).id }
  },
  'attachments:saveAs': async (input) => {
    const { itemId, attachmentId } = input as { itemId: string; attachmentId: string }
    if (!win || !archive) return null
    const { attachment, path: source } = archive.attachment(itemId, attachmentId)
    const r = await dialog.showSaveDialog(win, { title: 'Save a copy', defaultPath: path.join(app.getPath('downloads'), attachment.name) })
    if (r.canceled || !r.filePath) return null
    await fsp.copyFile(source, r.filePath)
    await fsp.chmod(r.filePath, 0o644).catch(() => {})
    return { saved: r.filePath }
  }
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Archive…', accelerator: 'CmdOrCtrl+Shift+N', click: () => void chooseArchive(true) },
        { label: 'Open Archive…', accelerator: 'CmdOrCtrl+O', click: () => void chooseArchive(false) },
        { role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] } as MenuItemConstructorOptions,
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Presskeep', click: () => app.showAboutPanel() }] }
  ]
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
    setExtractWorkerScript(path.join(__dirname, 'extractWorker.js'))
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
    registerApi(ipcMain, dispatch, trustedSenderCheck(() => win?.webContents.id ?? null, APP_ORIGIN))
    buildMenu()
    const dir = archiveArg(process.argv) ?? defaultArchivePath(app.getPath('documents'))
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
