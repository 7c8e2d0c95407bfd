// Where each packed posting's positions are. Positions are laid out term by term in
// postings order, in two stores (pos16 for items under 65,535 tokens, pos32 for the rest),
// so a posting's positions start where the previous posting of the same store ended.
//
// Why not a start and a count per posting (as until index format 4): two Uint32 per posting
// were 8 of its 20 bytes, 200 MB of the loaded index at 100k items (25 million postings).
// Now a posting keeps its count in one byte (255 and more: looked up in a short sorted side
// list), and every block of 32 postings keeps where it starts in each store (2 × 4 bytes per
// 32 postings): about 1.25 bytes a posting. Finding a posting's start sums at most 31 counts
// of its block, a few nanoseconds, paid only where positions are read (phrases, snippets);
// the hot loops over postings (scores, unions, intersections) never read positions.
import { Growable32 } from './lists'

export const POS_BLOCK_SHIFT = 5
const BIG = 255

/** The position directory of packed postings (see the header). */
export type PositionDirectory = {
  /** Positions per posting; BIG means: see posBigAt / posBigCount. */
  posCount: Uint8Array
  /** Postings with BIG or more positions, ascending, and their counts. */
  posBigAt: Uint32Array
  posBigCount: Uint32Array
  /** Per block of 2^POS_BLOCK_SHIFT postings: where its first posting's positions start in pos16 and in pos32. */
  posBlock16: Uint32Array
  posBlock32: Uint32Array
}

/** How many positions posting j has. */
export function posCountAt(m: PositionDirectory, j: number): number {
  const c = m.posCount[j]
  if (c < BIG) return c
  const at = m.posBigAt
  let lo = 0
  let hi = at.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const x = at[mid]
    if (x === j) return m.posBigCount[mid]
    if (x < j) lo = mid + 1
    else hi = mid - 1
  }
  return c
}

/**
 * Where posting j's positions start in its store (pos32 when `long[doc[j]]` is 1, else
 * pos16). `anyLong` false (no pos32 at all, the usual case) skips the store check.
 */
export function posStartAt(m: PositionDirectory, doc: Uint32Array, long: number[], anyLong: boolean, j: number): number {
  const b = j >>> POS_BLOCK_SHIFT
  const from = b << POS_BLOCK_SHIFT
  const counts = m.posCount
  if (!anyLong) {
    let s = m.posBlock16[b]
    for (let k = from; k < j; k++) s += counts[k] < BIG ? counts[k] : posCountAt(m, k)
    return s
  }
  const isLong = long[doc[j]] === 1
  let s = isLong ? m.posBlock32[b] : m.posBlock16[b]
  for (let k = from; k < j; k++) if ((long[doc[k]] === 1) === isLong) s += counts[k] < BIG ? counts[k] : posCountAt(m, k)
  return s
}

/** Builds a directory posting by posting, in postings order. */
export class PositionDirectoryBuilder {
  private readonly posCount: Uint8Array
  private readonly bigAt = new Growable32(64)
  private readonly bigCount = new Growable32(64)
  private readonly block16: Uint32Array
  private readonly block32: Uint32Array
  private j = 0
  private o16 = 0
  private o32 = 0

  constructor(postings: number) {
    this.posCount = new Uint8Array(postings)
    const blocks = (postings >>> POS_BLOCK_SHIFT) + 1
    this.block16 = new Uint32Array(blocks)
    this.block32 = new Uint32Array(blocks)
  }

  /** The next posting has `count` positions, in pos32 when `long`. */
  push(count: number, long: boolean): void {
    const j = this.j++
    if ((j & ((1 << POS_BLOCK_SHIFT) - 1)) === 0) {
      this.block16[j >>> POS_BLOCK_SHIFT] = this.o16
      this.block32[j >>> POS_BLOCK_SHIFT] = this.o32
    }
    if (count >= BIG) {
      this.posCount[j] = BIG
      this.bigAt.push(j)
      this.bigCount.push(count)
    } else this.posCount[j] = count
    if (long) this.o32 += count
    else this.o16 += count
  }

  finish(): PositionDirectory {
    if (this.j !== this.posCount.length) throw new Error(`position directory: ${this.j} of ${this.posCount.length} postings given`)
    return {
      posCount: this.posCount,
      posBigAt: this.bigAt.a.slice(0, this.bigAt.n),
      posBigCount: this.bigCount.a.slice(0, this.bigCount.n),
      posBlock16: this.block16,
      posBlock32: this.block32
    }
  }
}
