// The intent record of a batch (AtomicBatch.ts) and the one routine that carries it out, used
// both by the batch itself and, after a crash, by the next open (recover.ts). Every step is
// idempotent, so a crash during a replay is replayed again.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { crashPoint } from './faults'
import { writeFully } from '../fullWrite'
import { fsyncDir } from '../fsutil'

export const INTENT_FORMAT = 'presskeep-intent-1'
export const INTENT_FILE = 'intent.json'
export const LABEL_FILE = 'label.txt'

/** Paths are relative to the archive, so an archive copied elsewhere still recovers. */
export type IntentRecord = {
  format: string
  label: string
  created: string
  /** Staged files (names inside the batch's folder) and the files they replace. */
  writes: Array<{ target: string; staged: string; bytes: number }>
  removals: string[]
  /** Lines for append-only files (the journal), staged like the writes. */
  appends: Array<{ file: string; staged: string; bytes: number }>
}

export const intentsDir = (root: string) => path.join(root, 'intents')

export { fsyncDir }

/**
 * Renames each staged file still present over its target (one already gone was renamed before
 * the crash), removes the removals, fsyncs the folders, appends the journal lines not yet in
 * their file, and drops the batch's folder: from then on the batch is simply done.
 */
export async function applyIntent(root: string, dir: string, record: IntentRecord, beforeDrop?: () => Promise<void>): Promise<void> {
  const folders = new Set<string>()
  // The targets' folders, all at once (a replay may find one gone).
  await Promise.all([...new Set(record.writes.map((w) => path.dirname(path.join(root, w.target))))].map((parent) => fsp.mkdir(parent, { recursive: true })))
  for (const w of record.writes) {
    const target = path.join(root, w.target)
    crashPoint('rename')
    try {
      await fsp.rename(path.join(dir, w.staged), target)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    folders.add(path.dirname(target))
  }
  for (const r of record.removals) {
    crashPoint('remove')
    await fsp.rm(path.join(root, r), { force: true })
    folders.add(path.dirname(path.join(root, r)))
  }
  // The folders' fsyncs (which make the renames durable) and the journal's appends wait on the
  // disk together. Either order survives a crash: until the intent is dropped below, after
  // both, a replay redoes whichever renames were lost and appends only the lines the journal
  // does not already end with.
  const appended = (async () => {
    for (const a of record.appends) {
      crashPoint('append')
      await appendOnce(path.join(root, a.file), path.join(dir, a.staged), a.bytes)
    }
  })()
  await Promise.all([...[...folders].map(fsyncDir), appended])
  crashPoint('applied')
  await beforeDrop?.()
  await fsp.rm(dir, { recursive: true, force: true })
}

/**
 * Appends the staged lines unless the file already ends with them (the batch got that far
 * before the crash, but not to removing the staged copy; it held the journal, so nothing was
 * appended after them). A file
 * whose last line was torn by a crash gets a line break first, so that the torn line does
 * not swallow the first of ours.
 */
async function appendOnce(file: string, staged: string, bytes: number): Promise<void> {
  let text: Buffer
  try {
    text = await fsp.readFile(staged)
  } catch (err) {
    // Appended and dropped by an earlier replay that crashed before removing the folder.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  if (text.length !== bytes) throw new Error(`The staged lines ${staged} are incomplete.`)
  await fsp.mkdir(path.dirname(file), { recursive: true })
  const handle = await fsp.open(file, 'a+')
  try {
    const { size } = await handle.stat()
    let prefix = ''
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, bytes + 1))
      await handle.read(tail, 0, tail.length, size - tail.length)
      if (tail.length >= bytes && tail.subarray(tail.length - bytes).equals(text)) return
      if (tail[tail.length - 1] !== 0x0a) prefix = '\n'
    }
    await writeFully(handle, prefix ? Buffer.concat([Buffer.from(prefix), text]) : text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  // Gone once appended: a replay after this point must not look for it in a tail that may
  // since have grown (by the line that journals the recovery itself).
  await fsp.rm(staged, { force: true })
}
