// Compaction (Tantivy's merger): the delta and the tombstones merged into new packed
// postings, items renumbered so that removed ones leave no gap.
import { keepRows, renormalise } from './columns'
import { Growable16, Growable32 } from './lists'
import type { PackedPostings } from './postings'
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
  const packed: PackedPostings = {
    termCount: T,
    termStart,
    doc: new Uint32Array(P),
    tf: new Uint16Array(P),
    mask: new Uint16Array(P),
    posStart: new Uint32Array(P),
    posCount: new Uint32Array(P),
    adj: new Uint32Array(P),
    pos16: new Uint16Array(0),
    pos32: new Uint32Array(0)
  }
  const p16 = new Growable16(Math.max(1024, old ? old.pos16.length : 1024))
  const p32 = new Growable32(1024)
  let j = 0
  for (let t = 0; t < T; t++) {
    if (old && t < old.termCount) {
      for (let i = old.termStart[t]; i < old.termStart[t + 1]; i++) {
        const d = old.doc[i]
        if (newNum[d] < 0) continue
        packed.doc[j] = newNum[d]
        packed.tf[j] = old.tf[i]
        packed.mask[j] = old.mask[i]
        packed.adj[j] = old.adj[i]
        const cnt = old.posCount[i]
        packed.posCount[j] = cnt
        const src = long(d) ? old.pos32 : old.pos16
        const dst = long(d) ? p32 : p16
        packed.posStart[j] = dst.n
        for (let k = old.posStart[i], e = k + cnt; k < e; k++) dst.push(src[k])
        j++
      }
    }
    for (const dj of deltaByTerm.get(t) ?? []) {
      const e = index.delta[dj]
      const p = e.terms.get(t)!
      packed.doc[j] = newNum[e.doc]
      packed.tf[j] = p.tf
      packed.mask[j] = p.mask
      packed.adj[j] = p.adj
      packed.posCount[j] = p.pos.length
      const dst = long(e.doc) ? p32 : p16
      packed.posStart[j] = dst.n
      for (const x of p.pos) dst.push(x)
      j++
    }
  }
  packed.pos16 = p16.a.slice(0, p16.n)
  packed.pos32 = p32.a.slice(0, p32.n)
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
