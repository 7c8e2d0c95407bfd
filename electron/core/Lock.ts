import * as fs from 'node:fs'
import * as os from 'node:os'
import { CoreError } from './errors'

type LockInfo = { pid: number; host: string; started: string }

function alive(pid: number): boolean {
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
    for (let attempt = 0; attempt < 3; attempt++) {
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
      const stale = !other || (other.host === info.host && other.pid !== process.pid && !alive(other.pid))
      if (!stale) {
        const who = other!.host === info.host ? `process ${other!.pid}` : `process ${other!.pid} on ${other!.host}`
        throw new CoreError(
          'ARCHIVE_LOCKED',
          `This archive is open in another window or process (${who}, since ${other!.started}). Close it there first.`
        )
      }
      // Safety (issue 9): taken over by moving it aside and checking that what moved is the
      // stale lock just read. A plain rm could delete a live lock: when two processes find the
      // same stale lock, the slower one's rm may land after the faster one made its own.
      const aside = `${this.file}.${process.pid}.${Date.now()}.stale`
      try {
        fs.renameSync(this.file, aside)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw err
      }
      let moved: string | null = null
      try {
        moved = fs.readFileSync(aside, 'utf8')
      } catch {
        // Gone already: nothing to put back.
      }
      if (moved !== null && moved !== otherText) {
        // A live lock was moved: put it back (link fails only if yet another lock appeared).
        try {
          fs.linkSync(aside, this.file)
        } catch {
          // Leave the newer lock in place.
        }
      }
      fs.rmSync(aside, { force: true })
    }
    throw new CoreError('ARCHIVE_LOCKED', 'Could not take the archive lock; another process keeps taking it.')
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
