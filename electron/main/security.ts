// The window's security settings, in one place, free of the runtime 'electron' import so a
// test can load these very objects and assert every setting.
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron'

export const APP_SCHEME = 'presskeep'
export const APP_ORIGIN = `${APP_SCHEME}://app`

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${APP_SCHEME}:`,
  `frame-src ${APP_SCHEME}:`,
  // Attachments are fetched by id from presskeep://file/… (pdf.js reads a PDF's bytes that way).
  `connect-src 'self' ${APP_SCHEME}:`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Every window's size and colour before its page paints. */
export const WINDOW_FRAME = {
  width: 1280,
  height: 820,
  minWidth: 800,
  minHeight: 500,
  show: false,
  backgroundColor: '#f6f5f2'
} as const satisfies BrowserWindowConstructorOptions

/** What every Presskeep window runs with, whatever it shows: isolated, sandboxed, no Node, nothing risky enabled. */
export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  disableBlinkFeatures: 'Auxclick',
  spellcheck: true
} as const satisfies WebPreferences

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return { ...WINDOW_FRAME, title: 'Presskeep', webPreferences: { preload: preloadPath, ...HARDENED_WEB_PREFERENCES } }
}

/** Every permission request (camera, notifications, geolocation…) is denied. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** No navigation away from the app, no new windows, no webviews; http(s) links go to the system browser. */
export function hardenContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: (url: string) => void
): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
}

export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password
  } catch {
    return false
  }
}
