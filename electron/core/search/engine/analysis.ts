// Analysis: an item's fields → its terms, each with a weighted term frequency, a field mask,
// neighbour signatures and positions. Positions run through the fields in a fixed order
// (title, description, notes, body, attachments, then the metadata), with a gap between
// fields so that a phrase never runs from one into the next; `fieldStarts` says where each
// field begins, for snippets.
import type { SearchDoc } from '../types'
import { tokenEnd, tokenStart } from '../normalize'
import { F_ATT, F_BODY, F_BYLINE, F_COLL, F_DESC, F_NOTES, F_ORG, F_OUTLET, F_PEOPLE, F_PLACE, F_TAG, F_TITLE, WEIGHT_OF_BIT } from './fields'
import type { Vocabulary } from './vocabulary'

/**
 * What analysing one item produces before it is added anywhere. The arrays are views of
 * buffers reused by the next call to analyse (a build analyses a hundred thousand items,
 * and fresh arrays per item and per term kept the garbage collector busy): use them, or
 * copy them, before analysing the next item.
 */
export type Analysed = {
  /** How many distinct terms; per term, sorted by term id: id, weighted tf, field mask, neighbour signature. */
  termCount: number
  terms: Int32Array
  tfs: Int32Array
  masks: Int32Array
  adjs: Int32Array
  /** Term k's positions are positions[posFrom[k] .. posFrom[k + 1]), ascending. */
  posFrom: Int32Array
  positions: Int32Array
  /** Token count. */
  length: number
  fieldStarts: number[]
}

// Module-level copies: read per token, and an imported binding can cost a getter call each time
// (it did under tsx, which runs the bench and the tests: a few percent of a build).
const WEIGHTS = WEIGHT_OF_BIT
const startOfToken = tokenStart
const endOfToken = tokenEnd

/** Buffers reused from one item to the next, grown as needed. */
let seqTerm = new Int32Array(4096)
let seqPos = new Int32Array(4096)
let seqBit = new Int32Array(4096)
let seqAdj = new Int32Array(4096)
let keys = new Float64Array(4096)
let outTerms = new Int32Array(4096)
let outTfs = new Int32Array(4096)
let outMasks = new Int32Array(4096)
let outAdjs = new Int32Array(4096)
let outPosFrom = new Int32Array(4097)
let outPositions = new Int32Array(4096)

function grow(n: number): void {
  let cap = seqTerm.length
  while (cap < n) cap *= 2
  const more = (a: Int32Array) => {
    const b = new Int32Array(cap)
    b.set(a)
    return b
  }
  seqTerm = more(seqTerm)
  seqPos = more(seqPos)
  seqBit = more(seqBit)
  seqAdj = new Int32Array(cap)
  keys = new Float64Array(cap)
  outTerms = new Int32Array(cap)
  outTfs = new Int32Array(cap)
  outMasks = new Int32Array(cap)
  outAdjs = new Int32Array(cap)
  outPosFrom = new Int32Array(cap + 1)
  outPositions = new Int32Array(cap)
}

/**
 * Analyses an item, adding its new word forms to the vocabulary. With `metadataFrom`, only
 * the metadata (people to collections) is analysed, its positions starting there: an item's
 * metadata comes after its texts, so this is the part of its analysis that a change of tags
 * or people changes (metadataUpdate.ts), and `fieldStarts` is left empty.
 */
export function analyse(vocab: Vocabulary, doc: SearchDoc, metadataFrom = -1): Analysed {
  let n = 0
  let pos = 0
  const fieldStarts: number[] = []
  const addText = (text: string | undefined, bit: number) => {
    if (text) {
      const lower = text.toLowerCase()
      const len = lower.length
      for (let i = startOfToken(lower, 0); i < len; ) {
        const end = endOfToken(lower, i)
        if (n === seqTerm.length) grow(n + 1)
        seqTerm[n] = vocab.termIdAt(lower, i, end)
        seqPos[n] = pos++
        seqBit[n] = bit
        n++
        i = startOfToken(lower, end)
      }
    }
    pos++ // a gap, so that phrases never run from one field into the next
  }
  if (metadataFrom >= 0) pos = metadataFrom
  else {
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
  }
  for (const v of doc.people ?? []) addText(v, F_PEOPLE)
  for (const v of doc.organisations ?? []) addText(v, F_ORG)
  for (const v of doc.places ?? []) addText(v, F_PLACE)
  for (const v of doc.tags ?? []) addText(v.replace(/\//g, ' '), F_TAG)
  addText(doc.outlet, F_OUTLET)
  addText(doc.byline, F_BYLINE)
  for (const v of doc.collections ?? []) addText(v, F_COLL)

  // Neighbour signatures per token: tokens at consecutive positions are neighbours (fields
  // and values are separated by a gap).
  seqAdj.fill(0, 0, n)
  for (let i = 0; i + 1 < n; i++) {
    if (seqPos[i + 1] !== seqPos[i] + 1) continue
    seqAdj[i] |= nextBit(vocab.adjHash[seqTerm[i + 1]])
    seqAdj[i + 1] |= prevBit(vocab.adjHash[seqTerm[i]])
  }
  // Group the token sequence by term, positions ascending within a term.
  const sorted = keys.subarray(0, n)
  for (let i = 0; i < n; i++) sorted[i] = seqTerm[i] * 16777216 + i
  sorted.sort()
  let termCount = 0
  let k = 0
  while (k < n) {
    const t = Math.floor(sorted[k] / 16777216)
    let tf = 0
    let mask = 0
    let adj = 0
    outPosFrom[termCount] = k
    while (k < n && Math.floor(sorted[k] / 16777216) === t) {
      const i = sorted[k] - t * 16777216
      tf += WEIGHTS[seqBit[i]]
      mask |= seqBit[i]
      adj |= seqAdj[i]
      outPositions[k] = seqPos[i]
      k++
    }
    outTerms[termCount] = t
    outTfs[termCount] = Math.min(tf, 65535)
    outMasks[termCount] = mask
    outAdjs[termCount] = adj
    termCount++
  }
  outPosFrom[termCount] = n
  return { termCount, terms: outTerms, tfs: outTfs, masks: outMasks, adjs: outAdjs, posFrom: outPosFrom, positions: outPositions, length: n, fieldStarts }
}

/**
 * The field bit of position p of an item's texts (before its metadata), from the item's
 * `fieldStarts`: description, notes, body, each attachment, then the metadata.
 */
export function textFieldAt(p: number, fieldStarts: number[]): number {
  if (p < fieldStarts[0]) return F_TITLE
  if (p < fieldStarts[1]) return F_DESC
  if (p < fieldStarts[2]) return F_NOTES
  if (p < fieldStarts[3]) return F_BODY
  return F_ATT
}

/**
 * Neighbour signatures: a posting's `adj` (16 bits) has, in its low 8 bits, one bit per term
 * that follows this term somewhere in the item, and in its high 8 bits one per term that
 * precedes it (a 3-bit hash of the term's stem, Vocabulary.adjHash: the same in every
 * build worker, whatever id the term gets). An item can hold "a b" only if a's next bits
 * have b and b's previous bits have a: one AND per pair rules out most candidates of a
 * phrase before any position is read. Positions then confirm (a bit can collide), so
 * results stay exact. 16 bits, not 32 (until index format 5): 50 MB less at 100k items, for
 * a filter that lets through one in eight non-neighbours instead of one in sixteen.
 */
export function stemHash(stem: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < stem.length; i++) h = Math.imul(h ^ stem.charCodeAt(i), 0x01000193)
  return h >>> 29
}

export function nextBit(hash: number): number {
  return 1 << hash
}

export function prevBit(hash: number): number {
  return 1 << (8 + hash)
}
