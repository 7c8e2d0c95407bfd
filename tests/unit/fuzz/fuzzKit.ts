// Shared machinery of the importer fuzz runs (issue 9): seeded fast-check runs over mutated
// real inputs, each input bounded in time, the heap measured, every failure a CoreError.
//
// The suite runs a fixed seed, so that a run of the suite (and CI) is repeatable; exploring new
// inputs is a separate, deliberate run whose failures become regression tests.
// Explore:        PK_FUZZ_SEED=random npx vitest run tests/unit/fuzz   (a new seed each run)
// Replay a run:   PK_FUZZ_SEED=<seed printed by the run> npx vitest run tests/unit/fuzz
// Longer runs:    PK_FUZZ_SCALE=10 (ten times the inputs), PK_FUZZ_SHRINK=1 to shrink a failure.
import fc from 'fast-check'
import { appendFileSync, mkdirSync } from 'node:fs'
import * as v8 from 'node:v8'
import * as vm from 'node:vm'
import { expect } from 'vitest'
import { CoreError } from '../../../electron/core/errors'
import { ERROR_CODES } from '../../../shared/contract'

// A real garbage collection before and after, so that the heap figures mean something.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const FIXED_SEED = 20_261_125
const seedEnv = process.env.PK_FUZZ_SEED
export const SEED = seedEnv === 'random' ? Date.now() % 2 ** 31 : Number(seedEnv ?? FIXED_SEED)
const SCALE = Number(process.env.PK_FUZZ_SCALE ?? 1)
export const scaled = (n: number): number => Math.max(1, Math.round(n * SCALE))

// ---------------------------------------------------------------------------------------------
// Mutations. A mutation is data (fast-check generates and shrinks it), applied to a real input.

// Unbiased: fast-check favours small values and edges, which would put most mutations at offset 0.
const at = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((n) => n / 2 ** 30)

/** Text that breaks parsers: any code point, lone surrogates, RTL and bidi controls, markup and entity fragments. */
export const NASTY_TOKENS = [
  '\ud800', '\udfff', '\ud83d', '\ufeff', '\ufffd', '\u0000', '\u202e', '\u202d', '\u200f', '\u2066', '\u061c',
  'مؤتمر صحفي في الرباط', 'עיתונות', 'Déclaration « École »', '𝒳𝒴😀🇲🇦',
  '<', '>', '&', '&amp;', '&#0;', '&#x10FFFF;', '&#xD800;', '&#99999999;', '&nbsp;', '&unknown;', ']]>', '<![CDATA[', '<!--', '-->',
  '<?xml version="1.0" encoding="UTF-16"?>', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>', '&b;',
  '<script>', '</script>', '<style>', '<p>', '</p>', '<div>', '</div>', '<h1>', '</title>', '<br/>', '<meta charset="shift_jis">',
  '\r\n', '\n\n', '\t', '"', "'", ',', ';', '|', '\\', '../', '/etc/passwd', 'C:\\', '=cmd|', '2022-11-23', '31/02/2022', 'Wed, 31 Jan 2018 07:26:05 GMT'
]

const nastyText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_TOKENS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'\u0627\u0644\u0645\u202e\u200f\u05d0 \ud800\udc00<>&;'.split('')), maxLength: 40 }) }
)

export type Mutation =
  | { op: 'flip'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'copy'; at: number; from: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'repeat'; at: number; len: number; times: number }
  | { op: 'nest'; at: number; open: string; close: string; depth: number }
  | { op: 'hugeAttr'; at: number; size: number }

const light: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('flip' as const), at, value: fc.integer({ min: 0, max: 0xffff }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('copy' as const), at, from: at, len: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: nastyText }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at, len: fc.integer({ min: 1, max: 40 }), times: fc.integer({ min: 2, max: 200 }) }) }
)

/** Growth that costs time: 10 000 repeats, 5 000 nested tags, attributes of up to 1 MB. */
const heavy: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('repeat' as const), at, len: fc.integer({ min: 1, max: 40 }), times: fc.integer({ min: 1000, max: 10_000 }) }),
  fc.record({
    op: fc.constant('nest' as const),
    at,
    open: fc.constantFrom('<div>', '<p><b>', '<item>', '<entry><content type="html">', '<a:b xmlns:a="x">', '[', '{"a":'),
    close: fc.constantFrom('</div>', '</b></p>', '</item>', '', ']', '}'),
    depth: fc.integer({ min: 100, max: 5000 })
  }),
  fc.record({ op: fc.constant('hugeAttr' as const), at, size: fc.integer({ min: 10_000, max: 1_000_000 }) })
)

/**
 * One to `max` light mutations, and one heavy one in `1 / heavyEvery` inputs (heavy inputs
 * take a hundred times longer: a few of them find the quadratic paths, many would eat the budget).
 */
export function mutations(heavyEvery = 200, max = 5): fc.Arbitrary<Mutation[]> {
  return fc
    .tuple(
      fc.array(light, { minLength: 1, maxLength: max }),
      heavyEvery > 0 ? fc.oneof({ weight: 1, arbitrary: heavy }, { weight: heavyEvery - 1, arbitrary: fc.constant(null) }) : fc.constant(null)
    )
    .map(([ms, h]) => (h ? [...ms, h] : ms))
}

const idx = (f: number, len: number) => Math.min(len, Math.floor(f * (len + 1)))

/** Applies mutations to a string (positions in UTF-16 code units: surrogate pairs get split too). */
export function mutateText(base: string, ms: Mutation[]): string {
  let s = base
  for (const m of ms) {
    const i = idx(m.at, s.length)
    switch (m.op) {
      case 'flip':
        s = s.slice(0, i) + String.fromCharCode(m.value) + s.slice(i + 1)
        break
      case 'truncate':
        s = s.slice(0, i)
        break
      case 'delete':
        s = s.slice(0, i) + s.slice(i + m.len)
        break
      case 'copy': {
        const f = idx(m.from, s.length)
        s = s.slice(0, i) + s.slice(f, f + m.len) + s.slice(i)
        break
      }
      case 'insert':
        s = s.slice(0, i) + m.text + s.slice(i)
        break
      case 'repeat':
        s = s.slice(0, i) + s.slice(i, i + m.len).repeat(m.times) + s.slice(i + m.len)
        break
      case 'nest':
        s = s.slice(0, i) + m.open.repeat(m.depth) + 'x' + m.close.repeat(m.depth) + s.slice(i)
        break
      case 'hugeAttr':
        s = s.slice(0, i) + `<a href="${'\u0627x&amp;'.repeat(m.size / 8)}" title='${'"'.repeat(100)}'>` + s.slice(i)
        break
    }
  }
  return s
}

/** Applies mutations to bytes: flips set one byte, inserted text goes in as UTF-8. */
export function mutateBytes(base: Buffer, ms: Mutation[]): Buffer {
  let b = base
  for (const m of ms) {
    const i = idx(m.at, b.length)
    switch (m.op) {
      case 'flip':
        if (i < b.length) {
          b = Buffer.from(b)
          b[i] = m.value & 0xff
        }
        break
      case 'truncate':
        b = b.subarray(0, i)
        break
      case 'delete':
        b = Buffer.concat([b.subarray(0, i), b.subarray(i + m.len)])
        break
      case 'copy': {
        const f = idx(m.from, b.length)
        b = Buffer.concat([b.subarray(0, i), b.subarray(f, f + m.len), b.subarray(i)])
        break
      }
      case 'repeat': {
        const piece = b.subarray(i, i + m.len)
        b = Buffer.concat([b.subarray(0, i), ...Array<Buffer>(m.times).fill(piece), b.subarray(i + m.len)])
        break
      }
      default:
        b = Buffer.concat([b.subarray(0, i), Buffer.from(mutateText('', [{ ...m, at: 0 }]), 'utf8'), b.subarray(i)])
    }
  }
  return b
}

// ---------------------------------------------------------------------------------------------
// The run.

export type FuzzStats = { name: string; inputs: number; results: number; refusals: number; seconds: number; slowestMs: number; slowestInput: number; heapGrowthMB: number; peakHeapMB: number; seed: number; refusedAs: Record<string, number> }

class Hang extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Hang(`no answer after ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer)
  )
}

/** Asserts that a thrown value is an expected, explained refusal (CoreError or ImportIssue), never a TypeError & co. */
export function expectClearError(err: unknown): void {
  if (!(err instanceof CoreError)) throw err // the original error and stack: that is the finding
  expect(ERROR_CODES).toContain(err.code)
  expect(typeof err.message).toBe('string')
  expect(err.message.trim().length).toBeGreaterThan(10)
}

export type FuzzOptions<T> = {
  name: string
  arbitrary: fc.Arbitrary<T>
  runs: number
  /** Gives the importer's result; throws its refusal. */
  exec: (input: T) => Promise<unknown> | unknown
  /** Checks a result (schema, shape). */
  check: (result: unknown, input: T) => void
  /** Bound of one input, in ms. */
  timeBoundMs: number
  /** Bound of the heap growth over the whole run (after a GC), in MB. */
  heapBoundMB?: number
}

/** Runs one importer over `runs` generated inputs; fails on a crash, a hang, a heap blow-up. */
export async function fuzz<T>(o: FuzzOptions<T>): Promise<FuzzStats> {
  let inputs = 0
  let results = 0
  let refusals = 0
  let slowest = 0
  let slowestInput = 0
  const kinds = new Map<string, number>()
  gc()
  const heap0 = process.memoryUsage().heapUsed
  let peak = heap0
  const t0 = performance.now()
  await fc.assert(
    fc.asyncProperty(o.arbitrary, async (input) => {
      inputs++
      const t = performance.now()
      let result: unknown
      let failed = false
      try {
        result = await withTimeout(Promise.resolve().then(() => o.exec(input)), o.timeBoundMs)
      } catch (err) {
        if (err instanceof Hang) throw err
        expectClearError(err)
        const kind = (err as { issue?: string }).issue ?? (err as CoreError).code
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        failed = true
      }
      const dt = performance.now() - t
      if (dt > slowest) {
        slowest = dt
        slowestInput = inputs
      }
      if (dt > o.timeBoundMs) throw new Error(`${o.name}: one input took ${Math.round(dt)} ms, more than the bound of ${o.timeBoundMs} ms`)
      if (failed) refusals++
      else {
        expect(result).toBeTruthy()
        o.check(result, input)
        results++
      }
      if (inputs % 100 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
    }),
    {
      seed: SEED,
      numRuns: o.runs,
      endOnFailure: process.env.PK_FUZZ_SHRINK !== '1',
      // A failing input can be megabytes long: say how to replay it rather than print it whole.
      reporter: (d) => {
        if (!d.failed) return
        const shown = JSON.stringify(d.counterexample, (_k, v) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} chars)` : v))
        throw new Error(
          `${o.name} failed on input ${d.numRuns} (replay: PK_FUZZ_SEED=${d.seed}, fast-check path "${d.counterexamplePath}"): ${d.errorInstance instanceof Error ? d.errorInstance.stack : String(d.errorInstance)}\ninput: ${shown?.slice(0, 2000)}`
        )
      }
    }
  )
  const seconds = (performance.now() - t0) / 1000
  gc()
  const growth = (process.memoryUsage().heapUsed - heap0) / 1048576
  const stats: FuzzStats = {
    name: o.name,
    inputs,
    results,
    refusals,
    seconds: Math.round(seconds * 10) / 10,
    slowestMs: Math.round(slowest),
    slowestInput,
    heapGrowthMB: Math.round(growth * 10) / 10,
    peakHeapMB: Math.round(peak / 1048576),
    seed: SEED,
    refusedAs: Object.fromEntries([...kinds].sort((a, b) => b[1] - a[1]))
  }
  report(stats)
  expect(inputs).toBe(o.runs)
  expect(growth).toBeLessThan(o.heapBoundMB ?? 64)
  return stats
}

function report(s: FuzzStats): void {
  const line = `fuzz ${s.name}: ${s.inputs} inputs (${s.results} results, ${s.refusals} clear refusals: ${Object.entries(s.refusedAs).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}) in ${s.seconds} s, slowest ${s.slowestMs} ms (input ${s.slowestInput}), heap +${s.heapGrowthMB} MB (peak ${s.peakHeapMB} MB), seed ${s.seed} (replay: PK_FUZZ_SEED=${s.seed})`
  console.log(line)
  try {
    mkdirSync('test-results', { recursive: true })
    appendFileSync('test-results/fuzz.jsonl', JSON.stringify(s) + '\n')
  } catch {
    // The figures are in the test output anyway.
  }
}
