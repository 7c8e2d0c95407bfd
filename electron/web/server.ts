// The browser harness: the same API as the desktop app, served on loopback HTTP to the
// built renderer. Transport only: every method goes through the one dispatcher, in a loop.
import { createReadStream, promises as fsp } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { timingSafeEqual, randomBytes } from 'node:crypto'
import { eventNames, type Result } from '../../shared/contract'
import { AttachmentIdSchema, ItemIdSchema } from '../../shared/model'
import type { Archive } from '../core/Archive'
import { createDispatcher, toErrorResult } from '../core/dispatcher'
import { stageUpload } from '../core/staging'
import { thumbnailFile } from '../core/preview'
import { discardDownloads, downloadOf, releaseDownload } from '../core/export/service'
import { zipFolder } from './zipFolder'

export type WebHostOptions = {
  archive: Archive
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  secret?: string
}

export type WebHost = { url: string; port: number; secret: string; close(): Promise<void> }

const MAX_JSON_BYTES = 64 * 1024 * 1024

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'"
].join('; ')

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker is an ES module file; a module worker is refused without a script type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
  res.end(body)
}

function sendJson(res: http.ServerResponse, result: Result<unknown>): void {
  send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8')
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BYTES) throw Object.assign(new Error('Request too large'), { status: 413 })
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : {}
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

      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        let input: unknown
        try {
          input = await readJson(req)
        } catch (err) {
          return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: `The request is not valid JSON: ${(err as Error).message}` })
        }
        return sendJson(res, await dispatch(decodeURIComponent(url.pathname.slice(5)), input))
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
        res.write(': connected\n\n')
        sseClients.add(res)
        req.on('close', () => sseClients.delete(res))
        return
      }
      const upload = /^\/upload\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'POST' && upload) {
        const itemId = ItemIdSchema.safeParse(upload[1])
        const name = url.searchParams.get('name') ?? ''
        if (!itemId.success || !name || name.length > 1000)
          return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: 'An upload needs an item id and a file name.' })
        try {
          return sendJson(res, { ok: true, value: await archive.attachStream(itemId.data, name, req) })
        } catch (err) {
          return sendJson(res, toErrorResult(err))
        }
      }
      // Files for import wait in the staging area; the browser gets a token, never a path.
      if (req.method === 'POST' && url.pathname === '/stage') {
        const name = url.searchParams.get('name') ?? ''
        if (!name || name.length > 1000) return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: 'An upload needs a file name.' })
        try {
          const origin = (url.searchParams.get('origin') ?? '').slice(0, 1000) || undefined
          return sendJson(res, { ok: true, value: { token: await stageUpload(archive, name, req, undefined, origin) } })
        } catch (err) {
          return sendJson(res, toErrorResult(err))
        }
      }
      // A finished export, by token: a file as it is, a folder zipped on the fly.
      const exported = /^\/exports\/([0-9a-z]{8,40})$/.exec(url.pathname)
      if (req.method === 'GET' && exported) {
        let found
        try {
          found = await downloadOf(archive, exported[1])
        } catch {
          return send(res, 404, 'No such export.')
        }
        const name = path.basename(found.path) + (found.kind === 'folder' ? '.zip' : '')
        res.writeHead(200, {
          'Content-Type': found.kind === 'folder' ? 'application/zip' : 'application/octet-stream',
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store'
        })
        // Sent once, then gone: the export holds the items' notes and sits in a shared temp folder.
        res.on('finish', () => void releaseDownload(archive, exported[1]).catch(() => {}))
        if (found.kind === 'file') createReadStream(found.path).on('error', () => res.destroy()).pipe(res)
        else zipFolder(found.path).pipe(res)
        return
      }
      // Attachments (and their thumbnails) by id only: the path on disk is never taken from the request.
      const thumb = /^\/thumbs\/([^/]+)\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'GET' && thumb) {
        const itemId = ItemIdSchema.safeParse(thumb[1])
        const attId = AttachmentIdSchema.safeParse(thumb[2])
        if (!itemId.success || !attId.success) return send(res, 404, 'No such thumbnail.')
        try {
          const { attachment } = archive.attachment(itemId.data, attId.data)
          const data = await fsp.readFile(thumbnailFile(archive, attachment.sha256))
          res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=3600' })
          return res.end(data)
        } catch {
          return send(res, 404, 'No such thumbnail.')
        }
      }
      const file = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'GET' && file) {
        const itemId = ItemIdSchema.safeParse(file[1])
        const attId = AttachmentIdSchema.safeParse(file[2])
        if (!itemId.success || !attId.success) return send(res, 404, 'No such attachment.')
        let found
        try {
          found = archive.attachment(itemId.data, attId.data)
        } catch {
          return send(res, 404, 'No such attachment.')
        }
        const { attachment, path: filePath } = found
        const disposition = url.searchParams.get('download') ? 'attachment' : 'inline'
        res.writeHead(200, {
          'Content-Type': attachment.type,
          'Content-Length': attachment.size,
          'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
          'X-Content-Type-Options': 'nosniff',
          // An attachment is shown, never run: no scripts, no same-origin access.
          'Content-Security-Policy': 'sandbox',
          'Cache-Control': 'private, max-age=31536000, immutable'
        })
        createReadStream(filePath).on('error', () => res.destroy()).pipe(res)
        return
      }
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

async function serveStatic(res: http.ServerResponse, root: string, pathname: string): Promise<void> {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return send(res, 400, 'Bad path.')
  }
  if (rel === '/' || rel === '') rel = '/index.html'
  const target = path.resolve(root, '.' + path.posix.normalize(rel))
  if (target !== root && !target.startsWith(root + path.sep)) return send(res, 404, 'Not found.')
  let stat
  try {
    stat = await fsp.stat(target)
  } catch {
    return send(res, 404, 'Not found.')
  }
  // No directory listing, ever.
  if (!stat.isFile()) return send(res, 404, 'Not found.')
  const type = STATIC_TYPES[path.extname(target)] ?? 'application/octet-stream'
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Content-Length': stat.size,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache'
  }
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = CSP
    // The page's path is this run's scope: it is not told to the sites its links lead to.
    headers['Referrer-Policy'] = 'no-referrer'
  }
  res.writeHead(200, headers)
  createReadStream(target).pipe(res)
}
