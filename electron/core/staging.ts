// Files a browser uploads for import wait in the archive's tmp/staging/<token>/ until the
// import job that names their tokens has run; tokens, never paths, cross the API.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import type { Archive } from './Archive'
import { sanitiseFileName } from './Archive'
import { CoreError, megabytes } from './errors'
import { newId } from './ids'
import { diskFullError, isDiskFull, writeFully } from './fullWrite'

const stagingDir = (archive: Archive) => path.join(archive.root, 'tmp', 'staging')

/** The place an upload came from, as the browser gave it (its path inside the chosen folder, else its name), beside its folder. */
const originFile = (archive: Archive, token: string) => path.join(stagingDir(archive), `${token}.origin`)

export async function stageUpload(archive: Archive, name: string, source: Readable, maxBytes = 4 * 1024 ** 3, origin?: string): Promise<string> {
  const token = newId()
  // Control characters out, and a bounded length: this string ends up in the provenance.
  // eslint-disable-next-line no-control-regex
  const from = (origin || name).replace(/[\u0000-\u001f\u007f]/g, '_').slice(0, 1000)
  const dir = path.join(stagingDir(archive), token)
  await fsp.mkdir(dir, { recursive: true })
  const file = path.join(dir, sanitiseFileName(name))
  let size = 0
  try {
    const handle = await fsp.open(file, 'w')
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > maxBytes) throw new CoreError('INVALID_INPUT', `${name} is larger than ${maxBytes} bytes.`, undefined, { reason: 'FILE_TOO_LARGE', name, max: megabytes(maxBytes) })
        await writeFully(handle, chunk)
      }
    } finally {
      await handle.close()
    }
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true })
    throw isDiskFull(err) ? diskFullError(`the upload of ${name}`, err) : err
  }
  await fsp.writeFile(originFile(archive, token), from).catch(() => {})
  return token
}

/** How provenance names each staged file: "upload: " and the path the browser gave, by the file's staged path. */
export async function stagedOrigins(archive: Archive, tokens: string[]): Promise<Record<string, string>> {
  const paths = await stagedPaths(archive, tokens)
  const out: Record<string, string> = {}
  for (let i = 0; i < tokens.length; i++) {
    const from = await fsp.readFile(originFile(archive, tokens[i]), 'utf8').catch(() => path.basename(paths[i]))
    out[paths[i]] = `upload: ${from}`
  }
  return out
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
      throw new CoreError('NOT_FOUND', `No uploaded file with token ${token} (uploads are kept until imported or the archive is reopened).`, undefined, { reason: 'UPLOAD_GONE' })
    }
    if (names.length !== 1) throw new CoreError('NOT_FOUND', `The upload ${token} is incomplete.`, undefined, { reason: 'UPLOAD_GONE' })
    out.push(path.join(dir, names[0]))
  }
  return out
}

export async function clearStaged(archive: Archive, tokens: string[]): Promise<void> {
  for (const token of tokens) {
    await fsp.rm(path.join(stagingDir(archive), token), { recursive: true, force: true })
    await fsp.rm(originFile(archive, token), { force: true })
  }
}
