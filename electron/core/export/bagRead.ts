import { createHash, getHashes } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { CoreError } from '../errors'
import { decodeManifestPath } from './bagit'

/** The files of a bag, wherever they are: a folder or a zip. Paths are relative to the bag's root, with '/'. */
export interface BagSource {
  readonly location: string
  /** Every file of the bag and its size. */
  readonly files: Map<string, number>
  open(rel: string): Promise<Readable>
  close(): Promise<void>
}

function refuse(location: string, why: string): CoreError {
  return new CoreError('INVALID_INPUT', `Cannot import ${location}: ${why} Nothing was imported.`, 'path', {
    reason: 'BAG_INVALID',
    name: path.basename(location),
    detail: why.replace(/\.$/, '')
  })
}

/** A path inside a bag that cannot leave it: relative, no "..", no "." or empty segments, no backslashes, no drive letters. */
export function isSafeRelPath(p: string): boolean {
  if (p === '' || p.includes('\\') || p.includes('\0') || p.startsWith('/') || /^[a-zA-Z]:/.test(p)) return false
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..')
}

async function readAll(stream: Readable, max: number, location: string, rel: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += (chunk as Buffer).length
    if (size > max) {
      stream.destroy()
      throw refuse(location, `${rel} is larger than ${max} bytes, more than such a file can be.`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export async function readText(source: BagSource, rel: string, max = 256 * 1024 * 1024): Promise<string> {
  const buf = await readAll(await source.open(rel), max, source.location, rel)
  // Tag files may start with a byte order mark (RFC 8493 §2.1.1 forbids it, some tools write it anyway).
  return buf.toString('utf8').replace(/^\ufeff/, '')
}

class FolderSource implements BagSource {
  constructor(
    readonly location: string,
    private readonly root: string,
    readonly files: Map<string, number>
  ) {}

  static async open(dir: string): Promise<FolderSource> {
    let root = dir
    const names = await fsp.readdir(dir)
    // Someone may point at the folder that holds the bag rather than at the bag.
    if (!names.includes('bagit.txt') && names.length === 1) {
      const inner = path.join(dir, names[0])
      if ((await fsp.stat(inner)).isDirectory() && (await fsp.readdir(inner)).includes('bagit.txt')) root = inner
    }
    const files = new Map<string, number>()
    const walk = async (abs: string, rel: string): Promise<void> => {
      for (const e of await fsp.readdir(abs, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name
        if (e.isSymbolicLink()) throw refuse(dir, `the bag holds a symbolic link (${r}), which could point outside it.`)
        if (e.isDirectory()) await walk(path.join(abs, e.name), r)
        else if (e.isFile()) {
          const st = await fsp.lstat(path.join(abs, e.name))
          // A hard link is another name of a file that may live outside the bag (issue 9: refused).
          if (st.nlink > 1) throw refuse(dir, `the bag holds a hard link (${r}), a file that may also be somewhere outside it.`)
          files.set(r, st.size)
        }
      }
    }
    await walk(root, '')
    return new FolderSource(dir, root, files)
  }

  async open(rel: string): Promise<Readable> {
    if (!isSafeRelPath(rel)) throw refuse(this.location, `the path ${JSON.stringify(rel)} would lead outside the bag.`)
    const size = this.files.get(rel) ?? 0
    return createReadStream(path.join(this.root, ...rel.split('/')), { highWaterMark: Math.min(1 << 20, Math.max(1 << 16, size)) })
  }

  async close(): Promise<void> {}
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Entry names are decoded here rather than by yauzl: zip tools on Linux and macOS store
 * UTF-8 names without setting the UTF-8 flag, which yauzl would then read as CP437
 * ("Morocco’s" as "MoroccoΓÇÖs") and the names would no longer match the manifests.
 * The decoded names are then checked by isSafeRelPath, as yauzl would have.
 */
function decodeEntryName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown as Buffer
  const unicodePath = e.extraFields.find((f) => f.id === 0x7075 && f.data.length > 5 && f.data[0] === 1)
  if (unicodePath) return unicodePath.data.subarray(5).toString('utf8')
  if (e.generalPurposeBitFlag & 0x800) return raw.toString('utf8')
  try {
    return utf8.decode(raw)
  } catch {
    // Not UTF-8: an old DOS name; latin1 keeps every byte visible in the error it will cause.
    return raw.toString('latin1')
  }
}

class ZipSource implements BagSource {
  private constructor(
    readonly location: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly files: Map<string, number>
  ) {}

  static async open(file: string): Promise<ZipSource> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, z) =>
        err ? reject(err) : resolve(z!)
      )
    ).catch((err: Error) => {
      throw refuse(file, `it is not a readable zip file (${err.message}).`)
    })
    const all: yauzl.Entry[] = []
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          e.fileName = decodeEntryName(e)
          all.push(e)
          zip.readEntry()
        })
        zip.on('end', () => resolve())
        zip.on('error', reject)
        zip.readEntry()
      })
    } catch (err) {
      zip.close()
      // yauzl itself rejects "../" and absolute entry names; say so plainly.
      throw refuse(file, `the zip file has an unsafe or damaged entry (${(err as Error).message}).`)
    }
    const names = all.map((e) => e.fileName).filter((n) => !n.endsWith('/'))
    for (const n of names) {
      if (!isSafeRelPath(n)) {
        zip.close()
        throw refuse(file, `the zip entry ${JSON.stringify(n)} would be written outside the bag.`)
      }
    }
    // RFC 8493 §4.2: a serialised bag unpacks to one folder; a bag zipped from inside has bagit.txt at its root.
    let prefix = ''
    if (!names.includes('bagit.txt')) {
      const tops = new Set(names.map((n) => n.split('/')[0]))
      if (tops.size !== 1 || !names.includes(`${[...tops][0]}/bagit.txt`)) {
        zip.close()
        throw refuse(file, 'the zip file does not hold one bag (no bagit.txt in a single top-level folder).')
      }
      prefix = `${[...tops][0]}/`
    }
    const entries = new Map<string, yauzl.Entry>()
    const files = new Map<string, number>()
    for (const e of all) {
      if (e.fileName.endsWith('/') || !e.fileName.startsWith(prefix)) continue
      const rel = e.fileName.slice(prefix.length)
      if (entries.has(rel)) {
        zip.close()
        throw refuse(file, `the zip file holds ${rel} twice.`)
      }
      entries.set(rel, e)
      files.set(rel, e.uncompressedSize)
    }
    return new ZipSource(file, zip, entries, files)
  }

  open(rel: string): Promise<Readable> {
    const entry = this.entries.get(rel)
    if (!entry) return Promise.reject(refuse(this.location, `${rel} is not in the zip file.`))
    return new Promise((resolve, reject) => this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))))
  }

  async close(): Promise<void> {
    this.zip.close()
  }
}

export async function openBag(location: string): Promise<BagSource> {
  let st
  try {
    st = await fsp.stat(location)
  } catch {
    throw new CoreError('NOT_FOUND', `There is no bag at ${location}.`, 'path', { reason: 'NO_BAG', name: location })
  }
  return st.isDirectory() ? FolderSource.open(location) : ZipSource.open(location)
}

export type VerifiedBag = {
  version: string
  /** Each manifest's checksums by algorithm, then by path. */
  manifests: Map<string, Map<string, string>>
  info: Map<string, string[]>
  payloadBytes: number
}

function parseLabels(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  let last: { key: string; idx: number } | null = null
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue
    if (/^[ \t]/.test(line) && last) {
      const values = out.get(last.key)!
      values[last.idx] += '\n' + line.trim()
      continue
    }
    const m = /^([^:]+?)\s*:\s?(.*)$/.exec(line)
    if (!m) continue
    const values = out.get(m[1]) ?? []
    values.push(m[2].trim())
    out.set(m[1], values)
    last = { key: m[1], idx: values.length - 1 }
  }
  return out
}

const ALG_NAMES: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512', sha224: 'sha224', sha384: 'sha384' }

function parseManifest(location: string, name: string, text: string, alg: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue
    const m = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line)
    if (!m) throw refuse(location, `${name} has a line that is not "checksum path": ${JSON.stringify(line.slice(0, 200))}.`)
    const p = decodeManifestPath(m[2]).replace(/^\.\//, '')
    if (!isSafeRelPath(p)) throw refuse(location, `${name} names the path ${JSON.stringify(p)}, which would lead outside the bag.`)
    if (out.has(p)) throw refuse(location, `${name} lists ${p} twice.`)
    out.set(p, m[1].toLowerCase())
  }
  void alg
  return out
}

/**
 * Checks a bag as RFC 8493 §3 says a validator must: bagit.txt is there and readable,
 * every payload file is in every payload manifest and every listed file exists, the
 * Payload-Oxum matches, and every checksum of every manifest and tag manifest is
 * recomputed from the bytes. Any failure refuses the bag whole.
 */
export async function verifyBag(source: BagSource, onBytes?: (done: number, total: number, current: string) => void): Promise<VerifiedBag> {
  const loc = source.location
  if (!source.files.has('bagit.txt')) throw refuse(loc, 'it is not a BagIt bag (there is no bagit.txt).')
  const decl = parseLabels(await readText(source, 'bagit.txt', 64 * 1024))
  const version = decl.get('BagIt-Version')?.[0]
  if (!version) throw refuse(loc, 'its bagit.txt does not say which BagIt version it follows.')
  const encoding = decl.get('Tag-File-Character-Encoding')?.[0] ?? ''
  if (!/^utf-?8$/i.test(encoding)) throw refuse(loc, `its tag files are in ${encoding || 'an unnamed encoding'}; only UTF-8 is read.`)
  const info = source.files.has('bag-info.txt') ? parseLabels(await readText(source, 'bag-info.txt', 16 * 1024 * 1024)) : new Map()

  const manifests = new Map<string, Map<string, string>>()
  const tagManifests = new Map<string, Map<string, string>>()
  const available = new Set(getHashes())
  for (const name of source.files.keys()) {
    const m = /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(name)
    if (!m) continue
    const alg = ALG_NAMES[m[2]]
    if (!alg || !available.has(alg)) throw refuse(loc, `it uses the checksum algorithm "${m[2]}", which this computer cannot check.`)
    const parsed = parseManifest(loc, name, await readText(source, name), alg)
    ;(m[1] ? tagManifests : manifests).set(alg, parsed)
  }
  if (manifests.size === 0) throw refuse(loc, 'it has no payload manifest (manifest-sha256.txt or similar).')

  const payload = [...source.files.keys()].filter((p) => p.startsWith('data/'))
  for (const [alg, listed] of manifests) {
    for (const p of listed.keys()) {
      if (!p.startsWith('data/')) throw refuse(loc, `manifest-${alg}.txt lists ${p}, which is not in the payload folder data/.`)
      if (!source.files.has(p)) throw refuse(loc, `manifest-${alg}.txt lists ${p}, but the bag does not hold that file.`)
    }
    for (const p of payload) if (!listed.has(p)) throw refuse(loc, `${p} is in the bag but not in manifest-${alg}.txt.`)
  }
  for (const [alg, listed] of tagManifests)
    for (const p of listed.keys()) {
      if (p.startsWith('data/')) throw refuse(loc, `tagmanifest-${alg}.txt lists the payload file ${p}.`)
      if (!source.files.has(p)) throw refuse(loc, `tagmanifest-${alg}.txt lists ${p}, but the bag does not hold that file.`)
    }

  let payloadBytes = 0
  for (const p of payload) payloadBytes += source.files.get(p)!
  const oxum = info.get('Payload-Oxum')?.[0]
  if (oxum) {
    const m = /^(\d+)\.(\d+)$/.exec(oxum)
    if (!m || Number(m[1]) !== payloadBytes || Number(m[2]) !== payload.length)
      throw refuse(loc, `its Payload-Oxum says ${oxum}, but the payload holds ${payloadBytes} bytes in ${payload.length} files.`)
  }

  // Every file, read once, with every algorithm that lists it.
  const wanted = new Map<string, Array<[string, string]>>()
  for (const group of [manifests, tagManifests])
    for (const [alg, listed] of group)
      for (const [p, sum] of listed) {
        const list = wanted.get(p) ?? []
        list.push([alg, sum])
        wanted.set(p, list)
      }
  let total = 0
  for (const p of wanted.keys()) total += source.files.get(p) ?? 0
  let done = 0
  for (const [p, sums] of wanted) {
    const hashes = sums.map(([alg]) => createHash(alg))
    let size = 0
    for await (const chunk of await source.open(p)) {
      for (const h of hashes) h.update(chunk as Buffer)
      size += (chunk as Buffer).length
      done += (chunk as Buffer).length
      onBytes?.(done, total, p)
    }
    if (size !== source.files.get(p)) throw refuse(loc, `${p} is ${size} bytes long, not the ${source.files.get(p)} its folder or zip entry says.`)
    sums.forEach(([alg, expected], i) => {
      const actual = hashes[i].digest('hex')
      if (actual !== expected)
        throw refuse(loc, `its checksums do not match: ${p} has ${alg} ${actual}, but the bag's manifest says ${expected}. The bag is damaged or was changed after it was made.`)
    })
  }
  return { version, manifests, info, payloadBytes }
}
