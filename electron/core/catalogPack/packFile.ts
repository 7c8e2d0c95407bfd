// The catalogue pack: the records of every shard file of catalog/items/ in one file,
// so that opening reads one file from start to end instead of thousands of small ones (on a
// cold page cache each small read waits on the disk; parsing one JSON text costs less than
// parsing thousands). The shards stay the truth: the pack is a cache beside them, in
// cache/catalog.pack, and each copy in it is used only while the shard it came from is still
// the same file (same inode, size, modification and change times, as git's index checks its
// working tree); a shard written since is read from its own file.
//
// Layout: one line of JSON (the header: format, when it was built, the fields of a row, the
// body's length and CRC-32, and per shard its name, the identity of the file it was made from
// and the length of its section), then the body, a JSON array with one element per shard in the
// header's order: that shard's records as rows (rows.ts). The body is parsed with one
// JSON.parse; a section whose shard did not change is copied into the next pack byte for byte.
import { promises as fsp, type Stats } from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'

export const PACK_FORMAT = 'presskeep-catalog-pack'
export const PACK_VERSION = 1

/** Where an archive keeps its catalogue pack (relative to the archive folder). */
export const PACK_PATH = path.join('cache', 'catalog.pack')

/** The identity of a shard file when it was copied (name without .json, inode, size, mtime and ctime in ms), then its section's length in the body. */
export type PackSection = [name: string, ino: number, size: number, mtimeMs: number, ctimeMs: number, bytes: number]
export type FileIdentity = [name: string, ino: number, size: number, mtimeMs: number, ctimeMs: number]

export type PackHeader = {
  format: string
  version: number
  built: string
  /** The fields of a row, in order (a pack made for other fields is not used). */
  keys: string[]
  bodyBytes: number
  crc32: number
  sections: PackSection[]
}

export type Pack = { header: PackHeader; body: Buffer }

/** The identity a section records for a file's stat. */
export function identityOf(name: string, st: Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>): FileIdentity {
  return [name, st.ino, st.size, st.mtimeMs, st.ctimeMs]
}

/** Whether a shard file is still the one a section copied. */
export function sameFile(section: PackSection | FileIdentity, st: Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>): boolean {
  return section[1] === st.ino && section[2] === st.size && section[3] === st.mtimeMs && section[4] === st.ctimeMs
}

/** The pack's bytes: the header line, then the sections (each a JSON text) as one JSON array. */
export function encodePack(sections: Array<{ identity: FileIdentity; bytes: Uint8Array }>, keys: readonly string[], built = new Date()): Buffer {
  const parts: Uint8Array[] = [Buffer.from('[')]
  sections.forEach((s, i) => {
    if (i > 0) parts.push(Buffer.from(','))
    parts.push(s.bytes)
  })
  parts.push(Buffer.from(']'))
  const body = Buffer.concat(parts)
  const header: PackHeader = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    built: built.toISOString(),
    keys: [...keys],
    bodyBytes: body.length,
    crc32: crc32(body),
    sections: sections.map((s) => [...s.identity, s.bytes.length])
  }
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), body])
}

/** Where each section's bytes lie in the body (the body starts with '[', sections are comma-separated). */
export function sectionOffsets(header: PackHeader): number[] {
  const offsets: number[] = []
  let at = 1
  for (const s of header.sections) {
    offsets.push(at)
    at += s[5] + 1
  }
  return offsets
}

const isSection = (s: unknown): s is PackSection =>
  Array.isArray(s) && s.length === 6 && typeof s[0] === 'string' && /^[0-9a-f]{3}$/.test(s[0]) && s.slice(1).every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)

/**
 * Reads and checks a pack: the pack, null when there is none, or what is wrong with it (a pack
 * of another format, cut short, or whose body does not match its checksum is not used).
 */
export async function readPack(file: string): Promise<Pack | null | { problem: string }> {
  let bytes: Buffer
  try {
    bytes = await fsp.readFile(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    return { problem: `cannot be read (${(err as Error).message})` }
  }
  return decodePack(bytes)
}

export function decodePack(bytes: Buffer): Pack | { problem: string } {
  const eol = bytes.indexOf(0x0a)
  if (eol < 0) return { problem: 'no header line' }
  let header: PackHeader
  try {
    header = JSON.parse(bytes.toString('utf8', 0, eol)) as PackHeader
  } catch {
    return { problem: 'the header is not valid JSON' }
  }
  if (!header || header.format !== PACK_FORMAT) return { problem: 'not a catalogue pack' }
  if (header.version !== PACK_VERSION) return { problem: `pack version ${header.version}, not ${PACK_VERSION}` }
  if (!Array.isArray(header.sections) || !header.sections.every(isSection)) return { problem: 'the header lists no valid sections' }
  const body = bytes.subarray(eol + 1)
  if (body.length !== header.bodyBytes) return { problem: `the body is ${body.length} bytes, not ${header.bodyBytes}` }
  if (!Array.isArray(header.keys) || !header.keys.every((k) => typeof k === 'string')) return { problem: 'the header lists no fields' }
  const expected = header.sections.reduce((n, s) => n + s[5] + 1, 1) + (header.sections.length === 0 ? 1 : 0)
  if (expected !== body.length) return { problem: 'the sections do not add up to the body' }
  if (crc32(body) !== header.crc32) return { problem: 'the body does not match its checksum' }
  return { header, body }
}
