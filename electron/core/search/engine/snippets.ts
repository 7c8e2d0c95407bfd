// Snippets: the window of an item's text where the query's words are densest, with the
// words highlighted. Positions say where they are without re-reading every candidate's text;
// the text itself comes from the caller (getTexts) for the page shown.
import { tokenEnd, tokenStart, tokenStartAt } from '../normalize'
import type { Snippet, SnippetField, SnippetTexts } from '../types'
import { REGION_SLOT } from '../docs'
import { lowerBound } from './lists'
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

/**
 * Whether a word of a snippet's text is one of the query's terms, remembered for the page: the
 * 50 snippets of a page are mostly the same common words, and a vocabulary lookup (lower case,
 * folding, perhaps stemming, in maps of every form of the archive) costs more than a map read.
 *
 * Most words need no lookup at all: a word that starts with an ASCII letter or digit belongs to
 * a term whose stem starts with that letter in lower case (folding leaves ASCII as it is, and
 * stemming, Porter's for Latin words, only ever changes a word's end; words of other scripts
 * start with other characters), so a word whose first letter starts none of the highlighted
 * stems is none of them. Words that start otherwise (accented, Arabic, whose stemmer takes
 * prefixes off) are looked up.
 */
export class HighlightedWords {
  private readonly known = new Map<string, boolean>()
  /** 1 for each ASCII character (lower case) that starts the stem of a highlighted term. */
  private readonly asciiStarts = new Uint8Array(128)
  constructor(
    private readonly index: IndexState,
    readonly terms: Set<number>
  ) {
    const stems = index.vocab.stems
    for (const t of terms) {
      const c = stems[t]?.charCodeAt(0)
      if (c !== undefined && c < 128) this.asciiStarts[c] = 1
    }
  }

  /** Whether a word that starts with this code unit may be highlighted (false: it is not). */
  mayHave(c: number): boolean {
    return c >= 128 || this.asciiStarts[c >= 65 && c <= 90 ? c + 32 : c] === 1
  }

  has(word: string): boolean {
    if (!this.mayHave(word.charCodeAt(0))) return false
    let yes = this.known.get(word)
    if (yes === undefined) {
      const t = this.index.vocab.lookupTerm(word)
      yes = t >= 0 && this.terms.has(t)
      this.known.set(word, yes)
    }
    return yes
  }
}

/** A text slot of an item: [start, end) in positions, with its text and where it comes from. */
type Slot = { field: SnippetField; start: number; end: number; text: string | undefined; attId?: string; attName?: string }

/** The item's text slots in the order a snippet prefers them: body, attachments, description, notes, title. */
function slotsOf(index: IndexState, d: number, texts: SnippetTexts | null): Slot[] {
  const fieldStarts = index.cols.fieldStarts[d]
  const attIds = index.cols.attachmentIds[d]
  const nAtt = attIds.length
  const metaStart = fieldStarts[fieldStarts.length - 1]
  const slots: Slot[] = [{ field: 'body', start: fieldStarts[2], end: nAtt ? fieldStarts[3] : metaStart, text: texts?.body }]
  if (nAtt > 0) {
    const byId = new Map((texts?.attachments ?? []).map((a) => [a.id, a]))
    for (let k = 0; k < nAtt; k++) {
      const a = byId.get(attIds[k])
      slots.push({ field: 'attachment', start: fieldStarts[3 + k], end: k + 1 < nAtt ? fieldStarts[4 + k] : metaStart, text: a?.text, attId: attIds[k], attName: a?.name })
    }
  }
  slots.push({ field: 'description', start: fieldStarts[0], end: fieldStarts[1], text: texts?.description })
  slots.push({ field: 'notes', start: fieldStarts[1], end: fieldStarts[2], text: texts?.notes })
  slots.push({ field: 'title', start: 0, end: fieldStarts[0], text: index.cols.title[d] })
  return slots
}

/**
 * An item's hits (pageHits) in position order, with a scratch array for counting distinct terms.
 * Made once per item of the page: the window of its body (bodyCharsFor, how much text to read)
 * and its snippet (snippetOf) are chosen from the same one.
 */
export class SortedHits {
  readonly pos: Int32Array
  readonly term: Int32Array
  private readonly seen: Int32Array
  private mark = 0

  constructor(
    hits: number[],
    private readonly termCount: number
  ) {
    const keys = Float64Array.from(hits).sort()
    this.pos = new Int32Array(keys.length)
    this.term = new Int32Array(keys.length)
    for (let i = 0; i < keys.length; i++) {
      this.pos[i] = Math.floor(keys[i] / 1024)
      this.term[i] = keys[i] - this.pos[i] * 1024
    }
    this.seen = new Int32Array(Math.min(termCount, WINDOW_TERMS))
  }

  /** The last range asked for and its answer: the body's window is asked for twice (bodyCharsFor, then snippetOf). */
  private lastRange = [-1, -1, -1]

  /** Best window start in positions [start, end): most distinct terms, then the earliest; -1 without hits there. */
  bestWindow(start: number, end: number): number {
    const last = this.lastRange
    if (last[0] === start && last[1] === end) return last[2]
    const { pos, term, seen } = this
    // The hits are in position order: the range's first one by binary search, not by a scan of
    // every hit of the item for each of its fields.
    const lo = lowerBound(pos, start)
    let bestStart = -1
    let bestScore = -1
    for (let i = lo; i < pos.length && pos[i] < end; i++) {
      const p = pos[i]
      const mark = ++this.mark
      let distinct = 0
      for (let j = i; j < pos.length && pos[j] < p + SNIPPET_TOKENS - 6 && pos[j] < end; j++) {
        if (seen[term[j]] !== mark) {
          seen[term[j]] = mark
          distinct++
        }
      }
      if (distinct > bestScore) {
        bestScore = distinct
        bestStart = p
        if (distinct === this.termCount) break
      }
    }
    this.lastRange = [start, end, bestStart]
    return bestStart
  }
}

/**
 * Characters of body read per token a snippet needs: well above the average word and space
 * (about 6-7 in English, French and Arabic press text), so that a body cut to that length almost
 * always holds the window; when it does not, the body is read again whole (snippetOf says so).
 */
const BODY_CHARS_PER_TOKEN = 12

/** How many characters of item d's body its snippet is likely to need (the start of the body up to the window's end). */
export function bodyCharsFor(index: IndexState, d: number, sorted: SortedHits): number {
  const fieldStarts = index.cols.fieldStarts[d]
  const bodyEnd = index.cols.attachmentIds[d].length ? fieldStarts[3] : fieldStarts[fieldStarts.length - 1]
  const best = sorted.bestWindow(fieldStarts[2], bodyEnd)
  const from = best < 0 ? 0 : Math.max(0, best - fieldStarts[2] - 6)
  return (from + SNIPPET_TOKENS + 1) * BODY_CHARS_PER_TOKEN + 64
}

/** What snippetOf answers when the body it was given was cut before the snippet's end: read it whole and ask again. */
export const WHOLE_BODY_NEEDED = Symbol('whole body needed')

/** The snippet of item d, from its texts and its hits (pageHits, sorted) of the query's terms. */
export function snippetOf(index: IndexState, d: number, texts: SnippetTexts | null, words: HighlightedWords, sorted: SortedHits): Snippet | null | typeof WHOLE_BODY_NEEDED {
  const slots = slotsOf(index, d, texts)
  const bodyCut = texts?.bodyCut === true
  for (const slot of slots) {
    // The best window in this field (the text is walked from its start up to the window, so
    // an early one is also the cheapest to cut).
    const bestStart = sorted.bestWindow(slot.start, slot.end)
    if (bestStart < 0 || !slot.text) continue
    const local = bestStart - slot.start
    const sn = cutSnippet(slot.text, Math.max(0, local - 6), words, bodyCut && slot.field === 'body')
    if (sn === WHOLE_BODY_NEEDED) return sn
    if (sn && sn.highlights.length > 0) {
      return { ...slotOrigin(slot), ...sn }
    }
  }
  // Matched on metadata only (or texts changed since indexing): the start of the body.
  for (const slot of slots) {
    if (!slot.text) continue
    const sn = cutSnippet(slot.text, 0, words, bodyCut && slot.field === 'body')
    if (sn) return sn === WHOLE_BODY_NEEDED ? sn : { ...slotOrigin(slot), ...sn }
  }
  return null
}

/** Where a snippet comes from: a field, an attachment, or a region (its slot id is `region:<id>`, see docs.ts). */
function slotOrigin(slot: { field: SnippetField; attId?: string; attName?: string }): Pick<Snippet, 'field' | 'attachmentId' | 'attachmentName' | 'regionId' | 'regionTitle'> {
  if (!slot.attId) return { field: slot.field }
  if (slot.attId.startsWith(REGION_SLOT)) return { field: 'region', regionId: slot.attId.slice(REGION_SLOT.length), regionTitle: slot.attName ?? '' }
  return { field: slot.field, attachmentId: slot.attId, attachmentName: slot.attName ?? '' }
}

/** Closing punctuation right after the last word ("2022." / "Rabat,"). */
const CLOSING = /[^\s\p{L}\p{N}]{1,3}/uy

/**
 * SNIPPET_TOKENS tokens of `text` from token number `from`, with highlights verified on the text.
 * When `text` is only the start of the real text (`cut`), the snippet is the same as from the whole
 * text only if another token starts after its last one (so that no word of it was cut, and the
 * closing punctuation and the trailing "…" are as they would be): otherwise WHOLE_BODY_NEEDED.
 */
export function cutSnippet(text: string, from: number, words: HighlightedWords, cut = false): { text: string; highlights: Array<[number, number]> } | null | typeof WHOLE_BODY_NEEDED {
  const n = text.length
  const first = tokenStartAt(text, from)
  if (first >= n) return cut ? WHOLE_BODY_NEEDED : null
  // The snippet is the text from `first`, every gap other than one space said as one space: it is
  // put together from runs of the text between such gaps (a slice each, not a string per word
  // and per gap), and a word is cut out of the text only when it may be a highlighted one.
  let out = first > 0 ? '… ' : ''
  const highlights: Array<[number, number]> = []
  let runStart = first
  let runAt = out.length
  let prevEnd = -1
  let i = first
  for (let k = 0; k < SNIPPET_TOKENS && i < n; k++) {
    const end = tokenEnd(text, i)
    if (prevEnd >= 0 && !(i - prevEnd === 1 && text.charCodeAt(prevEnd) === 32)) {
      out += text.slice(runStart, prevEnd) + text.slice(prevEnd, i).replace(/\s+/g, ' ')
      runStart = i
      runAt = out.length
    }
    if (words.mayHave(text.charCodeAt(i)) && words.has(text.slice(i, end))) highlights.push([runAt + i - runStart, runAt + end - runStart])
    prevEnd = end
    i = tokenStart(text, end)
  }
  if (cut && i >= n) return WHOLE_BODY_NEEDED
  out += text.slice(runStart, prevEnd)
  // Keep closing punctuation of the last word.
  CLOSING.lastIndex = prevEnd
  const tail = CLOSING.exec(text)
  if (tail) out += tail[0]
  if (i < n) out += ' …'
  return { text: out, highlights }
}
