// Writes the catalogue pack (packFile.ts) from the shard files as they are on disk: a shard
// still the file the previous pack was made from keeps its section, byte for byte; any other is
// read from its file, checked and turned into rows. So writing the pack after an edit costs a
// copy of its bytes and the parse of the shards that changed, not a parse of the catalogue.
import { closeSync, fstatSync, lstatSync, openSync, readSync, promises as fsp, type Stats } from 'node:fs'
import * as path from 'node:path'
import { encodePack, identityOf, readPack, sameFile, sectionOffsets, type FileIdentity, type PackSection } from './packFile'
import { RECORD_KEYS, rowsText } from './rows'
import { shardProblem, type ShardData } from './shardFormat'
import { tempPathFor } from '../fsutil'

export const SHARD_FILE = /^[0-9a-f]{3}\.json$/

/**
 * A shard changed so recently that a change in place within the same tick of the file system's
 * clock would leave its identity as it was is not copied (it is read from its file at open).
 * File systems that keep whole seconds (FAT keeps 2 s) need a window of seconds; the others
 * keep times to the millisecond or better.
 */
const RACY_MS_FINE = 50
const RACY_MS_COARSE = 3000

export type PackBuilt = { sections: number; copiedFromPack: number; readFromShards: number; leftOut: number; bytes: number }

/** Reads a whole file through one descriptor, with its identity before and after (null if it changed meanwhile). */
function readStable(file: string): { bytes: Buffer; st: Stats } | null {
  const fd = openSync(file, 'r')
  try {
    const before = fstatSync(fd)
    const bytes = Buffer.allocUnsafe(before.size)
    let got = 0
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got)
      if (n === 0) break
      got += n
    }
    const after = fstatSync(fd)
    if (got !== before.size || !sameFile(identityOf('', before), after)) return null
    return { bytes, st: after }
  } finally {
    closeSync(fd)
  }
}

/**
 * Builds the pack of `shardDir` into `packFile`, written aside in `tmpDir` and renamed over the
 * old one; `started` is the time from which a shard counts as changed too recently. Not fsynced:
 * the pack is a cache, checked by its CRC at every open, so a pack torn or lost by a power cut
 * is simply not used, and nothing is lost with it.
 */
export async function buildPack(shardDir: string, packFile: string, tmpDir: string, started = Date.now()): Promise<PackBuilt> {
  const old = await readPack(packFile)
  const previous = new Map<string, { section: PackSection; offset: number; body: Buffer }>()
  // A pack made for other fields (an older or newer model) is made again from the shards.
  if (old && 'header' in old && old.header.keys.join() === RECORD_KEYS.join()) {
    const offsets = sectionOffsets(old.header)
    old.header.sections.forEach((s, i) => previous.set(s[0], { section: s, offset: offsets[i], body: old.body }))
  }
  let names: string[]
  try {
    names = (await fsp.readdir(shardDir)).filter((n) => SHARD_FILE.test(n))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    names = []
  }
  const stats: Array<Stats | null> = names.map((name) => {
    try {
      return lstatSync(path.join(shardDir, name))
    } catch {
      return null
    }
  })
  const coarse = stats.length > 0 && stats.every((st) => !st || (st.mtimeMs % 1000 === 0 && st.ctimeMs % 1000 === 0))
  const racyAfter = started - (coarse ? RACY_MS_COARSE : RACY_MS_FINE)
  const racy = (st: Stats) => st.mtimeMs >= racyAfter || st.ctimeMs >= racyAfter

  const sections: Array<{ identity: FileIdentity; bytes: Uint8Array }> = []
  const built: PackBuilt = { sections: 0, copiedFromPack: 0, readFromShards: 0, leftOut: 0, bytes: 0 }
  for (let i = 0; i < names.length; i++) {
    // The reads are synchronous (a few microseconds each when cached); the event loop gets a turn now and then.
    if (i % 256 === 255) await new Promise((r) => setImmediate(r))
    const name = names[i].slice(0, 3)
    const st = stats[i]
    if (!st || !st.isFile() || racy(st)) {
      built.leftOut++
      continue
    }
    const before = previous.get(name)
    if (before && sameFile(before.section, st)) {
      sections.push({ identity: identityOf(name, st), bytes: before.body.subarray(before.offset, before.offset + before.section[5]) })
      built.copiedFromPack++
      continue
    }
    let read: { bytes: Buffer; st: Stats } | null
    try {
      read = readStable(path.join(shardDir, names[i]))
    } catch {
      read = null
    }
    if (!read || racy(read.st)) {
      built.leftOut++
      continue
    }
    // A shard that does not parse or is not of the shape of one is left out: opening reads it
    // from its file and names it.
    let data: ShardData
    try {
      data = JSON.parse(read.bytes.toString('utf8')) as ShardData
    } catch {
      built.leftOut++
      continue
    }
    if (shardProblem(data) !== null) {
      built.leftOut++
      continue
    }
    sections.push({ identity: identityOf(name, read.st), bytes: Buffer.from(rowsText(data)) })
    built.readFromShards++
  }
  const bytes = encodePack(sections, RECORD_KEYS)
  built.sections = sections.length
  built.bytes = bytes.length
  await fsp.mkdir(path.dirname(packFile), { recursive: true })
  await fsp.mkdir(tmpDir, { recursive: true })
  const tmp = tempPathFor(packFile, tmpDir)
  try {
    await fsp.writeFile(tmp, bytes)
    await fsp.rename(tmp, packFile)
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => {})
    throw err
  }
  return built
}
