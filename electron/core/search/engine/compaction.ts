// Compaction (Tantivy's merger): the delta and the tombstones merged into new packed
// postings, items renumbered so that removed ones leave no gap.
import { keepRows, renormalise } from './columns'
import { MemoryCold } from './coldPostings'
import { PositionCursor, PositionRecordWriter } from './positions'
import type { PackedPostings } from './postings'
import { TfMaskTableBuilder } from './tfMask'
import type { IndexState } from './state'

/** Merges edits into the packed postings and drops deleted items (renumbering). */
export function compact(index: IndexState): void {
  const N = index.cols.id.length
  const newNum = new Int32Array(N).fill(-1)
  let live = 0
  for (let d = 0; d < N; d++) if (index.cols.alive[d] === 1) newNum[d] = live++
  const T = index.vocab.termCount
  const old = index.packed
  const deltaByTerm = new Map<number, number[]>()
  for (let j = 0; j < index.delta.length; j++) {
    if (index.cols.alive[index.delta[j].doc] !== 1) continue
    for (const t of index.delta[j].terms.keys()) {
      let l = deltaByTerm.get(t)
      if (!l) deltaByTerm.set(t, (l = []))
      l.push(j)
    }
  }
  let P = 0
  const termStart = new Uint32Array(T + 1)
  for (let t = 0; t < T; t++) {
    let c = 0
    if (old && t < old.termCount) {
      for (let i = old.termStart[t]; i < old.termStart[t + 1]; i++) if (newNum[old.doc[i]] >= 0) c++
    }
    c += deltaByTerm.get(t)?.length ?? 0
    P += c
    termStart[t + 1] = P
  }
  const doc = new Uint32Array(P)
  const code = new Uint16Array(P)
  const pairs = new TfMaskTableBuilder()
  const adj = new Uint16Array(P)
  // The old signatures and records whole (read from disk once for a loaded index), walked in order.
  const oldAdj = old ? old.cold.all().adj : new Uint16Array(0)
  const cursor = old ? new PositionCursor(old) : null
  const records = new PositionRecordWriter(old ? old.posBlockAt[old.posBlockAt.length - 1] + 1024 : 1 << 16)
  let pos: Int32Array = new Int32Array(256)
  let j = 0
  for (let t = 0; t < T; t++) {
    if (old && t < old.termCount) {
      for (let i = old.termStart[t]; i < old.termStart[t + 1]; i++) {
        const d = old.doc[i]
        if (newNum[d] < 0) continue
        doc[j] = newNum[d]
        code[j] = pairs.code(old.codeTf[old.code[i]], old.codeMask[old.code[i]])
        adj[j] = oldAdj[i]
        pos = cursor!.read(i, pos, 0)
        records.push(pos, 0, cursor!.count)
        j++
      }
    }
    for (const dj of deltaByTerm.get(t) ?? []) {
      const e = index.delta[dj]
      const p = e.terms.get(t)!
      doc[j] = newNum[e.doc]
      code[j] = pairs.code(p.tf, p.mask)
      adj[j] = p.adj
      records.push(p.pos, 0, p.pos.length)
      j++
    }
  }
  const { records: recordBytes, posBlockAt } = records.finish(P)
  const packed: PackedPostings = { termCount: T, termStart, doc, code, ...pairs.finish(), posBlockAt, cold: new MemoryCold(adj, recordBytes) }
  old?.cold.close()
  index.cols = keepRows(index.cols, newNum)
  index.idToDoc = new Map(index.cols.id.map((id, i) => [id, i]))
  renormalise(index)
  index.packed = packed
  index.packedDocs = live
  index.packedChanged()
  index.delta = []
  index.deltaDf = new Map()
  index.deadInPacked = 0
  index.vocab.mergePendingForms()
}
