import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { CoreError } from '../errors'
import { describeFsError } from '../FileStore'
import { alive } from '../Lock'

/** Turns a file-system failure while writing an export into a sentence a person understands. */
export function writeError(out: string, err: unknown): CoreError {
  if (err instanceof CoreError) return err
  const code = (err as NodeJS.ErrnoException)?.code
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code))
    return new CoreError('INTERNAL', `The export to ${out} failed: ${(err as Error)?.message ?? String(err)}. Nothing was left behind there.`, undefined, { reason: 'WRITE_FAILED', name: path.basename(out) })
  const why =
    code === 'EROFS'
      ? 'the destination is read-only'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied (the destination is read-only or not yours)'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EDQUOT'
            ? 'the disk quota is used up'
            : describeFsError(err)
  return new CoreError(code === 'ENOSPC' || code === 'EDQUOT' ? 'DISK_FULL' : 'IO_ERROR', `Cannot write the export to ${out}: ${why}. Nothing was left behind there.`, 'out', { reason: 'WRITE_FAILED', name: path.basename(out) })
}

/** The real path of the nearest folder that exists at or above p (p itself may not exist yet). */
async function realAncestor(p: string): Promise<string> {
  let cur = path.resolve(p)
  for (;;) {
    try {
      return await fsp.realpath(cur)
    } catch {
      const up = path.dirname(cur)
      if (up === cur) return cur
      cur = up
    }
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * Refuses an export into the archive's folders, or over them: the archive folder (whose
 * files/ is inside it), or a team archive's files folder and this process's working folder.
 */
export async function checkDestination(out: string, archiveFolders: readonly string[]): Promise<void> {
  const target = path.resolve(out)
  const realTarget = path.join(await realAncestor(path.dirname(target)), path.basename(target))
  for (const folder of archiveFolders) {
    const realFolder = await realAncestor(folder)
    if (isInside(realTarget, realFolder))
      throw new CoreError(
        'INVALID_INPUT',
        `Cannot export into the archive folder itself (${folder}); choose a destination outside it.`,
        'out',
        { reason: 'DESTINATION_IN_ARCHIVE' }
      )
    if (isInside(realFolder, realTarget))
      throw new CoreError('INVALID_INPUT', `The destination ${out} contains the archive; choose another place.`, 'out', { reason: 'DESTINATION_IN_ARCHIVE' })
  }
}

const PARTIAL = /^\..*\.partial-(\d+)-[0-9a-f]{8}(\.staging)?$/


/**
 * Removes what exports killed mid-way left in a folder: hidden .partial- names whose process
 * is gone (a live one may still be writing). Run before each export to that folder.
 */
export async function sweepLeftovers(dir: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const m = PARTIAL.exec(name)
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue
    await fsp.rm(path.join(dir, name), { recursive: true, force: true }).catch(() => {})
    removed.push(name)
  }
  return removed
}

/**
 * The export is written under a hidden temporary name beside its destination and renamed
 * into place at the end: a cancelled or failed export leaves nothing half-written.
 */
export class PendingOutput {
  private constructor(
    readonly out: string,
    readonly tmp: string,
    readonly kind: 'file' | 'folder'
  ) {}

  static async create(out: string, kind: 'file' | 'folder', overwrite: boolean): Promise<PendingOutput> {
    const target = path.resolve(out)
    let st: import('node:fs').Stats | null = null
    try {
      st = await fsp.stat(target)
    } catch {
      st = null
    }
    if (st) {
      if (st.isDirectory()) {
        const entries = await fsp.readdir(target).catch(() => ['?'])
        if (kind === 'file' || entries.length > 0)
          throw new CoreError('INVALID_INPUT', `${target} is a folder that already exists; choose a new name.`, 'out', { reason: 'DESTINATION_EXISTS', name: path.basename(target) })
      } else if (kind === 'folder' || !overwrite) {
        throw new CoreError('INVALID_INPUT', `${target} already exists; choose a new name or allow replacing it.`, 'out', { reason: 'DESTINATION_EXISTS', name: path.basename(target) })
      }
    }
    const parent = path.dirname(target)
    await sweepLeftovers(parent)
    const tmp = path.join(parent, `.${path.basename(target).slice(0, 60)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`)
    try {
      await fsp.mkdir(parent, { recursive: true })
      if (kind === 'folder') await fsp.mkdir(tmp)
      else await (await fsp.open(tmp, 'wx')).close()
    } catch (err) {
      await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {})
      throw writeError(target, err)
    }
    return new PendingOutput(target, tmp, kind)
  }

  async commit(): Promise<void> {
    try {
      // An empty folder that was already there is replaced (rename cannot replace it everywhere).
      if (this.kind === 'folder') await fsp.rmdir(this.out).catch(() => {})
      await fsp.rename(this.tmp, this.out)
    } catch (err) {
      await this.abort()
      throw writeError(this.out, err)
    }
  }

  async abort(): Promise<void> {
    await fsp.rm(this.tmp, { recursive: true, force: true }).catch(() => {})
  }
}
