// A posting's weighted term frequency and field mask, kept as one 16-bit number: the pair's
// place in a table of the distinct (tf, mask) pairs of the postings.
//
// Why: tf and mask were two Uint16 per posting, 100 MB of the loaded index at 100k items
// (25 million postings), while the postings hold only a few thousand distinct pairs (most
// are "body, once" or "body, twice"). The hot loops read the pair's two values from the
// table (a few KB, always in cache) instead of from two arrays as long as the postings.
// The table holds at most 65,536 pairs. Should an archive ever have more, a posting whose
// pair does not fit takes the pair of its own field mask with the nearest tf: its score
// moves a little, the items found and their totals do not (the mask is always exact, and
// every mask has room: pairs of a mask not seen yet are kept until the table is full, and
// there are at most 4,096 masks).

const CAPACITY = 65_536
/** Room left for masks not seen yet once the table is nearly full (12 field bits: 4,096 masks). */
const RESERVED_FOR_NEW_MASKS = 4_096

export type TfMaskTable = { codeTf: Uint16Array; codeMask: Uint16Array }

export class TfMaskTableBuilder {
  private readonly byPair = new Map<number, number>()
  private readonly tfs: number[] = []
  private readonly masks: number[] = []
  private readonly maskSeen = new Set<number>()

  /** The code of the pair (tf, mask), added when new. */
  code(tf: number, mask: number): number {
    const key = tf * 65_536 + mask
    const known = this.byPair.get(key)
    if (known !== undefined) return known
    const n = this.tfs.length
    if (n < CAPACITY - RESERVED_FOR_NEW_MASKS || (!this.maskSeen.has(mask) && n < CAPACITY)) {
      this.byPair.set(key, n)
      this.tfs.push(tf)
      this.masks.push(mask)
      this.maskSeen.add(mask)
      return n
    }
    return this.nearest(tf, mask)
  }

  /** The pair of the same mask with the nearest tf (the table is full; rare, so a scan). */
  private nearest(tf: number, mask: number): number {
    let best = -1
    for (let c = 0; c < this.tfs.length; c++) {
      if (this.masks[c] !== mask) continue
      if (best < 0 || Math.abs(this.tfs[c] - tf) < Math.abs(this.tfs[best] - tf)) best = c
    }
    return best
  }

  finish(): TfMaskTable {
    return { codeTf: Uint16Array.from(this.tfs), codeMask: Uint16Array.from(this.masks) }
  }
}
