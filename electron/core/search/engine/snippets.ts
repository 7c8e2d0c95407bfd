// Snippets: the window of an item's text where the query's words are densest, with the
// words highlighted. Positions say where they are without re-reading every candidate's text;
// the text itself comes from the caller (getTexts) for the page shown.
import { tokenEnd, tokenStart } from '../normalize'
import type { Snippet, SnippetField, SnippetTexts } from '../types'
import { REGION_SLOT } from '../docs'
import { positionsIn, positionsOf } from './postings'
import type { IndexState } from './state'

const SNIPPET_TOKENS = 28

/** Terms beyond this rank in the highlight set do not choose the window (they are still highlighted in it). */
const WINDOW_TERMS = 1024

/**
 * Where the query's terms are in each item of the page: one number per occurrence,
 * position * 1024 + the term's rank in `highlight` (so that a plain numeric sort orders them
 * and a window counts distinct terms in an array). A prefix can have hundreds of expansions,
 * most of them rare: a rare term's few postings are scanned for the page's items, a common
 * term is looked up item by item, so the cost follows the postings, not terms × items.
 */
export function pageHits(index: IndexState, page: number[], highlight: Set<number>): number[][] {
  const hits: number[][] = page.map(() => [])
  if (page.length === 0) return hits
  // Page items are marked in the scratch arrays: a typed-array read per posting scanned.
  index.scratch.ensure(index.cols.id.length)
  const g = index.scratch.nextGen()
  const { stamp, slot } = index.scratch
  page.forEach((d, i) => {
    stamp[d] = g
    slot[d] = i
  })
  const m = index.packed
  let rank = 0
  for (const t of highlight) {
    const k = rank++
    if (k >= WINDOW_TERMS) break
    const a = m && t < m.termCount ? m.termStart[t] : 0
    const b = m && t < m.termCount ? m.termStart[t + 1] : 0
    const scan = b - a <= page.length * 16
    for (let i = 0; i < page.length; i++) {
      const d = page[i]
      if (scan && d < index.packedDocs) continue
      const ps = positionsIn(index, t, d)
      if (ps) for (let j = 0; j < ps.length; j++) hits[i].push(ps[j] * 1024 + k)
    }
    if (!scan) continue
    for (let j = a; j < b; j++) {
      const d = m!.doc[j]
      if (stamp[d] !== g) continue
      const i = slot[d]
      const ps = positionsOf(index, t, j)
      for (let q = 0; q < ps.length; q++) hits[i].push(ps[q] * 1024 + k)
    }
  }
  return hits
}

/** The snippet of item d, from its texts and its hits (pageHits) of the `highlight` terms. */
export function snippetOf(index: IndexState, d: number, texts: SnippetTexts | null, highlight: Set<number>, hits: number[]): Snippet | null {
  const fieldStarts = index.cols.fieldStarts[d]
  const attIds = index.cols.attachmentIds[d]
  // Field slots: [start, end) in positions, with where its text comes from.
  type Slot = { field: SnippetField; start: number; end: number; text: () => string | undefined; attId?: string; attName?: string }
  const slots: Slot[] = []
  const nAtt = attIds.length
  const metaStart = fieldStarts[fieldStarts.length - 1]
  const byId = new Map((texts?.attachments ?? []).map((a) => [a.id, a]))
  slots.push({ field: 'body', start: fieldStarts[2], end: nAtt ? fieldStarts[3] : metaStart, text: () => texts?.body })
  for (let k = 0; k < nAtt; k++) {
    const a = byId.get(attIds[k])
    slots.push({
      field: 'attachment',
      start: fieldStarts[3 + k],
      end: k + 1 < nAtt ? fieldStarts[4 + k] : metaStart,
      text: () => a?.text,
      attId: attIds[k],
      attName: a?.name
    })
  }
  slots.push({ field: 'description', start: fieldStarts[0], end: fieldStarts[1], text: () => texts?.description })
  slots.push({ field: 'notes', start: fieldStarts[1], end: fieldStarts[2], text: () => texts?.notes })
  slots.push({ field: 'title', start: 0, end: fieldStarts[0], text: () => index.cols.title[d] })

  const termCount = highlight.size
  const keys = Float64Array.from(hits).sort()
  const sortedPos = new Int32Array(keys.length)
  const sortedTerm = new Int32Array(keys.length)
  for (let i = 0; i < keys.length; i++) {
    sortedPos[i] = Math.floor(keys[i] / 1024)
    sortedTerm[i] = keys[i] - sortedPos[i] * 1024
  }
  const seen = new Int32Array(termCount)
  let mark = 0

  for (const slot of slots) {
    // Best window in this field: most distinct terms, then the earliest (the text is read
    // from its start up to the window, so an early one is also the cheapest to cut).
    let bestStart = -1
    let bestScore = -1
    for (let i = 0; i < sortedPos.length; i++) {
      const p = sortedPos[i]
      if (p < slot.start || p >= slot.end) continue
      mark++
      let distinct = 0
      for (let j = i; j < sortedPos.length && sortedPos[j] < p + SNIPPET_TOKENS - 6 && sortedPos[j] < slot.end; j++) {
        if (seen[sortedTerm[j]] !== mark) {
          seen[sortedTerm[j]] = mark
          distinct++
        }
      }
      if (distinct > bestScore) {
        bestScore = distinct
        bestStart = p
        if (distinct === termCount) break
      }
    }
    if (bestStart < 0) continue
    const text = slot.text()
    if (!text) continue
    const local = bestStart - slot.start
    const sn = cutSnippet(index, text, Math.max(0, local - 6), highlight)
    if (sn && sn.highlights.length > 0) {
      return { ...slotOrigin(slot), ...sn }
    }
  }
  // Matched on metadata only (or texts changed since indexing): the start of the body.
  for (const slot of slots) {
    const text = slot.text()
    if (!text) continue
    const sn = cutSnippet(index, text, 0, highlight)
    if (sn) return { ...slotOrigin(slot), ...sn }
  }
  return null
}

/** Where a snippet comes from: a field, an attachment, or a region (its slot id is `region:<id>`, see docs.ts). */
function slotOrigin(slot: { field: SnippetField; attId?: string; attName?: string }): Pick<Snippet, 'field' | 'attachmentId' | 'attachmentName' | 'regionId' | 'regionTitle'> {
  if (!slot.attId) return { field: slot.field }
  if (slot.attId.startsWith(REGION_SLOT)) return { field: 'region', regionId: slot.attId.slice(REGION_SLOT.length), regionTitle: slot.attName ?? '' }
  return { field: slot.field, attachmentId: slot.attId, attachmentName: slot.attName ?? '' }
}

/** SNIPPET_TOKENS tokens of `text` from token number `from`, with highlights verified on the text. */
export function cutSnippet(index: IndexState, text: string, from: number, highlight: Set<number>): { text: string; highlights: Array<[number, number]> } | null {
  const starts: number[] = []
  const ends: number[] = []
  let k = 0
  const stop = from + SNIPPET_TOKENS
  const n = text.length
  let more = false
  for (let i = tokenStart(text, 0); i < n; ) {
    const end = tokenEnd(text, i)
    if (k >= stop) {
      more = true
      break
    }
    if (k >= from) {
      starts.push(i)
      ends.push(end)
    }
    k++
    i = tokenStart(text, end)
  }
  if (starts.length === 0) return null
  let out = starts[0] > 0 ? '… ' : ''
  const highlights: Array<[number, number]> = []
  for (let j = 0; j < starts.length; j++) {
    if (j > 0) {
      // Most gaps are one space: no regular expression for those.
      const gapLen = starts[j] - ends[j - 1]
      out += gapLen === 1 && text.charCodeAt(ends[j - 1]) === 32 ? ' ' : text.slice(ends[j - 1], starts[j]).replace(/\s+/g, ' ')
    }
    const word = text.slice(starts[j], ends[j])
    const t = index.vocab.lookupTerm(word)
    if (t >= 0 && highlight.has(t)) highlights.push([out.length, out.length + word.length])
    out += word
  }
  // Keep closing punctuation of the last word ("2022." / "Rabat,").
  const tail = /^[^\s\p{L}\p{N}]{1,3}/u.exec(text.slice(ends[ends.length - 1]))
  if (tail) out += tail[0]
  if (more) out += ' …'
  return { text: out, highlights }
}
