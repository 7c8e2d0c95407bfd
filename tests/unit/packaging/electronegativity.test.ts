import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './paths'

const SCRIPT = path.join(ROOT, 'scripts/electronegativity.cjs')
const FIXTURES = path.join(ROOT, 'tests/unit/packaging/fixtures/electronegativity')

interface Run {
  code: number | null
  out: string
  err: string
  ms: number
}

/** Runs the scan script as CI does, in a child process. */
function scan(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - started }))
  })
}

let tmp: string
const runs: Record<string, Run> = {}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'presskeep-eng-test-'))
  const allow = (name: string, value: unknown) => {
    const file = path.join(tmp, name)
    return writeFile(file, JSON.stringify(value)).then(() => file)
  }
  const empty = await allow('empty.json', { entries: [] })
  const explained = await allow('explained.json', {
    entries: [
      { rule: 'NODE_INTEGRATION_JS_CHECK', file: 'app/main.js', reason: 'Test fixture: a deliberately insecure window, reviewed as such.' },
      { rule: 'CONTEXT_ISOLATION_JS_CHECK', file: 'app/main.js', reason: 'Test fixture: a deliberately insecure window, reviewed as such.' },
      { rule: 'SANDBOX_JS_CHECK', file: 'app/main.js', reason: 'Test fixture: a deliberately insecure window, reviewed as such.' }
    ]
  })
  const unreasoned = await allow('unreasoned.json', { entries: [{ rule: 'SANDBOX_JS_CHECK', file: 'app/main.js' }] })

  // An insecure window that tries to silence the scanner with an inline comment.
  const silenced = path.join(tmp, 'silenced')
  await cp(path.join(FIXTURES, 'insecure'), silenced, { recursive: true })
  const main = path.join(silenced, 'app/main.js')
  await writeFile(main, '/* eng-disable NODE_INTEGRATION_JS_CHECK CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK */\n' + (await readFile(main, 'utf8')))

  const sarif = path.join(tmp, 'reports/insecure.sarif')
  // The scans wait mostly on the scanner's failing network look-ups: run them side by side.
  const jobs: Record<string, string[]> = {
    secure: ['--root', path.join(FIXTURES, 'secure'), '--allowlist', empty, 'app'],
    insecure: ['--root', path.join(FIXTURES, 'insecure'), '--allowlist', empty, '--out', sarif, 'app'],
    explained: ['--root', path.join(FIXTURES, 'insecure'), '--allowlist', explained, 'app'],
    silenced: ['--root', silenced, '--allowlist', empty, 'app'],
    unreasoned: ['--root', path.join(FIXTURES, 'insecure'), '--allowlist', unreasoned, 'app'],
    missingDir: ['--root', path.join(FIXTURES, 'secure'), '--allowlist', empty, 'no-such-folder'],
    timeout: ['--root', path.join(FIXTURES, 'secure'), '--allowlist', empty, '--timeout', '0.3', 'app']
  }
  const results = await Promise.all(Object.entries(jobs).map(async ([name, args]) => [name, await scan(args)] as const))
  for (const [name, run] of results) runs[name] = run
}, 120_000)

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe('scripts/electronegativity.cjs', () => {
  it('passes a window with the secure defaults (CSP, sandbox, isolation, navigation and permissions denied)', () => {
    expect(runs.secure.err).toBe('')
    expect(runs.secure.out).toMatch(/0 finding\(s\)/)
    expect(runs.secure.code).toBe(0)
  })

  it('fails a window with nodeIntegration on and names each finding with its file and line', () => {
    expect(runs.insecure.code).toBe(1)
    expect(runs.insecure.err).toMatch(/FINDING {2}NODE_INTEGRATION_JS_CHECK {2}app\/main\.js:\d+/)
    expect(runs.insecure.err).toMatch(/CONTEXT_ISOLATION_JS_CHECK {2}app\/main\.js/)
    expect(runs.insecure.err).toMatch(/SANDBOX_JS_CHECK {2}app\/main\.js/)
    expect(runs.insecure.err).toMatch(/3 finding\(s\) are not explained/)
  })

  it('keeps the SARIF report it read when asked to', async () => {
    const sarif = JSON.parse(await readFile(path.join(tmp, 'reports/insecure.sarif'), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    const rules = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)
    expect(rules).toContain('NODE_INTEGRATION_JS_CHECK')
  })

  it('passes the same window when every finding is explained in the allow-list', () => {
    expect(runs.explained.code).toBe(0)
    expect(runs.explained.out).toMatch(/3 explained/)
    expect(runs.explained.out).toMatch(/allowed {2}NODE_INTEGRATION_JS_CHECK {2}app\/main\.js/)
  })

  it('ignores inline eng-disable comments: only the reviewed allow-list accepts a finding', () => {
    expect(runs.silenced.code).toBe(1)
    expect(runs.silenced.out).toMatch(/Ignored 1 inline eng-disable comment/)
    expect(runs.silenced.err).toMatch(/NODE_INTEGRATION_JS_CHECK/)
  })

  it('refuses an allow-list entry without a reason', () => {
    expect(runs.unreasoned.code).toBe(2)
    expect(runs.unreasoned.err).toMatch(/needs a non-empty "reason"/)
  })

  it('refuses to report success for a folder that does not exist', () => {
    expect(runs.missingDir.code).toBe(2)
    expect(runs.missingDir.err).toMatch(/There is no folder no-such-folder/)
  })

  it('stops a scan that runs past its time bound and fails', () => {
    expect(runs.timeout.code).toBe(2)
    expect(runs.timeout.err).toMatch(/did not finish within 0\.3 s/)
    expect(runs.timeout.ms).toBeLessThan(5_000)
  })

  it('ships a reviewed allow-list whose entries all give a rule, a file and a reason', async () => {
    const file = path.join(ROOT, 'security/electronegativity-allowlist.json')
    expect(existsSync(file)).toBe(true)
    const list = JSON.parse(await readFile(file, 'utf8'))
    expect(Array.isArray(list.entries)).toBe(true)
    for (const e of list.entries) {
      expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['file', 'reason', 'rule']))
      expect(e.reason.length).toBeGreaterThanOrEqual(20)
    }
  })
})
