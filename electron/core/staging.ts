// Files a browser uploads for import wait in the archive's tmp/staging/<token>/ until the
// import job that names their tokens has run; tokens, never paths, cross the API.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import type { Archive } from './Archive'
import { sanitiseFileName } from './Archive'
import { CoreError } from './errors'
import { newId } from './ids'
import { diskFullError, isDiskFull, writeFully } from './fullWrite'

const stagingDir = (archive: Archive) => path.join(archive.root, 'tmp', 'staging')

export async function stageUpload(archive: Archive, name: string, source: Readable, maxBytes = 4 * 1024 ** 3): Promise<string> {
  const token = newId()
  const dir = path.join(stagingDir(archive), token)
  await fsp.mkdir(dir, { recursive: true })
  const file = path.join(dir, sanitiseFileName(name))
  let size = 0
  try {
    const handle = await fsp.open(file, 'w')
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > maxBytes) throw new CoreError('INVALID_INPUT', `${name} is larger than ${maxBytes} bytes.`)
        await writeFully(handle, chunk)
      }
    } finally {
      await handle.close()
    }
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true })
    throw isDiskFull(err) ? diskFullError(`the upload of ${name}`, err) : err
  }
  return token
}

/** The staged file of each token (refusing unknown tokens). */
export async function stagedPaths(archive: Archive, tokens: string[]): Promise<string[]> {
  const out: string[] = []
  for (const token of tokens) {
    const dir = path.join(stagingDir(archive), token)
    let names: string[]
    try {
      names = await fsp.readdir(dir)
    } catch {
      throw new CoreError('NOT_FOUND', `No uploaded file with token ${token} (uploads are kept until imported or the archive is reopened).`)
    }
    if (names.length !== 1) throw new CoreError('NOT_FOUND', `The upload ${token} is incomplete.`)
    out.push(path.join(dir, names[0]))
  }
  return out
}

export async function clearStaged(archive: Archive, tokens: string[]): Promise<void> {
  for (const token of tokens) await fsp.rm(path.join(stagingDir(archive), token), { recursive: true, force: true })
}
