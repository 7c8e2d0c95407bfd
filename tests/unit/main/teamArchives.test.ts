// The desktop's team-archive logic under Node (Electron itself is not available here): the
// address typed, the check that a real team server answers there, the recent list, and the
// window that loads the server's page with no bridge to the local archive.
import { describe, it, expect } from 'vitest'
import { writeFileSync } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { AccountStore, accountsFileOf } from '../../../electron/server/accounts'
import { startTeamServer } from '../../../electron/server/teamServer'
import { normalizeTeamUrl, probeTeamServer, RecentTeamArchives, teamWindowOptions } from '../../../electron/main/teamArchives'
import { newArchivePath, tempDir } from '../helpers'

describe('connecting the desktop to a team archive', () => {
  it('takes an address as typed, refusing plain http off this machine and credentials in it', () => {
    expect(normalizeTeamUrl('archive.example.org:8443').href).toBe('https://archive.example.org:8443/')
    expect(normalizeTeamUrl(' https://archive.example.org/some/page?x=1 ').href).toBe('https://archive.example.org/')
    expect(normalizeTeamUrl('http://127.0.0.1:8443').href).toBe('http://127.0.0.1:8443/')
    expect(() => normalizeTeamUrl('http://archive.example.org')).toThrow(/plain http/)
    expect(() => normalizeTeamUrl('https://ada:secret@archive.example.org')).toThrow(/Leave the name and password out/)
    expect(() => normalizeTeamUrl('ftp://archive.example.org')).toThrow(/https/)
    expect(() => normalizeTeamUrl('')).toThrow(/Type the address/)
  })

  it('recognises a running team server, and says so when there is none or it is something else', async () => {
    const dir = newArchivePath()
    const archive = await Archive.open(dir, { create: true })
    const renderer = tempDir()
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>')
    const server = await startTeamServer({ archive, accounts: new AccountStore(accountsFileOf(dir)), rendererDir: renderer })
    const other = http.createServer((_req, res) => res.end('<html>a web site</html>'))
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    try {
      expect(await probeTeamServer(new URL(server.url))).toEqual({ ok: true })
      const notOurs = await probeTeamServer(new URL(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`))
      expect(notOurs).toEqual({ ok: false, reason: expect.stringMatching(/not a Presskeep team server/) })
      // A port nobody listens on.
      const closed = http.createServer()
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
      const port = (closed.address() as AddressInfo).port
      await new Promise((r) => closed.close(r))
      const down = await probeTeamServer(new URL(`http://127.0.0.1:${port}/`))
      expect(down).toEqual({ ok: false, reason: expect.stringMatching(/is not answering \(ECONNREFUSED\)/) })
    } finally {
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
