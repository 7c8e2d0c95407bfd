// `presskeep serve` and `presskeep users` as an administrator runs them: a real server process
// over TLS, accounts added from the command line, and the refusals that keep passwords off
// the network in clear.
import { describe, it, expect, afterEach } from 'vitest'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { runCli } from '../../../electron/cli/cli'
import { accountsFileOf } from '../../../electron/server/accounts'
import { projectRoot, tempDir } from '../helpers'
import { TeamClient } from './teamClient'

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const code = await runCli(args, { out: (s) => lines.push(s), err: (s) => lines.push(s) })
  return { code, out: lines.join('\n') }
}

describe('presskeep serve and users', () => {
  it('refuses a network address without TLS unless behind a proxy, and half a TLS pair', async () => {
    const dir = path.join(tempDir(), 'A.presskeep')
    const r = await cli(['--archive', dir, 'serve', '--listen', '0.0.0.0:0'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/Refusing to listen on 0\.0\.0\.0 without TLS/)
    expect((await cli(['--archive', dir, 'serve', '--listen', '0.0.0.0:0', '--tls-cert', 'x.pem'])).out).toMatch(/both --tls-cert and --tls-key/)
    expect((await cli(['--archive', dir, 'serve', '--listen', 'nonsense:port'])).out).toMatch(/give HOST:PORT/)
  })

  it('keeps passwords as salted scrypt hashes, never plain, and refuses short ones and unknown roles', async () => {
    const dir = path.join(tempDir(), 'A.presskeep')
    const pw = path.join(tempDir(), 'pw')
    writeFileSync(pw, 'correct horse battery\n')
    expect((await cli(['--archive', dir, 'users', 'add', 'Ada', '--role', 'admin', '--password-file', pw])).code).toBe(0)
    expect((await cli(['--archive', dir, 'users', 'add', 'bo', '--role', 'cataloguer', '--password-file', pw])).code).toBe(0)
    // A new folder became an archive, holding its accounts.
    expect(readFileSync(path.join(dir, 'archive.json'), 'utf8')).toContain('presskeep')
    const stored = readFileSync(accountsFileOf(dir), 'utf8')
    expect(stored).not.toContain('correct horse')
    const hashes = [...stored.matchAll(/"passwordHash": "(scrypt\$[^"]+)"/g)].map((m) => m[1])
    expect(hashes).toHaveLength(2)
    expect(hashes[0]).toMatch(/^scrypt\$32768\$8\$3\$/)
    // Same password, different salts: different hashes.
    expect(hashes[0]).not.toBe(hashes[1])
    expect((await cli(['--archive', dir, 'users', 'add', 'ada', '--role', 'reader', '--password-file', pw])).out).toMatch(/already an account/)
    writeFileSync(pw, 'short\n')
    expect((await cli(['--archive', dir, 'users', 'add', 'cy', '--role', 'reader', '--password-file', pw])).out).toMatch(/at least 8/)
    expect((await cli(['--archive', dir, 'users', 'add', 'cy', '--role', 'boss', '--password-file', pw])).code).toBe(2)
    expect((await cli(['--archive', dir, 'users', 'set-role', 'bo', '--role', 'reader'])).code).toBe(0)
    const list = await cli(['--archive', dir, '--json', 'users', 'list'])
    expect(JSON.parse(list.out)).toMatchObject([
      { name: 'Ada', role: 'admin', disabled: false },
      { name: 'bo', role: 'reader', disabled: false }
    ])
    expect(list.out).not.toContain('scrypt')
  })

  it('serves over TLS from its own process; a new password from the command line ends the open session', async () => {
    const base = tempDir()
    const dir = path.join(base, 'A.presskeep')
    const renderer = path.join(base, 'renderer')
    execFileSync('mkdir', ['-p', renderer])
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Presskeep</title>')
    const cert = path.join(base, 'cert.pem')
    const key = path.join(base, 'key.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    const pw = path.join(base, 'pw')
    writeFileSync(pw, 'first password\n')
    await cli(['--archive', dir, 'init'])
    expect((await cli(['--archive', dir, 'users', 'add', 'ada', '--role', 'admin', '--password-file', pw])).code).toBe(0)

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'electron/cli/index.ts'), '--archive', dir, 'serve', '--listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key, '--renderer', renderer], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let printed = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        printed += d
        const m = /at (https:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)
        if (m) resolve(m[1])
      })
      child.stderr!.on('data', (d) => (printed += d))
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${printed}`)))
    })
    const ada = new TeamClient(url, url.replace(/\/$/, ''), readFileSync(cert))
    expect((await ada.signIn('ada', 'first password')).status).toBe(200)
    expect((await ada.get('/')).headers['strict-transport-security']).toMatch(/max-age=/)
    expect((await ada.api('archive:info')).ok).toBe(true)

    writeFileSync(pw, 'second password\n')
    expect((await cli(['--archive', dir, 'users', 'passwd', 'ada', '--password-file', pw])).code).toBe(0)
    expect((await ada.api('archive:info')).code).toBe('SIGNED_OUT')
    expect((await ada.signIn('ada', 'first password')).status).toBe(401)
    expect((await ada.signIn('ada', 'second password')).status).toBe(200)

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    // Its own process, and scrypt at full cost for each of five hashes: a minute on a loaded machine.
  }, 180_000)
})
