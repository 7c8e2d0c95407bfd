// presskeep://app/… serves the built renderer (with its CSP as a header);
// presskeep://file/<itemId>/<attachmentId> serves an attachment by id, never by path.
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { AttachmentIdSchema, ItemIdSchema } from '../../shared/model'
import type { Archive } from '../core/Archive'
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from './security'
import { thumbnailFile } from '../core/preview'
import { RENDERER_FILE_TYPES } from './rendererFileTypes'

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
}

export async function handleAppRequest(url: string, rendererDir: string, archive: () => Archive | null): Promise<Response> {
  const u = new URL(url)
  if (u.hostname === 'app') {
    const root = path.resolve(rendererDir)
    const rel = decodeURIComponent(u.pathname === '/' ? '/index.html' : u.pathname)
    const target = path.resolve(root, '.' + path.posix.normalize(rel))
    if (!target.startsWith(root + path.sep)) return notFound()
    try {
      const stat = await fsp.stat(target)
      if (!stat.isFile()) return notFound()
    } catch {
      return notFound()
    }
    const type = RENDERER_FILE_TYPES[path.extname(target)] ?? 'application/octet-stream'
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' }
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
    return new Response(Readable.toWeb(createReadStream(target)) as ReadableStream, { headers })
  }
  if (u.hostname === 'thumb') {
    const [, itemId, attId] = u.pathname.split('/')
    const a = archive()
    if (!a || !ItemIdSchema.safeParse(itemId).success || !AttachmentIdSchema.safeParse(attId).success) return notFound()
    try {
      const data = await fsp.readFile(thumbnailFile(a, a.attachment(itemId, attId).attachment.sha256))
      return new Response(data, { headers: { 'Content-Type': 'image/jpeg', 'X-Content-Type-Options': 'nosniff' } })
    } catch {
      return notFound()
    }
  }
  if (u.hostname === 'file') {
    const [, itemId, attId] = u.pathname.split('/')
    const a = archive()
    if (!a || !ItemIdSchema.safeParse(itemId).success || !AttachmentIdSchema.safeParse(attId).success) return notFound()
    try {
      const { attachment, path: filePath } = a.attachment(itemId, attId)
      return new Response(Readable.toWeb(createReadStream(filePath)) as ReadableStream, {
        headers: {
          'Content-Type': attachment.type,
          'Content-Length': String(attachment.size),
          'X-Content-Type-Options': 'nosniff',
          // Shown, never run: an HTML or SVG attachment gets no scripts and no origin.
          'Content-Security-Policy': 'sandbox',
          // The viewer (pdf.js) fetches the bytes from the app's own page, a different host of our scheme.
          'Access-Control-Allow-Origin': APP_ORIGIN
        }
      })
    } catch {
      return notFound()
    }
  }
  return notFound()
}
