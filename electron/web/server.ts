// The browser harness: the same API as the desktop app, served on loopback HTTP to the
// built renderer. Transport only: every method goes through the one dispatcher, in a loop.
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { timingSafeEqual, randomBytes } from 'node:crypto'
import { APP_COMMANDS, eventNames } from '../../shared/contract'
import type { Archive } from '../core/Archive'
import { createDispatcher, toErrorResult } from '../core/dispatcher'
import { discardDownloads } from '../core/export/service'
import { cookieValue, readJson, send, sendJson, serveArchiveRoute, serveStatic } from './http'

export type WebHostOptions = {
  archive: Archive
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  secret?: string
}

export type WebHost = { url: string; port: number; secret: string; close(): Promise<void> }

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { archive } = options
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const rendererDir = path.resolve(options.rendererDir)
  // The renderer may call app and host methods; host ones (native dialogs) do not exist in a
  // browser and answer HOST_UNSUPPORTED, so the UI falls back to upload and download links.
  const dispatch = createDispatcher(() => archive, { allow: ['app', 'host'] })
  const sseClients = new Set<http.ServerResponse>()
  const disposers = eventNames.map((name) =>
    archive.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const res of sseClients) res.write(frame)
    })
  )
  let port = 0
  // Cookies ignore ports: one set for 127.0.0.1 with Path=/ would also go to every other local
  // service a page of this browser talks to. So the interface lives under a per-run path that
  // only this server gives out (/w/<scope>/, after the address with the secret), and the
  // cookie, named after the run too, is scoped to it: another port receives it only if it is
  // asked for that very path, which nobody else knows. The secret itself never appears in a URL
  // after the first one.
  const scope = randomBytes(12).toString('base64url')
  const prefix = `/w/${scope}/`
  const cookieName = `pk_${scope}`

  const server = http.createServer(async (req, res) => {
    try {
      // DNS rebinding: only our own loopback names are served.
      const host = req.headers.host ?? ''
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'Wrong host.')
      const url = new URL(req.url ?? '/', `http://${host}`)
      const origin = req.headers.origin
      if (origin && origin !== `http://${host}`) return send(res, 403, 'Cross-origin requests are refused.')

      // The per-run secret arrives once in the URL printed at start; a strict cookie, scoped to
      // this run's path, carries it after.
      const urlSecret = url.searchParams.get('k') ?? undefined
      if (req.method === 'GET' && url.pathname === '/' && sameSecret(urlSecret, secret)) {
        res.writeHead(303, {
          'Set-Cookie': `${cookieName}=${encodeURIComponent(secret)}; HttpOnly; SameSite=Strict; Path=${prefix}`,
          Location: prefix,
          'Cache-Control': 'no-store',
          'Referrer-Policy': 'no-referrer'
        })
        return res.end()
      }
      const given = (req.headers['x-presskeep-secret'] as string | undefined) ?? cookieValue(req.headers.cookie, cookieName)
      if (!sameSecret(given, secret))
        return send(res, 401, 'This Presskeep window needs the address with its secret, as printed by `npm run web`.')
      // The window's own requests come under its path; scripts holding the secret (tests, tools)
      // may send it as a header to the bare paths.
      if (url.pathname.startsWith(prefix)) url.pathname = '/' + url.pathname.slice(prefix.length)

      // The window asks who it works for: here, the person at this machine (no sign-in).
      if (req.method === 'GET' && url.pathname === '/auth/session') return sendJson(res, { mode: 'local' })
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        let input: unknown
        try {
          input = await readJson(req)
        } catch (err) {
          return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: `The request is not valid JSON: ${(err as Error).message}` })
        }
        return sendJson(res, await dispatch(decodeURIComponent(url.pathname.slice(5)), input))
      }
      // A browser has no menu bar: a script holding the secret gives the windows a menu command
      // of the desktop app (tests open the Connect to a team archive dialog this way).
      if (req.method === 'POST' && url.pathname === '/command') {
        const body = (await readJson(req).catch(() => null)) as { command?: unknown; url?: unknown } | null
        if (!body || !(APP_COMMANDS as readonly unknown[]).includes(body.command) || (body.url !== undefined && typeof body.url !== 'string'))
          return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: `A command is one of ${APP_COMMANDS.join(', ')}, with a url for connect-team.` }, 400)
        const frame = `event: app:command\ndata: ${JSON.stringify({ command: body.command, ...(body.url ? { url: body.url.slice(0, 2000) } : {}) })}\n\n`
        for (const client of sseClients) client.write(frame)
        return sendJson(res, { ok: true, value: { windows: sseClients.size } })
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
        res.write(': connected\n\n')
        sseClients.add(res)
        req.on('close', () => sseClients.delete(res))
        return
      }
      if (await serveArchiveRoute(req, res, url, archive)) return
      if (req.method === 'GET') return serveStatic(res, rendererDir, url.pathname)
      return send(res, 405, 'Method not allowed.')
    } catch (err) {
      if (!res.headersSent) sendJson(res, toErrorResult(err))
      else res.destroy()
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?k=${encodeURIComponent(secret)}`,
    port,
    secret,
    close: async () => {
      for (const d of disposers) d()
      for (const res of sseClients) res.end()
      sseClients.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await discardDownloads(archive)
    }
  }
}
