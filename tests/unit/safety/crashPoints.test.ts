// Crash safety of changes to many files, at exact points: a child makes one bulk edit, tag
// rename, undo, redo, edit, restore-backup, import or reindex and SIGKILLs itself at the Nth
// staged file, rename, removal or append of its batch (PRESSKEEP_CRASH_AT, electron/core/commit/
// faults.ts). After each kill the archive must open and hold the change whole or not at all,
// with its journal lines and undo entry exactly when the change is there; a kill once the
// intent record is on disk must be completed at open, a kill before it rolled back; and the
// integrity check must pass and name the interrupted change.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { buildSync } from 'esbuild'
import { Archive } from '../../../electron/core/Archive'
import { RECOVERY_OP } from '../../../electron/core/commit/recover'
import { takeSnapshot } from '../../../electron/core/safety/backups'
import { checkArchive, formatReport } from '../../../electron/core/safety/integrity'
import { tmpdir } from 'node:os'
import { projectRoot } from '../helpers'

// Kills per scenario at full strength (PK_CRASH_POINTS_SCALE=0.2 for a quick local run).
const SCALE = Number(process.env.PK_CRASH_POINTS_SCALE ?? 1)
const rounds = (n: number) => Math.max(4, Math.round(n * SCALE))

/** Points after which the batch's intent record is on disk: the change must then be completed. */
const AFTER_INTENT = new Set(['intent', 'rename', 'remove', 'append', 'applied'])

let childScript = ''
let binDir = ''
beforeAll(() => {
  // Our code bundled once (a start costs 0.2 s instead of a second of compiling), its packages
  // left to require (sharp has native parts), so the bundle lives under node_modules where
  // they are found. The index worker is bundled beside it, where the search service looks for
  // a built worker. Kept for all the tests of this file.
  const cache = path.join(projectRoot, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  binDir = mkdtempSync(path.join(cache, 'pk-crashpoints-bin-'))
  const out = binDir
  childScript = path.join(out, 'crashPointsChild.cjs')
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    packages: 'external',
    // import.meta.url (createRequire in the import code) has no CommonJS equivalent of its own.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" }
  } as const
  buildSync({ ...common, entryPoints: [path.join(__dirname, 'crashPointsChild.ts')], outfile: childScript })
  buildSync({ ...common, entryPoints: [path.join(__dirname, '..', '..', '..', 'electron', 'core', 'search', 'buildWorker.ts')], outfile: path.join(out, 'buildWorker.js') })
})

/**
 * Folders of this file, removed once all its scenarios are done: the shared tempDir() folders
 * are removed after each test, which for tests running side by side would be while the others
 * still work in theirs.
 */
const scratch: string[] = []
function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  scratch.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of [binDir, ...scratch]) if (dir) rmSync(dir, { recursive: true, force: true })
})

type Run = { killed: boolean; counts: Record<string, number> }

function runChild(args: string[], crashAt: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, ...args], { env: { ...process.env, PRESSKEEP_CRASH_AT: crashAt }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, counts: {} })
      else if (code === 0) resolve({ killed: false, counts: JSON.parse(out.trim().split('\n').pop()!) })
      else reject(new Error(`child ${args[0]} failed (${code ?? signal}): ${err}`))
    })
  })
}

/**
 * Kill points spread over a batch: each singular point, and the staged files, renames and
 * removals at their first, last and evenly spaced positions. `counts` come from a run that
 * was not killed.
 */
function killPlan(counts: Record<string, number>, n: number): string[] {
  const plan: string[] = []
  for (const p of ['staged', 'intent', 'append', 'applied']) if (counts[p]) plan.push(`${p}:1`)
  const spread = ['stage', 'rename', 'remove', 'file-write'].filter((p) => counts[p])
  for (let i = 0; plan.length < n; i++) {
    const p = spread[i % spread.length]
    const round = Math.floor(i / spread.length)
    const per = Math.ceil((n - 4) / spread.length)
    plan.push(`${p}:${1 + Math.round((round / Math.max(1, per - 1)) * (counts[p] - 1)) }`)
  }
  return plan.slice(0, n)
}

type Tags = Map<string, string[]>

function tagsOf(a: Archive): Tags {
  return new Map([...a.catalog.all()].map((r) => [r.id, [...r.tags].sort()]))
}

type JournalLine = { op: string; id?: string; label?: string; snapshot?: string }

/** Where the journal ends now (file name and size of each month), to read what comes after. */
function journalMark(dir: string): Map<string, number> {
  const jd = path.join(dir, 'journal')
  return new Map(readdirSync(jd).map((f) => [f, statSync(path.join(jd, f)).size]))
}

/** The journal lines written since `mark` (a change's own, less recoveries and checks). */
function journalSince(dir: string, mark: Map<string, number>): JournalLine[] {
  const jd = path.join(dir, 'journal')
  return readdirSync(jd)
    .sort()
    .flatMap((f) => readFileSync(path.join(jd, f)).subarray(mark.get(f) ?? 0).toString('utf8').split('\n'))
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalLine]
      } catch {
        return []
      }
    })
    .filter((e) => e.op !== RECOVERY_OP && e.op !== 'check')
}

const same = (a: Tags, b: Tags) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())

/** Opens after a kill: the check passes, and names the interrupted change when there was one. */
async function reopen(dir: string, point: string | null, where: string): Promise<Archive> {
  const a = await Archive.open(dir)
  const report = await checkArchive(a, { debrisMinAgeMs: 0 })
  expect(report.ok, `${where}\n${formatReport(report)}`).toBe(true)
  const name = point?.split(':')[0]
  if (name && AFTER_INTENT.has(name) && name !== 'applied') {
    expect(a.recovered.map((r) => r.outcome), where).toContain('completed')
    expect(report.issues.some((i) => i.kind === 'change-interrupted'), where).toBe(true)
  }
  return a
}

async function makeArchive(n: number, body = false): Promise<string> {
  const dir = path.join(scratchDir('pk-crashpoints-'), 'A.presskeep')
  const a = await Archive.open(dir)
  a.setBackupConfig({ keep: 1000, intervalMinutes: 0 })
  await a.createItems(Array.from({ length: n }, (_, i) => ({ title: `Item ${i}`, body: body ? `press release ${i % 7} summit` : '', tags: ['base'] })))
  await a.close()
  return dir
}

type Tally = { kills: number; completed: number; rolledBack: number; points: Set<string> }
const newTally = (): Tally => ({ kills: 0, completed: 0, rolledBack: 0, points: new Set<string>() })
/** Each scenario's kills, summed up once all have run. */
const tallies: Tally[] = []
function scenarioTally(): Tally {
  const t = newTally()
  tallies.push(t)
  return t
}

afterAll(() => {
  const all = newTally()
  for (const t of tallies) {
    all.kills += t.kills
    all.completed += t.completed
    all.rolledBack += t.rolledBack
    for (const p of t.points) all.points.add(p)
  }
  console.log(
    `crash points: ${all.kills} kills (${all.completed} changes completed at open, ${all.rolledBack} rolled back) at ${all.points.size} distinct points: ${[...all.points].sort().join(' ')}`
  )
})

/** What a kill at `point` must leave: the change completed (true), rolled back (false), or either (null: not a point of the batch). */
function mustBe(point: string): boolean | null {
  const name = point.split(':')[0]
  if (AFTER_INTENT.has(name)) return true
  if (name === 'stage' || name === 'staged') return false
  return null
}

// The four scenarios side by side, each on an archive of its own: a round mostly waits for its
// child to start, work and die, so one scenario's wait is another's turn on the CPU (the file
// took the sum of the four, minutes, run one after the other). Within a scenario the rounds stay
// in order: each builds on the archive the previous kill left.
describe.concurrent('crash safety of changes to many files, killed at exact points', () => {
  it('bulk edit, tag rename, undo and redo: every item changed or none, with its journal lines and undo entry', async () => {
    const dir = await makeArchive(100)
    const n = rounds(90)
    let plan: string[] = []
    let a = await Archive.open(dir)
    const stats = scenarioTally()
    try {
      for (let round = 0; round < n; round++) {
        const c = await a.workspace()
        const before = tagsOf(a)
        const history = c.historyState()
        const journalBefore = journalMark(dir)
        // The tag every item has (besides 'base'), which the rename renames.
        const all = [...a.catalog.all()]
        const lastTag = [...new Set(all.flatMap((r) => r.tags))].filter((t) => t !== 'base' && all.every((r) => r.tags.includes(t))).sort().at(-1)
        // Cycle: add a tag, rename it, undo, redo; the expected tags computed from the state now.
        const kind = (['bulk', 'rename', 'undo', 'redo'] as const)[round % 4]
        let args: string[]
        let expected: Tags
        if (kind === 'bulk' || (kind === 'rename' && !lastTag) || (kind === 'undo' && !history.undo) || (kind === 'redo' && !history.redo)) {
          const tag = `t${String(round).padStart(3, '0')}`
          args = ['bulk', dir, tag]
          expected = new Map([...before].map(([id, t]) => [id, [...new Set([...t, tag])].sort()]))
        } else if (kind === 'rename') {
          const to = `t${String(round).padStart(3, '0')}`
          args = ['rename', dir, lastTag!, to]
          expected = new Map([...before].map(([id, t]) => [id, t.map((x) => (x === lastTag ? to : x)).sort()]))
        } else {
          const entry = (await c.history.read(c.history.top[kind]!.seq))!
          const side = kind === 'undo' ? 'before' : 'after'
          expected = new Map(before)
          for (const d of entry.items) if (d[side].tags) expected.set(d.id, [...(d[side].tags as string[])].sort())
          args = [kind, dir]
        }
        await a.close()
        if (round === 0) plan = killPlan((await runChild(args, 'none:1')).counts, n)
        const point = round === 0 ? null : plan[round]
        const where = `round ${round} ${args[0]} killed at ${point}`
        const run = point ? await runChild(args, point) : { killed: false }
        a = await reopen(dir, run.killed ? point : null, where)
        const after = tagsOf(a)
        const applied = same(after, expected)
        expect(applied || same(after, before), `${where}: a mix of changed and unchanged items`).toBe(true)
        if (run.killed && mustBe(point!) !== null) expect(applied, `${where}: ${mustBe(point!) ? 'must be completed' : 'must be rolled back'}`).toBe(mustBe(point!))
        const h = (await a.workspace()).historyState()
        const added = journalSince(dir, journalBefore)
        if (applied) {
          const changed = [...after].filter(([id, t]) => JSON.stringify(t) !== JSON.stringify(before.get(id))).length
          expect(added.filter((e) => e.id).length, `${where}: journal lines`).toBe(changed)
          if (args[0] === 'undo') expect([h.undoDepth, h.redoDepth, h.redo], where).toEqual([history.undoDepth - 1, history.redoDepth + 1, history.undo])
          else if (args[0] === 'redo') expect([h.undoDepth, h.redoDepth, h.undo], where).toEqual([history.undoDepth + 1, history.redoDepth - 1, history.redo])
          else expect([h.undoDepth, h.redoDepth, h.undo], where).toEqual([Math.min(100, history.undoDepth + 1), 0, added[0].label])
        } else {
          expect(added, `${where}: journal lines of a change that did not happen`).toEqual([])
          expect(h, where).toEqual(history)
        }
        if (run.killed) tally(stats, point!, applied)
      }
    } finally {
      await a.close()
    }
    expect(stats.kills).toBeGreaterThanOrEqual((n - 1) * 0.8)
  }, 900_000)

  it('one edit (its staged files and intent record in one wait on the disk): notes, version, journal line and undo entry all new, or all as before', async () => {
    const dir = await makeArchive(3)
    const n = rounds(30)
    let plan: string[] = []
    const stats = scenarioTally()
    let a = await Archive.open(dir)
    const id = [...a.catalog.all()][0].id
    try {
      for (let round = 0; round < n; round++) {
        const before = await a.getItem(id)
        const history = (await a.workspace()).historyState()
        const journalBefore = journalMark(dir)
        const notes = `notes of round ${round}`
        await a.close()
        const args = ['edit', dir, id, notes]
        if (round === 0) plan = killPlan((await runChild(args, 'none:1')).counts, n)
        const point = round === 0 ? null : plan[round]
        const where = `edit round ${round} killed at ${point}`
        const run = point ? await runChild(args, point) : { killed: false }
        a = await reopen(dir, run.killed ? point : null, where)
        const after = await a.getItem(id)
        const applied = after.notes === notes
        expect(applied || after.notes === before.notes, `${where}: notes ${after.notes}`).toBe(true)
        expect(after.version, `${where}: version`).toBe(applied ? before.version + 1 : before.version)
        if (run.killed && mustBe(point!) !== null) expect(applied, `${where}: ${mustBe(point!) ? 'must be completed' : 'must be rolled back'}`).toBe(mustBe(point!))
        const added = journalSince(dir, journalBefore).filter((e) => e.id === id)
        expect(added.length, `${where}: journal lines`).toBe(applied ? 1 : 0)
        const h = (await a.workspace()).historyState()
        if (applied) expect([h.undoDepth, h.redoDepth, h.undo], where).toEqual([Math.min(100, history.undoDepth + 1), 0, added[0].label])
        else expect(h, where).toEqual(history)
        if (run.killed) tally(stats, point!, applied)
      }
    } finally {
      await a.close()
    }
    expect(stats.kills).toBeGreaterThanOrEqual((n - 1) * 0.8)
  }, 900_000)

  it('restore-backup: the whole snapshot back or the catalogue as it was, with its journal line exactly then', async () => {
    const dir = await makeArchive(60)
    const snap = await takeSnapshot(dir, { reason: 'test', keep: 1000 })
    let a = await Archive.open(dir)
    const atSnapshot = tagsOf(a)
    const n = rounds(44)
    let plan: string[] = []
    const stats = scenarioTally()
    try {
      for (let round = 0; round < n; round++) {
        // Something to restore: every item changed, and one item made since the snapshot.
        const c = await a.workspace()
        await c.bulkApply([...a.catalog.all()].map((r) => r.id), [{ op: 'addTags', tags: [`x${round}`] }])
        await a.createItems([{ title: `New ${round}` }])
        const before = tagsOf(a)
        await a.close()
        const journalBefore = journalMark(dir)
        const args = ['restore', dir, snap.name]
        if (round === 0) plan = killPlan((await runChild(args, 'none:1')).counts, n)
        const point = round === 0 ? null : plan[round]
        const where = `restore round ${round} killed at ${point}`
        const run = point ? await runChild(args, point) : { killed: false }
        a = await reopen(dir, run.killed ? point : null, where)
        const after = tagsOf(a)
        const applied = same(after, atSnapshot)
        expect(applied || same(after, before), `${where}: a mix of restored and current files`).toBe(true)
        // The safety snapshot is taken (file-write) before the batch: a kill there restores nothing.
        if (run.killed) expect(applied, where).toBe(mustBe(point!) ?? false)
        const restores = journalSince(dir, journalBefore).filter((e) => e.op === 'restore-backup')
        expect(restores.length, `${where}: journal`).toBe(applied ? 1 : 0)
        if (run.killed) tally(stats, point!, applied)
      }
    } finally {
      await a.close()
    }
    expect(stats.kills).toBeGreaterThanOrEqual((n - 1) * 0.8)
  }, 900_000)

  it('import of a table: every row an item, with its text and journal line, or none', async () => {
    const dir = await makeArchive(5)
    const files = scratchDir('pk-crashpoints-csv-')
    const n = rounds(44)
    let plan: string[] = []
    const stats = scenarioTally()
    const rows = 150
    for (let round = 0; round < n; round++) {
      // A new table each round (the same file twice is recognised and not imported again).
      const csv = path.join(files, `r${round}.csv`)
      writeFileSync(csv, 'title,date,body\n' + Array.from({ length: rows }, (_, i) => `R${round} row ${i},2022-11-${String(1 + (i % 28)).padStart(2, '0')},Body of row ${i} in round ${round}`).join('\n') + '\n')
      const journalBefore = journalMark(dir)
      const args = ['import', dir, csv]
      if (round === 0) plan = killPlan((await runChild(args, 'none:1')).counts, n)
      const point = round === 0 ? null : plan[round]
      const where = `import round ${round} killed at ${point}`
      const run = point ? await runChild(args, point) : { killed: false }
      const b = await reopen(dir, run.killed ? point : null, where)
      try {
        const mine = [...b.catalog.all()].filter((r) => r.title.startsWith(`R${round} `))
        expect([0, rows], `${where}: ${mine.length} of ${rows} rows`).toContain(mine.length)
        if (run.killed && mustBe(point!) !== null) expect(mine.length > 0, where).toBe(mustBe(point!))
        const imported = journalSince(dir, journalBefore).filter((e) => e.op === 'import')
        expect(imported.length, `${where}: journal`).toBe(mine.length)
        for (const r of mine.slice(0, 5)) expect((await b.getItem(r.id)).body).toMatch(new RegExp(`^Body of row \\d+ in round ${round}$`))
        if (run.killed) tally(stats, point!, mine.length > 0)
      } finally {
        await b.close()
      }
    }
    expect(stats.kills).toBeGreaterThanOrEqual((n - 1) * 0.6)
  }, 900_000)

  it('reindex: the archive opens and searches exactly after a kill while the index is written', async () => {
    const dir = await makeArchive(150, true)
    const n = rounds(32)
    const stats = scenarioTally()
    for (let round = 0; round < n; round++) {
      const args = ['reindex', dir]
      // The index is written by a worker thread (its crash points count apart from the main
      // thread's): postings, meta, dictionary, then the manifest that vouches for them.
      const point = round === 0 ? null : `file-write:${1 + (round % 4)}`
      const where = `reindex round ${round} killed at ${point}`
      const run = point ? await runChild(args, point) : { killed: false }
      const b = await reopen(dir, run.killed ? point : null, where)
      try {
        await b.search.ready()
        if (b.search.status().rebuilding) await b.search.rebuild().done
        // "summit" is in every body; "release 3" in every seventh.
        expect((await b.search.query('summit', { limit: 1, facets: false })).total, where).toBe(150)
        expect((await b.search.query('"release 3"', { limit: 1, facets: false })).total, where).toBe(Array.from({ length: 150 }, (_, i) => i % 7 === 3).filter(Boolean).length)
        expect(b.catalog.size, where).toBe(150)
        if (run.killed) tally(stats, point!, true)
      } finally {
        await b.close()
      }
    }
    expect(stats.kills).toBeGreaterThanOrEqual((n - 1) * 0.6)
  }, 900_000)
})

function tally(stats: Tally, point: string, applied: boolean): void {
  stats.kills++
  stats.points.add(point)
  if (applied) stats.completed++
  else stats.rolledBack++
}
