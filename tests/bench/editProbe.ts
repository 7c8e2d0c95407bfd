// Run in a process of its own: times single-field edits of an archive, as the archive part of
// the bench does (tests/bench/parts/archive.ts), and counts what each edit asks of the file
// system: files opened for reading and writing, whole-file reads, fsyncs (files and folders),
// renames, removals. The counts come from wrapping node:fs's promise API in this process, so
// they are what the core asks for, not what the kernel does (strace says that).
//
//   npx tsx tests/bench/editProbe.ts ARCHIVE [EDITS] [--cold] [--timeline]
//
// --cold drops the page cache before each edit (root only; shared machines: under the bench
// lock). --timeline prints, for the edit at the 95th percentile, each call with its start and end in ms.
import { promises as fsp } from 'node:fs'
import { loadavg } from 'node:os'
import { Archive } from '../../electron/core/Archive'
import { dropCaches } from './caches'
import { median, percentile, round } from './stats'

type Call = { name: string; arg: string; t0: number; t1: number }
let calls: Call[] | null = null
let origin = 0

function wrap(target: Record<string, unknown>, key: string, name: string, argOf: (self: unknown, args: unknown[]) => string): void {
  const original = target[key] as (...args: unknown[]) => Promise<unknown>
  target[key] = async function (this: unknown, ...args: unknown[]) {
    const call: Call = { name, arg: argOf(this, args), t0: performance.now() - origin, t1: 0 }
    try {
      return await original.apply(this, args)
    } finally {
      call.t1 = performance.now() - origin
      calls?.push(call)
    }
  }
}

const short = (p: unknown) => String(p).replace(/^.*\.presskeep\//, '')
const handleNames = new WeakMap<object, string>()

async function instrument(): Promise<void> {
  const handle = await fsp.open(__filename, 'r')
  const proto = Object.getPrototypeOf(handle) as Record<string, unknown>
  await handle.close()
  const p = fsp as unknown as Record<string, unknown>
  const openOriginal = p.open as (...args: unknown[]) => Promise<object>
  p.open = async (...args: unknown[]) => {
    const t0 = performance.now() - origin
    const h = await openOriginal(...args)
    handleNames.set(h, short(args[0]))
    calls?.push({ name: `open-${String(args[1] ?? 'r')}`, arg: short(args[0]), t0, t1: performance.now() - origin })
    return h
  }
  const named = (self: unknown) => handleNames.get(self as object) ?? '?'
  wrap(proto, 'sync', 'fsync', named)
  wrap(proto, 'datasync', 'fsync', named)
  wrap(proto, 'read', 'read', named)
  wrap(proto, 'readFile', 'readFile', named)
  wrap(proto, 'write', 'write', named)
  wrap(proto, 'writeFile', 'write', named)
  wrap(proto, 'stat', 'stat', named)
  wrap(p, 'readFile', 'readFile', (_s, a) => short(a[0]))
  wrap(p, 'writeFile', 'writeFile', (_s, a) => short(a[0]))
  wrap(p, 'rename', 'rename', (_s, a) => `${short(a[0])} -> ${short(a[1])}`)
  wrap(p, 'rm', 'rm', (_s, a) => short(a[0]))
  wrap(p, 'unlink', 'rm', (_s, a) => short(a[0]))
  wrap(p, 'mkdir', 'mkdir', (_s, a) => short(a[0]))
  wrap(p, 'copyFile', 'copyFile', (_s, a) => short(a[0]))
  wrap(p, 'stat', 'stat', (_s, a) => short(a[0]))
  wrap(p, 'readdir', 'readdir', (_s, a) => short(a[0]))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const cold = args.includes('--cold')
  const timeline = args.includes('--timeline')
  const [dir, edits = '50'] = args.filter((a) => !a.startsWith('--'))
  await instrument()
  const a = await Archive.open(dir)
  await Promise.all([a.search.ready(), a.openBackup, a.workspace()])
  const ids = [...a.catalog.all()].map((r) => r.id)
  const times: number[] = []
  const cpus: number[] = []
  const perEdit: Call[][] = []
  for (let i = 0; i < Number(edits); i++) {
    const id = ids[(i * 7919 + 13) % ids.length]
    // What the previous edit left running (the search index following it) ends first.
    await a.search.current()
    if (cold) dropCaches()
    calls = []
    const cpu0 = process.cpuUsage()
    origin = performance.now()
    await a.updateItem(id, { notes: `probe edit ${i} ${Date.now()}` })
    times.push(performance.now() - origin)
    const cpu = process.cpuUsage(cpu0)
    cpus.push((cpu.user + cpu.system) / 1000)
    perEdit.push(calls)
    calls = null
  }
  await a.close()
  const count = (name: string | RegExp) => median(perEdit.map((c) => c.filter((x) => (typeof name === 'string' ? x.name === name : name.test(x.name))).length))
  const out = {
    edits: times.length,
    cold,
    p50_ms: round(median(times)),
    p95_ms: round(percentile(times, 95)),
    cpu_ms: round(median(cpus)),
    fsyncs: count('fsync'),
    renames: count('rename'),
    whole_reads: count('readFile'),
    text_reads: median(perEdit.map((c) => c.filter((x) => x.name === 'readFile' && x.arg.startsWith('text/')).length)),
    opens_read: count(/^open-(r|a\+)$/),
    opens_write: count(/^open-(w|a|r\+)$/),
    mkdirs: count('mkdir'),
    removals: count('rm'),
    load_average: round(loadavg()[0], 1),
    times_ms: [...times].sort((x, y) => x - y).map((t) => round(t, 1))
  }
  if (timeline) {
    // The edit at the 95th percentile: what the bench's figure is made of.
    const slowest = perEdit[times.indexOf(percentile(times, 95))]
    for (const c of [...slowest].sort((x, y) => x.t0 - y.t0)) process.stderr.write(`${c.t0.toFixed(2).padStart(8)} ${c.t1.toFixed(2).padStart(8)} ${(c.t1 - c.t0).toFixed(2).padStart(7)}  ${c.name.padEnd(9)} ${c.arg}\n`)
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`)
  process.exit(1)
})
