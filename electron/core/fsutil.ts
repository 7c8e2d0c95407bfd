import { promises as fsp } from 'node:fs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { crashPoint } from './commit/faults'

let tmpCounter = 0

/** A unique temp name beside the target, so that the final rename stays on one file system. */
export function tempPathFor(target: string, tmpDir?: string): string {
  tmpCounter = (tmpCounter + 1) % 1e9
  const base = tmpDir ? path.join(tmpDir, path.basename(target)) : target
  return `${base}.${process.pid}.${tmpCounter}.tmp`
}

export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; a rename there is already durable enough.
  if (process.platform === 'win32') return
  const handle = await fsp.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Write-new-then-rename with fsync of the file and its folder: after this returns, the
 * new content is on disk, and a crash at any moment leaves either the old or the new file.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, tmpDir?: string): Promise<void> {
  const dir = path.dirname(target)
  await fsp.mkdir(dir, { recursive: true })
  // The temp file may live in the archive's tmp/ folder (same file system, so rename stays
  // atomic): a crash then leaves debris in one place, cleared at open without a tree walk.
  const tmp = tempPathFor(target, tmpDir)
  const handle = await fsp.open(tmp, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => {})
    await fsp.rm(tmp, { force: true })
    throw err
  }
  await handle.close()
  crashPoint('file-write')
  try {
    await fsp.rename(tmp, target)
  } catch (err) {
    await fsp.rm(tmp, { force: true })
    throw err
  }
  await fsyncDir(dir)
}

export function writeFileAtomicSync(target: string, data: string): void {
  const dir = path.dirname(target)
  fs.mkdirSync(dir, { recursive: true })
  const tmp = tempPathFor(target)
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeFileSync(fd, data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, target)
  if (process.platform !== 'win32') {
    const dfd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(dfd)
    } finally {
      fs.closeSync(dfd)
    }
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p)
    return true
  } catch {
    return false
  }
}

/** Removes temp files a crash may have left behind (they never hold committed data). */
export async function sweepTempFiles(dir: string): Promise<number> {
  let removed = 0
  let entries: fs.Dirent[]
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) removed += await sweepTempFiles(p)
    else if (e.name.endsWith('.tmp')) {
      await fsp.rm(p, { force: true })
      removed++
    }
  }
  return removed
}
