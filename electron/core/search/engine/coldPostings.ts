// The parts of the packed postings that only phrases and snippets read: each posting's
// neighbour signature (analysis.ts) and its position record (positions.ts). After a build
// or a compaction they are in memory (MemoryCold); an index loaded from disk reads them from
// positions.bin on demand (FileCold), so they cost no memory and no time at open.
//
// Why read on demand rather than load (index format 7): at 100k items they were 175 MB of
// the 519 MB a loaded index held, and reading and checking them was most of the open's
// time, for data that a query of plain words never touches. Node has no memory map; a
// positioned read of a few hundred bytes from the page cache costs microseconds, and a
// phrase reads each of its terms' signatures in one read.
//
// Checks: positions.bin is not read whole at open, so it is not checked whole either.
// Every 4 KB block has its CRC-32 (kept in postings.bin, itself checked at open); a block is
// checked the first time it is read, and a block that fails throws "damaged" (the caller
// rebuilds the index). The file is never changed in place: each save writes a new one under
// a new name (positions-<save id>.bin, named by the manifest) and removes the older ones,
// and the descriptor held here keeps reading the one it opened.
import { closeSync, openSync, readSync } from 'node:fs'
import { crc32 } from 'node:zlib'

export const COLD_BLOCK = 4096

/** positions.bin (or what was read from it) is not what was saved: the index must be rebuilt. */
export class IndexDamagedError extends Error {
  constructor(what: string) {
    super(`The search index is damaged (${what}).`)
    this.name = 'IndexDamagedError'
  }
}

export interface ColdPostings {
  /** Neighbour signatures of postings [a, b). */
  adj(a: number, b: number): Uint16Array
  /** Position record bytes [from, to) (positions.ts). */
  records(from: number, to: number): Uint8Array
  /** Everything, for a compaction or a save. */
  all(): { adj: Uint16Array; records: Uint8Array }
  /** Releases what it holds open (a file descriptor); reading afterwards throws. */
  close(): void
}

export class MemoryCold implements ColdPostings {
  constructor(
    private readonly adjAll: Uint16Array,
    private readonly rec: Uint8Array
  ) {}

  adj(a: number, b: number): Uint16Array {
    return this.adjAll.subarray(a, b)
  }

  records(from: number, to: number): Uint8Array {
    return this.rec.subarray(from, to)
  }

  all(): { adj: Uint16Array; records: Uint8Array } {
    return { adj: this.adjAll, records: this.rec }
  }

  close(): void {}
}

/** Where positions.bin's two sections are (bytes). */
export type ColdLayout = { adjOffset: number; postings: number; recordsOffset: number; recordBytes: number; fileBytes: number }

/** positions.bin: the signatures, then the records, 8-byte aligned. */
export function coldLayout(postings: number, recordBytes: number): ColdLayout {
  const recordsOffset = (postings * 2 + 7) & ~7
  return { adjOffset: 0, postings, recordsOffset, recordBytes, fileBytes: recordsOffset + recordBytes }
}

/** The bytes of positions.bin and the CRC-32 of each of its blocks. */
export function coldFileBytes(adj: Uint16Array, records: Uint8Array): { bytes: Uint8Array; blockCrc: Uint32Array; layout: ColdLayout } {
  const layout = coldLayout(adj.length, records.length)
  const bytes = new Uint8Array(layout.fileBytes)
  bytes.set(new Uint8Array(adj.buffer, adj.byteOffset, adj.byteLength), layout.adjOffset)
  bytes.set(records, layout.recordsOffset)
  const blocks = Math.ceil(bytes.length / COLD_BLOCK)
  const blockCrc = new Uint32Array(blocks)
  for (let b = 0; b < blocks; b++) blockCrc[b] = crc32(bytes.subarray(b * COLD_BLOCK, Math.min(bytes.length, (b + 1) * COLD_BLOCK)))
  return { bytes, blockCrc, layout }
}

/** Closes descriptors of FileColds that were dropped without close() (a replaced index). */
const descriptors = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd)
  } catch {
    // Already closed.
  }
})

export class FileCold implements ColdPostings {
  private fd: number
  private readonly checked: Uint8Array

  /** Opens positions.bin; throws if it is missing or its size is not the one saved. */
  constructor(
    private readonly file: string,
    private readonly layout: ColdLayout,
    private readonly blockCrc: Uint32Array
  ) {
    if (blockCrc.length !== Math.ceil(layout.fileBytes / COLD_BLOCK)) throw new Error('the position checksums do not match positions.bin')
    this.fd = openSync(file, 'r')
    descriptors.register(this, this.fd, this)
    this.checked = new Uint8Array(blockCrc.length)
  }

  /** Fills dst from the file at `offset`, checking each block the first time it is read. */
  private readInto(offset: number, dst: Uint8Array): void {
    if (dst.length === 0) return
    if (this.fd < 0) throw new Error('the search index was closed')
    if (offset + dst.length > this.layout.fileBytes) throw new Error('a read past the end of positions.bin')
    const first = Math.floor(offset / COLD_BLOCK)
    const last = Math.floor((offset + dst.length - 1) / COLD_BLOCK)
    let unchecked = false
    for (let b = first; b <= last && !unchecked; b++) unchecked = this.checked[b] === 0
    if (!unchecked) {
      this.readFully(dst, offset)
      return
    }
    const from = first * COLD_BLOCK
    const span = new Uint8Array(Math.min(this.layout.fileBytes, (last + 1) * COLD_BLOCK) - from)
    this.readFully(span, from)
    for (let b = first; b <= last; b++) {
      if (this.checked[b]) continue
      const block = span.subarray((b - first) * COLD_BLOCK, Math.min(span.length, (b - first + 1) * COLD_BLOCK))
      if (crc32(block) !== this.blockCrc[b]) throw new IndexDamagedError(`positions.bin block ${b} does not match its checksum`)
      this.checked[b] = 1
    }
    dst.set(span.subarray(offset - from, offset - from + dst.length))
  }

  private readFully(dst: Uint8Array, offset: number): void {
    let done = 0
    while (done < dst.length) {
      const n = readSync(this.fd, dst, done, dst.length - done, offset + done)
      if (n <= 0) throw new IndexDamagedError(`positions.bin ended early: ${this.file}`)
      done += n
    }
  }

  adj(a: number, b: number): Uint16Array {
    const out = new Uint16Array(Math.max(0, b - a))
    this.readInto(this.layout.adjOffset + a * 2, new Uint8Array(out.buffer))
    return out
  }

  records(from: number, to: number): Uint8Array {
    if (to > this.layout.recordBytes) throw new Error('a position record past the end of positions.bin')
    const out = new Uint8Array(Math.max(0, to - from))
    this.readInto(this.layout.recordsOffset + from, out)
    return out
  }

  all(): { adj: Uint16Array; records: Uint8Array } {
    return { adj: this.adj(0, this.layout.postings), records: this.records(0, this.layout.recordBytes) }
  }

  close(): void {
    if (this.fd < 0) return
    descriptors.unregister(this)
    closeSync(this.fd)
    this.fd = -1
  }
}
