// What the API and the CLI call: a proposal made against the open archive (its names
// reused, its duplicates marked), and files read with their size checked first.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../../Archive'
import { CoreError, fsReason, megabytes } from '../../errors'
import { authoritiesFromArchive } from './archiveNames'
import { MAX_SOURCE_BYTES } from './decode'
import { markDuplicates } from './duplicates'
import { proposeFromBytes, proposeFromText } from './propose'
import type { Proposal, ProposeOptions } from './types'

type Opts = Omit<ProposeOptions, 'knownAuthorities'>

export async function proposeTextForArchive(archive: Archive, text: string, opts: Opts = {}): Promise<Proposal> {
  return markDuplicates(proposeFromText(text, { ...opts, knownAuthorities: await authoritiesFromArchive(archive) }), archive)
}

export async function proposeBytesForArchive(archive: Archive, bytes: Buffer, opts: Opts = {}): Promise<Proposal> {
  return markDuplicates(proposeFromBytes(bytes, { ...opts, knownAuthorities: await authoritiesFromArchive(archive) }), archive)
}

/** Reads a .txt / .html file for import (refusing directories and files too large before reading). */
export async function readSourceFile(file: string): Promise<{ bytes: Buffer; sourceName: string }> {
  let st
  try {
    st = await fsp.stat(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err)}.`, 'path', fsReason(file, err))
  }
  if (!st.isFile()) throw new CoreError('FILE_UNREADABLE', `Cannot import ${file}: it is not a regular file.`, 'path', { reason: 'NOT_A_FILE', name: path.basename(file) })
  if (st.size > MAX_SOURCE_BYTES)
    throw new CoreError(
      'INVALID_INPUT',
      `${path.basename(file)} is ${(st.size / 1048576).toFixed(1)} MB; a press page to import can be at most ${MAX_SOURCE_BYTES / 1048576} MB.`,
      'path',
      { reason: 'FILE_TOO_LARGE', name: path.basename(file), max: megabytes(MAX_SOURCE_BYTES) }
    )
  return { bytes: await fsp.readFile(file), sourceName: path.basename(file) }
}
