// Compaction (Tantivy's merger): the packed postings, the delta, the tombstones and a batch of
// changes merged into new packed postings in one pass, items renumbered so that removed ones
// leave no gap. The batch (bulkUpdate.ts) is what a change of many items brings at once: items
// analysed anew (`added`, packed like a build's), and packed items whose metadata alone
// changed (`rewrite`: their text postings kept, their metadata postings replaced).
//
// A posting that stays as it was keeps its position record byte for byte (PositionCursor.copy):
// decoding and coding every record again was most of a compaction's time.
import { keepRows, renormalise } from './columns'
import { MemoryCold } from './coldPostings'
import { textFieldAt } from './analysis'
import { METADATA_FIELDS, WEIGHT_OF_BIT } from './fields'
import { PositionCursor, PositionRecordWriter } from './positions'
import type { PackedPostings } from './postings'
import { TfMaskTableBuilder } from './tfMask'
import type { IndexState } from './state'

// Module-level copies: read per posting, and an imported binding can cost a getter call each time.
const META_BITS = METADATA_FIELDS
const WEIGHTS = WEIGHT_OF_BIT

/** Packed items whose metadata is replaced: their new metadata postings (item numbers ascending in each term). */
export type MetadataRewrite = {
  /** Per item number: 1 when its metadata is replaced. */
  rewritten: Uint8Array
  postings: PackedPostings
  /** Per item number: its new metadata's token count. */
  metaLength: Uint32Array
}

export type CompactionBatch = {
  rewrite?: MetadataRewrite
  /** Postings of items appended after the delta's (their rows are set), packed like a build's. */
  added?: PackedPostings
  /** Called once the new postings are made, before anything of the index changes (the rewritten items' columns are set then). */
  beforeSwap?: () => void
}

/** Postings written between two pauses of a compaction run in slices: a few milliseconds of work. */
const SLICE_POSTINGS = 50_000

/** Growable output arrays of the new postings. */
class Out {
  doc: Uint32Array
  code: Uint16Array
  adj: Uint16Array
  n = 0
  constructor(capacity: number) {
    this.doc = new Uint32Array(capacity)
    this.code = new Uint16Array(capacity)
    this.adj = new Uint16Array(capacity)
  }
}

/** Merges edits into the packed postings and drops deleted items (renumbering). */
export function compact(index: IndexState, batch: CompactionBatch = {}): void {
  for (const _ of compaction(index, batch));
}

/**
 * The same, pausing (a yield) every few hundred thousand postings, so that its caller can
 * answer queries between slices. Until its end nothing of the index changes: queries
 * between slices read the index as it was; the caller must change nothing meanwhile.
 */
export function* compaction(index: IndexState, batch: CompactionBatch = {}): Generator<void, void, void> {
  const N = index.cols.id.length
  const newNum = new Int32Array(N).fill(-1)
  let live = 0
  for (let d = 0; d < N; d++) if (index.cols.alive[d] === 1) newNum[d] = live++
  const T = index.vocab.termCount
  const old = index.packed
  const { rewrite, added } = batch
  const deltaByTerm = new Map<number, number[]>()
  let deltaPostings = 0
  for (let j = 0; j < index.delta.length; j++) {
    if (index.cols.alive[index.delta[j].doc] !== 1) continue
    for (const t of index.delta[j].terms.keys()) {
      let l = deltaByTerm.get(t)
      if (!l) deltaByTerm.set(t, (l = []))
      l.push(j)
      deltaPostings++
    }
  }
  // At most this many postings: fewer when items were removed or lost a word with their metadata.
  const capacity = (old?.doc.length ?? 0) + (rewrite?.postings.doc.length ?? 0) + deltaPostings + (added?.doc.length ?? 0)
  const out = new Out(capacity)
  const termStart = new Uint32Array(T + 1)
  const pairs = new TfMaskTableBuilder()
  const oldCode = old ? new CodeMap(old, pairs) : null
  // The old signatures whole (read from disk once for a loaded index); records walked in order.
  const oldAdj = new Signatures(old)
  const cursor = old ? new PositionCursor(old) : null
  // Room for every record copied or written (a view of the buffer is kept, not a copy: positions.ts).
  const recordBytes = (p: PackedPostings | null | undefined) => (p ? p.posBlockAt[p.posBlockAt.length - 1] : 0)
  let deltaPositions = 0
  for (const e of index.delta) for (const p of e.terms.values()) deltaPositions += p.pos.length + 1
  const records = new PositionRecordWriter(recordBytes(old) + recordBytes(rewrite?.postings) + recordBytes(added) + deltaPositions * 2 + 1024)
  const texts = rewrite ? new TextPart(index, old!, rewrite) : null
  const addedAdj = added ? added.cold.all().adj : null
  const addedCursor = added ? new PositionCursor(added) : null
  let nextPause = SLICE_POSTINGS
  for (let t = 0; t < T; t++) {
    if (out.n >= nextPause) {
      nextPause = out.n + SLICE_POSTINGS
      yield
    }
    if (texts) texts.mergeTerm(t, newNum, oldAdj, cursor!, pairs, oldCode!, records, out)
    else if (old && t < old.termCount) {
      const { doc, code } = old
      for (let i = old.termStart[t], e = old.termStart[t + 1]; i < e; i++) {
        const d = doc[i]
        if (newNum[d] < 0) continue
        const j = out.n++
        out.doc[j] = newNum[d]
        out.code[j] = oldCode!.of(code[i])
        out.adj[j] = oldAdj.at(i)
        cursor!.copy(i, records)
      }
    }
    for (const dj of deltaByTerm.get(t) ?? []) {
      const e = index.delta[dj]
      const p = e.terms.get(t)!
      const j = out.n++
      out.doc[j] = newNum[e.doc]
      out.code[j] = pairs.code(p.tf, p.mask)
      out.adj[j] = p.adj
      records.push(p.pos, 0, p.pos.length)
    }
    if (added && t < added.termCount) {
      for (let i = added.termStart[t], e = added.termStart[t + 1]; i < e; i++) {
        const d = added.doc[i]
        if (newNum[d] < 0) continue
        const j = out.n++
        out.doc[j] = newNum[d]
        out.code[j] = pairs.code(added.codeTf[added.code[i]], added.codeMask[added.code[i]])
        out.adj[j] = addedAdj![i]
        addedCursor!.copy(i, records)
      }
    }
    termStart[t + 1] = out.n
  }
  const P = out.n
  const { records: recordsOut, posBlockAt } = records.finish(P)
  // A view when little is left over (copying 200 MB at 100k items was most of the last slice), else a copy that lets the rest go.
  const fit = <A extends Uint32Array | Uint16Array>(a: A): A => (a.length - P <= a.length >>> 4 ? (a.subarray(0, P) as A) : (a.slice(0, P) as A))
  const packed: PackedPostings = { termCount: T, termStart, doc: fit(out.doc), code: fit(out.code), ...pairs.finish(), posBlockAt, cold: new MemoryCold(fit(out.adj), recordsOut) }
  batch.beforeSwap?.()
  old?.cold.close()
  // A rewritten item's length: the tokens of its texts, counted by the walk, and of its new metadata.
  if (texts) {
    const { tokenCount, longPositions } = index.cols
    for (let d = 0; d < N; d++) {
      if (rewrite!.rewritten[d] !== 1) continue
      const length = texts.textTokens[d] + rewrite!.metaLength[d]
      index.totalLen += length - tokenCount[d]
      tokenCount[d] = length
      longPositions[d] = length >= 65535 ? 1 : 0
    }
  }
  index.cols = keepRows(index.cols, newNum)
  index.idToDoc = new Map(index.cols.id.map((id, i) => [id, i]))
  renormalise(index)
  index.packed = packed
  index.packedDocs = live
  index.packedChanged()
  index.delta = []
  index.deltaDf = new Map()
  index.deltaByTerm = new Map()
  index.deadInPacked = 0
  index.vocab.mergePendingForms()
}

/**
 * The old postings' neighbour signatures, read a window at a time as the walk goes (postings
 * ascending): a loaded index's 50 MB of them (at 100k items) are not read and checked in one
 * go, which made one slice of a compaction in slices last seconds.
 */
class Signatures {
  private window: Uint16Array = new Uint16Array(0)
  private from = 0

  constructor(private readonly postings: PackedPostings | null) {}

  at(i: number): number {
    if (i < this.from || i >= this.from + this.window.length) {
      this.from = i
      this.window = this.postings!.cold.adj(i, Math.min(this.postings!.doc.length, i + 65_536))
    }
    return this.window[i - this.from]
  }
}

/**
 * The new table's code of each old (tf, mask) code, asked of the table once per old code
 * (a Map look-up per posting was a tenth of a compaction). Codes are still numbered in the
 * order postings first use them, as building the table posting by posting would.
 */
class CodeMap {
  private readonly map: Int32Array
  constructor(
    private readonly old: PackedPostings,
    private readonly pairs: TfMaskTableBuilder
  ) {
    this.map = new Int32Array(old.codeTf.length).fill(-1)
  }

  of(c: number): number {
    let n = this.map[c]
    if (n < 0) n = this.map[c] = this.pairs.code(this.old.codeTf[c], this.old.codeMask[c])
    return n
  }
}

/**
 * The walk of one term where some packed items get new metadata: their old postings keep only
 * the positions before their metadata (their texts: title, description, notes, body,
 * attachments), with the weighted tf and field mask those positions give, and are merged
 * with the new metadata postings in item order. The result is what analysing the whole item
 * again would give, except that a neighbour signature may keep bits of the old metadata's
 * neighbours: signatures only rule candidates out before positions are read (phrase.ts), so an
 * extra bit costs a position read, never a wrong answer.
 */
class TextPart {
  /** Per item number: tokens of its texts (summed over its postings as the walk meets them). */
  readonly textTokens: Uint32Array
  private pos: Int32Array = new Int32Array(256)
  private readonly metaCursor: PositionCursor
  private readonly metaAdj: Uint16Array

  constructor(
    private readonly index: IndexState,
    private readonly old: PackedPostings,
    private readonly rewrite: MetadataRewrite
  ) {
    this.textTokens = new Uint32Array(rewrite.rewritten.length)
    this.metaCursor = new PositionCursor(rewrite.postings)
    this.metaAdj = rewrite.postings.cold.all().adj
  }

  mergeTerm(t: number, newNum: Int32Array, oldAdj: Signatures, cursor: PositionCursor, pairs: TfMaskTableBuilder, oldCode: CodeMap, records: PositionRecordWriter, out: Out): void {
    const old = this.old
    const meta = this.rewrite.postings
    const rewritten = this.rewrite.rewritten
    let i = t < old.termCount ? old.termStart[t] : 0
    const iEnd = t < old.termCount ? old.termStart[t + 1] : 0
    let r = t < meta.termCount ? meta.termStart[t] : 0
    const rEnd = t < meta.termCount ? meta.termStart[t + 1] : 0
    while (i < iEnd || r < rEnd) {
      const dOld = i < iEnd ? old.doc[i] : 0xffffffff
      const dMeta = r < rEnd ? meta.doc[r] : 0xffffffff
      const d = Math.min(dOld, dMeta)
      if (newNum[d] < 0) {
        if (dOld === d) i++
        if (dMeta === d) r++
        continue
      }
      // Unchanged: an item whose metadata stays, or a posting of its texts alone that its new metadata does not hold.
      if (dOld === d && (rewritten[d] !== 1 || ((old.codeMask[old.code[i]] & META_BITS) === 0 && dMeta !== d))) {
        const j = out.n++
        out.doc[j] = newNum[d]
        out.code[j] = oldCode.of(old.code[i])
        out.adj[j] = oldAdj.at(i)
        const count = cursor.copy(i, records)
        if (rewritten[d] === 1) this.textTokens[d] += count
        i++
        continue
      }
      let count = 0
      let tf = 0
      let mask = 0
      let adj = 0
      if (dOld === d) {
        this.pos = cursor.read(i, this.pos, 0)
        const fs = this.index.cols.fieldStarts[d]
        const metaStart = fs[fs.length - 1]
        const n = cursor.count
        while (count < n && this.pos[count] < metaStart) {
          const bit = textFieldAt(this.pos[count], fs)
          tf += WEIGHTS[bit]
          mask |= bit
          count++
        }
        this.textTokens[d] += count
        if (count > 0) adj = oldAdj.at(i)
        i++
      }
      if (dMeta === d) {
        this.pos = this.metaCursor.read(r, this.pos, count)
        count += this.metaCursor.count
        tf += meta.codeTf[meta.code[r]]
        mask |= meta.codeMask[meta.code[r]]
        adj |= this.metaAdj[r]
        r++
      }
      if (count === 0) continue
      const j = out.n++
      out.doc[j] = newNum[d]
      out.code[j] = pairs.code(Math.min(tf, 65535), mask)
      out.adj[j] = adj
      records.push(this.pos, 0, count)
    }
  }
}
