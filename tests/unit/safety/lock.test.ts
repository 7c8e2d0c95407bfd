// Two processes on one archive: the second is refused; a lock left by a process killed with
// SIGKILL is recognised as stale and taken over, by exactly one of several racing processes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import * as path from 'node:path'
import { buildSync } from 'esbuild'
import { Archive } from '../../../electron/core/Archive'
import { newArchivePath } from '../helpers'

let script = ''
let binDir = ''
afterAll(() => rmSync(binDir, { recursive: true, force: true }))
beforeAll(() => {
  // Not tempDir(): that one is emptied after each test, and the bundle serves them all.
  binDir = mkdtempSync(path.join(tmpdir(), 'pk-lock-bin-'))
  script = path.join(binDir, 'lockChild.cjs')
  buildSync({ entryPoints: [path.join(__dirname, 'lockChild.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'error' })
})

type Started = { child: ChildProcess; ready: Promise<void>; answer: Promise<string>; exited: Promise<string | null> }

function start(dir: string, mode = ''): Started {
  const child = spawn(process.execPath, [script, dir, mode], { stdio: ['pipe', 'pipe', 'inherit'] })
  // The child's first line says it is loaded and waiting for "go"; the next one is its answer.
  const lines = createInterface({ input: child.stdout! })
  let readyNow = () => {}
  let answerNow = (_line: string) => {}
  const ready = new Promise<void>((resolve) => (readyNow = resolve))
  const answer = new Promise<string>((resolve) => (answerNow = resolve))
  lines.on('line', (line) => (line === 'ready' ? readyNow() : answerNow(line.trim())))
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)))
  return { child, ready, answer, exited }
}

describe('one process per archive', () => {
  it('refuses a second process, then takes over the lock of one killed with SIGKILL', async () => {
    const dir = newArchivePath()
    await (await Archive.open(dir)).close()
    const holder = start(dir)
    holder.child.stdin!.write('go\n')
    expect(await holder.answer).toBe('opened')
    await expect(Archive.open(dir)).rejects.toMatchObject({ code: 'ARCHIVE_LOCKED', message: expect.stringContaining(`process ${holder.child.pid}`) })
    const second = start(dir)
    second.child.stdin!.write('go\n')
    expect(await second.answer).toBe('refused ARCHIVE_LOCKED')

    holder.child.kill('SIGKILL')
    expect(await holder.exited).toBe('SIGKILL')
    // The dead process's lock is still there: it never had the chance to remove it.
    expect(JSON.parse(readFileSync(path.join(dir, 'archive.lock'), 'utf8')).pid).toBe(holder.child.pid)
    const a = await Archive.open(dir)
    expect(JSON.parse(readFileSync(path.join(dir, 'archive.lock'), 'utf8')).pid).toBe(process.pid)
    await a.close()
    expect(existsSync(path.join(dir, 'archive.lock'))).toBe(false)
  })

  it('lets exactly one of several processes take over a stale lock', async () => {
    for (let round = 0; round < 6; round++) {
      const dir = newArchivePath()
      await (await Archive.open(dir)).close()
      const dead = start(dir)
      dead.child.kill('SIGKILL')
      await dead.exited
      writeFileSync(path.join(dir, 'archive.lock'), JSON.stringify({ pid: dead.child.pid, host: hostname(), started: '2020-01-01T00:00:00Z' }))
      const racers = Array.from({ length: 4 }, () => start(dir))
      // Once they have all loaded, release them together.
      await Promise.all(racers.map((r) => r.ready))
      for (const r of racers) r.child.stdin!.write('go\n')
      const answers = await Promise.all(racers.map((r) => r.answer))
      for (const r of racers) r.child.kill('SIGKILL')
      await Promise.all(racers.map((r) => r.exited))
      expect(answers.filter((x) => x === 'opened'), `round ${round}: ${answers.join(', ')}`).toHaveLength(1)
      expect(answers.filter((x) => x === 'refused ARCHIVE_LOCKED')).toHaveLength(3)
    }
  })

  it('takes over a half-written lock, and refuses a lock held on another computer', async () => {
    const dir = newArchivePath()
    await (await Archive.open(dir)).close()
    writeFileSync(path.join(dir, 'archive.lock'), '{"pid": 12')
    // Left by a crash a minute ago (a lock that is being written right now is waited for).
    const minuteAgo = new Date(Date.now() - 60_000)
    utimesSync(path.join(dir, 'archive.lock'), minuteAgo, minuteAgo)
    const a = await Archive.open(dir)
    await a.close()
    writeFileSync(path.join(dir, 'archive.lock'), JSON.stringify({ pid: 1, host: 'another-computer', started: '2020-01-01T00:00:00Z' }))
    await expect(Archive.open(dir)).rejects.toThrow(/process 1 on another-computer/)
  })
})
