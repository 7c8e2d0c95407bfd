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
      try {
        other = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockInfo
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
      fs.rmSync(this.file, { force: true })
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
