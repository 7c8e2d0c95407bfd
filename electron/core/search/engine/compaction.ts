// Compaction (Tantivy's merger): the delta and the tombstones merged into new packed
// postings, items renumbered so that removed ones leave no gap.
import { keepRows, renormalise } from './columns'
import { Growable16, Growable32 } from './lists'
import { posCountAt, PositionDirectoryBuilder } from './positions'
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
  const long = (d: number) => index.cols.longPositions[d] === 1
  const doc = new Uint32Array(P)
  const code = new Uint16Array(P)
  const pairs = new TfMaskTableBuilder()
  const adj = new Uint16Array(P)
  const dir = new PositionDirectoryBuilder(P)
  let r16 = 0
  let r32 = 0
  const p16 = new Growable16(Math.max(1024, old ? old.pos16.length : 1024))
  const p32 = new Growable32(1024)
  let j = 0
  for (let t = 0; t < T; t++) {
    if (old && t < old.termCount) {
      // Old postings are read in order, so their positions' starts are running sums.
      for (let i = old.termStart[t]; i < old.termStart[t + 1]; i++) {
        const d = old.doc[i]
        const cnt = posCountAt(old, i)
        const isLong = long(d)
        const from = isLong ? r32 : r16
        if (isLong) r32 += cnt
        else r16 += cnt
        if (newNum[d] < 0) continue
        doc[j] = newNum[d]
        code[j] = pairs.code(old.codeTf[old.code[i]], old.codeMask[old.code[i]])
        adj[j] = old.adj[i]
        dir.push(cnt, isLong)
        const src = isLong ? old.pos32 : old.pos16
        const dst = isLong ? p32 : p16
        for (let k = from, e = from + cnt; k < e; k++) dst.push(src[k])
        j++
      }
    }
    for (const dj of deltaByTerm.get(t) ?? []) {
      const e = index.delta[dj]
      const p = e.terms.get(t)!
      doc[j] = newNum[e.doc]
      code[j] = pairs.code(p.tf, p.mask)
      adj[j] = p.adj
      dir.push(p.pos.length, long(e.doc))
      const dst = long(e.doc) ? p32 : p16
      for (const x of p.pos) dst.push(x)
      j++
    }
  }
  const packed: PackedPostings = { termCount: T, termStart, doc, code, ...pairs.finish(), adj, pos16: p16.a.slice(0, p16.n), pos32: p32.a.slice(0, p32.n), ...dir.finish() }
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
