// The built bundles start their worker threads: an archive too large to index inline (3,000
// items, index removed) is rebuilt in the index worker through the installed bin and through
// the Electron main entry (with a stand-in `electron` module); and a build whose worker is
// missing says so at once instead of leaving a search waiting.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { generateItem } from '../../bench/generate'
import { projectRoot, tempDir } from '../helpers'

const bin = path.join(projectRoot, 'bin', 'presskeep.cjs')
const ITEMS = 3000

/** One archive for the file (making 3,000 items takes a while): each test removes its index first. */
let template: string

beforeAll(async () => {
  if (!existsSync(path.join(projectRoot, 'out', 'main', 'cli.js')))
    expect(spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: projectRoot }).status).toBe(0)
  // Not a tempDir(): those are removed after each test, and this one serves them all.
  template = path.join(mkdtempSync(path.join(tmpdir(), 'pk-large-')), 'Large.presskeep')
  const a = await Archive.open(template)
  await a.createItems(Array.from({ length: ITEMS - 1 }, (_, i) => generateItem(i, 7, 60)))
  await a.createItems([{ title: 'Needle in the haystack', body: 'quetzalcoatl' }])
  await a.close()
}, 180_000)

afterAll(() => {
  if (template) rmSync(path.dirname(template), { recursive: true, force: true })
})

/** The archive without its index, so that opening it must rebuild in the worker. */
function withoutIndex(): string {
  rmSync(path.join(template, 'index'), { recursive: true, force: true })
  return template
}

/** Runs a command with a deadline: a run that would hang fails the test instead of the suite. */
function run(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, timedOut })
    })
  })
}

// Each test starts two or three runs of the built app on 3,000 items: minutes on a loaded machine.
describe('worker threads in the built bundles', { timeout: 240_000 }, () => {
  it('the presskeep bin rebuilds a missing index of 3,000 items in the worker, then searches it', async () => {
    const dir = withoutIndex()
    const reindex = await run([bin, '--archive', dir, '--json', 'reindex'])
    expect(reindex.stderr).not.toContain('Cannot find module')
    expect(reindex.code).toBe(0)
    expect(JSON.parse(reindex.stdout)).toMatchObject({ ready: true, size: ITEMS, failed: null })
    rmSync(path.join(dir, 'index'), { recursive: true })
    // A search on an archive whose index is missing waits for the rebuild, then answers.
    const search = await run([bin, '--archive', dir, '--json', 'search', 'quetzalcoatl'])
    expect(search.code).toBe(0)
    expect(JSON.parse(search.stdout).items.map((i: { title: string }) => i.title)).toEqual(['Needle in the haystack'])
  })

  it('the Electron main entry rebuilds the index in the worker and answers the window', async () => {
    const dir = withoutIndex()
    const scenario = [['search:rebuild', {}], 'wait:job', ['search:status', {}], ['search:query', { q: 'quetzalcoatl' }]]
    const r = await run(['-r', path.join(__dirname, 'standInElectron.cjs'), path.join(projectRoot, 'out', 'main', 'index.js'), '--archive', dir], {
      PK_STANDIN_USERDATA: tempDir(),
      PK_STANDIN_SCENARIO: JSON.stringify(scenario)
    })
    expect(r.timedOut).toBe(false)
    const answers = r.stdout.split('\n').filter((l) => l.startsWith('PK ')).map((l) => JSON.parse(l.slice(3)))
    expect(answers).toHaveLength(4)
    expect(answers[0]).toMatchObject({ ok: true, value: { jobId: expect.any(String) } })
    expect(answers[1]).toMatchObject({ kind: 'reindex', state: 'done' })
    expect(answers[2]).toMatchObject({ ok: true, value: { ready: true, size: ITEMS, failed: null } })
    expect(answers[3].ok).toBe(true)
    expect(answers[3].value.items.map((i: { title: string }) => i.title)).toEqual(['Needle in the haystack'])
  })

  it('a build without its index worker fails the rebuild with the reason, and a search says so instead of waiting', async () => {
    // The same bundle, less the worker entry (node_modules reached through a link).
    const copy = tempDir()
    cpSync(path.join(projectRoot, 'out', 'main'), path.join(copy, 'out', 'main'), { recursive: true })
    rmSync(path.join(copy, 'out', 'main', 'buildWorker.js'))
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir')
    const cli = path.join(copy, 'out', 'main', 'cli.js')
    const dir = withoutIndex()
    const reindex = await run([cli, '--archive', dir, 'reindex'])
    expect(reindex.code).toBe(1)
    expect(reindex.stderr).toContain('buildWorker worker of this build is missing')
    const search = await run([cli, '--archive', dir, 'search', 'quetzalcoatl'], {}, 60_000)
    expect(search.timedOut).toBe(false)
    expect(search.code).toBe(1)
    expect(search.stderr).toContain('The search index could not be rebuilt')
  })
})
