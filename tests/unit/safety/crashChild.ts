// The child of the crash test (crash.test.ts): opens an archive and performs random edits,
// creations, attachments, detachments, trash and restore until it is killed. Before each call
// it logs its intent, after each call returns the acknowledged change; both fsynced, so the
// parent knows which changes must have survived the SIGKILL.
import { closeSync, fsyncSync, openSync, writeFileSync, writeSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'

const [dir, logFile, seedArg, attachDir] = process.argv.slice(2)
let seed = Number(seedArg) >>> 0
// mulberry32: a seeded generator, so that a failing run can be replayed from its seed.
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]
const WORDS = ['press', 'release', 'summit', 'مؤتمر', 'école', 'minister', 'Fez', 'migration', 'عربية', 'déclaration']
const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ')

const log = openSync(logFile, 'a')
function note(entry: { k: 'intent' | 'ack'; op: string; [key: string]: unknown }): void {
  writeSync(log, JSON.stringify(entry) + '\n')
  fsyncSync(log)
  // The parent counts the calls that returned, to kill after a number of them (crash.test.ts).
  if (entry.k === 'ack') process.stdout.write('ack\n')
}

async function main(): Promise<void> {
  const archive = await Archive.open(dir)
  // Item writes go through the repository, which checks against the workspace's records: opened
  // here, as the app opens it with its first list, so that the kills after "ready" land mid-work.
  await archive.items()
  process.stdout.write('ready\n')
  let files = 0
  for (;;) {
    const ids = [...archive.catalog.all()].map((r) => r.id)
    const r = rand()
    if (ids.length < 3 || r < 0.22) {
      const fields = { title: `T ${text(3)} ${Math.floor(rand() * 1e6)}`, body: rand() < 0.7 ? text(5 + Math.floor(rand() * 200)) : '', tags: rand() < 0.5 ? [pick(WORDS)] : [] }
      note({ k: 'intent', op: 'create', titles: [fields.title] })
      const item = await archive.createItem(fields)
      note({ k: 'ack', op: 'create', id: item.id, fields })
    } else if (r < 0.27) {
      const list = Array.from({ length: 2 + Math.floor(rand() * 4) }, (_, i) => ({ title: `Bulk ${i} ${Math.floor(rand() * 1e6)}`, body: text(20) }))
      note({ k: 'intent', op: 'createMany', titles: list.map((f) => f.title) })
      const items = await archive.createItems(list)
      note({ k: 'ack', op: 'createMany', ids: items.map((i) => i.id), fields: list })
    } else if (r < 0.6) {
      const id = pick(ids)
      const patch: Record<string, unknown> = {}
      if (rand() < 0.5) patch.title = `E ${text(2)} ${Math.floor(rand() * 1e6)}`
      if (rand() < 0.4) patch.body = text(Math.floor(rand() * 300))
      if (rand() < 0.3) patch.notes = text(4)
      if (rand() < 0.3) patch.tags = [pick(WORDS), pick(WORDS)]
      if (Object.keys(patch).length === 0) patch.outlet = text(1)
      note({ k: 'intent', op: 'update', id, patch })
      await archive.updateItem(id, patch)
      note({ k: 'ack', op: 'update', id, patch })
    } else if (r < 0.75) {
      const id = pick(ids)
      const file = path.join(attachDir, `f${process.pid}-${files++}.bin`)
      // Small generated files; a few share content, so that storing once by hash is exercised.
      const size = Math.floor(rand() * 20_000)
      const body = Buffer.alloc(size)
      const key = rand() < 0.3 ? 7 : Math.floor(rand() * 1e9)
      for (let i = 0; i < size; i++) body[i] = (key + i * 31) & 0xff
      writeFileSync(file, body)
      note({ k: 'intent', op: 'attach', id })
      const item = await archive.attachPaths(id, [file])
      const att = item.attachments[item.attachments.length - 1]
      note({ k: 'ack', op: 'attach', id, attachment: { id: att.id, sha256: att.sha256, size: att.size } })
    } else if (r < 0.82) {
      const withFiles = [...archive.catalog.all()].filter((x) => x.attachments.length > 0)
      if (withFiles.length === 0) continue
      const rec = pick(withFiles)
      const att = pick(rec.attachments)
      note({ k: 'intent', op: 'detach', id: rec.id, attachmentId: att.id })
      await archive.removeAttachment(rec.id, att.id)
      note({ k: 'ack', op: 'detach', id: rec.id, attachmentId: att.id })
    } else {
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(ids)))]
      const trashed = rand() < 0.55
      note({ k: 'intent', op: trashed ? 'trash' : 'restore', ids: chosen })
      await archive.setTrashed(chosen, trashed)
      note({ k: 'ack', op: trashed ? 'trash' : 'restore', ids: chosen })
    }
  }
}

// The parent starts the next child while it checks the archive after the last kill: the
// child loads its code, then waits for "go" on stdin before touching the archive.
process.stdin.once('data', () => main().catch(fail))

function fail(err: unknown): void {
  process.stderr.write(`crash child failed: ${(err as Error).stack}\n`)
  closeSync(log)
  process.exit(3)
}
