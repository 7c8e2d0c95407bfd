import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, promises as fsp, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import * as path from 'node:path'
import yazl from 'yazl'
import { writeFully } from '../fullWrite'

export type Digests = { sha256: string; sha512: string; size: number }

/** SHA-256 and SHA-512 of one stream of bytes, in one pass. */
export class DualHash {
  private readonly h256 = createHash('sha256')
  private readonly h512 = createHash('sha512')
  private size = 0

  update(buf: Buffer): void {
    this.h256.update(buf)
    this.h512.update(buf)
    this.size += buf.length
  }

  digest(): Digests {
    return { sha256: this.h256.digest('hex'), sha512: this.h512.digest('hex'), size: this.size }
  }
}

export function digestOf(data: Buffer): Digests {
  const h = new DualHash()
  h.update(data)
  return h.digest()
}

/** Where a bag's files go: a folder, or entries of a zip file. Paths are relative to the bag's root, with '/'. */
export interface BagSink {
  /** Copies a file into the bag, hashing it on the way (one read of the source). */
  copy(rel: string, source: string, onBytes?: (n: number) => void): Promise<Digests>
  put(rel: string, data: Buffer): Promise<Digests>
  /** Takes every file of a local folder into the bag under relDir (the folder sink finds them already in place). */
  adoptFolder(relDir: string, localDir: string): Promise<Map<string, Digests>>
  /** A local folder where collection-level files can be written before adoptFolder. */
  stagingFor(relDir: string): string
  close(): Promise<void>
  abort(): Promise<void>
}

const CHUNK = 1 << 20

async function hashFile(file: string): Promise<Digests> {
  const size = (await fsp.stat(file)).size
  // Small files (most metadata files) in one read: a 1 MB stream buffer for each would
  // keep the garbage collector busier than the disk.
  if (size <= CHUNK) return digestOf(await fsp.readFile(file))
  const h = new DualHash()
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) h.update(chunk as Buffer)
  return h.digest()
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), r)))
    else if (e.isFile()) out.push(r)
  }
  return out.sort()
}

export class FolderBagSink implements BagSink {
  private readonly made = new Set<string>()
  // Allocated once per bag: copies run one after the other.
  private bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)]

  constructor(private readonly root: string) {}

  private async dirFor(rel: string): Promise<string> {
    const dir = path.dirname(path.join(this.root, rel))
    if (!this.made.has(dir)) {
      await fsp.mkdir(dir, { recursive: true })
      this.made.add(dir)
    }
    return path.join(this.root, rel)
  }

  async copy(rel: string, source: string, onBytes?: (n: number) => void): Promise<Digests> {
    const target = await this.dirFor(rel)
    const input = await fsp.open(source, 'r')
    try {
      const output = await fsp.open(target, 'wx')
      try {
        const h = new DualHash()
        // Two buffers: the next read runs while the previous chunk is hashed and written.
        let bufs = this.bufs
        let pending = input.read(bufs[0], 0, CHUNK, null)
        for (;;) {
          const { bytesRead } = await pending
          if (bytesRead === 0) break
          const cur = bufs[0]
          pending = input.read(bufs[1], 0, CHUNK, null)
          const chunk = cur.subarray(0, bytesRead)
          h.update(chunk)
          await writeFully(output, chunk)
          onBytes?.(bytesRead)
          bufs = [bufs[1], bufs[0]]
        }
        return h.digest()
      } finally {
        await output.close()
      }
    } finally {
      await input.close()
    }
  }

  async put(rel: string, data: Buffer): Promise<Digests> {
    await fsp.writeFile(await this.dirFor(rel), data, { flag: 'wx' })
    return digestOf(data)
  }

  stagingFor(relDir: string): string {
    return path.join(this.root, relDir)
  }

  async adoptFolder(relDir: string, localDir: string): Promise<Map<string, Digests>> {
    const out = new Map<string, Digests>()
    for (const rel of await walk(localDir)) out.set(`${relDir}/${rel}`, await hashFile(path.join(localDir, rel)))
    return out
  }

  async close(): Promise<void> {}
  async abort(): Promise<void> {}
}

/** File types that are already compressed: deflating them again costs time and saves nothing. */
const STORED = /\.(pdf|jpe?g|png|gif|webp|heic|tiff?|mp[34]|m4a|ogg|webm|mov|avi|zip|gz|bz2|xz|7z|rar|docx|xlsx|pptx|odt|ods|epub)$/i

/**
 * A bag as one .zip with a single top-level folder named after the bag (RFC 8493 §4.2:
 * a serialised bag unpacks to one folder). yazl streams every entry and writes ZIP64
 * records when the archive grows past 4 GB.
 */
export class ZipBagSink implements BagSink {
  private readonly zip = new yazl.ZipFile()
  private readonly out: WriteStream
  private failure: Error | null = null
  private readonly failed: Promise<never>
  private readonly staging: string
  private reading: import('node:fs').ReadStream | null = null

  constructor(
    private readonly file: string,
    private readonly top: string
  ) {
    this.out = createWriteStream(file)
    this.zip.outputStream.pipe(this.out)
    this.failed = new Promise<never>((_, reject) => {
      const fail = (err: Error) => {
        this.failure ??= err
        reject(err)
      }
      this.out.on('error', fail)
      this.zip.outputStream.on('error', fail)
    })
    this.failed.catch(() => {})
    this.staging = `${file}.staging`
  }

  private name(rel: string): string {
    return `${this.top}/${rel}`
  }

  async copy(rel: string, source: string, onBytes?: (n: number) => void): Promise<Digests> {
    if (this.failure) throw this.failure
    await fsp.access(source)
    const done = new Promise<Digests>((resolve, reject) => {
      this.zip.addReadStreamLazy(this.name(rel), { compress: !STORED.test(rel) }, (cb) => {
        const h = new DualHash()
        const rs = createReadStream(source, { highWaterMark: CHUNK })
        this.reading = rs
        rs.on('data', (chunk) => {
          h.update(chunk as Buffer)
          onBytes?.(chunk.length)
        })
        rs.on('end', () => resolve(h.digest()))
        rs.on('error', reject)
        cb(null, rs)
      })
    })
    return Promise.race([done, this.failed])
  }

  async put(rel: string, data: Buffer): Promise<Digests> {
    if (this.failure) throw this.failure
    this.zip.addBuffer(data, this.name(rel))
    return digestOf(data)
  }

  stagingFor(relDir: string): string {
    return path.join(this.staging, relDir)
  }

  async adoptFolder(relDir: string, localDir: string): Promise<Map<string, Digests>> {
    const out = new Map<string, Digests>()
    for (const rel of await walk(localDir)) out.set(`${relDir}/${rel}`, await this.copy(`${relDir}/${rel}`, path.join(localDir, rel)))
    return out
  }

  async close(): Promise<void> {
    const closed = once(this.out, 'close')
    this.zip.end()
    await Promise.race([closed, this.failed])
    await fsp.rm(this.staging, { recursive: true, force: true })
  }

  async abort(): Promise<void> {
    // The entry being read would otherwise stay open, paused, until the process ends.
    this.reading?.destroy()
    this.zip.outputStream.unpipe(this.out)
    this.out.destroy()
    await fsp.rm(this.staging, { recursive: true, force: true })
  }
}
