// Opening the catalogue: each shard's content comes from the pack (one sequential read and one
// parse for all of them) when the shard file is still the one the pack copied, and from its own
// file otherwise (written since the pack, or no usable pack). The shard files are listed and
// their identities taken (a stat each: no content read), never trusted blindly to the pack.
import { existsSync, lstatSync, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { readPack, sameFile } from './packFile'
import { RECORD_KEYS } from './rows'
import { SHARD_FILE } from './buildPack'
import { readFilesInOrder } from '../readFilesParallel'

/** What opening read: to show that it does not grow with the archive the way the shard count does. */
export type ShardsRead = {
  shards: number
  /** Shards whose content came from the pack. */
  fromPack: number
  /** Files whose content was read (the pack counts one). */
  filesRead: number
  bytesRead: number
  /** Why the pack was not used, when there is one that could not be (null when used or absent). */
  packProblem: string | null
  /** Whether the pack should be written again (missing, unusable, or some shard read from its file). */
  packStale: boolean
}

/** One shard's content: its rows (from the pack, parsed already) or the file's text. */
export type ShardContent = { name: string; file: string; rows?: unknown; text?: string }

/**
 * Calls `take` for each shard file of `dir` in the order the folder lists them, with its content
 * from the pack at `packFile` where the pack's copy is current, else from the file.
 */
export async function readShards(dir: string, packFile: string | null, take: (shard: ShardContent) => void): Promise<ShardsRead> {
  const names = (await fsp.readdir(dir)).filter((n) => SHARD_FILE.test(n))
  const read: ShardsRead = { shards: names.length, fromPack: 0, filesRead: 0, bytesRead: 0, packProblem: null, packStale: false }
  const fromPack: unknown[] = new Array(names.length)
  const current: boolean[] = new Array(names.length).fill(false)
  // The pack is read (one wait on the disk) while the shard files' identities are taken (a
  // stat each, each a wait of its own on a cold cache).
  const hasPack = packFile !== null && existsSync(packFile)
  const reading = hasPack ? readPack(packFile) : Promise.resolve(null)
  const stats = (hasPack ? names : []).map((n) => {
    try {
      return lstatSync(path.join(dir, n))
    } catch {
      // Gone since the listing: not taken from the pack.
      return null
    }
  })
  const pack = await reading
  if (pack && 'problem' in pack) read.packProblem = pack.problem
  else if (pack && pack.header.keys.join() !== RECORD_KEYS.join()) read.packProblem = 'made for other fields'
  else if (pack) {
    read.filesRead++
    read.bytesRead += pack.body.length
    // Which shard files are still those the pack was made from, before parsing it: an archive
    // copied to another disk has none, and its pack is not parsed for nothing.
    const index = new Map(pack.header.sections.map((s, i) => [s[0], i]))
    const sectionOf: number[] = new Array(names.length).fill(-1)
    names.forEach((n, i) => {
      const at = index.get(n.slice(0, 3))
      const st = stats[i]
      if (at !== undefined && st && sameFile(pack.header.sections[at], st)) sectionOf[i] = at
    })
    let elements: unknown = null
    if (sectionOf.some((at) => at >= 0)) {
      try {
        elements = JSON.parse(pack.body.toString('utf8'))
      } catch {
        read.packProblem = 'its body is not valid JSON'
      }
      if (!read.packProblem && (!Array.isArray(elements) || elements.length !== pack.header.sections.length)) read.packProblem = 'its body does not hold one element per section'
    }
    if (!read.packProblem && Array.isArray(elements))
      sectionOf.forEach((at, i) => {
        if (at < 0) return
        fromPack[i] = (elements as unknown[])[at]
        current[i] = true
        read.fromPack++
      })
  }
  read.packStale = !pack || read.packProblem !== null || read.fromPack < names.length || ('header' in pack && pack.header.sections.length !== read.fromPack)
  const fileOf = (i: number) => path.join(dir, names[i])
  const counted = (text: string) => {
    read.filesRead++
    read.bytesRead += Buffer.byteLength(text)
    return text
  }
  if (read.fromPack === 0) {
    // No pack to use: each shard is taken as it is read, so that parsing overlaps the reads.
    await readFilesInOrder(names.map((_, i) => fileOf(i)), (i, text) => take({ name: names[i], file: fileOf(i), text: counted(text) }))
    return read
  }
  const unpacked = names.flatMap((_, i) => (current[i] ? [] : [i]))
  const texts: string[] = new Array(names.length)
  await readFilesInOrder(
    unpacked.map(fileOf),
    (k, text) => (texts[unpacked[k]] = counted(text))
  )
  names.forEach((name, i) => take(current[i] ? { name, file: fileOf(i), rows: fromPack[i] } : { name, file: fileOf(i), text: texts[i] }))
  return read
}
