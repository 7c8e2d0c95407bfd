import * as fs from 'node:fs'
import * as os from 'node:os'
import { CoreError } from './errors'

type LockInfo = { pid: number; host: string; started: string }

/** A short synchronous pause (locks are taken before anything else runs). */
function waitMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms
  } catch {
    return true
  }
}

/** Whether a process of this machine still runs (EPERM: it does, as someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One process holds an archive at a time. The lock file is created exclusively; a lock
 * left by a process that died on this host is recognised and taken over.
 */
export class ArchiveLock {
  private held = false

  constructor(private readonly file: string) {}

  acquire(): void {
    const info: LockInfo = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() }
    // Bounded by time: a lock being written is waited for, a half-written one left by a crash
    // is taken over once it is 2 s old.
    const deadline = Date.now() + 3_000
    while (Date.now() < deadline) {
      try {
        const fd = fs.openSync(this.file, 'wx')
        fs.writeSync(fd, JSON.stringify(info))
        fs.fsyncSync(fd)
        fs.closeSync(fd)
        this.held = true
        return
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      let other: LockInfo | null = null
      let otherText: string | null = null
      try {
        otherText = fs.readFileSync(this.file, 'utf8')
        other = JSON.parse(otherText) as LockInfo
      } catch {
        // Unreadable or half-written lock: the process that wrote it died while writing it.
      }
      if (!other && otherText !== null && !olderThan(this.file, 2_000)) {
        // Being written right now by a process that has just created it: wait for its contents.
        waitMs(20)
        continue
      }
      const stale = !other || (other.host === info.host && other.pid !== process.pid && !alive(other.pid))
      if (!stale) {
        const who = other!.host === info.host ? `process ${other!.pid}` : `process ${other!.pid} on ${other!.host}`
        throw new CoreError(
          'ARCHIVE_LOCKED',
          `This archive is open in another window or process (${who}, since ${other!.started}). Close it there first.`,
          undefined,
          { reason: 'ARCHIVE_IN_USE', who, since: other!.started }
        )
      }
      // A stale lock is removed only by the process holding the takeover lock (created
      // exclusively), and only if the lock is still the stale one it read: two processes that
      // find the same stale lock cannot both remove it, nor remove the new lock of a third.
      // (Moving it aside and putting it back, as before, lost a live lock in a four-way race.)
      if (!this.takeOver(otherText)) {
        waitMs(20 + Math.floor(Math.random() * 30))
      }
    }
    throw new CoreError('ARCHIVE_LOCKED', 'Could not take the archive lock; another process keeps taking it.', undefined, { reason: 'ARCHIVE_BUSY' })
  }

  /** Removes the stale lock whose text was read, under the takeover lock. False: someone else is at it. */
  private takeOver(staleText: string | null): boolean {
    const guard = `${this.file}.takeover`
    let fd: number
    try {
      fd = fs.openSync(guard, 'wx')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      // A takeover left by a process that died in it is cleared; a live one is waited for.
      try {
        const holder = JSON.parse(fs.readFileSync(guard, 'utf8')) as LockInfo
        if (holder.host === os.hostname() && !alive(holder.pid)) fs.rmSync(guard, { force: true })
      } catch {
        // Half-written by a process that died writing it, or just removed.
        try {
          if (Date.now() - fs.statSync(guard).mtimeMs > 2_000) fs.rmSync(guard, { force: true })
        } catch {
          // Gone.
        }
      }
      return false
    }
    try {
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }))
      fs.closeSync(fd)
      let current: string | null = null
      try {
        current = fs.readFileSync(this.file, 'utf8')
      } catch {
        // Already gone: the next attempt creates ours.
      }
      if (current !== null && current === staleText) fs.rmSync(this.file, { force: true })
      return true
    } finally {
      fs.rmSync(guard, { force: true })
    }
  }

  release(): void {
    if (!this.held) return
    this.held = false
    try {
      const info = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockInfo
      if (info.pid === process.pid) fs.rmSync(this.file, { force: true })
    } catch {
      // Already gone.
    }
  }
}
