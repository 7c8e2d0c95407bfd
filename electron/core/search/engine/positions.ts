// Where each packed posting's positions are, and how they are coded.
//
// Positions are read only by phrases and snippets, never by the hot loops over postings
// (scores, unions, intersections), so they are kept out of memory once an index is saved:
// the "position records" live in positions.bin and are read on demand (coldPostings.ts).
// A posting's record is its position count, then its first position, then the gaps to the
// next ones, each as an unsigned LEB128 varint. Records follow each other in postings order
// (term by term), and every block of 32 postings keeps where its first record starts
// (posBlockAt, 4 bytes per 32 postings in memory).
//
// Why this layout (index format 7): until format 6, positions were 16- or 32-bit numbers in
// memory with a one-byte count per posting: 125 MB of the loaded index at 100k items. Gaps
// between a word's positions in one item are mostly under 128, so a position costs about a
// byte on disk instead of two, and nothing in memory but the block directory. Finding
// posting j's positions reads its block's records (one read of a few hundred bytes) and
// skips at most 31 records; a phrase walks a term's records in order (PositionCursor).
import { IndexDamagedError } from './coldPostings'
import { Growable32 } from './lists'

export const POS_BLOCK_SHIFT = 5
const POS_BLOCK = 1 << POS_BLOCK_SHIFT

/** Bytes appended at the end of a growing buffer. */
export class ByteSink {
  a: Uint8Array
  n = 0
  constructor(capacity = 1 << 16) {
    this.a = new Uint8Array(capacity)
  }

  private grow(need: number): void {
    let cap = this.a.length * 2
    while (cap < need) cap *= 2
    const b = new Uint8Array(cap)
    b.set(this.a.subarray(0, this.n))
    this.a = b
  }

  varint(v: number): void {
    if (this.n + 5 > this.a.length) this.grow(this.n + 5)
    const a = this.a
    let n = this.n
    while (v >= 0x80) {
      a[n++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    a[n++] = v
    this.n = n
  }

  /** Appends src, with room for `reserve` more bytes after it. */
  bytes(src: Uint8Array, reserve = 0): void {
    if (this.n + src.length + reserve > this.a.length) this.grow(this.n + src.length + reserve)
    this.a.set(src, this.n)
    this.n += src.length
  }
}

/** Writes position records posting by posting, in postings order, with the block directory. */
export class PositionRecordWriter {
  readonly out: ByteSink
  private readonly blockAt = new Growable32(1024)
  private j = 0

  constructor(capacity?: number) {
    this.out = new ByteSink(capacity)
  }

  /** The next posting's positions: src[from, from + count), ascending. */
  push(src: ArrayLike<number>, from: number, count: number): void {
    if ((this.j & (POS_BLOCK - 1)) === 0) this.blockAt.push(this.out.n)
    this.j++
    const out = this.out
    out.varint(count)
    let prev = 0
    for (let k = from, e = from + count; k < e; k++) {
      const p = src[k]
      out.varint(p - prev)
      prev = p
    }
  }

  /** The next posting's record as bytes already coded (copied from another index's records). */
  pushRecord(src: Uint8Array, from: number, to: number): void {
    if ((this.j & (POS_BLOCK - 1)) === 0) this.blockAt.push(this.out.n)
    this.j++
    const out = this.out
    if (out.n + (to - from) > out.a.length) out.bytes(new Uint8Array(0), to - from)
    // Records are a few bytes: a loop, not a subarray object per record.
    const a = out.a
    let n = out.n
    for (let k = from; k < to; k++) a[n++] = src[k]
    out.n = n
  }

  /** The records and the directory: posBlockAt has a start per block and the end. */
  finish(postings: number): { records: Uint8Array; posBlockAt: Uint32Array } {
    if (this.j !== postings) throw new Error(`position records: ${this.j} of ${postings} postings given`)
    this.blockAt.push(this.out.n)
    // Sized well ahead (a compaction knows the bytes it copies): a view rather than a copy of a hundred megabytes.
    const a = this.out.a
    const records = a.length - this.out.n <= a.length >>> 4 ? a.subarray(0, this.out.n) : a.slice(0, this.out.n)
    return { records, posBlockAt: this.blockAt.a.slice(0, this.blockAt.n) }
  }
}

/** Where the records come from: the block directory and the record bytes (coldPostings.ts). */
export type RecordSource = { posBlockAt: Uint32Array; cold: { records(from: number, to: number): Uint8Array } }

/** Bytes read at once by a cursor: several blocks of records, few reads for a dense walk. */
const WINDOW = 16 * 1024

/**
 * Reads the records of postings in ascending order (a phrase walks its terms' postings that
 * way, a compaction all of them). It holds a window of the record bytes, moved forward as
 * needed: a posting in a later block is reached through the block directory (no decoding of
 * the records in between), one in the same block by skipping the records before it.
 */
export class PositionCursor {
  private buf: Uint8Array = new Uint8Array(0)
  /** Byte offset of buf[0] in the records, and of the window's end. */
  private base = 0
  private at = 0
  /** The posting whose record starts at `at`. */
  private j = -1

  /** `window`: bytes to read at once (0: one block, for a single look-up). */
  constructor(
    private readonly src: RecordSource,
    private readonly window = WINDOW
  ) {}

  /** Moves the window to start at block b's first record. */
  private load(b: number): void {
    const from = this.src.posBlockAt[b]
    const end = this.src.posBlockAt[this.src.posBlockAt.length - 1]
    // At least the whole block, so that a record never straddles the window's end.
    let to = Math.min(end, from + this.window)
    if (to < this.src.posBlockAt[b + 1]) to = this.src.posBlockAt[b + 1]
    this.buf = this.src.cold.records(from, to)
    this.base = from
    this.at = 0
    this.j = b << POS_BLOCK_SHIFT
  }

  private varint(): number {
    const a = this.buf
    let v = 0
    let shift = 0
    let b: number
    do {
      if (this.at >= a.length) throw new IndexDamagedError('a position record runs past its block')
      b = a[this.at++]
      v += (b & 0x7f) * 2 ** shift
      shift += 7
    } while (b & 0x80)
    return v
  }

  /** Skips to posting j. */
  private seek(j: number): void {
    const b = j >>> POS_BLOCK_SHIFT
    // Within the current block, ahead: skip records. Otherwise (another block, or the start
    // of one, which the window may not hold yet): through the directory.
    if (this.j < 0 || j < this.j || b !== this.j >>> POS_BLOCK_SHIFT || (this.j & (POS_BLOCK - 1)) === 0) {
      const start = this.src.posBlockAt[b] - this.base
      const next = this.src.posBlockAt[b + 1] - this.base
      if (this.j >= 0 && start >= 0 && next <= this.buf.length) {
        this.at = start
        this.j = b << POS_BLOCK_SHIFT
      } else this.load(b)
    }
    while (this.j < j) {
      const count = this.varint()
      for (let k = 0; k < count; k++) this.varint()
      this.j++
    }
  }

  /** Posting j's positions written to out from `to` (out grown if needed: the array returned); its count in `this.count`. */
  read(j: number, out: Int32Array, to: number): Int32Array {
    this.seek(j)
    const count = this.varint()
    if (to + count > out.length) {
      const bigger = new Int32Array(Math.max(out.length * 2, to + count))
      bigger.set(out.subarray(0, to))
      out = bigger
    }
    let p = 0
    for (let k = 0; k < count; k++) {
      p += this.varint()
      out[to + k] = p
    }
    this.j++
    this.count = count
    return out
  }

  count = 0

  /**
   * Copies posting j's record as it is coded to `writer`, and says how many positions it holds (a compaction keeps most records
   * unchanged: copying them costs a scan of their bytes, decoding and coding them again
   * cost twice the compaction's other work).
   */
  copy(j: number, writer: PositionRecordWriter): number {
    this.seek(j)
    const from = this.at
    const count = this.varint()
    let left = count
    const a = this.buf
    let at = this.at
    // Each varint ends at a byte without its high bit.
    while (left > 0) {
      if (at >= a.length) throw new IndexDamagedError('a position record runs past its block')
      if ((a[at++] & 0x80) === 0) left--
    }
    this.at = at
    this.j++
    writer.pushRecord(this.buf, from, this.at)
    return count
  }
}
