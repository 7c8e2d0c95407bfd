// Which files an import takes: folders walked recursively, hidden and system files
// ignored, unsupported files listed, symlinks never followed outside the folder.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { detectFormat, type FileFormat } from './detect'
import { fsIssue, ImportIssue, type IssueCode } from './util'

export type WalkedFile = { path: string; format: FileFormat; size: number }
export type WalkIssue = { path: string; code: IssueCode; message: string }
/** failed: files that are there but cannot be imported (they count as failed, never silently left out). */
export type WalkResult = { files: WalkedFile[]; skipped: WalkIssue[]; failed: WalkIssue[] }

const SYSTEM_NAMES = new Set([
  'thumbs.db', 'desktop.ini', 'ehthumbs.db', 'icon\r', '__macosx', '$recycle.bin', 'system volume information',
  'lost+found', 'node_modules', '.git'
])

/** Hidden (".x"), system, and office lock ("~$x") files: never imported, never listed. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || SYSTEM_NAMES.has(name.toLowerCase())
}

/** A path with ".." segments is refused: callers give full paths, not ones that climb. */
export function checkInputPath(p: string): WalkIssue | null {
  if (typeof p !== 'string' || p === '' || p.includes('\0'))
    return { path: String(p), code: 'UNSAFE_NAME', message: 'An empty or invalid path was given.' }
  if (p.split(/[\\/]+/).includes('..'))
    return { path: p, code: 'UNSAFE_NAME', message: `"${p}" climbs out of its folder with ".."; give the file's full path instead.` }
  if (!path.isAbsolute(p)) return { path: p, code: 'UNSAFE_NAME', message: `"${p}" is not a full path (it must start at the root of a disk).` }
  return null
}

export async function walkPaths(inputs: string[], signal?: AbortSignal): Promise<WalkResult> {
  const files: WalkedFile[] = []
  const skipped: WalkIssue[] = []
  const failed: WalkIssue[] = []
  const seen = new Set<string>()

  const addFile = async (p: string, size: number) => {
    if (seen.has(p)) return
    seen.add(p)
    let format: FileFormat | null
    try {
      format = size === 0 ? null : await detectFormat(p)
    } catch (err) {
      const issue = fsIssue(p, err)
      skipped.push({ path: p, code: issue.issue, message: issue.message })
      return
    }
    if (size === 0) skipped.push({ path: p, code: 'EMPTY', message: `${path.basename(p)} is empty (0 bytes).` })
    else if (!format)
      skipped.push({ path: p, code: 'UNSUPPORTED', message: `${path.basename(p)}: this kind of file is not imported (${path.extname(p) || 'no extension'}).` })
    else files.push({ path: p, format, size })
  }

  const walkDir = async (dir: string, root: string, visited: Set<string>) => {
    if (signal?.aborted) return
    let entries
    try {
      // Names as bytes: a name that is not valid UTF-8 (written by an old system or another
      // locale) would otherwise come back with U+FFFD in it, a path that opens nothing.
      entries = await fsp.readdir(dir, { withFileTypes: true, encoding: 'buffer' })
    } catch (err) {
      const issue = fsIssue(dir, err)
      skipped.push({ path: dir, code: issue.issue, message: issue.message })
      return
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name))
    for (const e of entries) {
      const name = e.name.toString('utf8')
      if (isIgnoredName(name)) continue
      const p = path.join(dir, name)
      if (!Buffer.from(name, 'utf8').equals(e.name)) {
        failed.push({
          path: p,
          code: 'UNSAFE_NAME',
          message: `${name} (in ${dir}) was not imported: its name is not valid UTF-8 (bytes ${e.name.toString('hex').replace(/(..)/g, '$1 ').trim()}), so it cannot be opened by name. Rename it and import it again.`
        })
        continue
      }
      let target = p
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        try {
          target = await fsp.realpath(p)
        } catch {
          skipped.push({ path: p, code: 'GONE', message: `${name} is a link to something that does not exist.` })
          continue
        }
        const rel = path.relative(root, target)
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          skipped.push({ path: p, code: 'OUTSIDE_FOLDER', message: `${name} is a link to ${target}, outside the folder being imported; it was not followed.` })
          continue
        }
        try {
          const st = await fsp.stat(target)
          isDir = st.isDirectory()
          isFile = st.isFile()
        } catch (err) {
          const issue = fsIssue(p, err)
          failed.push({ path: p, code: issue.issue, message: issue.message })
          continue
        }
      }
      if (isDir) {
        if (visited.has(target)) continue
        visited.add(target)
        await walkDir(p, root, visited)
      } else if (isFile) {
        let size: number
        try {
          size = (await fsp.stat(p)).size
        } catch (err) {
          const issue = fsIssue(p, err)
          failed.push({ path: p, code: issue.issue, message: issue.message })
          continue
        }
        await addFile(p, size)
      }
    }
  }

  for (const input of inputs) {
    if (signal?.aborted) break
    const bad = checkInputPath(input)
    if (bad) {
      skipped.push(bad)
      continue
    }
    const p = path.normalize(input)
    let st
    try {
      st = await fsp.stat(p)
    } catch (err) {
      const issue = fsIssue(p, err)
      skipped.push({ path: p, code: issue.issue, message: issue.message })
      continue
    }
    if (st.isDirectory()) {
      const root = await fsp.realpath(p)
      await walkDir(p, root, new Set([root]))
    } else if (st.isFile()) await addFile(p, st.size)
    else skipped.push({ path: p, code: 'UNSUPPORTED', message: `${p} is neither a file nor a folder.` })
  }
  return { files, skipped, failed }
}

export { ImportIssue }
