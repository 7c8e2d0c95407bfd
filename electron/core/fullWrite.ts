// Writes that cannot come out short. A write(2) may store fewer bytes than asked (a disk
// that fills up mid-write does exactly that: a short count first, ENOSPC on the next call),
// and FileHandle.write reports it only in bytesWritten; every write of ours goes through here.
import type { FileHandle } from 'node:fs/promises'
import { CoreError } from './errors'

/** Writes every byte of buf at the handle's position (or at `position`), or throws. */
export async function writeFully(handle: FileHandle, buf: Uint8Array, position?: number): Promise<void> {
  let off = 0
  while (off < buf.length) {
    const { bytesWritten } = await handle.write(buf, off, buf.length - off, position === undefined ? null : position + off)
    // A write that stores nothing and reports no error would loop for ever: treat it as the
    // full disk it nearly always is.
    if (bytesWritten <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    off += bytesWritten
  }
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT'])

/** Whether err says the disk (or the user's quota) is full. */
export function isDiskFull(err: unknown): boolean {
  if (err instanceof CoreError) return err.code === 'DISK_FULL'
  return DISK_FULL_CODES.has((err as NodeJS.ErrnoException)?.code ?? '')
}

/** The error the person sees for a full disk: what could not be written, and that nothing was lost. */
export function diskFullError(what: string, err?: unknown): CoreError {
  const quota = (err as NodeJS.ErrnoException)?.code === 'EDQUOT'
  return new CoreError(
    'DISK_FULL',
    `${quota ? 'The disk quota is used up' : 'The disk is full'}: ${what} could not be written. Nothing already in the archive was lost; free some space and try again.`
  )
}
