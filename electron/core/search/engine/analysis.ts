// Analysis: an item's fields → its terms, each with a weighted term frequency, a field mask,
// neighbour signatures and positions. Positions run through the fields in a fixed order
// (title, description, notes, body, attachments, then the metadata), with a gap between
// fields so that a phrase never runs from one into the next; `fieldStarts` says where each
// field begins, for snippets.
import type { SearchDoc } from '../types'
import { tokenEnd, tokenStart } from '../normalize'
import { F_ATT, F_BODY, F_BYLINE, F_COLL, F_DESC, F_NOTES, F_ORG, F_OUTLET, F_PEOPLE, F_PLACE, F_TAG, F_TITLE, WEIGHT } from './fields'
import type { Vocabulary } from './vocabulary'

/** What analysing one item produces before it is added anywhere. */
export type Analysed = {
  /** Sorted by term: term id, weighted tf, field mask, neighbour signature, positions. */
  terms: number[]
  tfs: number[]
  masks: number[]
  adjs: number[]
  positions: number[][]
  /** Token count. */
  length: number
  fieldStarts: number[]
}

/** Analyses an item, adding its new word forms to the vocabulary. */
export function analyse(vocab: Vocabulary, doc: SearchDoc): Analysed {
  const seqTerm: number[] = []
  const seqPos: number[] = []
  const seqBit: number[] = []
  let pos = 0
  const fieldStarts: number[] = []
  const addText = (text: string | undefined, bit: number) => {
    if (text) {
      const lower = text.toLowerCase()
      const n = lower.length
      for (let i = tokenStart(lower, 0); i < n; ) {
        const end = tokenEnd(lower, i)
        seqTerm.push(vocab.termIdOf(lower.slice(i, end)))
        seqPos.push(pos++)
        seqBit.push(bit)
        i = tokenStart(lower, end)
      }
    }
    pos++ // a gap, so that phrases never run from one field into the next
  }
  addText(doc.title, F_TITLE)
  fieldStarts.push(pos)
  addText(doc.description, F_DESC)
  fieldStarts.push(pos)
  addText(doc.notes, F_NOTES)
  fieldStarts.push(pos)
  addText(doc.body, F_BODY)
  for (const a of doc.attachments ?? []) {
    fieldStarts.push(pos)
    addText(a.text, F_ATT)
  }
  fieldStarts.push(pos)
  for (const v of doc.people ?? []) addText(v, F_PEOPLE)
  for (const v of doc.organisations ?? []) addText(v, F_ORG)
  for (const v of doc.places ?? []) addText(v, F_PLACE)
  for (const v of doc.tags ?? []) addText(v.replace(/\//g, ' '), F_TAG)
  addText(doc.outlet, F_OUTLET)
  addText(doc.byline, F_BYLINE)
  for (const v of doc.collections ?? []) addText(v, F_COLL)

  const n = seqTerm.length
  // Neighbour signatures per token: tokens at consecutive positions are neighbours (fields
  // and values are separated by a gap).
  const seqAdj = new Int32Array(n)
  for (let i = 0; i + 1 < n; i++) {
    if (seqPos[i + 1] !== seqPos[i] + 1) continue
    seqAdj[i] |= nextBit(seqTerm[i + 1])
    seqAdj[i + 1] |= prevBit(seqTerm[i])
  }
  // Group the token sequence by term, positions ascending within a term.
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) keys[i] = seqTerm[i] * 16777216 + i
  keys.sort()
  const terms: number[] = []
  const tfs: number[] = []
  const masks: number[] = []
  const adjs: number[] = []
  const positions: number[][] = []
  let k = 0
  while (k < n) {
    const t = Math.floor(keys[k] / 16777216)
    let tf = 0
    let mask = 0
    let adj = 0
    const ps: number[] = []
    while (k < n && Math.floor(keys[k] / 16777216) === t) {
      const i = keys[k] - t * 16777216
      tf += WEIGHT[seqBit[i]]
      mask |= seqBit[i]
      adj |= seqAdj[i]
      ps.push(seqPos[i])
      k++
    }
    terms.push(t)
    tfs.push(Math.min(tf, 65535))
    masks.push(mask)
    adjs.push(adj >>> 0)
    positions.push(ps)
  }
  return { terms, tfs, masks, adjs, positions, length: n, fieldStarts }
}


/**
 * Neighbour signatures: a posting's `adj` has, in its low 16 bits, one bit per term that
 * follows this term somewhere in the item, and in its high 16 bits one per term that
 * precedes it (a 4-bit hash of the term id). An item can hold "a b" only if a's next bits
 * have b and b's previous bits have a: one AND per pair rules out most candidates of a
 * phrase of common words before any position is read. Positions then confirm (a bit can
 * collide), so results stay exact.
 */
function adjHash(t: number): number {
  return Math.imul(t, 0x9e3779b1) >>> 28
}


export function nextBit(t: number): number {
  return 1 << adjHash(t)
}


export function prevBit(t: number): number {
  return 1 << (16 + adjHash(t))
}
