// The team server over real HTTP on loopback: sessions, roles on every contract method, CSRF,
// lockout, an account disabled mid-session, live changes, and the journal naming the person.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { api, methodNames } from '../../../shared/contract'
import { METHOD_ROLES, ROLES, mayCall } from '../../../shared/roles'
import { Archive } from '../../../electron/core/Archive'
import { AccountStore, accountsFileOf } from '../../../electron/server/accounts'
import { startTeamServer, type TeamServer, type TeamServerOptions } from '../../../electron/server/teamServer'
import { runCli } from '../../../electron/cli/cli'
import { TeamClient, request } from './teamClient'

const PASSWORDS = { ada: 'ada-password-1', bea: 'bea-password-2', cy: 'cy-password-33' }
let root: string
let archiveDir: string
let rendererDir: string
let archive: Archive
let accounts: AccountStore
let server: TeamServer | null = null
let clock = Date.now()

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pk-team-'))
  archiveDir = path.join(root, 'Team.presskeep')
  rendererDir = path.join(root, 'renderer')
  await import('node:fs/promises').then((f) => f.mkdir(rendererDir))
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>sign in</title>')
  archive = await Archive.open(archiveDir, { create: true })
  // A low scrypt cost: these tests sign in dozens of times (the default's cost is tested in serveCli).
  accounts = new AccountStore(accountsFileOf(archiveDir), { N: 1 << 12, r: 8, p: 1 })
  await accounts.add('ada', 'admin', PASSWORDS.ada)
  await accounts.add('bea', 'cataloguer', PASSWORDS.bea)
  await accounts.add('cy', 'reader', PASSWORDS.cy)
})
afterAll(async () => {
  await archive?.close()
  rmSync(root, { recursive: true, force: true })
})
afterEach(async () => {
  await server?.close()
  server = null
})

async function serve(extra: Partial<TeamServerOptions> = {}): Promise<TeamServer> {
  clock = Date.now()
  server = await startTeamServer({ archive, accounts, rendererDir, now: () => clock, ...extra })
  return server
}

async function signedIn(name: keyof typeof PASSWORDS): Promise<TeamClient> {
  const c = new TeamClient(server!.url)
  const r = await c.signIn(name, PASSWORDS[name])
  expect(r.status).toBe(200)
  return c
}

describe('team server', () => {
  it('enforces the role table on every contract method, for every role, in the dispatcher', async () => {
    await serve()
    const clients = { admin: await signedIn('ada'), cataloguer: await signedIn('bea'), reader: await signedIn('cy') }
    for (const role of ROLES) {
      for (const method of methodNames) {
        // An input no schema accepts: an allowed call stops at validation (or, for methods that
        // take paths, at the transport's refusal), so nothing runs; a refused one never gets there.
        const r = await clients[role].api(method, { __probe: 1 })
        const expected = !mayCall(role, method) ? 'NOT_PERMITTED' : api[method].exposure === 'trusted' ? 'FORBIDDEN' : 'INVALID_INPUT'
        expect({ role, method, code: r.code }).toEqual({ role, method, code: expected })
      }
    }
    // The table's shape: readers read, cataloguers edit, admins keep the archive.
    expect(METHOD_ROLES['search:query']).toBe('reader')
    expect(METHOD_ROLES['items:update']).toBe('cataloguer')
    expect(METHOD_ROLES['archive:restoreBackup']).toBe('admin')
  })

  it('lets a cataloguer edit, names them in the journal, and refuses the same edit to a reader, item untouched', async () => {
    await serve()
    const bea = await signedIn('bea')
    const cy = await signedIn('cy')
    const created = await bea.api('items:create', { fields: { title: 'Budget speech' } })
    expect(created.ok).toBe(true)
    const id = created.value.id
    const refused = await cy.api('items:update', { id, fields: { title: 'Changed by a reader' } })
    expect(refused).toMatchObject({ ok: false, code: 'NOT_PERMITTED' })
    expect(refused.message).toContain('reader')
    expect((await cy.api('items:get', { id })).value.title).toBe('Budget speech')
    // An upload is an edit too.
    const upload = await cy.post(`upload/${id}?name=a.txt`, 'hello')
    expect(upload.status).toBe(403)
    const history = await cy.api('items:history', { id })
    expect(history.value.map((e: { user: string }) => e.user)).toEqual(['bea'])
  })

  it('asks for a session on every archive route, and serves the sign-in page to anyone', async () => {
    await serve()
    const anon = new TeamClient(server!.url)
    expect((await anon.get('/')).status).toBe(200)
    expect((await anon.get('auth/session')).json()).toEqual({ mode: 'team', signedIn: false })
    const r = await anon.post('api/items:list', {})
    expect(r.status).toBe(401)
    expect(r.json().code).toBe('SIGNED_OUT')
    expect((await anon.get('events')).status).toBe(401)
    expect((await anon.get('files/x/y')).status).toBe(401)
    // A made-up cookie is no session.
    anon.cookie = 'pk_session=' + 'A'.repeat(43)
    expect((await anon.post('api/items:list', {})).status).toBe(401)
  })

  it('sets an HttpOnly SameSite=Strict cookie, and ends sessions on sign-out, when idle, and at their absolute limit', async () => {
    await serve({ sessions: { idleMs: 60_000, absoluteMs: 300_000 } })
    const ada = new TeamClient(server!.url)
    const r = await ada.signIn('ada', PASSWORDS.ada)
    const set = r.headers['set-cookie']![0]
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).toMatch(/Max-Age=300/)
    expect(JSON.stringify(r.json())).not.toContain(ada.cookie.split('=')[1])
    const session = (await ada.get('auth/session')).json()
    expect(session).toMatchObject({ signedIn: true, name: 'ada', role: 'admin', csrf: ada.csrf })

    // Idle: used every 50 s it stays on; 61 s without use ends it.
    clock += 50_000
    expect((await ada.api('archive:info')).ok).toBe(true)
    clock += 50_000
    expect((await ada.api('archive:info')).ok).toBe(true)
    clock += 61_000
    expect((await ada.api('archive:info')).code).toBe('SIGNED_OUT')

    // Absolute: however busy, over after 300 s.
    const again = await signedIn('ada')
    for (let i = 0; i < 6; i++) {
      clock += 49_000
      expect((await again.api('archive:info')).ok).toBe(true)
    }
    clock += 10_000
    expect((await again.api('archive:info')).code).toBe('SIGNED_OUT')

    // Sign-out.
    const third = await signedIn('ada')
    const out = await third.post('auth/signout', {})
    expect(out.status).toBe(200)
    expect(out.headers['set-cookie']![0]).toMatch(/Max-Age=0/)
    expect((await third.api('archive:info')).code).toBe('SIGNED_OUT')
  })

  it('refuses state-changing requests without the page token or from another origin', async () => {
    await serve()
    const bea = await signedIn('bea')
    const csrf = bea.csrf
    bea.csrf = ''
    const noToken = await bea.post('api/items:create', { fields: { title: 'forged' } })
    expect(noToken.status).toBe(403)
    bea.csrf = 'x'.repeat(csrf.length)
    expect((await bea.post('api/items:create', { fields: { title: 'forged' } })).status).toBe(403)
    expect((await bea.post('auth/signout', {})).status).toBe(403)
    bea.csrf = csrf
    // Another site's page, even with the token (it cannot read it, but if it could):
    const crossSite = await bea.post('api/items:create', { fields: { title: 'forged' } }, { origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    // A page of another site whose name was rebound to 127.0.0.1: not even its sign-in answers.
    const rebound = await request(server!.url, { method: 'POST', path: 'auth/signin', headers: { host: 'evil.example:80', origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{"name":"bea","password":"x"}' })
    expect(rebound.status).toBe(421)
    // Signing in from another site's form (login CSRF): refused, and a non-JSON body too.
    const form = await request(server!.url, { method: 'POST', path: 'auth/signin', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' })
    expect(form.status).toBe(403)
    const plain = await request(server!.url, { method: 'POST', path: 'auth/signin', headers: { 'content-type': 'text/plain' }, body: '{"name":"bea"}' })
    expect(plain.status).toBe(415)
    const titles = (await bea.api('items:list', { limit: 1000 })).value.items.map((i: { title: string }) => i.title)
    expect(titles).not.toContain('forged')
  })

  it('locks an account after repeated failures, says until when, and lifts the lock after', async () => {
    await serve({ lockout: { perAccount: 3, perAddress: 6, windowMs: 60_000, lockMs: 120_000 } })
    const guesser = new TeamClient(server!.url)
    const wrongPassword = await guesser.signIn('bea', 'wrong-0-guess')
    const unknownName = await guesser.signIn('nobody-here', 'wrong-0-guess')
    // A guesser cannot tell a name that exists from one that does not.
    expect([unknownName.status, unknownName.json()]).toEqual([wrongPassword.status, wrongPassword.json()])
    for (let i = 1; i < 3; i++) expect((await guesser.signIn('bea', `wrong-${i}-guess`)).status).toBe(401)
    const locked = await guesser.signIn('bea', PASSWORDS.bea)
    expect(locked.status).toBe(429)
    expect(locked.json()).toMatchObject({ reason: 'locked', until: new Date(clock + 120_000).toISOString() })
    // Another account from the same address still signs in (the address has 4 of its 6).
    expect((await new TeamClient(server!.url).signIn('cy', PASSWORDS.cy)).status).toBe(200)
    // Per address: names made up one after another lock the address for every name.
    for (let i = 0; i < 2; i++) await guesser.signIn(`nobody${i}`, 'whatever-it-is')
    expect((await new TeamClient(server!.url).signIn('cy', PASSWORDS.cy)).status).toBe(429)
    clock += 120_001
    expect((await new TeamClient(server!.url).signIn('bea', PASSWORDS.bea)).status).toBe(200)
  })

  it('ends a disabled account\'s sessions at once (disabled from the command line), its event stream too', async () => {
    await serve({ heartbeatMs: 50 })
    const cy = await signedIn('cy')
    const stream = await cy.listen()
    expect((await cy.api('archive:info')).ok).toBe(true)
    const out: string[] = []
    const code = await runCli(['--archive', archiveDir, 'users', 'disable', 'cy'], { out: (s) => out.push(s), err: (s) => out.push(s) })
    expect(code).toBe(0)
    expect((await cy.api('archive:info')).code).toBe('SIGNED_OUT')
    await stream.closed
    const back = await new TeamClient(server!.url).signIn('cy', PASSWORDS.cy)
    expect(back.status).toBe(401)
    expect(back.json().reason).toBe('disabled')
    expect(await runCli(['--archive', archiveDir, 'users', 'enable', 'cy'], { out: () => {}, err: () => {} })).toBe(0)
    expect((await new TeamClient(server!.url).signIn('cy', PASSWORDS.cy)).status).toBe(200)
  })

  it('pushes one person\'s change to another\'s window within a second', async () => {
    await serve()
    const bea = await signedIn('bea')
    const cy = await signedIn('cy')
    const stream = await cy.listen()
    const created = await bea.api('items:create', { fields: { title: 'Live' } })
    // From the moment the change is saved (acknowledged to its author) to its arrival elsewhere.
    await bea.api('items:update', { id: created.value.id, fields: { title: 'Live, edited' } })
    const t0 = performance.now()
    const e = await stream.next((ev) => ev.event === 'items:changed' && ev.data.reason !== 'create' && ev.data.ids.includes(created.value.id))
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(e.data.ids).toContain(created.value.id)
    expect((await cy.api('items:get', { id: created.value.id })).value.title).toBe('Live, edited')
    stream.close()
  })
})
