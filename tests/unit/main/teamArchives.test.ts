// The desktop's team-archive logic under Node (Electron itself is not available here): the
// address typed, the check that a real team server answers there, the recent list, and the
// window that loads the server's page with no bridge to the local archive.
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { AccountStore, accountsFileOf } from '../../../electron/server/accounts'
import { startTeamServer } from '../../../electron/server/teamServer'
import { normalizeTeamUrl, probeTeamServer, RecentTeamArchives, teamWindowOptions } from '../../../electron/main/teamArchives'
import type { CoreError } from '../../../electron/core/errors'
import { newArchivePath, tempDir } from '../helpers'

/** A key and a self-signed certificate for 127.0.0.1, made with openssl as an administrator would. */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = tempDir()
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
  return { key: readFileSync(key), cert: readFileSync(cert) }
}

describe('connecting the desktop to a team archive', () => {
  it('takes an address as typed, refusing plain http off this machine and credentials in it', () => {
    expect(normalizeTeamUrl('archive.example.org:8443').href).toBe('https://archive.example.org:8443/')
    expect(normalizeTeamUrl(' https://archive.example.org/some/page?x=1 ').href).toBe('https://archive.example.org/')
    expect(normalizeTeamUrl('http://127.0.0.1:8443').href).toBe('http://127.0.0.1:8443/')
    // Each refusal names its reason, for the window to say it in its language.
    const refusal = (input: string) => {
      try {
        normalizeTeamUrl(input)
      } catch (err) {
        return { message: (err as Error).message, params: (err as CoreError).params }
      }
      throw new Error(`${input} was taken`)
    }
    expect(refusal('http://archive.example.org')).toEqual({ message: expect.stringMatching(/plain http/), params: { reason: 'TEAM_ADDRESS_PLAIN_HTTP', host: 'archive.example.org' } })
    expect(refusal('https://ada:secret@archive.example.org')).toEqual({ message: expect.stringMatching(/Leave the name and password out/), params: { reason: 'TEAM_ADDRESS_CREDENTIALS' } })
    expect(refusal('ftp://archive.example.org')).toEqual({ message: expect.stringMatching(/https/), params: { reason: 'TEAM_ADDRESS_SCHEME', value: 'ftp:' } })
    expect(refusal('  ')).toEqual({ message: expect.stringMatching(/Type the address/), params: { reason: 'TEAM_ADDRESS_EMPTY' } })
    expect(refusal('https://exa mple.org')).toEqual({ message: expect.stringMatching(/is not a web address/), params: { reason: 'TEAM_ADDRESS_INVALID', value: 'https://exa mple.org' } })
  })

  it('recognises a running team server, and says so when there is none or it is something else', async () => {
    const dir = newArchivePath()
    const archive = await Archive.open(dir, { create: true })
    const renderer = tempDir()
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>')
    const server = await startTeamServer({ archive, accounts: new AccountStore(accountsFileOf(dir)), rendererDir: renderer })
    const other = http.createServer((_req, res) => res.end('<html>a web site</html>'))
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    const mute = http.createServer(() => {})
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r))
    try {
      expect(await probeTeamServer(new URL(server.url))).toEqual({ ok: true })
      const notOurs = await probeTeamServer(new URL(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`))
      expect(notOurs).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a Presskeep team server/), params: { reason: 'TEAM_NOT_A_SERVER' } } })
      // A port nobody listens on.
      const closed = http.createServer()
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
      const port = (closed.address() as AddressInfo).port
      await new Promise((r) => closed.close(r))
      const down = await probeTeamServer(new URL(`http://127.0.0.1:${port}/`))
      expect(down).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not answering \(ECONNREFUSED\)/), params: { reason: 'TEAM_SERVER_REFUSED', host: `127.0.0.1:${port}` } } })
      // A server that takes the connection and never answers.
      const silent = await probeTeamServer(new URL(`http://127.0.0.1:${(mute.address() as AddressInfo).port}/`), fetch, 300)
      expect(silent).toMatchObject({ ok: false, error: { params: { reason: 'TEAM_SERVER_SILENT' } } })
      // A name no resolver knows (.invalid is reserved for that).
      const unknown = await probeTeamServer(new URL('https://no-such-server.invalid/'))
      expect(unknown).toMatchObject({ ok: false, error: { params: { reason: 'TEAM_SERVER_UNKNOWN', host: 'no-such-server.invalid' } } })
      // HTTPS with a certificate nobody vouches for (made here, self-signed).
      const tls = https.createServer(selfSigned(), (_req, res) => res.end('{"mode":"team"}'))
      await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r))
      try {
        const untrusted = await probeTeamServer(new URL(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/`))
        expect(untrusted).toMatchObject({ ok: false, error: { params: { reason: 'TEAM_SERVER_CERTIFICATE', detail: expect.stringMatching(/SELF_SIGNED|CERT/) } } })
      } finally {
        tls.close()
      }
    } finally {
      // The probe gave up on it; its open connection would hold close() back.
      mute.closeAllConnections()
      mute.close()
      other.close()
      await server.close()
      await archive.close()
    }
  })

  it('keeps the recent team archives newest first, once each, at most ten', async () => {
    const recent = new RecentTeamArchives(path.join(tempDir(), 'recent-team-archives.json'))
    expect(await recent.list()).toEqual([])
    for (let i = 0; i < 12; i++) await recent.add(new URL(`https://team${i}.example.org/`))
    await recent.add(new URL('https://team5.example.org/'))
    const list = await recent.list()
    expect(list).toHaveLength(10)
    expect(list[0].url).toBe('https://team5.example.org/')
    expect(list.filter((e) => e.url === 'https://team5.example.org/')).toHaveLength(1)
    expect(list.map((e) => e.name)).not.toContain('team0.example.org')
  })

  it('opens the server in a hardened window without the local bridge, cookies apart per server', () => {
    const o = teamWindowOptions(new URL('https://archive.example.org:8443/'))
    expect(o.webPreferences?.preload).toBeUndefined()
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, partition: 'persist:team-archive.example.org:8443' })
  })
})
