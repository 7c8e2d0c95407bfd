// Crash safety, proven: a child process edits one archive at random and is killed with SIGKILL
// at random points, over and over. After each kill the archive must open, pass the integrity
// check, and hold every change whose call had returned (the child's fsynced side log says
// which). The one call in flight at the kill may have happened or not, field by field.
import { describe, it, expect, beforeAll } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { buildSync } from 'esbuild'
import { Archive } from '../../../electron/core/Archive'
import { checkArchive, formatReport } from '../../../electron/core/safety/integrity'
import { normaliseTagName } from '../../../electron/core/workspace/names'
import { tempDir } from '../helpers'

const KILLS = Number(process.env.PK_CRASH_KILLS ?? 200)
const SEED = Number(process.env.PK_CRASH_SEED ?? Date.now() % 1e9)

type Expected = { title: string; body: string; notes: string; tags: string[]; outlet: string; trashed: boolean; attachments: Map<string, string> }
type Entry = { k: 'intent' | 'ack'; op: string; [key: string]: unknown }

let childScript = ''
beforeAll(() => {
  // Bundled once: `node --import tsx` spends about a second compiling at each start, which
  // would make 200 restarts take minutes; the bundle starts in about 0.2 s. Same code.
  childScript = path.join(tempDir('pk-crash-bin-'), 'crashChild.cjs')
  buildSync({ entryPoints: [path.join(__dirname, 'crashChild.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: childScript, logLevel: 'error' })
})

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Child = { go: (rand: () => number) => Promise<{ signal: string | null; stderr: string }> }

/**
 * Starts a child that loads its code and waits; go() lets it open the archive and kills it
 * with SIGKILL at a random point, resolving once it is reaped (a zombie still holds its pid,
 * and so the lock, until then).
 */
function prepareChild(args: string[]): Child {
  const child = spawn(process.execPath, [childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<{ signal: string | null; stderr: string }>((resolve) =>
    child.on('exit', (_code, signal) => resolve({ signal, stderr }))
  )
  return {
    go(rand) {
      const kill = () => child.kill('SIGKILL')
      // One kill in ten lands while it opens the archive (sweeping, backing up), the rest mid-work.
      if (rand() < 0.1) setTimeout(kill, rand() * 25)
      else {
        // Up to 8 calls returned ("ack" lines, after "ready"), then a moment into the next call:
        // the same amount of work per round however fast the machine. A window of time (200 ms)
        // let too few calls finish on a loaded machine for the journal check below to mean much.
        const acks = Math.floor(rand() * 9)
        const delay = rand() * 20
        let lines = -1
        child.stdout.on('data', (d: Buffer) => {
          const before = lines
          lines += d.toString().split('\n').length - 1
          if (before < acks && lines >= acks) setTimeout(kill, delay)
        })
      }
      child.stdin.write('go\n')
      return exited
    }
  }
}

function readLog(file: string): Entry[] {
  const out: Entry[] = []
  if (!existsSync(file)) return out
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue
    try {
      out.push(JSON.parse(line))
    } catch {
      // A line cut by the kill: the entry before it is then the call in flight.
    }
  }
  return out
}

function blank(title: string): Expected {
  return { title, body: '', notes: '', tags: [], outlet: '', trashed: false, attachments: new Map() }
}

/** A patch as the catalogue stores it: tag names made canonical and each kept once, as every write does. */
function asStored(patch: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(patch.tags) ? { ...patch, tags: [...new Set((patch.tags as string[]).map((t) => normaliseTagName(t)))] } : patch
}

function apply(model: Map<string, Expected>, e: Entry): void {
  const get = (id: string) => {
    const x = model.get(id)
    if (!x) throw new Error(`side log refers to unknown item ${id}`)
    return x
  }
  switch (e.op) {
    case 'create': {
      const f = e.fields as { title: string; body: string; tags: string[] }
      model.set(e.id as string, { ...blank(f.title), body: f.body, tags: asStored(f).tags as string[] })
      break
    }
    case 'createMany':
      ;(e.ids as string[]).forEach((id, i) => {
        const f = (e.fields as Array<{ title: string; body: string }>)[i]
        model.set(id, { ...blank(f.title), body: f.body })
      })
      break
    case 'update':
      Object.assign(get(e.id as string), asStored(e.patch as Record<string, unknown>))
      break
    case 'attach': {
      const a = e.attachment as { id: string; sha256: string }
      get(e.id as string).attachments.set(a.id, a.sha256)
      break
    }
    case 'detach':
      get(e.id as string).attachments.delete(e.attachmentId as string)
      break
    case 'trash':
    case 'restore':
      for (const id of e.ids as string[]) get(id).trashed = e.op === 'trash'
      break
  }
}

type Actual = Expected & { id: string }

async function actualState(a: Archive): Promise<Map<string, Actual>> {
  const out = new Map<string, Actual>()
  for (const r of a.catalog.all()) {
    const item = await a.getItem(r.id)
    out.set(r.id, {
      id: r.id,
      title: item.title,
      body: item.body,
      notes: item.notes,
      tags: item.tags,
      outlet: item.outlet,
      trashed: item.trashed !== null,
      attachments: new Map(item.attachments.map((x) => [x.id, x.sha256]))
    })
  }
  return out
}

const plain = (x: Expected) => ({
  title: x.title,
  body: x.body,
  notes: x.notes,
  tags: x.tags,
  outlet: x.outlet,
  trashed: x.trashed,
  attachments: [...x.attachments.entries()].sort()
})

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random points with every returned change kept`, async () => {
    const dir = path.join(tempDir('pk-crash-'), 'Crash.presskeep')
    const attachDir = path.join(tempDir('pk-crash-files-'), 'att')
    mkdirSync(attachDir)
    const logFile = path.join(path.dirname(dir), 'side.log')
    const rand = rng(SEED)
    const model = new Map<string, Expected>()
    let consumed = 0
    let killedMidWork = 0
    let inFlightSeen = 0
    const started = Date.now()
    const childArgs = (round: number) => [dir, logFile, String((SEED + round * 7919) >>> 0), attachDir]
    let next: Child | null = null

    for (let round = 0; round < KILLS; round++) {
      const result = await (next ?? prepareChild(childArgs(round))).go(rand)
      // The next child warms up while this round's archive is checked.
      next = round + 1 < KILLS ? prepareChild(childArgs(round + 1)) : null
      // The child must have died from our kill, never from an error of its own.
      expect(result.stderr, `seed ${SEED} round ${round}`).toBe('')
      expect(result.signal).toBe('SIGKILL')

      const entries = readLog(logFile)
      const fresh = entries.slice(consumed)
      consumed = entries.length
      let inFlight: Entry | null = null
      for (const e of fresh) {
        if (e.k === 'ack') {
          apply(model, e)
          inFlight = null
        } else inFlight = e
      }
      if (fresh.length > 0) killedMidWork++
      if (inFlight) inFlightSeen++

      const a = await Archive.open(dir)
      try {
        const report = await checkArchive(a, { debrisMinAgeMs: 0 })
        expect(report.ok, `seed ${SEED} round ${round}\n${formatReport(report)}`).toBe(true)
        const actual = await actualState(a)
        // Only the call in flight may have left something the side log does not know of.
        const touched = new Set<string>()
        if (inFlight?.id) touched.add(inFlight.id as string)
        for (const id of (inFlight?.ids as string[] | undefined) ?? []) touched.add(id)
        for (const [id, want] of model) {
          const got = actual.get(id)
          expect(got, `seed ${SEED} round ${round}: item ${id} was lost`).toBeDefined()
          if (!touched.has(id)) {
            expect(plain(got!), `seed ${SEED} round ${round}: item ${id}`).toEqual(plain({ ...want }))
            continue
          }
          // The call in flight: each field it touches holds its old or its new value.
          const before = plain(want)
          const after = plain(want)
          const now = plain(got!)
          if (inFlight!.op === 'update') Object.assign(after, asStored(inFlight!.patch as Record<string, unknown>))
          if (inFlight!.op === 'trash' || inFlight!.op === 'restore') after.trashed = inFlight!.op === 'trash'
          if (inFlight!.op === 'detach') after.attachments = after.attachments.filter(([k]) => k !== inFlight!.attachmentId)
          for (const key of Object.keys(before) as Array<keyof typeof before>) {
            if (key === 'attachments' && inFlight!.op === 'attach') {
              const extra = now.attachments.filter(([k]) => !want.attachments.has(k))
              expect(extra.length, `seed ${SEED} round ${round}: attach in flight`).toBeLessThanOrEqual(1)
              expect(now.attachments.filter(([k]) => want.attachments.has(k))).toEqual(before.attachments)
              continue
            }
            expect([before[key], after[key]], `seed ${SEED} round ${round}: ${key} of ${id} in flight`).toContainEqual(now[key])
          }
          // Whatever the crash decided is now the truth the next round builds on.
          model.set(id, { ...got! })
        }
        const unknown = [...actual.keys()].filter((id) => !model.has(id))
        const titles = (inFlight?.titles as string[] | undefined) ?? []
        expect(unknown.length, `seed ${SEED} round ${round}: items nobody created`).toBeLessThanOrEqual(titles.length)
        for (const id of unknown) {
          expect(titles).toContain(actual.get(id)!.title)
          model.set(id, { ...actual.get(id)! })
        }
      } finally {
        await a.close()
      }
    }

    // The journal holds every acknowledged creation, attachment and detachment (updates and
    // trash calls that changed nothing are rightly not journaled, so they are not counted here).
    const journalDir = path.join(dir, 'journal')
    const journal = readdirSync(journalDir)
      .flatMap((f) => readFileSync(path.join(journalDir, f), 'utf8').split('\n'))
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { op: string; id?: string; after?: Array<{ id: string }>; before?: { id: string } }]
        } catch {
          return [] // a line cut by a kill: reported by the check as a note
        }
      })
    const has = (pred: (e: (typeof journal)[number]) => boolean) => journal.some(pred)
    let journalChecked = 0
    for (const e of readLog(logFile)) {
      if (e.k !== 'ack') continue
      journalChecked++
      if (e.op === 'create') expect(has((j) => j.op === 'create' && j.id === e.id), `journal: create ${e.id}`).toBe(true)
      else if (e.op === 'createMany') for (const id of e.ids as string[]) expect(has((j) => j.op === 'create' && j.id === id)).toBe(true)
      else if (e.op === 'attach') {
        const attId = (e.attachment as { id: string }).id
        expect(has((j) => j.op === 'attach' && j.id === e.id && !!j.after?.some((x) => x.id === attId)), `journal: attach ${attId}`).toBe(true)
      } else if (e.op === 'detach') expect(has((j) => j.op === 'detach' && j.id === e.id && j.before?.id === e.attachmentId)).toBe(true)
      else journalChecked--
    }
    expect(journalChecked).toBeGreaterThan(KILLS / 2)

    const seconds = (Date.now() - started) / 1000
    console.log(`crash test: ${KILLS} kills survived in ${seconds.toFixed(1)} s (seed ${SEED}); ${killedMidWork} mid-work, ${inFlightSeen} with a call in flight; ${model.size} items, ${consumed} log lines`)
    // The kills must really land during work, not only during start-up.
    expect(killedMidWork).toBeGreaterThan(KILLS * 0.6)
    expect(inFlightSeen).toBeGreaterThan(KILLS * 0.3)
    // Two minutes alone; `npm test` runs it beside the other crash test and the browser specs,
    // where on a loaded machine it took over five.
  }, 900_000)
})
