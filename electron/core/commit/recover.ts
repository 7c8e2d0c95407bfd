// At open, before anything reads the catalogue: finishes the batches a crash interrupted after
// their intent record was complete (roll forward), and discards those interrupted before it
// (roll back: none of their files had been touched). Each outcome is journalled, so that the
// integrity check can tell the person that a change was interrupted and what became of it.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { crashPoint } from './faults'
import { writeFully } from '../fullWrite'
import { applyIntent, INTENT_FILE, INTENT_FORMAT, intentsDir, LABEL_FILE, type IntentRecord } from './intent'

export type RecoveredBatch = { batch: string; label: string; created: string | null; outcome: 'completed' | 'rolled-back'; files: number }

/** The journal line a recovery leaves (read back by the integrity check). */
export const RECOVERY_OP = 'recover-interrupted-change'

export async function recoverIntents(root: string): Promise<RecoveredBatch[]> {
  const dir = intentsDir(root)
  let names: string[]
  try {
    names = (await fsp.readdir(dir)).sort()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const out: RecoveredBatch[] = []
  for (const name of names) {
    const batchDir = path.join(dir, name)
    const parsed = await readRecord(root, batchDir)
    const record = parsed && (await stagedIntact(root, batchDir, parsed)) ? parsed : null
    if (record) {
      await applyIntent(root, batchDir, record, () => journalRecovery(root, { batch: name, label: record.label, created: record.created, outcome: 'completed', files: record.writes.length + record.removals.length }))
      out.push({ batch: name, label: record.label, created: record.created, outcome: 'completed', files: record.writes.length + record.removals.length })
    } else {
      const staged = (await fsp.readdir(batchDir).catch(() => [] as string[])).filter((n) => /^w\d+$/.test(n)).length
      const label = await fsp.readFile(path.join(batchDir, LABEL_FILE), 'utf8').catch(() => '')
      const rolled: RecoveredBatch = { batch: name, label: label.slice(0, 300), created: null, outcome: 'rolled-back', files: staged }
      await journalRecovery(root, rolled)
      crashPoint('rollback')
      await fsp.rm(batchDir, { recursive: true, force: true })
      out.push(rolled)
    }
  }
  return out
}

/**
 * The intent record, or null when the batch never finished writing it (or what it staged):
 * then nothing of it was applied, and it is rolled back. A record naming a path outside the
 * archive is refused whole (it was not written by us).
 */
async function readRecord(root: string, batchDir: string): Promise<IntentRecord | null> {
  let record: IntentRecord
  try {
    record = JSON.parse(await fsp.readFile(path.join(batchDir, INTENT_FILE), 'utf8')) as IntentRecord
  } catch {
    return null
  }
  if (record.format !== INTENT_FORMAT || !Array.isArray(record.writes) || !Array.isArray(record.removals) || !Array.isArray(record.appends)) return null
  const inside = (p: unknown) => {
    if (typeof p !== 'string') return false
    const rel = path.relative(root, path.resolve(root, p))
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  }
  const staged = (s: unknown) => typeof s === 'string' && /^[wa]\d+$/.test(s)
  for (const w of record.writes) if (!inside(w.target) || !staged(w.staged)) return null
  for (const r of record.removals) if (!inside(r)) return null
  for (const a of record.appends) if (!inside(a.file) || !staged(a.staged)) return null
  return record
}

/**
 * Whether a record written in the same wait on the disk as its staged files (it gives their
 * checksums: AtomicBatch's one wave) can vouch for them: each staged file is there whole, or
 * already renamed over its target, which then holds it. Staged journal lines may be gone only
 * once no staged file is left (they are appended after the renames, and dropped first). If not,
 * the power failed before that wait ended: nothing of the batch was applied, and it is rolled
 * back. (The same answer for a batch applied whole whose folder outlived it while a later change
 * rewrote one of its targets: rolling it back then removes nothing but its folder.)
 */
async function stagedIntact(root: string, batchDir: string, record: IntentRecord): Promise<boolean> {
  const holds = async (file: string, entry: { bytes: number; crc32?: number }): Promise<boolean | null> => {
    let data: Buffer
    try {
      data = await fsp.readFile(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    return data.length === entry.bytes && crc32(data) === entry.crc32
  }
  let stagedLeft = false
  for (const w of record.writes) {
    if (w.crc32 === undefined) continue
    const staged = await holds(path.join(batchDir, w.staged), w)
    if (staged === false) return false
    if (staged) stagedLeft = true
    else if (!(await holds(path.join(root, w.target), w))) return false
  }
  for (const a of record.appends) {
    if (a.crc32 === undefined) continue
    const staged = await holds(path.join(batchDir, a.staged), a)
    if (staged === false || (staged === null && stagedLeft)) return false
  }
  return true
}

/** Appended to the journal file of the current month, on a line of its own. */
async function journalRecovery(root: string, r: RecoveredBatch): Promise<void> {
  const t = new Date().toISOString()
  const line = JSON.stringify({ t, user: 'presskeep', op: RECOVERY_OP, ...r }) + '\n'
  const file = path.join(root, 'journal', `${t.slice(0, 7)}.jsonl`)
  await fsp.mkdir(path.dirname(file), { recursive: true })
  const handle = await fsp.open(file, 'a+')
  try {
    const { size } = await handle.stat()
    let prefix = ''
    if (size > 0) {
      const last = Buffer.alloc(1)
      await handle.read(last, 0, 1, size - 1)
      if (last[0] !== 0x0a) prefix = '\n'
    }
    await writeFully(handle, Buffer.from(prefix + line))
    await handle.sync()
  } finally {
    await handle.close()
  }
}
