// The intent record of a batch (AtomicBatch.ts) and the one routine that carries it out, used
// both by the batch itself and, after a crash, by the next open (recover.ts). Every step is
// idempotent, so a crash during a replay is replayed again.
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
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
  /**
   * Staged files (names inside the batch's folder) and the files they replace. `crc32` (CRC-32
   * of the content) is given when the record was written in the same wait on the disk as the
   * staged files, rather than after them: recovery then checks them (recover.ts).
   */
  writes: Array<{ target: string; staged: string; bytes: number; crc32?: number }>
  removals: string[]
  /** Lines for append-only files (the journal), staged like the writes. */
  appends: Array<{ file: string; staged: string; bytes: number; crc32?: number }>
}

export const intentsDir = (root: string) => path.join(root, 'intents')

export { fsyncDir }

/** How many renames (and removals) of one batch wait on the disk at once. */
const PLACED_AT_ONCE = 8

/**
 * Renames each staged file still present over its target (one already gone was renamed before
 * the crash), removes the removals, fsyncs the folders, appends the journal lines not yet in
 * their file, and drops the batch's folder: from then on the batch is simply done.
 *
 * `own`: the lines of the appends, when the batch that staged them applies its own intent in
 * the same process (AtomicBatch): they are appended from memory, and the batch's folder is
 * dropped file by file. A replay after a crash (recover.ts) reads them from the folder and
 * first checks that the file does not already end with them.
 */
export async function applyIntent(root: string, dir: string, record: IntentRecord, beforeDrop?: () => Promise<void>, own?: { appends: string[]; ends?: Map<string, OpenEnd> }): Promise<void> {
  const folders = new Set<string>()
  // The renames and removals touch different files: they wait on the disk together, a few at a
  // time (so that a crash test's Nth rename still falls among the renames of a large batch).
  const steps: Array<() => Promise<void>> = [
    ...record.writes.map((w) => async () => {
      const target = path.join(root, w.target)
      crashPoint('rename')
      await placeStaged(path.join(dir, w.staged), target)
      folders.add(path.dirname(target))
    }),
    ...record.removals.map((r) => async () => {
      crashPoint('remove')
      await fsp.rm(path.join(root, r), { force: true })
      folders.add(path.dirname(path.join(root, r)))
    })
  ]
  let next = 0
  const worker = async () => {
    while (next < steps.length) await steps[next++]()
  }
  await Promise.all(Array.from({ length: Math.min(PLACED_AT_ONCE, steps.length) }, worker))
  // The folders' fsyncs (which make the renames durable) and the journal's appends wait on the
  // disk together. Either order survives a crash: until the intent is dropped below, after
  // both, a replay redoes whichever renames were lost and appends only the lines the journal
  // does not already end with.
  const appended = (async () => {
    for (const [i, a] of record.appends.entries()) {
      crashPoint('append')
      if (own) {
        const file = path.join(root, a.file)
        const ahead = own.ends?.get(file)
        own.ends?.delete(file)
        await appendOwn(file, own.appends[i], ahead)
      }
      else await appendOnce(path.join(root, a.file), path.join(dir, a.staged), a.bytes)
    }
  })()
  await Promise.all([...[...folders].map(fsyncDir), appended])
  crashPoint('applied')
  await beforeDrop?.()
  if (own) await dropOwn(dir, record)
  else await fsp.rm(dir, { recursive: true, force: true })
}

/**
 * Renames a staged file over its target. ENOENT means one of two things: the staged file is
 * gone (renamed before a crash: nothing to do), or the target's folder is (made, then renamed
 * again). Made here rather than before every rename: the batch made the folders when it
 * staged, so this is the rare case.
 */
async function placeStaged(staged: string, target: string): Promise<void> {
  try {
    await fsp.rename(staged, target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    try {
      await fsp.access(staged)
    } catch {
      return
    }
    await fsp.mkdir(path.dirname(target), { recursive: true })
    await fsp.rename(staged, target)
  }
}

/**
 * The batch's folder dropped by the batch itself, whose files it knows: first the staged lines
 * (so that a replay after a crash from here on cannot append them again) and the label, then
 * the intent record, then the folder. Anything unexpected falls back to removing the folder whole.
 */
async function dropOwn(dir: string, record: IntentRecord): Promise<void> {
  try {
    await Promise.all([LABEL_FILE, ...record.appends.map((a) => a.staged)].map((name) => fsp.rm(path.join(dir, name), { force: true })))
    await fsp.unlink(path.join(dir, INTENT_FILE))
    await fsp.rmdir(dir)
  } catch {
    await fsp.rm(dir, { recursive: true, force: true })
  }
}

/** An append-only file opened ahead of a batch's append: where it ends, and whether a line break ends it. */
export type OpenEnd = { handle: FileHandle; size: number; newline: boolean }

/**
 * Reads what a batch will need of the disk once its record is written, while it waits for its
 * staged files: its targets' and removals' entries and inodes (the renames and removals look
 * them up), and each file it appends to, opened, with its size and last byte (the append writes
 * into that page, which the kernel must read first, and needs to know whether a line break ends
 * the file). On a warm cache these are lookups in memory; on a cold one, reads that would
 * otherwise come one after another once the change is committed. Never fails: a file that is not
 * there is simply not opened (the append opens it). The caller closes what is returned; the
 * batch holds the files' queues, so nothing else appends to them meanwhile.
 */
export async function readAhead(files: { lookUp: string[]; appendTo: string[] }): Promise<Map<string, OpenEnd>> {
  const ends = new Map<string, OpenEnd>()
  await Promise.all([
    ...[...new Set(files.appendTo)].map((file) =>
      openEnd(file).then(
        (end) => void ends.set(file, end),
        () => undefined
      )
    ),
    ...files.lookUp.map((file) =>
      fsp.stat(file).then(
        () => undefined,
        () => undefined
      )
    )
  ])
  return ends
}

/** The file opened to be written at its end, with its size and last byte. */
async function openEnd(file: string): Promise<OpenEnd> {
  const handle = await fsp.open(file, 'r+')
  try {
    const { size } = await handle.stat()
    const last = Buffer.alloc(1)
    if (size > 0) await handle.read(last, 0, 1, size - 1)
    return { handle, size, newline: size === 0 || last[0] === 0x0a }
  } catch (err) {
    await handle.close()
    throw err
  }
}

/**
 * Appends a batch's own lines (never appended before: the batch holds the file's queue), through
 * the file opened ahead when there is one (the batch's read-ahead), else opened now.
 */
async function appendOwn(file: string, text: string, ahead?: OpenEnd): Promise<void> {
  let end = ahead
  if (!end) {
    await fsp.mkdir(path.dirname(file), { recursive: true })
    // Made if it is missing (opened to append, nothing written), then opened to be written at its end.
    await (await fsp.open(file, 'a')).close()
    end = await openEnd(file)
  }
  const { handle, size, newline } = end
  try {
    // A line torn by a crash gets a line break first, so that it does not swallow the first of ours.
    const data = Buffer.from(text)
    await writeFully(handle, newline ? data : Buffer.concat([Buffer.from('\n'), data]), size)
    await handle.sync()
  } finally {
    await handle.close()
  }
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
