// A team archive's working folder on this machine (its search index, temporary files), kept
// between runs so that a restarted server loads its index and brings it up to date instead of
// building it again (minutes at 100k items): under the user's cache folder,
// $XDG_CACHE_HOME (or ~/.cache)/presskeep/team/<archive id>/<n>. Several processes of one
// machine serving the same archive each take a folder of their own: the first whose lock file
// is free, or left by a process that is gone.
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import * as path from 'node:path'

const SLOTS = 16
const LOCK = 'owner.pid'

export function cacheBase(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'presskeep', 'team')
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tryLock(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' })
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const owner = Number(readFileSync(file, 'utf8').trim())
  if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false
  // Left by a process that is gone: taken over.
  unlinkSync(file)
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' })
    return true
  } catch {
    return false
  }
}

/** Claims a working folder for the archive with this id; null when every one is in use (the caller uses a temp folder). */
export function claimWorkingFolder(archiveId: string, base = cacheBase()): { dir: string; release(): void } | null {
  const safeId = archiveId.replace(/[^\w-]/g, '_')
  for (let n = 1; n <= SLOTS; n++) {
    const dir = path.join(base, safeId, String(n))
    mkdirSync(dir, { recursive: true })
    const lock = path.join(dir, LOCK)
    if (!tryLock(lock)) continue
    // What a killed process left half-written is of no use.
    rmSync(path.join(dir, 'tmp'), { recursive: true, force: true })
    return {
      dir,
      release: () => {
        try {
          if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock)
        } catch {
          // Already gone.
        }
      }
    }
  }
  return null
}
