// The team server of `presskeep serve`: the built renderer and the API for the people of a team,
// each signed in with their own account. Every API call goes through the one dispatcher with the
// caller named (their role checked there, the journal naming them); every change is pushed to
// every signed-in window over server-sent events.
//
// CSRF: a synchronizer token. Signing in (or asking GET auth/session with the session cookie)
// gives the page its session's token; every state-changing request (every POST: API calls,
// uploads, sign-out) must carry it in the X-Presskeep-CSRF header, and when the browser names an
// Origin it must be this server's. The session cookie is also HttpOnly and SameSite=Strict.
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { eventNames, type EventName, type MethodName } from '../../shared/contract'
import { METHOD_ROLES, mayCall } from '../../shared/roles'
import type { Archive } from '../core/Archive'
import { createDispatcher, toErrorResult, type Caller } from '../core/dispatcher'
import { discardDownloads } from '../core/export/service'
import { cookieValue, readJson, send, sendJson, serveArchiveRoute, serveStatic } from '../web/http'
import type { AccountBook } from './accounts'
import { decoyHash, verifyPassword } from './passwords'
import { DEFAULT_LOCKOUT, DEFAULT_SESSION_LIMITS, Lockout, sameToken, Sessions, type LockoutBook, type LockoutLimits, type SessionBook, type SessionLimits, type SignedIn } from './sessions'

export type TeamServerOptions = {
  archive: Archive
  accounts: AccountBook
  /** Where sessions are kept (the team archive's database); this process's memory by default. */
  sessionBook?: (limits: SessionLimits, now?: () => number) => SessionBook
  /** Where failed sign-ins are counted (the team archive's database, shared by its processes); this process's memory by default. */
  lockoutBook?: (limits: LockoutLimits, now?: () => number) => LockoutBook
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  port?: number
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Behind nginx/Caddy: the proxy's X-Forwarded-For/-Proto/-Host are believed, and cookies are Secure. */
  behindProxy?: boolean
  sessions?: Partial<SessionLimits>
  lockout?: Partial<LockoutLimits>
  /** How often an open event stream checks that its session is still on. */
  heartbeatMs?: number
  /** The clock sessions and locks are timed by (tests move it forward instead of waiting hours). */
  now?: () => number
}

export type TeamServer = {
  url: string
  port: number
  /** Pushes an event to every signed-in window (the change feed of other server processes uses it). */
  broadcast<E extends EventName>(event: E, payload: unknown): void
  close(): Promise<void>
}

export const SESSION_COOKIE = 'pk_session'
export const CSRF_HEADER = 'x-presskeep-csrf'

/** The file routes and what they amount to, for the role table. */
const FILE_ROUTE_METHODS: Array<[RegExp, string, MethodName]> = [
  [/^\/upload\//, 'POST', 'attachments:addFiles'],
  [/^\/stage$/, 'POST', 'import:staged'],
  [/^\/exports\//, 'GET', 'export:prepare'],
  [/^\/thumbs\//, 'GET', 'attachments:preview'],
  [/^\/files\//, 'GET', 'attachments:view']
]

const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === '[::1]' || host === 'localhost' || /^127\./.test(host)

/**
 * Why a server may not listen there, or null: a non-loopback address needs TLS (or a proxy in
 * front that does it), since passwords and session cookies cross the network.
 */
export function listenRefusal(host: string, tls: boolean, behindProxy: boolean): string | null {
  if (isLoopback(host) || tls || behindProxy) return null
  return `Refusing to listen on ${host} without TLS: passwords and sessions would cross the network in clear. Give --tls-cert and --tls-key, or --behind-proxy when nginx or Caddy in front of it does TLS.`
}

/** The name in a Host header, without its port (IPv6 in brackets kept as [::1]). */
const hostnameOf = (host: string) => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0])

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const { archive, accounts } = options
  const loopbackOnly = isLoopback(options.host ?? '127.0.0.1') && !options.behindProxy
  const rendererDir = path.resolve(options.rendererDir)
  const secure = !!options.tls || !!options.behindProxy
  const limits = { ...DEFAULT_SESSION_LIMITS, ...options.sessions }
  const sessions: SessionBook = options.sessionBook ? options.sessionBook(limits, options.now) : new Sessions(accounts, limits, options.now)
  const lockoutLimits = { ...DEFAULT_LOCKOUT, ...options.lockout }
  const lockout: LockoutBook = options.lockoutBook ? options.lockoutBook(lockoutLimits, options.now) : new Lockout(lockoutLimits, options.now)
  const dispatch = createDispatcher(() => archive, { allow: ['app', 'host'], requireCaller: true })

  type Stream = { res: http.ServerResponse; token: string }
  const streams = new Set<Stream>()
  const broadcast = (event: string, payload: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const s of streams) s.res.write(frame)
  }
  const disposers = eventNames.map((name) => archive.on(name, (payload) => broadcast(name, payload)))
  // A stream whose session ended (signed out, expired, account disabled) is closed: that person
  // receives no more of the archive's changes.
  const heartbeat = setInterval(() => {
    for (const s of streams)
      void sessions.resolve(s.token).then((who) => {
        if (who) s.res.write(': alive\n\n')
        else endStream(s)
      })
  }, options.heartbeatMs ?? 15_000)
  heartbeat.unref()
  const endStream = (s: Stream) => {
    streams.delete(s)
    s.res.end()
  }

  const cookie = (token: string, maxAgeS: number) =>
    `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`

  /** The address failures are counted against: the proxy's view of the client when behind one. */
  const clientAddress = (req: http.IncomingMessage): string => {
    if (options.behindProxy) {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      // The proxy appends the address it saw; anything before it came from the client itself.
      if (forwarded.length) return forwarded[forwarded.length - 1]
    }
    return req.socket.remoteAddress ?? 'unknown'
  }
  const ownOrigin = (req: http.IncomingMessage): string => {
    const proto = options.behindProxy ? String(req.headers['x-forwarded-proto'] ?? 'https').split(',')[0].trim() : options.tls ? 'https' : 'http'
    const host = options.behindProxy ? String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '').split(',')[0].trim() : req.headers.host ?? ''
    return `${proto}://${host}`
  }
  const originRefused = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin
    return !!origin && origin !== ownOrigin(req)
  }

  const signIn = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // A cross-site form cannot send JSON without the browser asking first (and we never say yes).
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: 'Sign in with a JSON body.' }, 415)
    let body: { name?: unknown; password?: unknown }
    try {
      body = (await readJson(req)) as typeof body
    } catch {
      return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: 'The request is not valid JSON.' }, 400)
    }
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 64) : ''
    const password = typeof body.password === 'string' ? body.password : ''
    const address = clientAddress(req)
    const until = await lockout.lockedUntil(name, address)
    if (until !== null)
      return sendJson(res, { ok: false, code: 'SIGNED_OUT', reason: 'locked', until: new Date(until).toISOString(), message: `Too many failed sign-ins: try again after ${new Date(until).toISOString()}.` }, 429)
    const account = name ? await accounts.get(name) : undefined
    const good = await verifyPassword(password, account?.passwordHash ?? (await decoyHash(accounts.cost)))
    if (!account || !good || account.disabled) {
      await lockout.failed(name, address)
      // A disabled account is told so only with its right password: the message does not confirm names to a guesser.
      const disabled = account && good && account.disabled
      return sendJson(res, {
        ok: false,
        code: 'SIGNED_OUT',
        reason: disabled ? 'disabled' : 'wrong',
        message: disabled ? 'This account is disabled: ask an administrator.' : 'Wrong name or password.'
      }, 401)
    }
    await lockout.succeeded(name)
    const { token, csrf } = await sessions.begin(account.name)
    res.setHeader('Set-Cookie', cookie(token, Math.floor(sessions.limits.absoluteMs / 1000)))
    return sendJson(res, { ok: true, value: { mode: 'team', name: account.name, role: account.role, csrf } })
  }

  const signedOut = (res: http.ServerResponse) =>
    sendJson(res, { ok: false, code: 'SIGNED_OUT', message: 'Your session has ended: sign in again.' }, 401)

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://server.invalid')
    // DNS rebinding: a server on loopback answers only to loopback names, so a page of another
    // site whose name was pointed at 127.0.0.1 cannot even reach its sign-in.
    if (loopbackOnly && !isLoopback(hostnameOf(req.headers.host ?? ''))) return send(res, 421, 'Wrong host.')
    if (options.tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    res.setHeader('X-Frame-Options', 'SAMEORIGIN')
    const post = req.method === 'POST'
    if (post && originRefused(req)) return send(res, 403, 'Cross-origin requests are refused.')

    if (post && url.pathname === '/auth/signin') return signIn(req, res)
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE)
    const who: SignedIn | null = await sessions.resolve(token)

    if (req.method === 'GET' && url.pathname === '/auth/session') {
      if (!who) return sendJson(res, { mode: 'team', signedIn: false })
      return sendJson(res, { mode: 'team', signedIn: true, name: who.name, role: who.role, csrf: who.csrf, expires: new Date(who.expires).toISOString() })
    }
    // Everything below is the archive's: the renderer's own files are public (the sign-in page is one).
    const archiveRoute = url.pathname.startsWith('/api/') || url.pathname === '/events' || url.pathname === '/auth/signout' || FILE_ROUTE_METHODS.some(([re]) => re.test(url.pathname))
    if (!archiveRoute) {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed.')
      return serveStatic(res, rendererDir, url.pathname)
    }
    if (!who) return signedOut(res)
    if (post && !sameToken(req.headers[CSRF_HEADER] as string | undefined, who.csrf))
      return sendJson(res, { ok: false, code: 'FORBIDDEN', message: 'This request lacks its page\'s token (X-Presskeep-CSRF): reload the page.' }, 403)
    const caller: Caller = { name: who.name, role: who.role }

    if (post && url.pathname === '/auth/signout') {
      await sessions.end(token)
      for (const s of streams) if (s.token === token) endStream(s)
      res.setHeader('Set-Cookie', cookie('', 0))
      return sendJson(res, { ok: true, value: { signedOut: true } })
    }
    if (post && url.pathname.startsWith('/api/')) {
      let input: unknown
      try {
        input = await readJson(req)
      } catch (err) {
        return sendJson(res, { ok: false, code: 'INVALID_INPUT', message: `The request is not valid JSON: ${(err as Error).message}` })
      }
      return sendJson(res, await dispatch(decodeURIComponent(url.pathname.slice(5)), input, caller))
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
      res.write(': connected\n\n')
      const stream = { res, token: token! }
      streams.add(stream)
      req.on('close', () => streams.delete(stream))
      return
    }
    // The file routes: each is checked as the method it amounts to (an upload is an edit).
    const route = FILE_ROUTE_METHODS.find(([re, m]) => re.test(url.pathname) && m === req.method)
    if (route && !mayCall(caller.role, route[2]))
      return sendJson(
        res,
        {
          ok: false,
          code: 'NOT_PERMITTED',
          message: `${caller.name} is a ${caller.role}: this needs a ${METHOD_ROLES[route[2]]}.`,
          params: { reason: 'ROLE_NOT_ALLOWED', role: caller.role, needed: METHOD_ROLES[route[2]] }
        },
        403
      )
    if (route && (await serveArchiveRoute(req, res, url, archive))) return
    return send(res, 405, 'Method not allowed.')
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, toErrorResult(err))
      else res.destroy()
    })
  }
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shown = host.includes(':') ? `[${host}]` : host
  return {
    url: `${options.tls ? 'https' : 'http'}://${shown}:${port}/`,
    port,
    broadcast,
    close: async () => {
      clearInterval(heartbeat)
      for (const d of disposers) d()
      for (const s of streams) s.res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await discardDownloads(archive)
    }
  }
}

