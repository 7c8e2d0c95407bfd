import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as http from 'node:http'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { startWebHost, type WebHost } from '../../../electron/web/server'
import { corpus, newArchivePath, tempDir } from '../helpers'

let archive: Archive
let host: WebHost
let rendererDir: string

/** Raw request, so that Host and Origin can be set as an attacker would. */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const auth = () => ({ 'x-presskeep-secret': host.secret, 'content-type': 'application/json' })
const api = async (method: string, input: unknown, headers: Record<string, string> = auth()) => {
  const r = await request({ method: 'POST', path: `/api/${method}`, headers, body: JSON.stringify(input) })
  return JSON.parse(r.body.toString('utf8'))
}

beforeEach(async () => {
  archive = await Archive.open(newArchivePath())
  rendererDir = tempDir()
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  mkdirSync(path.join(rendererDir, 'assets'))
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  host = await startWebHost({ archive, rendererDir })
})
afterEach(async () => {
  await host.close()
  await archive.close()
})

describe('loopback HTTP transport', () => {
  it('runs the whole item cycle through the contract', async () => {
    const created = await api('items:create', { fields: { title: 'Over HTTP', date: '2022-11' } })
    expect(created.ok).toBe(true)
    const id = created.value.id
    expect((await api('items:update', { id, fields: { outlet: 'Reuters' } })).value.outlet).toBe('Reuters')
    const list = await api('items:list', { limit: 10 })
    expect(list.value.total).toBe(1)
    expect(list.value.items[0].title).toBe('Over HTTP')
    expect((await api('items:trash', { ids: [id] })).value.count).toBe(1)
    expect((await api('items:list', { view: 'trash' })).value.total).toBe(1)
    expect((await api('items:restore', { ids: [id] })).value.count).toBe(1)
  })

  it('returns invalid input as data with the field named', async () => {
    const r = await api('items:create', { fields: { title: '   ' } })
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fields.title' })
    expect((await api('items:get', { id: '../../etc' })).code).toBe('INVALID_INPUT')
    expect((await api('nope:nothing', {})).code).toBe('UNKNOWN_METHOD')
    expect((await api('items:get', { id: 'abcdefgh1234' })).code).toBe('NOT_FOUND')
    const bad = await request({ method: 'POST', path: '/api/items:list', headers: auth(), body: '{not json' })
    expect(JSON.parse(bad.body.toString()).code).toBe('INVALID_INPUT')
  })

  it('never takes a file path from the browser', async () => {
    const created = await api('items:create', { fields: { title: 'x' } })
    const r = await api('attachments:addFiles', { itemId: created.value.id, paths: ['/etc/passwd'] })
    expect(r.code).toBe('FORBIDDEN')
    expect((await api('attachments:pick', { itemId: created.value.id })).code).toBe('HOST_UNSUPPORTED')
  })

  it('uploads an attachment as a stream and serves it back by id only', async () => {
    const id = (await api('items:create', { fields: { title: 'upload' } })).value.id
    const pdf = readFileSync(corpus('pdf', 'scotus-transcript-p1.pdf'))
    const up = await request({ method: 'POST', path: `/upload/${id}?name=${encodeURIComponent('../../evil/scotus.pdf')}`, headers: { 'x-presskeep-secret': host.secret }, body: pdf })
    const item = JSON.parse(up.body.toString()).value
    expect(item.attachments[0].name).toBe('scotus.pdf')
    expect(item.attachments[0].sha256).toBe(createHash('sha256').update(pdf).digest('hex'))
    const got = await request({ path: `/files/${id}/${item.attachments[0].id}`, headers: { 'x-presskeep-secret': host.secret } })
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('application/pdf')
    expect(got.headers['content-security-policy']).toBe('sandbox')
    expect(Buffer.compare(got.body, pdf)).toBe(0)
    const traversal = await request({ path: `/files/${id}/..%2F..%2Farchive.json`, headers: { 'x-presskeep-secret': host.secret } })
    expect(traversal.status).toBe(404)
  })

  it('requires the secret on every request and sets it once as a strict cookie', async () => {
    expect((await request({ path: '/' })).status).toBe(401)
    expect((await request({ method: 'POST', path: '/api/archive:info', body: '{}' })).status).toBe(401)
    expect((await request({ path: '/', headers: { 'x-presskeep-secret': 'wrong' } })).status).toBe(401)
    const first = await request({ path: `/?k=${host.secret}` })
    expect(first.status).toBe(303)
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    // Scoped to this run's own path (cookies ignore ports, not paths), which the redirect names.
    const scope = String(first.headers.location)
    expect(scope).toMatch(/^\/w\/[A-Za-z0-9_-]{16}\/$/)
    expect(cookie).toContain(`Path=${scope}`)
    expect(cookie.split('=')[0]).toBe(`pk_${scope.slice(3, -1)}`)
    const page = await request({ path: scope, headers: { cookie: cookie.split(';')[0] } })
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const info = await request({ method: 'POST', path: `${scope}api/archive:info`, headers: { cookie: cookie.split(';')[0] }, body: '{}' })
    expect(JSON.parse(info.body.toString('utf8')).ok).toBe(true)
  })

  it('refuses other Host names (DNS rebinding) and cross-origin calls', async () => {
    const rebinding = await request({ path: '/', headers: { ...auth(), host: `evil.example:${host.port}` } })
    expect(rebinding.status).toBe(421)
    const cross = await request({ method: 'POST', path: '/api/archive:info', headers: { ...auth(), origin: 'http://evil.example' }, body: '{}' })
    expect(cross.status).toBe(403)
  })

  it('serves no directory listing and nothing outside the renderer', async () => {
    const h = { 'x-presskeep-secret': host.secret }
    expect((await request({ path: '/assets/', headers: h })).status).toBe(404)
    expect((await request({ path: '/assets/app.js', headers: h })).status).toBe(200)
    expect((await request({ path: '/../../etc/passwd', headers: h })).status).toBe(404)
    expect((await request({ path: '/%2e%2e/%2e%2e/etc/passwd', headers: h })).status).toBe(404)
  })

  it('keeps downloads in a private temp folder, removed once downloaded and when the host stops', async () => {
    await api('items:create', { fields: { title: 'Private', notes: 'not for anyone else' } })
    const prepare = async () => {
      const r = await api('export:prepare', { scope: { kind: 'all' }, format: 'json' })
      expect(r.ok).toBe(true)
      await new Promise<void>((resolve) => archive.on('jobs:finished', (o) => o.jobId === r.value.jobId && resolve()))
      return r.value.token as string
    }
    const token = await prepare()
    const folders = readdirSync(tmpdir()).filter((n) => n.startsWith('presskeep-exports-')).map((n) => path.join(tmpdir(), n))
    const root = folders.find((f) => existsSync(path.join(f, token)))!
    expect(root).toBeDefined()
    // Nobody else may list, enter or create it: a fresh random name, owner-only.
    expect(statSync(root).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(root, token)).mode & 0o777).toBe(0o700)
    expect(path.basename(root)).toMatch(/^presskeep-exports-[A-Za-z0-9]{6}$/)
    const got = await request({ path: `/exports/${token}`, headers: auth() })
    expect(got.status).toBe(200)
    expect(got.body.toString('utf8')).toContain('not for anyone else')
    // Sent, then removed: a second fetch finds nothing.
    await vi.waitFor(() => expect(existsSync(path.join(root, token))).toBe(false))
    expect((await request({ path: `/exports/${token}`, headers: auth() })).status).toBe(404)
    // One never downloaded goes when the host stops.
    const unfetched = await prepare()
    expect(existsSync(path.join(root, unfetched))).toBe(true)
    await host.close()
    expect(existsSync(root)).toBe(false)
    host = await startWebHost({ archive, rendererDir })
  })

  it('pushes items:changed events to the browser', async () => {
    const events: string[] = []
    const req = http.request({ host: '127.0.0.1', port: host.port, path: '/events', headers: { 'x-presskeep-secret': host.secret } })
    let subscribed = () => {}
    const connected = new Promise<void>((resolve) => (subscribed = resolve))
    const got = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        // The host subscribes the stream before it sends the response head.
        subscribed()
        res.on('data', (c: Buffer) => {
          events.push(c.toString())
          if (events.join('').includes('items:changed')) resolve()
        })
      })
    })
    req.end()
    await connected
    await api('items:create', { fields: { title: 'evented' } })
    await got
    expect(events.join('')).toMatch(/event: items:changed\ndata: \{"ids":\["[0-9a-z]+"\],"reason":"create"\}/)
    req.destroy()
  })
})
