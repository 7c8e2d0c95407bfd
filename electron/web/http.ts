// What both web hosts serve alike (the loopback harness of `npm run web` and the team server of
// `presskeep serve`): the built renderer, and the routes that move files in and out of the
// archive by id or token (uploads, staged imports, export downloads, attachments, thumbnails).
// Who may reach them is each host's business; these never take a path from the request.
import { createReadStream, promises as fsp } from 'node:fs'
import type * as http from 'node:http'
import * as path from 'node:path'
import type { Result } from '../../shared/contract'
import { AttachmentIdSchema, ItemIdSchema } from '../../shared/model'
import type { Archive } from '../core/Archive'
import { toErrorResult } from '../core/dispatcher'
import { stageUpload } from '../core/staging'
import { thumbnailFile } from '../core/preview'
import { downloadOf, releaseDownload } from '../core/export/service'
import { zipFolder } from './zipFolder'
import { RENDERER_FILE_TYPES } from '../main/rendererFileTypes'

export const MAX_JSON_BYTES = 64 * 1024 * 1024

export const CSP = [
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

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='))
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

export function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
  res.end(body)
}

export function sendJson(res: http.ServerResponse, result: Result<unknown> | Record<string, unknown>, status = 200): void {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8')
}

export async function readJson(req: http.IncomingMessage): Promise<unknown> {
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

/** Calls a sender, then says the request was answered. */
function answered<A extends unknown[]>(fn: (...args: A) => void, ...args: A): true {
  fn(...args)
  return true
}

/** The file routes, by id or token; true when the request was one of them (and is answered). */
export async function serveArchiveRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, archive: Archive): Promise<boolean> {
  const upload = /^\/upload\/([^/]+)$/.exec(url.pathname)
  if (req.method === 'POST' && upload) {
    const itemId = ItemIdSchema.safeParse(upload[1])
    const name = url.searchParams.get('name') ?? ''
    if (!itemId.success || !name || name.length > 1000)
      return answered(sendJson, res, { ok: false, code: 'INVALID_INPUT', message: 'An upload needs an item id and a file name.' })
    try {
      return answered(sendJson, res, { ok: true, value: await archive.attachStream(itemId.data, name, req) })
    } catch (err) {
      return answered(sendJson, res, toErrorResult(err))
    }
  }
  // Files for import wait in the staging area; the browser gets a token, never a path.
  if (req.method === 'POST' && url.pathname === '/stage') {
    const name = url.searchParams.get('name') ?? ''
    if (!name || name.length > 1000) return answered(sendJson, res, { ok: false, code: 'INVALID_INPUT', message: 'An upload needs a file name.' })
    try {
      const origin = (url.searchParams.get('origin') ?? '').slice(0, 1000) || undefined
      return answered(sendJson, res, { ok: true, value: { token: await stageUpload(archive, name, req, undefined, origin) } })
    } catch (err) {
      return answered(sendJson, res, toErrorResult(err))
    }
  }
  // A finished export, by token: a file as it is, a folder zipped on the fly.
  const exported = /^\/exports\/([0-9a-z]{8,40})$/.exec(url.pathname)
  if (req.method === 'GET' && exported) {
    let found
    try {
      found = await downloadOf(archive, exported[1])
    } catch {
      return answered(send, res, 404, 'No such export.')
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
    return true
  }
  // Attachments (and their thumbnails) by id only: the path on disk is never taken from the request.
  const thumb = /^\/thumbs\/([^/]+)\/([^/]+)$/.exec(url.pathname)
  if (req.method === 'GET' && thumb) {
    const itemId = ItemIdSchema.safeParse(thumb[1])
    const attId = AttachmentIdSchema.safeParse(thumb[2])
    if (!itemId.success || !attId.success) return answered(send, res, 404, 'No such thumbnail.')
    try {
      const { attachment } = archive.attachment(itemId.data, attId.data)
      const data = await fsp.readFile(thumbnailFile(archive, attachment.sha256))
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=3600' })
      res.end(data)
      return true
    } catch {
      return answered(send, res, 404, 'No such thumbnail.')
    }
  }
  const file = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname)
  if (req.method === 'GET' && file) {
    const itemId = ItemIdSchema.safeParse(file[1])
    const attId = AttachmentIdSchema.safeParse(file[2])
    if (!itemId.success || !attId.success) return answered(send, res, 404, 'No such attachment.')
    let found
    try {
      found = archive.attachment(itemId.data, attId.data)
    } catch {
      return answered(send, res, 404, 'No such attachment.')
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
    return true
  }
  return false
}

/** A file of the built renderer (index.html for /); never a directory, never outside it. */
export async function serveStatic(res: http.ServerResponse, root: string, pathname: string): Promise<void> {
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
  const type = RENDERER_FILE_TYPES[path.extname(target)] ?? 'application/octet-stream'
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
