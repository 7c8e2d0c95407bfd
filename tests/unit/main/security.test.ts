// The real window options, session and web-contents handlers of the shell, asserted one by one.
import { describe, it, expect } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { windowOptions, hardenSession, hardenContents, isSafeExternalUrl, CONTENT_SECURITY_POLICY, APP_ORIGIN } from '../../../electron/main/security'
import { handleAppRequest } from '../../../electron/main/protocol'
import { Archive } from '../../../electron/core/Archive'
import { corpus, newArchivePath, tempDir } from '../helpers'

describe('BrowserWindow security', () => {
  it('uses the secure defaults of DESIGN.md', () => {
    const prefs = windowOptions('/x/preload.js').webPreferences!
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
    expect(prefs.preload).toBe('/x/preload.js')
  })

  it('denies every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null
    let check: ((...a: unknown[]) => boolean) | null = null
    hardenSession({
      setPermissionRequestHandler: (h: never) => void (request = h),
      setPermissionCheckHandler: (h: never) => void (check = h)
    } as never)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let answer: boolean | null = null
      request!({}, p, (ok) => (answer = ok))
      expect(answer).toBe(false)
    }
    expect(check!({}, 'media')).toBe(false)
  })

  it('blocks navigation, redirects, webviews and new windows', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    const opened: string[] = []
    hardenContents(
      {
        on: (name: string, fn: never) => void handlers.set(name, fn),
        setWindowOpenHandler: (fn: never) => void (openHandler = fn)
      } as never,
      (url) => opened.push(url)
    )
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false
      handlers.get(name)!({ preventDefault: () => (prevented = true) })
      expect(prevented).toBe(true)
    }
    expect(openHandler!({ url: 'https://example.org/a' })).toEqual({ action: 'deny' })
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.org/a'])
    expect(isSafeExternalUrl('https://user:pw@example.org')).toBe(false)
  })

  it('has a strict content security policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/)
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  })
})

describe('presskeep:// protocol', () => {
  it('serves the renderer with its CSP header and nothing outside it', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>')
    mkdirSync(path.join(dir, 'assets'))
    const ok = await handleAppRequest(`${APP_ORIGIN}/index.html`, dir, () => null)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect((await handleAppRequest(`${APP_ORIGIN}/../../etc/passwd`, dir, () => null)).status).toBe(404)
    expect((await handleAppRequest(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, dir, () => null)).status).toBe(404)
    expect((await handleAppRequest(`${APP_ORIGIN}/assets`, dir, () => null)).status).toBe(404)
  })

  it('serves attachments by id, sandboxed, and refuses anything else', async () => {
    const a = await Archive.open(newArchivePath())
    const item = await a.createItem({ title: 'x' })
    const it = await a.attachPaths(item.id, [corpus('pdf', '2023-06-20-PV.pdf')])
    const r = await handleAppRequest(`presskeep://file/${item.id}/${it.attachments[0].id}`, tempDir(), () => a)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/pdf')
    expect(r.headers.get('content-security-policy')).toBe('sandbox')
    expect((await r.arrayBuffer()).byteLength).toBe(it.attachments[0].size)
    expect((await handleAppRequest(`presskeep://file/${item.id}/..%2F..%2Farchive.json`, tempDir(), () => a)).status).toBe(404)
    expect((await handleAppRequest(`presskeep://file/${item.id}/abcdefgh99`, tempDir(), () => a)).status).toBe(404)
    await a.close()
  })
})
