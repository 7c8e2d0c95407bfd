import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import { CoreError, fsReason } from './errors'
import { tempPathFor } from './fsutil'
import { diskFullError, isDiskFull, writeFully } from './fullWrite'

export type StoredFile = { sha256: string; size: number; created: boolean }

/**
 * Attachments, content-addressed under files/sha256/ab/<sha256>: stored once whatever
 * their name, streamed in (never read whole into memory), verified, never modified.
 */
export class FileStore {
  constructor(private readonly dir: string) {}

  get folder(): string {
    return this.dir
  }

  pathOf(sha256: string): string {
    return path.join(this.dir, 'sha256', sha256.slice(0, 2), sha256)
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(sha256))
      return true
    } catch {
      return false
    }
  }

  /**
   * Stores a stream. The file gets its hash's name only once it is complete: every byte
   * written (a short write is an error), fsynced, then read back and checked against the
   * size and SHA-256 of what streamed in. A file already stored under that hash is reused
   * only if it checks too; otherwise (a cut-short leftover of an older version's failed
   * write) the new, verified copy replaces it.
   */
  async putStream(source: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredFile> {
    const tmpDir = path.join(this.dir, 'incoming')
    const tmp = tempPathFor(path.join(tmpDir, 'upload'))
    const hash = createHash('sha256')
    let size = 0
    let handle
    try {
      await fsp.mkdir(tmpDir, { recursive: true })
      handle = await fsp.open(tmp, 'w+')
    } catch (err) {
      throw isDiskFull(err) ? diskFullError('the attachment') : err
    }
    try {
      // A plain loop rather than pipeline(): the fd must stay open for fsync, and a
      // non-closing fs stream never signals the end to pipeline.
      for await (const chunk of source as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        size += buf.length
        if (size > maxBytes) throw new CoreError('INVALID_INPUT', `The file is larger than ${maxBytes} bytes.`)
        hash.update(buf)
        try {
          await writeFully(handle, buf)
        } catch (err) {
          throw isDiskFull(err) ? diskFullError('the attachment', err) : err
        }
      }
      try {
        await handle.sync()
      } catch (err) {
        throw isDiskFull(err) ? diskFullError('the attachment', err) : err
      }
      const written = (await handle.stat()).size
      if (written !== size) throw new CoreError('IO_ERROR', `The attachment was not stored whole (${written} of ${size} bytes reached the disk); nothing was kept.`, undefined, { reason: 'FILE_NOT_STORED' })
      const check = await digestOfHandle(handle, size)
      if (check !== hash.copy().digest('hex'))
        throw new CoreError('IO_ERROR', `The attachment read back from the disk differs from what was written (SHA-256 ${check.slice(0, 12)}…); nothing was kept.`, undefined, { reason: 'FILE_NOT_STORED' })
    } catch (err) {
      await handle.close().catch(() => {})
      await fsp.rm(tmp, { force: true })
      throw err
    }
    await handle.close()
    const sha256 = hash.digest('hex')
    let existed = false
    try {
      const target = this.pathOf(sha256)
      const st = await fsp.stat(target).catch(() => null)
      existed = !!st
      if (st?.isFile() && st.size === size && (await fileDigest(target).catch(() => null))?.sha256 === sha256) {
        await fsp.rm(tmp, { force: true })
        return { sha256, size, created: false }
      }
      await fsp.mkdir(path.dirname(target), { recursive: true })
      // Over a damaged copy, if there is one: rename replaces it in one step.
      await fsp.rename(tmp, target)
      // Stored files are immutable: read-only for everyone.
      await fsp.chmod(target, 0o444).catch(() => {})
      const dh = await fsp.open(path.dirname(target), 'r').catch(() => null)
      if (dh) {
        await dh.sync().catch(() => {})
        await dh.close()
      }
    } catch (err) {
      await fsp.rm(tmp, { force: true })
      throw isDiskFull(err) ? diskFullError('the attachment', err) : err
    }
    // `created` says whether this call added a file (a caller undoing its work removes only those).
    return { sha256, size, created: !existed }
  }

  /** Whether the stored file of sha256 is there and whole: the right size and hash. */
  async holds(sha256: string, size: number): Promise<boolean> {
    const file = this.pathOf(sha256)
    const st = await fsp.stat(file).catch(() => null)
    if (!st?.isFile() || st.size !== size) return false
    const d = await fileDigest(file).catch(() => null)
    return d?.sha256 === sha256
  }

  async putPath(file: string): Promise<StoredFile> {
    let stat
    try {
      stat = await fsp.stat(file)
    } catch (err) {
      throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${describeFsError(err)}.`, undefined, fsReason(file, err))
    }
    if (!stat.isFile()) throw new CoreError('FILE_UNREADABLE', `Cannot attach ${file}: it is not a regular file.`, undefined, { reason: 'NOT_A_FILE', name: path.basename(file) })
    try {
      return await this.putStream(createReadStream(file))
    } catch (err) {
      if (err instanceof CoreError) throw err
      if (isDiskFull(err)) throw diskFullError(`a copy of ${file}`, err)
      throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${describeFsError(err)}.`, undefined, fsReason(file, err))
    }
  }

  /** Removes a stored file (only when nothing refers to it any more). */
  async remove(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true })
  }
}

/** Size and SHA-256 of a file on disk. */
export async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const handle = await fsp.open(file, 'r')
  try {
    const size = (await handle.stat()).size
    return { size, sha256: await digestOfHandle(handle, size) }
  } finally {
    await handle.close()
  }
}

/** SHA-256 of the first `size` bytes of an open file, read in one buffer of at most 1 MB. */
async function digestOfHandle(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256')
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, 1 << 20)))
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - pos), pos)
    if (bytesRead === 0) break
    hash.update(buf.subarray(0, bytesRead))
    pos += bytesRead
  }
  return hash.digest('hex')
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a folder'
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return (err as Error)?.message ?? String(err)
  }
}
