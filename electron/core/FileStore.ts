import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import { CoreError } from './errors'
import { tempPathFor } from './fsutil'

export type StoredFile = { sha256: string; size: number; created: boolean }

/**
 * Attachments, content-addressed under files/sha256/ab/<sha256>: stored once whatever
 * their name, streamed in (never read whole into memory), verified, never modified.
 */
export class FileStore {
  constructor(private readonly dir: string) {}

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

  /** Stores a stream; the file is in place, fsynced, only once its hash is known. */
  async putStream(source: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredFile> {
    const tmpDir = path.join(this.dir, 'incoming')
    await fsp.mkdir(tmpDir, { recursive: true })
    const tmp = tempPathFor(path.join(tmpDir, 'upload'))
    const hash = createHash('sha256')
    let size = 0
    const handle = await fsp.open(tmp, 'w')
    try {
      // A plain loop rather than pipeline(): the fd must stay open for fsync, and a
      // non-closing fs stream never signals the end to pipeline.
      for await (const chunk of source as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        size += buf.length
        if (size > maxBytes) throw new CoreError('INVALID_INPUT', `The file is larger than ${maxBytes} bytes.`)
        hash.update(buf)
        await handle.write(buf)
      }
      await handle.sync()
    } catch (err) {
      await handle.close().catch(() => {})
      await fsp.rm(tmp, { force: true })
      throw err
    }
    await handle.close()
    const sha256 = hash.digest('hex')
    const target = this.pathOf(sha256)
    if (await this.has(sha256)) {
      await fsp.rm(tmp, { force: true })
      return { sha256, size, created: false }
    }
    await fsp.mkdir(path.dirname(target), { recursive: true })
    await fsp.rename(tmp, target)
    // Stored files are immutable: read-only for everyone.
    await fsp.chmod(target, 0o444).catch(() => {})
    const dh = await fsp.open(path.dirname(target), 'r').catch(() => null)
    if (dh) {
      await dh.sync().catch(() => {})
      await dh.close()
    }
    return { sha256, size, created: true }
  }

  async putPath(file: string): Promise<StoredFile> {
    let stat
    try {
      stat = await fsp.stat(file)
    } catch (err) {
      throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${describeFsError(err)}.`)
    }
    if (!stat.isFile()) throw new CoreError('FILE_UNREADABLE', `Cannot attach ${file}: it is not a regular file.`)
    try {
      return await this.putStream(createReadStream(file))
    } catch (err) {
      if (err instanceof CoreError) throw err
      throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${describeFsError(err)}.`)
    }
  }

  /** Removes a stored file (only when nothing refers to it any more). */
  async remove(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true })
  }
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
