// `npm run serve` as a person trying the team server runs it: one command sets up a throwaway
// PostgreSQL cluster, an administrator and the demo items, serves on loopback, and on Ctrl+C
// leaves nothing behind.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot, tempDir } from '../helpers'
import { TeamClient } from './teamClient'

describe('npm run serve', () => {
  it('serves a fresh team archive with an admin and the demo, and removes its cluster on Ctrl+C', { timeout: 120_000 }, async () => {
    // A stand-in for the built interface: this test is about the set-up, not the pages.
    const renderer = tempDir()
    mkdirSync(renderer, { recursive: true })
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Presskeep</title>')
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/serve.cjs'), '--listen', '127.0.0.1:0', '--renderer', renderer], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stderr!.on('data', (d) => (out += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d) => {
          out += d
          const m = /open (http:\/\/127\.0\.0\.1:\d+\/) in your browser/.exec(out)
          if (m) resolve(m[1])
        })
        void exited.then((code) => reject(new Error(`npm run serve ended (${code}) before serving:\n${out}`)))
      })
      const password = /Sign in as admin with the password (\S+) /.exec(out)![1]
      const clusterDir = /Throwaway PostgreSQL cluster: (\S+) /.exec(out)![1]
      expect(existsSync(path.join(clusterDir, 'data', 'PG_VERSION'))).toBe(true)

      const person = new TeamClient(url)
      expect((await person.signIn('admin', 'not the password')).status).toBe(401)
      expect((await person.signIn('admin', password)).json().value).toMatchObject({ name: 'admin', role: 'admin' })
      const list = await person.api('items:list', { limit: 100 })
      expect(list.ok).toBe(true)
      expect(list.value.total).toBeGreaterThan(5)
      // The demo was loaded as the administrator: the journal names them.
      const history = await person.api('items:history', { id: list.value.items[0].id })
      expect(history.value[0].user).toBe('admin')

      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(out).toMatch(/Stopping/)
      expect(existsSync(clusterDir)).toBe(false)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
