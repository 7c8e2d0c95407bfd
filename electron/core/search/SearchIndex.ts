// The full-text index of an archive: every item's title, body, description, notes,
// attachment text and metadata, searchable in one query with the language of
// queryParser.ts, with totals, facets, a date histogram and snippets.
//
// Two parts, each where it is fastest (measured with `npm run bench -- --only search`):
//
// FlexSearch (flexsearch 0.8, an `Index`, not a `Document`) is the term dictionary for
// as-you-type prefixes: one entry per folded word form (tens of thousands, not items),
// id = term id, `tokenize: 'forward'` so every prefix of a form is a key and a typed
// prefix is one lookup instead of a binary search plus a scan of the sorted vocabulary
// (equal or slightly less CPU at 50k forms; the same candidates). Forms are folded by
// normalize.ts before they reach it, so its encoder is Exact. It is saved as
// index/dictionary.json (FlexSearch export) under the same manifest checksums, and a
// loaded one must know a probe form of the saved vocabulary, or the index is rebuilt.
// Typo tolerance does NOT use it: FlexSearch's `tolerant` tokenizer was 150x faster per
// lookup but cost ~8 s and ~340 MB for 50k forms and misses two-edit candidates, so the
// typo scan over one first-letter slice of the sorted vocabulary stays.
//
// The postings are our own, in flat typed arrays (compressed sparse rows: one slice per
// term, doc numbers ascending), because FlexSearch 0.8 answers "the best ids" but has no
// document frequencies, scores, totals or term positions. On this archive's shape (100k
// items of ~3 KB, where a common word is in most items) computing an exact total, facets
// and a phrase check from its result arrays costs more than the whole 5 ms budget, and
// a forward tokenizer over bodies multiplies the memory by five. They persist as one
// binary file that loads in a read:
// - a posting = doc, weighted term frequency (BM25F-style field weights: title and
//   people/organisations weigh more than body), field mask (for title:), positions;
// - positions give phrases and snippets without re-reading every candidate's text; they are
//   laid out term by term so that a phrase reads them as it walks the postings, and each
//   posting carries neighbour signatures (which terms come right before and after it) that
//   rule out most items of a phrase of common words before any position is read;
// - edits go to a small per-item delta beside the packed postings, merged by compact()
//   (on save, or when the delta grows), and deletions are tombstones until then;
// - facets and the histogram come from per-item metadata arrays over the result set (a
//   result holding most of the archive is counted through its complement);
// - a query is planned around its smallest set (see evaluate): a rare word, a phrase, or a
//   field or date filter read from per-value lists; the other words are probed into it
//   through their packed postings, and words that are each in most items intersect as
//   cached bitmaps before anything is scored. Totals stay exact on every path
//   (tests/unit/search/exactTotals.test.ts checks them against reading every item).
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { Charset, Index as FlexIndex } from 'flexsearch'
import { CoreError } from '../errors'
import { writeFileAtomic } from '../fsutil'
import { itemDateSpan, yearMonthOf } from './dates'
import { CHAR_CLASS as CHAR_CLASS_EXPORT, foldLower, scanTokens, stemFolded, termOf, fold, tokensOf } from './normalize'
import { parseQuery, type MetaField, type ParsedQuery, type QueryNode } from './queryParser'
import type {
  FacetValue,
  Facets,
  IndexLoadFailure,
  SearchDoc,
  SearchHit,
  SearchOptions,
  SearchResult,
  Snippet,
  SnippetField,
  SnippetTexts
} from './types'

// A local binding: a hot loop reading an imported binding pays for a getter on every character.
const CHAR_CLASS: Uint8Array = CHAR_CLASS_EXPORT

export const INDEX_FORMAT = 'presskeep-search-index'
// 2: the FlexSearch prefix dictionary (dictionary.json) beside the postings.
// 3: neighbour signatures per posting (the `adj` section), for phrases.
export const INDEX_VERSION = 3

// Field bits (posting mask) and weights (added to the weighted term frequency).
const F_TITLE = 1
const F_DESC = 2
const F_NOTES = 4
const F_BODY = 8
const F_ATT = 16
const F_PEOPLE = 32
const F_ORG = 64
const F_PLACE = 128
const F_TAG = 256
const F_OUTLET = 512
const F_BYLINE = 1024
const F_COLL = 2048
const WEIGHT: Record<number, number> = {
  [F_TITLE]: 8,
  [F_DESC]: 3,
  [F_NOTES]: 2,
  [F_BODY]: 1,
  [F_ATT]: 1,
  [F_PEOPLE]: 6,
  [F_ORG]: 6,
  [F_PLACE]: 3,
  [F_TAG]: 4,
  [F_OUTLET]: 2,
  [F_BYLINE]: 3,
  [F_COLL]: 2
}
const K1 = 1.2
const B = 0.75
const NO_DATE = 2_000_000_000
const MAX_EXPANSIONS = 16
const MAX_LIMIT = 1000
const SNIPPET_TOKENS = 28
const DELTA_COMPACT_AT = 4000

type FacetKind = 'type' | 'language' | 'outlet' | 'tag' | 'person' | 'organisation' | 'place' | 'collection'
const LIST_FACETS = ['tag', 'person', 'organisation', 'place', 'collection'] as const
type ListFacet = (typeof LIST_FACETS)[number]

/** A facet's values: display spelling (first seen), folded key, folded tokens. */
class Dict {
  readonly byKey = new Map<string, number>()
  readonly values: string[] = []
  readonly keys: string[] = []
  private tokenCache: string[][] | null = null

  id(value: string): number {
    const v = value.trim()
    if (!v) return -1
    const key = fold(v)
    let id = this.byKey.get(key)
    if (id === undefined) {
      id = this.values.length
      this.values.push(v)
      this.keys.push(key)
      this.byKey.set(key, id)
      this.tokenCache = null
    }
    return id
  }

  tokens(i: number): string[] {
    if (!this.tokenCache) this.tokenCache = []
    let t = this.tokenCache[i]
    if (!t) {
      t = tokensOf(this.keys[i]).map(fold)
      this.tokenCache[i] = t
    }
    return t
  }

  toJSON(): string[] {
    return this.values
  }

  static from(values: string[]): Dict {
    const d = new Dict()
    for (const v of values) {
      const key = fold(v)
      d.byKey.set(key, d.values.length)
      d.values.push(v)
      d.keys.push(key)
    }
    return d
  }
}

/** Packed postings: one slice per term [termStart[t], termStart[t+1]). */
type Main = {
  termCount: number
  termStart: Uint32Array
  doc: Uint32Array
  tf: Uint16Array
  mask: Uint16Array
  posStart: Uint32Array
  posCount: Uint32Array
  /** Neighbour signatures (see adjBits): which terms come right after / right before this one. */
  adj: Uint32Array
  /** Positions of items with fewer than 65,536 tokens, and of the others. */
  pos16: Uint16Array
  pos32: Uint32Array
}

type FacetTable = {
  start: Uint32Array
  vals: Uint32Array
  off: Record<FacetKind | 'year' | 'month', number>
  sizes: Record<FacetKind, number>
  size: number
  /** Counts over all live items among the first `covered`. */
  totals: Int32Array
  covered: number
  minYear: number
  years: number
  /** Values → items, built on the first filter that needs it. */
  inv?: { start: Uint32Array; docs: Uint32Array }
}

type DateIndex = {
  /** Dated items by start day. */
  order: Int32Array
  /** Items 0..covered-1 are in `order`. */
  covered: number
  /** The slice of `order` that can overlap [from, to]. */
  range: (from: number, to: number) => [number, number]
}

type DeltaPosting = { tf: number; mask: number; adj: number; pos: number[] }
type DeltaDoc = { doc: number; terms: Map<number, DeltaPosting> }

/** A result list: doc numbers ascending with their scores. */
type PList = { docs: Int32Array; scores: Float32Array; n: number }
const EMPTY: PList = { docs: new Int32Array(0), scores: new Float32Array(0), n: 0 }

/** What analysing one item produces before it is added anywhere. */
type Analysed = {
  /** Sorted by term: term id, weighted tf, mask, positions. */
  terms: number[]
  tfs: number[]
  masks: number[]
  adjs: number[]
  positions: number[][]
  length: number
  layout: number[]
}

class Growable32 {
  a: Uint32Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Uint32Array(cap)
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = v
  }
}
class Growable16 {
  a: Uint16Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Uint16Array(cap)
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint16Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = v
  }
}

export type SearchIndexStats = { items: number; terms: number; postings: number; deltaItems: number; deletedPending: number }

export class SearchIndex {
  // Vocabulary
  private stems: string[] = []
  private stemMap = new Map<string, number>()
  /** Lower-cased raw token or folded form → term id. */
  private tokMap = new Map<string, number>()
  /** Folded forms, sorted, for prefixes and typo tolerance; `pendingForms` are not sorted in yet. */
  private forms: string[] = []
  private formTerm: Int32Array = new Int32Array(0)
  private pendingForms: string[] = []
  /**
   * FlexSearch over the folded forms, one entry per form with its term id as the id,
   * forward-tokenised: every prefix of a form is a key, so an as-you-type prefix is one
   * lookup. The encoder is Exact because the forms are folded already.
   */
  private prefixDict = newPrefixDict()

  // Per item (by doc number)
  private ids: string[] = []
  private idToDoc = new Map<string, number>()
  private alive: number[] = []
  private norm: number[] = []
  private dlen: number[] = []
  private dFrom: number[] = []
  private dTo: number[] = []
  /** year*12 + month-1 when the date says its month, else -1. */
  private ym: number[] = []
  private year: number[] = []
  private created: number[] = []
  private modified: number[] = []
  private titles: string[] = []
  private big: number[] = []
  private layout: number[][] = []
  private attIds: string[][] = []
  private fType: number[] = []
  private fLang: number[] = []
  private fOutlet: number[] = []
  private fList: Record<ListFacet, number[][]> = { tag: [], person: [], organisation: [], place: [], collection: [] }
  private dicts: Record<FacetKind, Dict> = {
    type: new Dict(),
    language: new Dict(),
    outlet: new Dict(),
    tag: new Dict(),
    person: new Dict(),
    organisation: new Dict(),
    place: new Dict(),
    collection: new Dict()
  }

  private main: Main | null = null
  /** Items 0..mainDocs-1 are in `main`; later ones in `delta`. */
  private mainDocs = 0
  private delta: DeltaDoc[] = []
  private deltaDf = new Map<number, number>()
  private liveCount = 0
  private totalLen = 0
  private deadInMain = 0
  private titleRank: Float64Array | null = null
  private facetIndex: FacetTable | null = null
  private dateIx: DateIndex | null = null
  private probeOut = new Int32Array(2)
  private minYear = 1e9
  private maxYear = -1e9

  // Scratch for unions
  private stamp = new Int32Array(0)
  private acc = new Float32Array(0)
  /** Posting index per item, valid where stamp holds the current generation (probes). */
  private slot = new Int32Array(0)
  private gen = 0

  // ---------------------------------------------------------------- vocabulary

  private termIdOf(lowerToken: string): number {
    let t = this.tokMap.get(lowerToken)
    if (t !== undefined) return t
    const f = foldLower(lowerToken)
    t = this.tokMap.get(f)
    if (t === undefined) {
      const st = stemFolded(f)
      t = this.stemMap.get(st)
      if (t === undefined) {
        t = this.stems.length
        this.stems.push(st)
        this.stemMap.set(st, t)
      }
      this.tokMap.set(f, t)
      this.pendingForms.push(f)
      // append, not add: a term with several forms ("develop", "developed") keeps them all.
      this.prefixDict.append(t, f)
    }
    if (f !== lowerToken) this.tokMap.set(lowerToken, t)
    return t
  }

  /** Term id of a query token, or -1 when no item has it. */
  private lookupTerm(token: string): number {
    const lower = token.toLowerCase()
    const t = this.tokMap.get(lower) ?? this.tokMap.get(foldLower(lower))
    if (t !== undefined) return t
    return this.stemMap.get(termOf(token)) ?? -1
  }

  private mergePendingForms(): void {
    if (this.pendingForms.length === 0) return
    const all = this.forms.concat(this.pendingForms)
    all.sort()
    const forms: string[] = []
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) forms.push(all[i])
    this.forms = forms
    this.formTerm = new Int32Array(forms.length)
    for (let i = 0; i < forms.length; i++) this.formTerm[i] = this.tokMap.get(forms[i]) ?? -1
    this.pendingForms = []
  }

  private lowerBound(key: string): number {
    let lo = 0
    let hi = this.forms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.forms[mid] < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private prefixTerms(prefixFolded: string): number[] {
    // A folded query token has no spaces; anything else would be split by the encoder.
    if (!prefixFolded || /\s/.test(prefixFolded)) return []
    const ids = this.prefixDict.search(prefixFolded, { limit: PREFIX_LOOKUP_LIMIT }) as number[]
    return this.bestByDf([...new Set(ids)])
  }

  private fuzzyTerms(folded: string): number[] {
    if (folded.length < 4) return []
    if (this.pendingForms.length > 2000) this.mergePendingForms()
    const maxDist = folded.length >= 8 ? 2 : 1
    const first = folded[0]
    const next = String.fromCharCode(first.charCodeAt(0) + 1)
    const seen = new Set<number>()
    const consider = (f: string) => {
      if (Math.abs(f.length - folded.length) <= maxDist && editDistanceWithin(folded, f, maxDist)) {
        const t = this.tokMap.get(f)
        if (t !== undefined) seen.add(t)
      }
    }
    for (let i = this.lowerBound(first), end = this.lowerBound(next); i < end; i++) consider(this.forms[i])
    for (const f of this.pendingForms) if (f[0] === first) consider(f)
    return this.bestByDf([...seen])
  }

  private bestByDf(terms: number[]): number[] {
    if (terms.length <= MAX_EXPANSIONS) return terms
    return terms
      .map((t) => [t, this.df(t)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_EXPANSIONS)
      .map((x) => x[0])
  }

  private df(t: number): number {
    const m = this.main
    const inMain = m && t < m.termCount ? m.termStart[t + 1] - m.termStart[t] : 0
    return inMain + (this.deltaDf.get(t) ?? 0)
  }

  // ---------------------------------------------------------------- analysis

  private analyse(doc: SearchDoc): Analysed {
    const seqTerm: number[] = []
    const seqPos: number[] = []
    const seqBit: number[] = []
    let pos = 0
    const layout: number[] = []
    const addText = (text: string | undefined, bit: number) => {
      if (text) {
        const lower = text.toLowerCase()
        const n = lower.length
        let i = 0
        while (i < n) {
          const cls = CHAR_CLASS[lower.charCodeAt(i)]
          if (cls === 0) {
            i++
            continue
          }
          const start = i
          i++
          if (cls === 1) while (i < n && CHAR_CLASS[lower.charCodeAt(i)] === 1) i++
          seqTerm.push(this.termIdOf(lower.slice(start, i)))
          seqPos.push(pos++)
          seqBit.push(bit)
        }
      }
      pos++ // a gap, so that phrases never run from one field into the next
    }
    addText(doc.title, F_TITLE)
    layout.push(pos)
    addText(doc.description, F_DESC)
    layout.push(pos)
    addText(doc.notes, F_NOTES)
    layout.push(pos)
    addText(doc.body, F_BODY)
    for (const a of doc.attachments ?? []) {
      layout.push(pos)
      addText(a.text, F_ATT)
    }
    layout.push(pos)
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
    return { terms, tfs, masks, adjs, positions, length: n, layout }
  }

  private setMeta(d: number, doc: SearchDoc, a: Analysed): void {
    const span = itemDateSpan(doc.date)
    this.ids[d] = doc.id
    this.idToDoc.set(doc.id, d)
    this.alive[d] = 1
    this.dlen[d] = a.length
    this.dFrom[d] = span ? span.from : NO_DATE
    this.dTo[d] = span ? span.to : -NO_DATE
    const first = (doc.date ?? '').split('/')[0]
    if (span) {
      const { year, month } = yearMonthOf(span.from)
      this.year[d] = year
      if (year < this.minYear) this.minYear = year
      if (year > this.maxYear) this.maxYear = year
      this.ym[d] = /^\d{4}-\d{1,2}/.test(first) ? year * 12 + month - 1 : -1
    } else {
      this.year[d] = -1
      this.ym[d] = -1
    }
    this.created[d] = Date.parse(doc.created ?? '') || 0
    this.modified[d] = Date.parse(doc.modified ?? '') || 0
    this.titles[d] = doc.title ?? ''
    this.big[d] = a.length >= 65535 ? 1 : 0
    this.layout[d] = a.layout
    this.attIds[d] = (doc.attachments ?? []).map((x) => x.id)
    this.fType[d] = this.dicts.type.id(doc.type ?? '')
    this.fLang[d] = this.dicts.language.id(doc.language ?? '')
    this.fOutlet[d] = this.dicts.outlet.id(doc.outlet ?? '')
    const list = (kind: ListFacet, values: string[] | undefined) => {
      const ids: number[] = []
      for (const v of values ?? []) {
        const id = this.dicts[kind].id(v)
        if (id >= 0 && !ids.includes(id)) ids.push(id)
      }
      this.fList[kind][d] = ids
    }
    list('tag', doc.tags)
    list('person', doc.people)
    list('organisation', doc.organisations)
    list('place', doc.places)
    list('collection', doc.collections)
    this.liveCount++
    this.totalLen += a.length
    this.norm[d] = K1 * (1 - B + (B * a.length) / Math.max(1, this.totalLen / this.liveCount))
    this.titleRank = null
  }

  // ---------------------------------------------------------------- building and editing

  /** Builds an index from many items at once (much faster than adding them one by one). */
  static build(docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): SearchIndex {
    const index = new SearchIndex()
    index.bulkAdd(docs, onProgress)
    return index
  }

  private bulkAdd(docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): void {
    if (this.ids.length > 0) {
      for (const d of docs) this.add(d)
      return
    }
    const pTerm = new Growable32(1 << 16)
    const pDoc = new Growable32(1 << 16)
    const pTf = new Growable16(1 << 16)
    const pMask = new Growable16(1 << 16)
    const pAdj = new Growable32(1 << 16)
    const pPos = new Growable32(1 << 16)
    const pCnt = new Growable32(1 << 16)
    const pos16 = new Growable16(1 << 20)
    const pos32 = new Growable32(1024)
    let d = 0
    for (const doc of docs) {
      if (!doc || typeof doc.id !== 'string' || this.idToDoc.has(doc.id)) continue
      const a = this.analyse(doc)
      this.setMeta(d, doc, a)
      const isBig = this.big[d] === 1
      for (let k = 0; k < a.terms.length; k++) {
        pTerm.push(a.terms[k])
        pDoc.push(d)
        pTf.push(a.tfs[k])
        pMask.push(a.masks[k])
        pAdj.push(a.adjs[k])
        const ps = a.positions[k]
        pCnt.push(ps.length)
        if (isBig) {
          pPos.push(pos32.n)
          for (const p of ps) pos32.push(p)
        } else {
          pPos.push(pos16.n)
          for (const p of ps) pos16.push(p)
        }
      }
      d++
      if (onProgress && d % 1000 === 0) onProgress(d)
    }
    // Norms were computed with a running average length; use the final one.
    const avg = this.totalLen / Math.max(1, this.liveCount)
    for (let i = 0; i < d; i++) this.norm[i] = K1 * (1 - B + (B * this.dlen[i]) / avg)
    const T = this.stems.length
    const P = pTerm.n
    const termStart = new Uint32Array(T + 1)
    for (let i = 0; i < P; i++) termStart[pTerm.a[i] + 1]++
    for (let t = 0; t < T; t++) termStart[t + 1] += termStart[t]
    const fill = termStart.slice(0, T)
    const main: Main = {
      termCount: T,
      termStart,
      doc: new Uint32Array(P),
      tf: new Uint16Array(P),
      mask: new Uint16Array(P),
      posStart: new Uint32Array(P),
      posCount: new Uint32Array(P),
      adj: new Uint32Array(P),
      pos16: new Uint16Array(pos16.n),
      pos32: new Uint32Array(pos32.n)
    }
    // Postings were appended in doc order, so a stable scatter by term keeps docs ascending.
    for (let i = 0; i < P; i++) {
      const j = fill[pTerm.a[i]]++
      main.doc[j] = pDoc.a[i]
      main.tf[j] = pTf.a[i]
      main.mask[j] = pMask.a[i]
      main.adj[j] = pAdj.a[i]
      main.posStart[j] = pPos.a[i]
      main.posCount[j] = pCnt.a[i]
    }
    // Positions were appended item by item; lay them out term by term, in postings order, so
    // that a phrase reads each term's positions as it walks its postings instead of jumping
    // across the whole array (a cache miss per candidate made phrases 5x slower).
    let o16 = 0
    let o32 = 0
    for (let j = 0; j < P; j++) {
      const from = main.posStart[j]
      const cnt = main.posCount[j]
      if (this.big[main.doc[j]] === 1) {
        main.posStart[j] = o32
        for (let k = 0; k < cnt; k++) main.pos32[o32++] = pos32.a[from + k]
      } else {
        main.posStart[j] = o16
        for (let k = 0; k < cnt; k++) main.pos16[o16++] = pos16.a[from + k]
      }
    }
    this.main = main
    this.mainDocs = d
    // Anything derived from the (empty) index before is out of date.
    this.facetIndex = null
    this.dateIx = null
    this.bitsCache.clear()
    this.mergePendingForms()
  }

  /** Adds many items; on an empty index this is the fast bulk build. */
  addMany(docs: Iterable<SearchDoc>, onProgress?: (done: number) => void): void {
    this.bulkAdd(docs, onProgress)
  }

  /** Adds an item, or replaces it if its id is already indexed. */
  add(doc: SearchDoc): void {
    if (!doc || typeof doc.id !== 'string' || !doc.id) throw new CoreError('INVALID_INPUT', 'An item to index needs an id.', 'id')
    if (this.idToDoc.has(doc.id)) this.remove(doc.id)
    const a = this.analyse(doc)
    const d = this.ids.length
    this.setMeta(d, doc, a)
    const terms = new Map<number, DeltaPosting>()
    for (let k = 0; k < a.terms.length; k++) {
      terms.set(a.terms[k], { tf: a.tfs[k], mask: a.masks[k], adj: a.adjs[k], pos: a.positions[k] })
      this.deltaDf.set(a.terms[k], (this.deltaDf.get(a.terms[k]) ?? 0) + 1)
    }
    this.delta.push({ doc: d, terms })
    if (this.delta.length > DELTA_COMPACT_AT) this.compact()
  }

  update(doc: SearchDoc): void {
    this.add(doc)
  }

  /** Removes an item; unknown ids are ignored (returns false). */
  remove(id: string): boolean {
    const d = this.idToDoc.get(id)
    if (d === undefined) return false
    this.idToDoc.delete(id)
    this.alive[d] = 0
    const ft = this.facetIndex
    if (ft && d < ft.covered) for (let j = ft.start[d]; j < ft.start[d + 1]; j++) ft.totals[ft.vals[j]]--
    this.liveCount--
    this.totalLen -= this.dlen[d]
    this.titleRank = null
    const m = this.main
    if (m && d < this.mainDocCount()) {
      this.deadInMain++
    } else {
      const i = this.deltaIndexOf(d)
      if (i >= 0) {
        for (const t of this.delta[i].terms.keys()) {
          const c = (this.deltaDf.get(t) ?? 1) - 1
          if (c > 0) this.deltaDf.set(t, c)
          else this.deltaDf.delete(t)
        }
        this.delta.splice(i, 1)
      }
    }
    return true
  }

  has(id: string): boolean {
    return this.idToDoc.has(id)
  }

  get size(): number {
    return this.liveCount
  }

  stats(): SearchIndexStats {
    return {
      items: this.liveCount,
      terms: this.stems.length,
      postings: this.main ? this.main.doc.length : 0,
      deltaItems: this.delta.length,
      deletedPending: this.deadInMain
    }
  }

  private mainDocCount(): number {
    return this.mainDocs
  }

  private deltaIndexOf(d: number): number {
    let lo = 0
    let hi = this.delta.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const x = this.delta[mid].doc
      if (x === d) return mid
      if (x < d) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Merges edits into the packed postings and drops deleted items (renumbering). */
  compact(): void {
    const N = this.ids.length
    const newNum = new Int32Array(N).fill(-1)
    let live = 0
    for (let d = 0; d < N; d++) if (this.alive[d] === 1) newNum[d] = live++
    const T = this.stems.length
    const old = this.main
    const deltaByTerm = new Map<number, number[]>()
    for (let j = 0; j < this.delta.length; j++) {
      if (this.alive[this.delta[j].doc] !== 1) continue
      for (const t of this.delta[j].terms.keys()) {
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
    const isBig = (d: number) => this.big[d] === 1
    const main: Main = {
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
          main.doc[j] = newNum[d]
          main.tf[j] = old.tf[i]
          main.mask[j] = old.mask[i]
          main.adj[j] = old.adj[i]
          const cnt = old.posCount[i]
          main.posCount[j] = cnt
          const src = isBig(d) ? old.pos32 : old.pos16
          const dst = isBig(d) ? p32 : p16
          main.posStart[j] = dst.n
          for (let k = old.posStart[i], e = k + cnt; k < e; k++) dst.push(src[k])
          j++
        }
      }
      for (const dj of deltaByTerm.get(t) ?? []) {
        const e = this.delta[dj]
        const p = e.terms.get(t)!
        main.doc[j] = newNum[e.doc]
        main.tf[j] = p.tf
        main.mask[j] = p.mask
        main.adj[j] = p.adj
        main.posCount[j] = p.pos.length
        const dst = isBig(e.doc) ? p32 : p16
        main.posStart[j] = dst.n
        for (const x of p.pos) dst.push(x)
        j++
      }
    }
    main.pos16 = p16.a.slice(0, p16.n)
    main.pos32 = p32.a.slice(0, p32.n)
    // Renumber the per-item arrays.
    const keep = <T>(arr: T[]): T[] => {
      const out: T[] = []
      for (let d = 0; d < N; d++) if (newNum[d] >= 0) out.push(arr[d])
      return out
    }
    this.ids = keep(this.ids)
    this.alive = keep(this.alive)
    this.dlen = keep(this.dlen)
    this.dFrom = keep(this.dFrom)
    this.dTo = keep(this.dTo)
    this.ym = keep(this.ym)
    this.year = keep(this.year)
    this.created = keep(this.created)
    this.modified = keep(this.modified)
    this.titles = keep(this.titles)
    this.big = keep(this.big)
    this.layout = keep(this.layout)
    this.attIds = keep(this.attIds)
    this.fType = keep(this.fType)
    this.fLang = keep(this.fLang)
    this.fOutlet = keep(this.fOutlet)
    for (const k of LIST_FACETS) this.fList[k] = keep(this.fList[k])
    this.idToDoc = new Map(this.ids.map((id, i) => [id, i]))
    const avg = this.totalLen / Math.max(1, this.liveCount)
    this.norm = this.dlen.map((l) => K1 * (1 - B + (B * l) / avg))
    this.main = main
    this.mainDocs = live
    this.facetIndex = null
    this.dateIx = null
    this.bitsCache.clear()
    this.delta = []
    this.deltaDf = new Map()
    this.deadInMain = 0
    this.titleRank = null
    this.mergePendingForms()
  }

  // ---------------------------------------------------------------- postings to lists

  // Result lists come from pools reused across queries: a query over a common word would
  // otherwise allocate megabytes that the garbage collector then stops the world for.
  private freeI32: Int32Array[][] = []
  private freeF32: Float32Array[][] = []
  private usedI32: Int32Array[] = []
  private usedF32: Float32Array[] = []

  // Pooled buffers come back as new ones would: zeroed over the length asked for. (A reused
  // buffer once kept an earlier query's cursors, so a phrase check started mid-list and
  // missed items that an identical query on a fresh index found.)
  private i32(n: number): Int32Array {
    const c = n <= 1024 ? 10 : 32 - Math.clz32(n - 1)
    const reused = this.freeI32[c]?.pop()
    const a = reused ?? new Int32Array(1 << c)
    if (reused) a.fill(0, 0, n)
    this.usedI32.push(a)
    return a
  }

  private f32(n: number): Float32Array {
    const c = n <= 1024 ? 10 : 32 - Math.clz32(n - 1)
    const reused = this.freeF32[c]?.pop()
    const a = reused ?? new Float32Array(1 << c)
    if (reused) a.fill(0, 0, n)
    this.usedF32.push(a)
    return a
  }

  private releaseLists(): void {
    for (const a of this.usedI32) {
      const c = 31 - Math.clz32(a.length)
      const l = (this.freeI32[c] ??= [])
      if (l.length < 16) l.push(a)
    }
    for (const a of this.usedF32) {
      const c = 31 - Math.clz32(a.length)
      const l = (this.freeF32[c] ??= [])
      if (l.length < 16) l.push(a)
    }
    this.usedI32 = []
    this.usedF32 = []
  }

  private ensureScratch(): void {
    const n = this.ids.length
    if (this.stamp.length < n) {
      this.stamp = new Int32Array(Math.max(n, this.stamp.length * 2, 1024))
      this.acc = new Float32Array(this.stamp.length)
      this.slot = new Int32Array(this.stamp.length)
      this.gen = 0
    }
  }

  private nextGen(): number {
    this.gen++
    if (this.gen > 2_000_000_000) {
      this.stamp.fill(0)
      this.gen = 1
    }
    return this.gen
  }

  /** The items that contain term `t` (in a field of `fieldMask` when given), with BM25F scores. */
  private termList(t: number, fieldMask: number, weight: number): PList {
    if (t < 0) return EMPTY
    const m = this.main
    const a = m && t < m.termCount ? m.termStart[t] : 0
    const b = m && t < m.termCount ? m.termStart[t + 1] : 0
    const dDf = this.deltaDf.get(t) ?? 0
    const df = b - a + dDf
    if (df === 0) return EMPTY
    const idf = this.idfOf(df, weight)
    const docs = this.i32(df)
    const scores = this.f32(df)
    const norm = this.norm
    let n = m && b > a ? scorePostings(m.doc, m.tf, m.mask, a, b, this.alive, this.deadInMain > 0, fieldMask, idf, norm, docs, scores) : 0
    if (dDf > 0) {
      const delta = this.delta
      for (let j = 0; j < delta.length; j++) {
        const p = delta[j].terms.get(t)
        if (!p) continue
        if (fieldMask !== 0 && (p.mask & fieldMask) === 0) continue
        const d = delta[j].doc
        docs[n] = d
        scores[n] = (idf * p.tf) / (p.tf + norm[d])
        n++
      }
    }
    return { docs, scores, n }
  }

  private positionsOf(t: number, src: number): ArrayLike<number> {
    if (src < 0) return this.delta[-src - 1].terms.get(t)?.pos ?? []
    const m = this.main!
    const d = m.doc[src]
    const store = this.big[d] === 1 ? m.pos32 : m.pos16
    return store.subarray(m.posStart[src], m.posStart[src] + m.posCount[src])
  }

  /** Positions of term t in item d, or null. */
  private positionsIn(t: number, d: number): ArrayLike<number> | null {
    const m = this.main
    if (m && t < m.termCount && d < this.mainDocCount()) {
      let lo = m.termStart[t]
      let hi = m.termStart[t + 1] - 1
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1
        const x = m.doc[mid]
        if (x === d) return this.positionsOf(t, mid)
        if (x < d) lo = mid + 1
        else hi = mid - 1
      }
      return null
    }
    const j = this.deltaIndexOf(d)
    if (j < 0) return null
    return this.delta[j].terms.get(t)?.pos ?? null
  }

  /** Union of lists, scores summed; output ascending. */
  private union(lists: PList[]): PList {
    const nonEmpty = lists.filter((l) => l.n > 0)
    if (nonEmpty.length === 0) return EMPTY
    if (nonEmpty.length === 1) return nonEmpty[0]
    this.ensureScratch()
    const g = this.nextGen()
    const stamp = this.stamp
    const acc = this.acc
    let count = 0
    let lo = Infinity
    let hi = -1
    for (const l of nonEmpty) {
      const docs = l.docs
      const sc = l.scores
      for (let i = 0; i < l.n; i++) {
        const d = docs[i]
        if (stamp[d] !== g) {
          stamp[d] = g
          acc[d] = sc[i]
          count++
        } else acc[d] += sc[i]
      }
      if (docs[0] < lo) lo = docs[0]
      if (docs[l.n - 1] > hi) hi = docs[l.n - 1]
    }
    const docs = this.i32(count)
    const scores = this.f32(count)
    let n = 0
    if (count * 16 < hi - lo) {
      // Few hits in a wide range: sorting them beats scanning the range.
      const g2 = this.nextGen()
      for (const l of nonEmpty) {
        for (let i = 0; i < l.n; i++) {
          const d = l.docs[i]
          if (stamp[d] === g) {
            stamp[d] = g2
            docs[n++] = d
          }
        }
      }
      docs.subarray(0, n).sort()
      for (let i = 0; i < n; i++) scores[i] = acc[docs[i]]
    } else {
      for (let d = lo; d <= hi; d++) {
        if (stamp[d] === g) {
          docs[n] = d
          scores[n] = acc[d]
          n++
        }
      }
    }
    return { docs, scores, n }
  }

  // ------------------------------------------------ common words: bitmaps
  //
  // Words that are each in most items (`minister budget health`) intersect as bitmaps, one
  // AND per 32 items, and only the items left are scored: a walk through each word's
  // postings, no list per word in between. A bitmap is kept per such word (N/8 bytes; only
  // a word in ≥ 1/16 of the items qualifies, so they never outweigh the postings).

  private bitsCache = new Map<number, Int32Array>()

  /** Whether a term is in ≥ 1/16 of the packed items (and so gets a cached bitmap). */
  private isDense(t: number): boolean {
    const m = this.main
    return !!m && t < m.termCount && (m.termStart[t + 1] - m.termStart[t]) * 16 >= this.mainDocs
  }

  /** Whether every group has a common word (isDense), any field, and no packed item is deleted. */
  private denseEnough(groups: Array<{ terms: number[]; fieldMask: number }>): boolean {
    if (!this.main || this.deadInMain > 0) return false
    for (const g of groups) if (g.fieldMask !== 0 || !g.terms.some((t) => this.isDense(t))) return false
    return true
  }

  private termBits(t: number): Int32Array {
    let bits = this.bitsCache.get(t)
    if (!bits) {
      const m = this.main!
      bits = new Int32Array((this.mainDocs + 31) >>> 5)
      fillBits(m.doc, m.termStart[t], m.termStart[t + 1], bits)
      this.bitsCache.set(t, bits)
    }
    return bits
  }

  /** The items holding a term of every group (see denseEnough), scored like termList + probe / unionTerms. */
  private denseAnd(groups: Array<{ terms: number[]; weights: number[] }>): PList {
    const m = this.main!
    const W = (this.mainDocs + 31) >>> 5
    const and = this.i32(W)
    const any = this.i32(W)
    let count = 0
    for (let k = 0; k < groups.length; k++) {
      const terms = groups[k].terms
      const target = k === 0 ? and : any
      if (k > 1) target.fill(0)
      // Rarer expansions are set from their postings (no bitmap kept for them).
      for (const t of terms) {
        if (this.isDense(t)) orBits(target, this.termBits(t), W)
        else if (t < m.termCount) fillBits(m.doc, m.termStart[t], m.termStart[t + 1], target)
      }
      if (k > 0) count = andBits(and, any, W)
    }
    const cap = count + this.delta.length
    const docs = this.i32(cap)
    const scores = this.f32(cap)
    let n = bitsToDocs(and, W, docs)
    const idf: number[][] = []
    for (const g of groups) {
      const row: number[] = []
      for (let x = 0; x < g.terms.length; x++) {
        const t = g.terms[x]
        const a = t < m.termCount ? m.termStart[t] : 0
        const b = t < m.termCount ? m.termStart[t + 1] : 0
        row.push(this.idfOf(b - a + (this.deltaDf.get(t) ?? 0), g.weights[x]))
        // A group of one term holds every item left; a wider group only some of them.
        if (g.terms.length === 1) addScoresAll(m.doc, m.tf, a, b, row[x], this.norm, docs, n, scores)
        else addScores(m.doc, m.tf, a, b, row[x], this.norm, docs, n, scores)
      }
      idf.push(row)
    }
    // Items edited since the last compaction.
    for (const e of this.delta) {
      let score = 0
      let all = true
      for (let k = 0; k < groups.length && all; k++) {
        let some = false
        for (let x = 0; x < groups[k].terms.length; x++) {
          const p = e.terms.get(groups[k].terms[x])
          if (!p) continue
          some = true
          score += (idf[k][x] * p.tf) / (p.tf + this.norm[e.doc])
        }
        all = some
      }
      if (!all) continue
      docs[n] = e.doc
      scores[n] = score
      n++
    }
    return { docs, scores, n }
  }

  /**
   * Items holding any of `terms` (a word and its prefix or typo expansions), scores summed:
   * the postings go straight into the accumulator, without a list per term in between.
   */
  private unionTerms(terms: number[], weights: number[], fieldMask: number): PList {
    if (terms.length === 0) return EMPTY
    if (terms.length === 1) return this.termList(terms[0], fieldMask, weights[0])
    this.ensureScratch()
    const g = this.nextGen()
    const stamp = this.stamp
    const acc = this.acc
    const m = this.main
    const norm = this.norm
    const range = this.probeOut
    let count = 0
    let lo = Infinity
    let hi = -1
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]
      const a = m && t < m.termCount ? m.termStart[t] : 0
      const b = m && t < m.termCount ? m.termStart[t + 1] : 0
      const dDf = this.deltaDf.get(t) ?? 0
      if (b - a + dDf === 0) continue
      const idf = this.idfOf(b - a + dDf, weights[k])
      if (m && b > a) {
        count += accumulatePostings(m.doc, m.tf, m.mask, a, b, this.alive, this.deadInMain > 0, fieldMask, idf, norm, stamp, acc, g, range)
        if (range[0] < lo) lo = range[0]
        if (range[1] > hi) hi = range[1]
      }
      if (dDf > 0) {
        for (const e of this.delta) {
          const p = e.terms.get(t)
          if (!p || (fieldMask !== 0 && (p.mask & fieldMask) === 0)) continue
          const d = e.doc
          const sc = (idf * p.tf) / (p.tf + norm[d])
          if (stamp[d] !== g) {
            stamp[d] = g
            acc[d] = sc
            count++
          } else acc[d] += sc
          if (d < lo) lo = d
          if (d > hi) hi = d
        }
      }
    }
    if (count === 0) return EMPTY
    const docs = this.i32(count)
    const scores = this.f32(count)
    let n = 0
    if (count * 16 < hi - lo) {
      // Few items in a wide range: gather them from the postings and sort.
      const g2 = this.nextGen()
      for (const t of terms) {
        const a = m && t < m.termCount ? m.termStart[t] : 0
        const b = m && t < m.termCount ? m.termStart[t + 1] : 0
        for (let i = a; i < b; i++) {
          const d = m!.doc[i]
          if (stamp[d] === g) {
            stamp[d] = g2
            docs[n++] = d
          }
        }
        for (const e of this.delta) {
          const d = e.doc
          if (stamp[d] === g && e.terms.has(t)) {
            stamp[d] = g2
            docs[n++] = d
          }
        }
      }
      docs.subarray(0, n).sort()
      for (let i = 0; i < n; i++) scores[i] = acc[docs[i]]
    } else n = collectStamped(stamp, acc, g, lo, hi, docs, scores)
    return { docs, scores, n }
  }

  /** Intersection, scores summed. */
  private intersect(x: PList, y: PList): PList {
    const [a, b] = x.n <= y.n ? [x, y] : [y, x]
    if (a.n === 0) return EMPTY
    const docs = this.i32(a.n)
    const scores = this.f32(a.n)
    let n = 0
    let j = 0
    const bd = b.docs
    const bn = b.n
    const gallop = bn > a.n * 8
    for (let i = 0; i < a.n && j < bn; i++) {
      const d = a.docs[i]
      if (gallop) j = gallopTo(bd, d, j, bn)
      else while (j < bn && bd[j] < d) j++
      if (j < bn && bd[j] === d) {
        docs[n] = d
        scores[n] = a.scores[i] + b.scores[j]
        n++
        j++
      }
    }
    return { docs, scores, n }
  }

  private subtract(a: PList, b: PList): PList {
    if (b.n === 0 || a.n === 0) return a
    const docs = this.i32(a.n)
    const scores = this.f32(a.n)
    let n = 0
    let j = 0
    for (let i = 0; i < a.n; i++) {
      const d = a.docs[i]
      j = gallopTo(b.docs, d, j, b.n)
      if (j < b.n && b.docs[j] === d) continue
      docs[n] = d
      scores[n] = a.scores[i]
      n++
    }
    return { docs, scores, n }
  }

  private filter(a: PList, keep: (d: number) => boolean): PList {
    const docs = this.i32(a.n)
    const scores = this.f32(a.n)
    let n = 0
    for (let i = 0; i < a.n; i++) {
      const d = a.docs[i]
      if (keep(d)) {
        docs[n] = d
        scores[n] = a.scores[i]
        n++
      }
    }
    return { docs, scores, n }
  }

  private allLive(): PList {
    const N = this.ids.length
    const docs = this.i32(this.liveCount)
    let n = 0
    for (let d = 0; d < N; d++) if (this.alive[d] === 1) docs[n++] = d
    return { docs, scores: this.f32(n), n }
  }

  // ---------------------------------------------------------------- query evaluation

  /** Terms to highlight in snippets, gathered while evaluating. */
  private evalText(node: Extract<QueryNode, { kind: 'text' }>, highlight: Set<number>, collect: boolean): PList {
    const fieldMask = node.field === 'title' ? F_TITLE : 0
    if (node.tokens.length === 1) {
      const { terms, weights } = this.termGroup(node, highlight, collect)
      return this.unionTerms(terms, weights, fieldMask)
    }
    // A phrase: every term, at consecutive positions.
    const terms = node.tokens.map((tok) => this.lookupTerm(tok))
    if (terms.some((t) => t < 0)) return EMPTY
    if (collect) for (const t of terms) highlight.add(t)
    return this.evalPhrase(terms, fieldMask)
  }

  /** A one-word node's terms: the word's own, and its prefix or typo expansions (weighted less). */
  private termGroup(node: Extract<QueryNode, { kind: 'text' }>, highlight: Set<number>, collect: boolean): { terms: number[]; weights: number[] } {
    const token = node.tokens[0]
    const t = this.lookupTerm(token)
    const terms: number[] = []
    const weights: number[] = []
    if (t >= 0) {
      terms.push(t)
      weights.push(1)
      if (collect) highlight.add(t)
    }
    const folded = fold(token)
    const extra = new Set<number>()
    if (node.prefix) for (const x of this.prefixTerms(folded)) extra.add(x)
    if (node.fuzzy) for (const x of this.fuzzyTerms(folded)) extra.add(x)
    extra.delete(t)
    for (const x of extra) {
      terms.push(x)
      weights.push(node.prefix ? 0.8 : 0.6)
      if (collect) highlight.add(x)
    }
    return { terms, weights }
  }

  /**
   * Items holding `terms` at consecutive positions (in the title when fieldMask is F_TITLE),
   * scored like an AND of the terms, times 1.5. One pass over the rarest term's postings
   * that gallops through the others' raw postings (nothing is materialised per term); the
   * neighbour signatures rule out most items of a phrase of common words, and positions are
   * read only for the rest. Exact: every item returned has the phrase, and every item with
   * it is returned.
   */
  private evalPhrase(terms: number[], fieldMask: number): PList {
    const K = terms.length
    const m = this.main
    const mainT = m ? m.termCount : 0
    const lo = new Int32Array(K)
    const hi = new Int32Array(K)
    const idf = new Float64Array(K)
    let r = 0
    let minDf = Infinity
    for (let k = 0; k < K; k++) {
      const t = terms[k]
      lo[k] = m && t < mainT ? m.termStart[t] : 0
      hi[k] = m && t < mainT ? m.termStart[t + 1] : 0
      const df = hi[k] - lo[k] + (this.deltaDf.get(t) ?? 0)
      if (df === 0) return EMPTY
      idf[k] = this.idfOf(df, 1)
      if (hi[k] - lo[k] < minDf) {
        minDf = hi[k] - lo[k]
        r = k
      }
    }
    // Signature bits each posting must have: term k's next bits hold term k+1, term k+1's
    // previous bits hold term k.
    // Int32, like the result of `&`, so that bit 31 compares equal.
    const need = new Int32Array(K)
    for (let k = 0; k + 1 < K; k++) {
      need[k] |= nextBit(terms[k + 1])
      need[k + 1] |= prevBit(terms[k])
    }
    let cap = hi[r] - lo[r]
    for (const e of this.delta) if (e.terms.has(terms[r])) cap++
    const docs = this.i32(cap)
    const scores = this.f32(cap)
    let n = m && hi[r] > lo[r] ? this.phraseInMain(m, terms, lo, hi, idf, need, r, fieldMask, docs, scores) : 0
    const norm = this.norm
    // Items edited since the last compaction (few): their positions directly.
    for (const e of this.delta) {
      const ps: DeltaPosting[] = []
      for (let k = 0; k < K; k++) {
        const p = e.terms.get(terms[k])
        if (!p || (fieldMask !== 0 && (p.mask & fieldMask) === 0)) break
        ps.push(p)
      }
      if (ps.length < K) continue
      const d = e.doc
      const titleEnd = fieldMask === F_TITLE ? this.layout[d][0] : Infinity
      const anchor = ps[r].pos
      let found = false
      for (let q = 0; q < anchor.length && !found; q++) {
        const start = anchor[q] - r
        if (start < 0 || start >= titleEnd) continue
        found = true
        for (let k = 0; k < K; k++) {
          if (k !== r && !sortedHas(ps[k].pos, 0, ps[k].pos.length, start + k)) {
            found = false
            break
          }
        }
      }
      if (!found) continue
      let score = 0
      for (let k = 0; k < K; k++) score += (idf[k] * ps[k].tf) / (ps[k].tf + norm[d])
      docs[n] = d
      scores[n] = score * 1.5
      n++
    }
    return { docs, scores, n }
  }

  /** evalPhrase over the packed postings (its own function: the hot loop optimises alone). */
  private phraseInMain(m: Main, terms: number[], lo: Int32Array, hi: Int32Array, idf: Float64Array, need: Int32Array, r: number, fieldMask: number, docs: Int32Array, scores: Float32Array): number {
    const K = terms.length
    let n = 0
    const norm = this.norm
    const pd = m.doc
    const ptf = m.tf
    const pmask = m.mask
    const padj = m.adj
    const posStart = m.posStart
    const posCount = m.posCount
    const alive = this.alive
    const checkAlive = this.deadInMain > 0
    const big = this.big
    const cur = lo.slice()
    const at = new Int32Array(K)
    // The others in order of rarity, so that a missing term is found soonest.
    const others: number[] = []
    for (let k = 0; k < K; k++) if (k !== r) others.push(k)
    others.sort((x, y) => hi[x] - lo[x] - (hi[y] - lo[y]))
    const no = others.length
    const needR = need[r]
    outer: for (let i = lo[r]; i < hi[r]; i++) {
      if ((padj[i] & needR) !== needR) continue
      if (fieldMask !== 0 && (pmask[i] & fieldMask) === 0) continue
      const d = pd[i]
      if (checkAlive && alive[d] !== 1) continue
      for (let o = 0; o < no; o++) {
        const k = others[o]
        const j = gallopU32(pd, d, cur[k], hi[k])
        cur[k] = j
        if (j >= hi[k]) break outer
        if (pd[j] !== d) continue outer
        if ((padj[j] & need[k]) !== need[k]) continue outer
        at[k] = j
      }
      at[r] = i
      const titleEnd = fieldMask === F_TITLE ? this.layout[d][0] : NO_LIMIT
      const found = big[d] === 1 ? phraseAt(m.pos32, posStart, posCount, at, K, titleEnd) : phraseAt(m.pos16, posStart, posCount, at, K, titleEnd)
      if (!found) continue
      let score = 0
      for (let k = 0; k < K; k++) {
        const tf = ptf[at[k]]
        score += (idf[k] * tf) / (tf + norm[d])
      }
      docs[n] = d
      scores[n] = score * 1.5
      n++
    }
    return n
  }

  /** BM25 idf of a term in `df` items, with the query weight and the (K1 + 1) factor folded in. */
  private idfOf(df: number, weight: number): number {
    const N = Math.max(this.liveCount, df)
    return Math.log(1 + (N - df + 0.5) / (df + 0.5)) * weight * (K1 + 1)
  }

  /** Which values of the node's facet it matches. */
  private metaOk(node: Extract<QueryNode, { kind: 'meta' }>): { kind: FacetKind; ok: Uint8Array } {
    const kind: FacetKind = META_TO_FACET[node.field]
    const dict = this.dicts[kind]
    const q = fold(node.value.trim())
    const qTokens = tokensOf(q).map(fold)
    const ok = new Uint8Array(dict.values.length)
    for (let i = 0; i < dict.values.length; i++) {
      const key = dict.keys[i]
      if (key === q || key.startsWith(q + '/') || (kind === 'language' && key.startsWith(q + '-'))) ok[i] = 1
      else if (kind === 'language' && LANGUAGE_NAMES[q] && (key === LANGUAGE_NAMES[q] || key.startsWith(LANGUAGE_NAMES[q] + '-'))) ok[i] = 1
      else {
        const vt = dict.tokens(i)
        if (qTokens.length > 0 && qTokens.every((t) => vt.includes(t))) ok[i] = 1
      }
    }
    return { kind, ok }
  }

  private metaPredicate(node: Extract<QueryNode, { kind: 'meta' }>): (d: number) => boolean {
    const { kind, ok } = this.metaOk(node)
    if (kind === 'type') return (d) => this.fType[d] >= 0 && ok[this.fType[d]] === 1
    if (kind === 'language') return (d) => this.fLang[d] >= 0 && ok[this.fLang[d]] === 1
    if (kind === 'outlet') return (d) => this.fOutlet[d] >= 0 && ok[this.fOutlet[d]] === 1
    const lists = this.fList[kind as ListFacet]
    return (d) => {
      const vs = lists[d]
      for (let i = 0; i < vs.length; i++) if (ok[vs[i]] === 1) return true
      return false
    }
  }

  private predicateOf(node: QueryNode): ((d: number) => boolean) | null {
    if (node.kind === 'meta') return this.metaPredicate(node)
    if (node.kind === 'date') {
      const { from, to } = node
      return (d) => this.dFrom[d] !== NO_DATE && this.dFrom[d] <= to && this.dTo[d] >= from
    }
    return null
  }

  private evalNode(node: QueryNode, highlight: Set<number>, collect: boolean): PList {
    if (node.kind === 'text') return this.evalText(node, highlight, collect)
    return this.nodeSet(node)
  }

  // ------------------------------------------------ field and date filters as item sets
  //
  // A filter such as tag:health or date:2020-10 holds a few percent of the archive: reading
  // its items from per-value lists (facet values → items, dates sorted) and probing the
  // words into them costs that few percent, where filtering the words' items one by one
  // cost all of them. A filter holding more than the words do is applied per item instead.

  /** About how many items a filter node holds (exact for facets, an upper bound for dates). */
  private nodeEstimate(node: Exclude<QueryNode, { kind: 'text' }>): number {
    const N = this.ids.length
    if (node.kind === 'meta') {
      const t = this.currentFacetTable()
      const { kind, ok } = this.metaOk(node)
      const off = t.off[kind]
      let c = 0
      for (let v = 0; v < ok.length && v < t.sizes[kind]; v++) if (ok[v] === 1) c += t.totals[off + v]
      return c + (N - t.covered)
    }
    const ix = this.dateIndex()
    const [a, b] = ix.range(node.from, node.to)
    return b - a + (N - ix.covered)
  }

  /** The live items a filter node holds, ascending, with zero scores. */
  private nodeSet(node: Exclude<QueryNode, { kind: 'text' }>): PList {
    const N = this.ids.length
    const alive = this.alive
    if (node.kind === 'meta') {
      const t = this.currentFacetTable()
      const inv = this.invertedFacets(t)
      const { kind, ok } = this.metaOk(node)
      const off = t.off[kind]
      const lists: PList[] = []
      for (let v = 0; v < ok.length && v < t.sizes[kind]; v++) {
        if (ok[v] !== 1) continue
        const a = inv.start[off + v]
        const b = inv.start[off + v + 1]
        const docs = this.i32(b - a)
        let n = 0
        for (let j = a; j < b; j++) {
          const d = inv.docs[j]
          if (alive[d] === 1) docs[n++] = d
        }
        lists.push({ docs, scores: this.f32(n), n })
      }
      // Items added since the table was built.
      if (t.covered < N) {
        const pred = this.metaPredicate(node)
        const docs = this.i32(N - t.covered)
        let n = 0
        for (let d = t.covered; d < N; d++) if (alive[d] === 1 && pred(d)) docs[n++] = d
        lists.push({ docs, scores: this.f32(n), n })
      }
      return this.union(lists)
    }
    const { from, to } = node
    const ix = this.dateIndex()
    const [a, b] = ix.range(from, to)
    const dFrom = this.dFrom
    const dTo = this.dTo
    const docs = this.i32(Math.min(N, b - a + (N - ix.covered)))
    let n = 0
    if ((b - a) * 8 > N) {
      // Wide: one pass over the items is cheaper than sorting many.
      for (let d = 0; d < N; d++) if (alive[d] === 1 && dFrom[d] !== NO_DATE && dFrom[d] <= to && dTo[d] >= from) docs[n++] = d
      return { docs, scores: this.f32(n), n }
    }
    for (let k = a; k < b; k++) {
      const d = ix.order[k]
      if (alive[d] === 1 && dTo[d] >= from && dFrom[d] <= to) docs[n++] = d
    }
    docs.subarray(0, n).sort()
    for (let d = ix.covered; d < N; d++) if (alive[d] === 1 && dFrom[d] !== NO_DATE && dFrom[d] <= to && dTo[d] >= from) docs[n++] = d
    return { docs, scores: this.f32(n), n }
  }

  /** Items by start date, for date filters; items added later are checked one by one. */
  private dateIndex(): DateIndex {
    if (this.dateIx) return this.dateIx
    const N = this.ids.length
    const dated: number[] = []
    let maxSpan = 0
    for (let d = 0; d < N; d++) {
      if (this.dFrom[d] === NO_DATE) continue
      dated.push(d)
      if (this.dTo[d] - this.dFrom[d] > maxSpan) maxSpan = this.dTo[d] - this.dFrom[d]
    }
    const keys = new Float64Array(dated.length)
    for (let k = 0; k < dated.length; k++) keys[k] = this.dFrom[dated[k]] * 4194304 + dated[k]
    keys.sort()
    const order = new Int32Array(dated.length)
    const starts = new Float64Array(dated.length)
    for (let k = 0; k < dated.length; k++) {
      const day = Math.floor(keys[k] / 4194304)
      order[k] = keys[k] - day * 4194304
      starts[k] = day
    }
    const range = (from: number, to: number): [number, number] => {
      // Items starting in [from - maxSpan, to] are the only ones that can overlap [from, to].
      const lowerBound = (x: number) => {
        let lo = 0
        let hi = starts.length
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (starts[mid] < x) lo = mid + 1
          else hi = mid
        }
        return lo
      }
      return [lowerBound(from - maxSpan), lowerBound(to + 1)]
    }
    this.dateIx = { order, covered: N, range }
    return this.dateIx
  }

  /** Facet values → items (the facet table transposed), built on the first filter. */
  private invertedFacets(t: FacetTable): { start: Uint32Array; docs: Uint32Array } {
    if (t.inv) return t.inv
    const start = new Uint32Array(t.size + 1)
    const { vals } = t
    for (let j = 0; j < t.start[t.covered]; j++) start[vals[j] + 1]++
    for (let v = 0; v < t.size; v++) start[v + 1] += start[v]
    const fill = start.slice(0, t.size)
    const docs = new Uint32Array(t.start[t.covered])
    for (let d = 0; d < t.covered; d++) for (let j = t.start[d], e = t.start[d + 1]; j < e; j++) docs[fill[vals[j]]++] = d
    t.inv = { start, docs }
    return t.inv
  }

  /**
   * `list` ∩ the items holding term t (in a field of fieldMask when given), its BM25F score
   * added; or, with `exclude`, `list` minus those items. Gallops through the term's packed
   * postings instead of materialising them: a common word is in most items, the list
   * usually far fewer.
   */
  private probe(list: PList, t: number, fieldMask: number, exclude: boolean): PList {
    if (list.n === 0) return list
    const m = this.main
    const a = m && t < m.termCount ? m.termStart[t] : 0
    const b = m && t < m.termCount ? m.termStart[t + 1] : 0
    const df = b - a + (this.deltaDf.get(t) ?? 0)
    if (df === 0) return exclude ? list : EMPTY
    const idf = this.idfOf(df, 1)
    const docs = this.i32(list.n)
    const scores = this.f32(list.n)
    let i = 0
    let n = 0
    if (m && b - a < list.n * 4) {
      // The term's postings are not much longer than the list: mark them all, then look
      // each item up (two streaming passes beat a gallop whose every step is a guess).
      this.ensureScratch()
      const out = this.probeOut
      probeDense(list.docs, list.scores, list.n, this.mainDocs, m.doc, m.tf, m.mask, a, b, fieldMask, exclude, idf, this.norm, docs, scores, out, this.stamp, this.nextGen(), this.slot)
      i = out[0]
      n = out[1]
    } else if (m) {
      const out = this.probeOut
      probeMain(list.docs, list.scores, list.n, this.mainDocs, m.doc, m.tf, m.mask, a, b, fieldMask, exclude, idf, this.norm, docs, scores, out)
      i = out[0]
      n = out[1]
    }
    // Items edited since the last compaction come after every packed one, in delta order.
    let j = 0
    const delta = this.delta
    for (; i < list.n; i++) {
      const d = list.docs[i]
      while (j < delta.length && delta[j].doc < d) j++
      const p = j < delta.length && delta[j].doc === d ? delta[j].terms.get(t) : undefined
      const hit = p !== undefined && (fieldMask === 0 || (p.mask & fieldMask) !== 0)
      if (exclude) {
        if (hit) continue
        docs[n] = d
        scores[n] = list.scores[i]
        n++
      } else if (hit) {
        docs[n] = d
        scores[n] = list.scores[i] + (idf * p.tf) / (p.tf + this.norm[d])
        n++
      }
    }
    return { docs, scores, n }
  }

  /** Runs a query. Never throws on any query text; see `ignored` for what was dropped. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const { result, pending } = this.run(query, options)
    if (pending) await pending()
    return result
  }

  /** The same without waiting: snippets need a getTexts that answers synchronously. */
  searchSync(query: string, options: SearchOptions = {}): SearchResult {
    const { result, pending } = this.run(query, options, true)
    if (pending) throw new CoreError('INVALID_INPUT', 'searchSync needs a getTexts that returns texts, not a promise.')
    return result
  }

  private run(query: string, options: SearchOptions, sync = false): { result: SearchResult; pending: (() => Promise<void>) | null } {
    const t0 = performance.now()
    const read = parseQuery(typeof query === 'string' ? query : '', { prefix: options.prefix, fuzzy: options.fuzzy })
    const parsed = options.expand ? options.expand(read) : read
    const highlight = new Set<number>()
    const { list, textClauses } = this.evaluate(parsed, highlight)

    const offset = clampInt(options.offset, 0, 1e9, 0)
    const limit = clampInt(options.limit, 0, MAX_LIMIT, 50)
    // Without words to rank by, relevance means newest first.
    const sort = options.sort ?? 'relevance'
    const effectiveSort = sort === 'relevance' && textClauses === 0 ? 'date' : sort
    const top = this.topK(list, effectiveSort, options.order, offset + limit)
    const pageDocs = top.slice(offset, offset + limit)
    const hits: SearchHit[] = pageDocs.map((i) => ({ id: this.ids[list.docs[i]], score: round3(list.scores[i]) }))
    const wantFacets = options.facets !== false
    const wantHistogram = options.histogram !== false
    const counted = wantFacets || wantHistogram ? this.countFacets(list) : null
    const facets = counted && wantFacets ? this.facetsOf(counted.counts, counted.table, clampInt(options.facetLimit, 1, 1000, 20)) : null
    const { histogram, unit } = counted && wantHistogram ? this.histogramOf(counted.counts, counted.table) : { histogram: [], unit: 'month' as const }
    const result: SearchResult = {
      total: list.n,
      hits,
      facets,
      histogram,
      histogramUnit: unit,
      ignored: parsed.ignored,
      took: 0
    }
    const snippetCount = Math.min(hits.length, clampInt(options.snippets, 0, MAX_LIMIT, hits.length))
    const docsForSnippets = pageDocs.slice(0, snippetCount).map((i) => list.docs[i])
    this.releaseLists()
    const getTexts = options.getTexts
    const finish = () => {
      result.took = round3(performance.now() - t0)
    }
    if (snippetCount === 0) {
      finish()
      return { result, pending: null }
    }
    const texts: Array<SnippetTexts | null | undefined | Promise<SnippetTexts | null | undefined>> = docsForSnippets.map((d) => {
      if (!getTexts) return null
      try {
        return getTexts(this.ids[d])
      } catch {
        return null
      }
    })
    const apply = (resolved: Array<SnippetTexts | null | undefined>) => {
      for (let k = 0; k < docsForSnippets.length; k++) {
        const sn = this.snippetOf(docsForSnippets[k], resolved[k] ?? null, highlight)
        if (sn) hits[k].snippet = sn
      }
    }
    if (texts.some((x) => x instanceof Promise)) {
      if (sync) return { result, pending: async () => {} }
      return {
        result,
        pending: async () => {
          const t1 = performance.now()
          const resolved = await Promise.all(texts.map((x) => Promise.resolve(x).catch(() => null)))
          const waited = performance.now() - t1
          apply(resolved)
          result.took = round3(performance.now() - t0 - waited)
        }
      }
    }
    apply(texts as Array<SnippetTexts | null | undefined>)
    finish()
    return { result, pending: null }
  }

  /**
   * The items a parsed query matches, with scores. Plans for the costly case, common words in
   * a large archive: the smallest set is materialised first (a rare word, a phrase, a field
   * or date filter read from its per-value list), and every other single word is probed into
   * it through its packed postings, so the work follows the smallest set, not the largest.
   */
  private evaluate(parsed: ParsedQuery, highlight: Set<number>): { list: PList; textClauses: number } {
    const lists: PList[] = []
    const probes: Array<{ t: number; fieldMask: number; df: number }> = []
    /** Words with prefix or typo expansions, kept unmaterialised in case they can go through bitmaps. */
    const groups: Array<{ terms: number[]; weights: number[]; fieldMask: number; minSize: number }> = []
    const filters: Array<{ nodes: Array<Exclude<QueryNode, { kind: 'text' }>>; estimate: number }> = []
    let textClauses = 0
    let nothing = false
    for (const c of parsed.clauses) {
      if (c.negated) continue
      if (c.any.every((n) => n.kind !== 'text')) {
        const nodes = c.any as Array<Exclude<QueryNode, { kind: 'text' }>>
        filters.push({ nodes, estimate: nodes.reduce((sum, n) => sum + this.nodeEstimate(n), 0) })
        continue
      }
      textClauses++
      const word = simpleWord(c.any)
      if (word) {
        const t = this.lookupTerm(word.tokens[0])
        if (t < 0) nothing = true
        else {
          highlight.add(t)
          probes.push({ t, fieldMask: word.field === 'title' ? F_TITLE : 0, df: this.df(t) })
        }
        continue
      }
      const one = c.any.length === 1 ? c.any[0] : null
      if (one && one.kind === 'text' && one.tokens.length === 1) {
        const g = this.termGroup(one, highlight, true)
        let minSize = 0
        for (const t of g.terms) minSize = Math.max(minSize, this.df(t))
        groups.push({ ...g, fieldMask: one.field === 'title' ? F_TITLE : 0, minSize })
        continue
      }
      lists.push(c.any.length === 1 ? this.evalNode(c.any[0], highlight, true) : this.union(c.any.map((n) => this.evalNode(n, highlight, true))))
    }
    // An empty box lists everything (to browse by facets); one that only held junk lists nothing.
    if (nothing || (parsed.clauses.length === 0 && parsed.ignored.length > 0)) return { list: EMPTY, textClauses }

    // A filter smaller than every word's set becomes a set itself (the smallest one only:
    // the others are cheaper checked on the few items left).
    let smallestText = Infinity
    for (const l of lists) smallestText = Math.min(smallestText, l.n)
    for (const p of probes) smallestText = Math.min(smallestText, p.df)
    for (const g of groups) smallestText = Math.min(smallestText, g.minSize)
    filters.sort((x, y) => x.estimate - y.estimate)
    const predicates: Array<(d: number) => boolean> = []
    for (let k = 0; k < filters.length; k++) {
      const f = filters[k]
      if (k === 0 && f.estimate < smallestText) {
        lists.push(f.nodes.length === 1 ? this.nodeSet(f.nodes[0]) : this.union(f.nodes.map((n) => this.nodeSet(n))))
      } else {
        const preds = f.nodes.map((n) => this.predicateOf(n)!)
        predicates.push(preds.length === 1 ? preds[0] : (d) => preds.some((p) => p(d)))
      }
    }
    probes.sort((x, y) => x.df - y.df)
    lists.sort((x, y) => x.n - y.n)
    const all = [...probes.map((p) => ({ terms: [p.t], weights: [1], fieldMask: p.fieldMask })), ...groups]
    if (lists.length === 0 && all.length >= 2 && this.denseEnough(all)) {
      lists.push(this.denseAnd(all))
      probes.length = 0
    } else {
      for (const g of groups) lists.push(this.unionTerms(g.terms, g.weights, g.fieldMask))
      lists.sort((x, y) => x.n - y.n)
    }
    if (probes.length && (lists.length === 0 || probes[0].df < lists[0].n)) {
      const p = probes.shift()!
      lists.unshift(this.termList(p.t, p.fieldMask, 1))
    }
    let list = lists.length ? lists[0] : this.allLive()
    for (let k = 1; k < lists.length; k++) list = this.intersect(list, lists[k])
    for (const p of probes) list = this.probe(list, p.t, p.fieldMask, false)

    // Exclusions.
    const negPredicates: Array<(d: number) => boolean> = []
    for (const c of parsed.clauses) {
      if (!c.negated) continue
      if (c.any.every((n) => n.kind !== 'text')) {
        const preds = c.any.map((n) => this.predicateOf(n)!)
        negPredicates.push((d) => preds.some((p) => p(d)))
        continue
      }
      const word = simpleWord(c.any)
      if (word) {
        const t = this.lookupTerm(word.tokens[0])
        if (t >= 0) list = this.probe(list, t, word.field === 'title' ? F_TITLE : 0, true)
      } else list = this.subtract(list, this.union(c.any.map((n) => this.evalNode(n, highlight, false))))
    }
    if (predicates.length || negPredicates.length) {
      list = this.filter(list, (d) => {
        for (const p of predicates) if (!p(d)) return false
        for (const p of negPredicates) if (p(d)) return false
        return true
      })
    }
    return { list, textClauses }
  }

  /** Indexes into `list` of the best k, in order. */
  private topK(list: PList, sort: string, order: 'asc' | 'desc' | undefined, k: number): number[] {
    if (k <= 0 || list.n === 0) return []
    const desc = order ? order === 'desc' : sort !== 'title' && sort !== 'outlet'
    const sign = desc ? 1 : -1
    // Keys in one tight loop per sort (a closure per element costs more than the heap).
    const docs = list.docs
    const n = list.n
    let keys: Float32Array | Float64Array
    if (sort === 'relevance') {
      if (order !== 'asc') keys = list.scores
      else {
        keys = new Float32Array(n)
        for (let i = 0; i < n; i++) keys[i] = -list.scores[i]
      }
    } else {
      keys = new Float64Array(n)
      if (sort === 'date') {
        for (let i = 0; i < n; i++) {
          const f = this.dFrom[docs[i]]
          keys[i] = f === NO_DATE ? -Infinity : sign * f
        }
      } else if (sort === 'created') {
        for (let i = 0; i < n; i++) keys[i] = sign * this.created[docs[i]]
      } else if (sort === 'title') {
        const rank = this.titleRanks()
        for (let i = 0; i < n; i++) keys[i] = sign * rank[docs[i]]
      } else {
        const rank = this.outletRanks()
        for (let i = 0; i < n; i++) {
          const o = this.fOutlet[docs[i]]
          keys[i] = o < 0 ? -Infinity : sign * rank[o] * 1e6 + this.dFrom[docs[i]] / 1e4
        }
      }
    }
    // Bounded min-heap of (key, index); ties go to the later (newer) item.
    const hk = new Float64Array(k)
    const hi = new Int32Array(k)
    let size = 0
    const less = (ka: number, ia: number, kb: number, ib: number) => ka < kb || (ka === kb && ia < ib)
    for (let i = 0; i < n; i++) {
      const v = keys[i]
      if (size === k && v < hk[0]) continue
      if (size < k) {
        let c = size++
        while (c > 0) {
          const p = (c - 1) >> 1
          if (!less(v, i, hk[p], hi[p])) break
          hk[c] = hk[p]
          hi[c] = hi[p]
          c = p
        }
        hk[c] = v
        hi[c] = i
      } else if (less(hk[0], hi[0], v, i)) {
        let c = 0
        for (;;) {
          const l = 2 * c + 1
          if (l >= size) break
          const r = l + 1
          const m = r < size && less(hk[r], hi[r], hk[l], hi[l]) ? r : l
          if (!less(hk[m], hi[m], v, i)) break
          hk[c] = hk[m]
          hi[c] = hi[m]
          c = m
        }
        hk[c] = v
        hi[c] = i
      }
    }
    const out: Array<[number, number]> = []
    for (let i = 0; i < size; i++) out.push([hk[i], hi[i]])
    out.sort((a, b) => (b[0] - a[0]) || (b[1] - a[1]))
    return out.map((x) => x[1])
  }

  private titleRanks(): Float64Array {
    if (!this.titleRank) {
      const N = this.ids.length
      const keys = this.titles.map((t) => fold(t))
      const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0))
      const rank = new Float64Array(N)
      order.forEach((d, r) => (rank[d] = r))
      this.titleRank = rank
    }
    return this.titleRank
  }

  private outletRanks(): Float64Array {
    const dict = this.dicts.outlet
    const order = dict.keys.map((_, i) => i).sort((a, b) => (dict.keys[a] < dict.keys[b] ? -1 : dict.keys[a] > dict.keys[b] ? 1 : 0))
    const rank = new Float64Array(dict.keys.length)
    order.forEach((v, r) => (rank[v] = r))
    return rank
  }

  // ---------------------------------------------------------------- facets and histogram

  /**
   * Every facet value of every item in one table (CSR over items, values in one id space:
   * type, language, outlet, tags, people, organisations, places, collections, year, month),
   * with the totals over all live items. A result covering most of the archive is counted
   * through its complement: totals minus the items it does not hold.
   */
  private facetTable(): FacetTable {
    const ft = this.facetIndex
    if (ft) return ft
    const N = this.ids.length
    const kinds: FacetKind[] = ['type', 'language', 'outlet', 'tag', 'person', 'organisation', 'place', 'collection']
    const off = {} as Record<FacetKind | 'year' | 'month', number>
    const sizes = {} as Record<FacetKind, number>
    let size = 0
    for (const k of kinds) {
      off[k] = size
      sizes[k] = this.dicts[k].values.length
      size += sizes[k]
    }
    const minYear = this.maxYear >= this.minYear ? this.minYear : 0
    const years = this.maxYear >= this.minYear ? this.maxYear - this.minYear + 1 : 0
    off.year = size
    size += years
    off.month = size
    size += years * 12
    const start = new Uint32Array(N + 1)
    const vals = new Uint32Array(this.facetValueCount(N))
    let k = 0
    for (let d = 0; d < N; d++) {
      start[d] = k
      k = this.writeFacetValues(d, vals, k, off, minYear)
    }
    start[N] = k
    const totals = new Int32Array(size)
    for (let d = 0; d < N; d++) if (this.alive[d] === 1) for (let j = start[d]; j < start[d + 1]; j++) totals[vals[j]]++
    const table: FacetTable = { start, vals, off, sizes, size, totals, covered: N, minYear, years }
    this.facetIndex = table
    return table
  }

  private facetValueCount(N: number): number {
    let c = 0
    for (let d = 0; d < N; d++) {
      c += 5
      for (const kind of LIST_FACETS) c += this.fList[kind][d].length
    }
    return c
  }

  private writeFacetValues(d: number, out: Uint32Array | number[], k: number, off: Record<FacetKind | 'year' | 'month', number>, minYear: number): number {
    if (this.fType[d] >= 0) out[k++] = off.type + this.fType[d]
    if (this.fLang[d] >= 0) out[k++] = off.language + this.fLang[d]
    if (this.fOutlet[d] >= 0) out[k++] = off.outlet + this.fOutlet[d]
    for (const kind of LIST_FACETS) for (const v of this.fList[kind][d]) out[k++] = off[kind] + v
    if (this.year[d] >= 0) out[k++] = off.year + this.year[d] - minYear
    if (this.ym[d] >= 0) out[k++] = off.month + this.ym[d] - minYear * 12
    return k
  }

  /** Whether item d (added after the table was built) fits in the table's value ranges. */
  private fitsTable(d: number, t: FacetTable): boolean {
    const s = t.sizes
    if (this.fType[d] >= s.type || this.fLang[d] >= s.language || this.fOutlet[d] >= s.outlet) return false
    for (const kind of LIST_FACETS) for (const v of this.fList[kind][d]) if (v >= s[kind]) return false
    const y = this.year[d]
    return y < 0 || (y >= t.minYear && y < t.minYear + t.years)
  }

  /** The facet table, rebuilt when an item added since holds a value it has no slot for. */
  private currentFacetTable(): FacetTable {
    let t = this.facetTable()
    const N = this.ids.length
    for (let d = t.covered; d < N; d++) {
      if (this.alive[d] === 1 && !this.fitsTable(d, t)) {
        this.facetIndex = null
        t = this.facetTable()
        break
      }
    }
    return t
  }

  private countFacets(list: PList): { counts: Int32Array; table: FacetTable } {
    const t = this.currentFacetTable()
    const N = this.ids.length
    const { start, vals, covered } = t
    const docs = list.docs
    const n = list.n
    let counts: Int32Array
    let i = 0
    if (n * 2 > this.liveCount && covered > 0) {
      counts = t.totals.slice()
      countComplement(docs, n, this.deadInMain > 0 || covered > this.mainDocs, this.alive, covered, start, vals, counts)
      i = gallopTo(docs, covered, 0, n)
    } else {
      counts = new Int32Array(t.size)
      i = countDirect(docs, n, covered, start, vals, counts)
    }
    // Items added since the table was built.
    const tmp: number[] = []
    for (; i < n; i++) {
      const e = this.writeFacetValues(docs[i], tmp, 0, t.off, t.minYear)
      for (let j = 0; j < e; j++) counts[tmp[j]]++
    }
    return { counts, table: t }
  }

  private facetsOf(counts: Int32Array, t: FacetTable, limit: number): Facets {
    const values = (kind: FacetKind): FacetValue[] => {
      const dict = this.dicts[kind]
      const out: FacetValue[] = []
      const o = t.off[kind]
      for (let v = 0; v < t.sizes[kind]; v++) if (counts[o + v] > 0) out.push({ value: dict.values[v], count: counts[o + v] })
      out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
      return out.slice(0, limit)
    }
    const years: FacetValue[] = []
    for (let y = t.years - 1; y >= 0; y--) if (counts[t.off.year + y] > 0) years.push({ value: String(t.minYear + y), count: counts[t.off.year + y] })
    return {
      tag: values('tag'),
      year: years.slice(0, Math.max(limit, 50)),
      type: values('type'),
      language: values('language'),
      outlet: values('outlet'),
      collection: values('collection'),
      person: values('person'),
      place: values('place'),
      organisation: values('organisation')
    }
  }

  private histogramOf(counts: Int32Array, t: FacetTable): { histogram: Array<{ period: string; count: number }>; unit: 'month' | 'year' } {
    let first = -1
    let last = -1
    for (let y = 0; y < t.years; y++) {
      if (counts[t.off.year + y] > 0) {
        if (first < 0) first = y
        last = y
      }
    }
    if (first < 0) return { histogram: [], unit: 'month' }
    if (last - first < 4) {
      const out: Array<{ period: string; count: number }> = []
      for (let m = first * 12; m < (last + 1) * 12; m++) {
        const c = counts[t.off.month + m]
        if (c > 0) out.push({ period: `${t.minYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`, count: c })
      }
      return { histogram: out, unit: 'month' }
    }
    const out: Array<{ period: string; count: number }> = []
    for (let y = first; y <= last; y++) {
      const c = counts[t.off.year + y]
      if (c > 0) out.push({ period: String(t.minYear + y), count: c })
    }
    return { histogram: out, unit: 'year' }
  }

  // ---------------------------------------------------------------- snippets

  private snippetOf(d: number, texts: SnippetTexts | null, highlight: Set<number>): Snippet | null {
    const layout = this.layout[d]
    const attIds = this.attIds[d]
    // Field slots: [start, end) in positions, with where its text comes from.
    type Slot = { field: SnippetField; start: number; end: number; text: () => string | undefined; attId?: string; attName?: string }
    const slots: Slot[] = []
    const nAtt = attIds.length
    const metaStart = layout[layout.length - 1]
    const byId = new Map((texts?.attachments ?? []).map((a) => [a.id, a]))
    slots.push({ field: 'body', start: layout[2], end: nAtt ? layout[3] : metaStart, text: () => texts?.body })
    for (let k = 0; k < nAtt; k++) {
      const a = byId.get(attIds[k])
      slots.push({
        field: 'attachment',
        start: layout[3 + k],
        end: k + 1 < nAtt ? layout[4 + k] : metaStart,
        text: () => a?.text,
        attId: attIds[k],
        attName: a?.name
      })
    }
    slots.push({ field: 'description', start: layout[0], end: layout[1], text: () => texts?.description })
    slots.push({ field: 'notes', start: layout[1], end: layout[2], text: () => texts?.notes })
    slots.push({ field: 'title', start: 0, end: layout[0], text: () => this.titles[d] })

    // Where the query's terms are in this item.
    // (Terms by their rank in `highlight`, so that a window counts distinct ones in an array.)
    // (One number per hit, position * 1024 + term rank, so that a plain numeric sort orders them.)
    const hits: number[] = []
    let termCount = 0
    for (const t of highlight) {
      const ps = this.positionsIn(t, d)
      const k = termCount++
      if (!ps || k >= 1024) continue
      for (let i = 0; i < ps.length; i++) hits.push(ps[i] * 1024 + k)
    }
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
      const sn = this.cutSnippet(text, Math.max(0, local - 6), highlight)
      if (sn && sn.highlights.length > 0) {
        return { field: slot.field, ...(slot.attId ? { attachmentId: slot.attId, attachmentName: slot.attName ?? '' } : {}), ...sn }
      }
    }
    // Matched on metadata only (or texts changed since indexing): the start of the body.
    for (const slot of slots) {
      const text = slot.text()
      if (!text) continue
      const sn = this.cutSnippet(text, 0, highlight)
      if (sn) return { field: slot.field, ...(slot.attId ? { attachmentId: slot.attId, attachmentName: slot.attName ?? '' } : {}), ...sn }
    }
    return null
  }

  /** SNIPPET_TOKENS tokens of `text` from token number `from`, with highlights verified on the text. */
  private cutSnippet(text: string, from: number, highlight: Set<number>): { text: string; highlights: Array<[number, number]> } | null {
    const starts: number[] = []
    const ends: number[] = []
    let k = 0
    const stop = from + SNIPPET_TOKENS
    const n = text.length
    let i = 0
    let more = false
    while (i < n) {
      const cls = CHAR_CLASS[text.charCodeAt(i)]
      if (cls === 0) {
        i++
        continue
      }
      const s = i
      i++
      if (cls === 1) while (i < n && CHAR_CLASS[text.charCodeAt(i)] === 1) i++
      if (k >= stop) {
        more = true
        break
      }
      if (k >= from) {
        starts.push(s)
        ends.push(i)
      }
      k++
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
      const t = this.lookupTerm(word)
      if (t >= 0 && highlight.has(t)) highlights.push([out.length, out.length + word.length])
      out += word
    }
    // Keep closing punctuation of the last word ("2022." / "Rabat,").
    const tail = /^[^\s\p{L}\p{N}]{1,3}/u.exec(text.slice(ends[ends.length - 1]))
    if (tail) out += tail[0]
    if (more) out += ' …'
    return { text: out, highlights }
  }

  // ---------------------------------------------------------------- persistence

  /** Writes the index under `dir` (the archive's index/ folder). `stamp` says which catalogue state it reflects. */
  async save(dir: string, stamp = ''): Promise<void> {
    if (this.delta.length || this.deadInMain || !this.main) this.compact()
    this.mergePendingForms()
    const m = this.main!
    const sections: Array<[string, ArrayBufferView]> = [
      ['termStart', m.termStart],
      ['doc', m.doc],
      ['tf', m.tf],
      ['mask', m.mask],
      ['posStart', m.posStart],
      ['posCount', m.posCount],
      ['adj', m.adj],
      ['pos16', m.pos16],
      ['pos32', m.pos32]
    ]
    let size = 0
    const layout: Record<string, { offset: number; length: number }> = {}
    for (const [name, arr] of sections) {
      size = align8(size)
      layout[name] = { offset: size, length: (arr as Uint32Array).length }
      size += arr.byteLength
    }
    const bin = Buffer.alloc(size)
    for (const [name, arr] of sections) {
      bin.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), layout[name].offset)
    }
    const meta = JSON.stringify({
      stems: this.stems,
      forms: this.forms,
      formTerm: Array.from(this.formTerm),
      ids: this.ids,
      dlen: this.dlen,
      dFrom: this.dFrom,
      dTo: this.dTo,
      ym: this.ym,
      year: this.year,
      created: this.created,
      modified: this.modified,
      titles: this.titles,
      big: this.big,
      layout: this.layout,
      attIds: this.attIds,
      fType: this.fType,
      fLang: this.fLang,
      fOutlet: this.fOutlet,
      fList: this.fList,
      dicts: Object.fromEntries(Object.entries(this.dicts).map(([k, d]) => [k, d.values])),
      totalLen: this.totalLen
    })
    const metaBuf = Buffer.from(meta, 'utf8')
    const dictParts: Array<[string, string]> = []
    this.prefixDict.export((key: string, data: string) => {
      dictParts.push([key, data])
    })
    const dictBuf = Buffer.from(JSON.stringify(dictParts), 'utf8')
    await fsp.mkdir(dir, { recursive: true })
    await writeFileAtomic(path.join(dir, 'postings.bin'), bin)
    await writeFileAtomic(path.join(dir, 'meta.json'), metaBuf)
    await writeFileAtomic(path.join(dir, 'dictionary.json'), dictBuf)
    const manifest = {
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      stamp,
      items: this.liveCount,
      saved: new Date().toISOString(),
      sections: layout,
      files: {
        'postings.bin': { bytes: bin.length, crc32: crc32(bin) },
        'meta.json': { bytes: metaBuf.length, crc32: crc32(metaBuf) },
        'dictionary.json': { bytes: dictBuf.length, crc32: crc32(dictBuf) }
      }
    }
    // The manifest goes last: a crash before it leaves a manifest whose checksums fail.
    await writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1))
  }

  /**
   * Loads an index saved by save(). Never throws: a missing, older-format, stale (stamp
   * differs from `expectStamp` when given) or damaged index comes back as a reason, and
   * the caller rebuilds from the catalogue.
   */
  static async tryLoad(
    dir: string,
    expectStamp?: string
  ): Promise<{ ok: true; index: SearchIndex; stamp: string } | { ok: false; reason: IndexLoadFailure; message: string }> {
    let manifest: {
      format: string
      version: number
      stamp: string
      sections: Record<string, { offset: number; length: number }>
      files: Record<string, { bytes: number; crc32: number }>
    }
    try {
      manifest = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8'))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing', message: 'There is no search index yet.' }
      return { ok: false, reason: 'corrupt', message: 'The search index manifest is unreadable.' }
    }
    if (!manifest || manifest.format !== INDEX_FORMAT || manifest.version !== INDEX_VERSION) {
      return { ok: false, reason: 'version', message: `The search index was written in another format (${String(manifest?.format)} ${String(manifest?.version)}).` }
    }
    if (expectStamp !== undefined && manifest.stamp !== expectStamp) {
      return { ok: false, reason: 'stale', message: 'The search index is older than the catalogue.' }
    }
    try {
      const [bin, metaBuf, dictBuf] = await Promise.all([
        fsp.readFile(path.join(dir, 'postings.bin')),
        fsp.readFile(path.join(dir, 'meta.json')),
        fsp.readFile(path.join(dir, 'dictionary.json'))
      ])
      const check = (name: string, buf: Buffer) => {
        const f = manifest.files?.[name]
        if (!f || f.bytes !== buf.length || f.crc32 !== crc32(buf)) throw new Error(`${name} does not match its checksum`)
      }
      check('postings.bin', bin)
      check('meta.json', metaBuf)
      check('dictionary.json', dictBuf)
      const index = SearchIndex.fromSaved(bin, JSON.parse(metaBuf.toString('utf8')), manifest.sections, JSON.parse(dictBuf.toString('utf8')))
      return { ok: true, index, stamp: manifest.stamp }
    } catch (err) {
      return { ok: false, reason: 'corrupt', message: `The search index is damaged (${(err as Error).message}).` }
    }
  }

  /** Like tryLoad, but a failure is a CoreError. */
  static async load(dir: string, expectStamp?: string): Promise<SearchIndex> {
    const r = await SearchIndex.tryLoad(dir, expectStamp)
    if (!r.ok) throw new CoreError(r.reason === 'missing' ? 'NOT_FOUND' : 'ARCHIVE_INVALID', `${r.message} Rebuild it from the catalogue.`)
    return r.index
  }

  private static fromSaved(bin: Buffer, meta: any, sections: Record<string, { offset: number; length: number }>, dictParts: unknown): SearchIndex {
    // One allocation holds every section; views need it aligned, which fresh large buffers are.
    let base = bin
    if (base.byteOffset % 8 !== 0) base = Buffer.from(new Uint8Array(base))
    const view = <T>(name: string, Ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T => {
      const s = sections[name]
      if (!s || s.offset + s.length * Ctor.BYTES_PER_ELEMENT > base.length) throw new Error(`section ${name} is missing`)
      return new Ctor(base.buffer, base.byteOffset + s.offset, s.length)
    }
    const termStart = view('termStart', Uint32Array)
    const main: Main = {
      termCount: termStart.length - 1,
      termStart,
      doc: view('doc', Uint32Array),
      tf: view('tf', Uint16Array),
      mask: view('mask', Uint16Array),
      posStart: view('posStart', Uint32Array),
      posCount: view('posCount', Uint32Array),
      adj: view('adj', Uint32Array),
      pos16: view('pos16', Uint16Array),
      pos32: view('pos32', Uint32Array)
    }
    const ix = new SearchIndex()
    const N = meta.ids.length
    const P = main.doc.length
    if (main.termCount !== meta.stems.length || termStart[main.termCount] !== P || main.tf.length !== P || main.adj.length !== P) throw new Error('postings do not match the vocabulary')
    for (let i = 0; i < P; i++) if (main.doc[i] >= N) throw new Error('a posting points past the last item')
    ix.stems = meta.stems
    for (let t = 0; t < ix.stems.length; t++) ix.stemMap.set(ix.stems[t], t)
    ix.forms = meta.forms
    ix.formTerm = Int32Array.from(meta.formTerm)
    for (let i = 0; i < ix.forms.length; i++) ix.tokMap.set(ix.forms[i], ix.formTerm[i])
    if (!Array.isArray(dictParts) || !dictParts.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')) {
      throw new Error('the prefix dictionary is malformed')
    }
    for (const [key, data] of dictParts as Array<[string, string]>) ix.prefixDict.import(key, data)
    // A dictionary from another vocabulary would answer prefixes with wrong terms.
    const probe = ix.forms.length ? ix.forms[ix.forms.length >> 1] : ''
    if (probe && !(ix.prefixDict.search(probe, { limit: PREFIX_LOOKUP_LIMIT }) as number[]).includes(ix.tokMap.get(probe)!)) {
      throw new Error('the prefix dictionary does not match the vocabulary')
    }
    ix.ids = meta.ids
    ix.idToDoc = new Map(ix.ids.map((id: string, i: number) => [id, i]))
    ix.alive = new Array(N).fill(1)
    ix.dlen = meta.dlen
    ix.dFrom = meta.dFrom
    ix.dTo = meta.dTo
    ix.ym = meta.ym
    ix.year = meta.year
    ix.created = meta.created
    ix.modified = meta.modified
    ix.titles = meta.titles
    ix.big = meta.big
    ix.layout = meta.layout
    ix.attIds = meta.attIds
    ix.fType = meta.fType
    ix.fLang = meta.fLang
    ix.fOutlet = meta.fOutlet
    ix.fList = meta.fList
    for (const k of Object.keys(ix.dicts) as FacetKind[]) ix.dicts[k] = Dict.from(meta.dicts[k] ?? [])
    ix.liveCount = N
    for (const y of ix.year) {
      if (y < 0) continue
      if (y < ix.minYear) ix.minYear = y
      if (y > ix.maxYear) ix.maxYear = y
    }
    ix.totalLen = meta.totalLen
    const avg = ix.totalLen / Math.max(1, N)
    ix.norm = ix.dlen.map((l) => K1 * (1 - B + (B * l) / avg))
    ix.main = main
    ix.mainDocs = N
    const arrays = [ix.dlen, ix.dFrom, ix.dTo, ix.ym, ix.year, ix.created, ix.titles, ix.big, ix.layout, ix.attIds, ix.fType, ix.fLang, ix.fOutlet]
    if (arrays.some((a) => !Array.isArray(a) || a.length !== N) || LIST_FACETS.some((k) => ix.fList[k]?.length !== N)) {
      throw new Error('item metadata is incomplete')
    }
    return ix
  }
}

/** Enough for every form sharing a one-letter prefix in a large vocabulary; bestByDf keeps 16. */
const PREFIX_LOOKUP_LIMIT = 1_000_000

function newPrefixDict(): FlexIndex {
  // resolution 1: every entry is a single form, so FlexSearch's in-document score slots carry nothing.
  return new FlexIndex({ tokenize: 'forward', encoder: Charset.Exact, resolution: 1 })
}

const META_TO_FACET: Record<MetaField, FacetKind> = {
  tag: 'tag',
  person: 'person',
  org: 'organisation',
  place: 'place',
  outlet: 'outlet',
  type: 'type',
  lang: 'language',
  collection: 'collection'
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  anglais: 'en',
  french: 'fr',
  francais: 'fr',
  arabic: 'ar',
  arabe: 'ar',
  عربي: 'ar',
  العربيه: 'ar',
  spanish: 'es',
  espanol: 'es',
  german: 'de',
  allemand: 'de'
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
function nextBit(t: number): number {
  return 1 << adjHash(t)
}
function prevBit(t: number): number {
  return 1 << (16 + adjHash(t))
}

/** First index j ≥ from with arr[j] ≥ target (exponential then binary search). */
function gallopTo(arr: Int32Array, target: number, from: number, n: number): number {
  if (from >= n || arr[from] >= target) return from
  let step = 1
  let lo = from
  let hi = from + 1
  while (hi < n && arr[hi] < target) {
    lo = hi
    step *= 2
    hi = from + step
  }
  if (hi > n) hi = n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid] < target) lo = mid
    else hi = mid
  }
  return hi
}

// The hot loops below are module functions, not methods: a loop inside a method that runs
// once per query is compiled on-stack and its caller's code after the loop, never run
// before, deoptimised it on every query (seen with --trace-deopt).

/** Scores of postings [a, b): live items (in a field of fieldMask when given). */
function scorePostings(
  pd: Uint32Array,
  ptf: Uint16Array,
  pmask: Uint16Array,
  a: number,
  b: number,
  alive: number[],
  checkAlive: boolean,
  fieldMask: number,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array
): number {
  let n = 0
  if (!checkAlive && fieldMask === 0) {
    for (let i = a; i < b; i++) {
      const d = pd[i]
      const tf = ptf[i]
      docs[n] = d
      scores[n] = (idf * tf) / (tf + norm[d])
      n++
    }
    return n
  }
  for (let i = a; i < b; i++) {
    const d = pd[i]
    if (checkAlive && alive[d] !== 1) continue
    if (fieldMask !== 0 && (pmask[i] & fieldMask) === 0) continue
    const tf = ptf[i]
    docs[n] = d
    scores[n] = (idf * tf) / (tf + norm[d])
    n++
  }
  return n
}

/** Adds postings [a, b) into acc (marking items with g in stamp); returns how many items are new, writes the first and last item to `range`. */
function accumulatePostings(
  pd: Uint32Array,
  ptf: Uint16Array,
  pmask: Uint16Array,
  a: number,
  b: number,
  alive: number[],
  checkAlive: boolean,
  fieldMask: number,
  idf: number,
  norm: number[],
  stamp: Int32Array,
  acc: Float32Array,
  g: number,
  range: Int32Array
): number {
  let added = 0
  let first = -1
  let last = -1
  for (let i = a; i < b; i++) {
    const d = pd[i]
    if (checkAlive && alive[d] !== 1) continue
    if (fieldMask !== 0 && (pmask[i] & fieldMask) === 0) continue
    const tf = ptf[i]
    const sc = (idf * tf) / (tf + norm[d])
    if (stamp[d] !== g) {
      stamp[d] = g
      acc[d] = sc
      added++
    } else acc[d] += sc
    if (first < 0) first = d
    last = d
  }
  range[0] = first < 0 ? 0x7fffffff : first
  range[1] = last
  return added
}

/** Sets the bit of every item of postings [a, b). */
function fillBits(pd: Uint32Array, a: number, b: number, bits: Int32Array): void {
  for (let i = a; i < b; i++) {
    const d = pd[i]
    bits[d >>> 5] |= 1 << (d & 31)
  }
}

/** and &= bits over W words; returns how many bits are left. */
function andBits(and: Int32Array, bits: Int32Array, W: number): number {
  let count = 0
  for (let w = 0; w < W; w++) {
    let x = and[w] & bits[w]
    and[w] = x
    // popcount
    x = x - ((x >>> 1) & 0x55555555)
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    count += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
  }
  return count
}

/** The set bits as item numbers, ascending. */
function bitsToDocs(bits: Int32Array, W: number, docs: Int32Array): number {
  let n = 0
  for (let w = 0; w < W; w++) {
    let x = bits[w]
    while (x !== 0) {
      const low = x & -x
      docs[n++] = (w << 5) + 31 - Math.clz32(low)
      x ^= low
    }
  }
  return n
}

/** Adds the term's score (postings [a, b)) to those of the ascending docs[0, n) that hold it. */
function addScores(pd: Uint32Array, ptf: Uint16Array, a: number, b: number, idf: number, norm: number[], docs: Int32Array, n: number, scores: Float32Array): void {
  let p = 0
  for (let i = a; i < b && p < n; i++) {
    const d = pd[i]
    while (p < n && docs[p] < d) p++
    if (p < n && docs[p] === d) {
      const tf = ptf[i]
      scores[p] += (idf * tf) / (tf + norm[d])
      p++
    }
  }
}

/** addScores when the term's postings hold every one of docs[0, n). */
function addScoresAll(pd: Uint32Array, ptf: Uint16Array, a: number, b: number, idf: number, norm: number[], docs: Int32Array, n: number, scores: Float32Array): void {
  let p = 0
  for (let i = a; i < b && p < n; i++) {
    const d = pd[i]
    if (d !== docs[p]) continue
    const tf = ptf[i]
    scores[p] += (idf * tf) / (tf + norm[d])
    p++
  }
}

/** target |= bits over W words. */
function orBits(target: Int32Array, bits: Int32Array, W: number): void {
  for (let w = 0; w < W; w++) target[w] |= bits[w]
}

/** The items stamped g in [lo, hi], ascending, with their accumulated scores. */
function collectStamped(stamp: Int32Array, acc: Float32Array, g: number, lo: number, hi: number, docs: Int32Array, scores: Float32Array): number {
  let n = 0
  for (let d = lo; d <= hi; d++) {
    if (stamp[d] === g) {
      docs[n] = d
      scores[n] = acc[d]
      n++
    }
  }
  return n
}

/** Facet counts of the items of `docs` below `covered`; returns how many it read. */
function countDirect(docs: Int32Array, n: number, covered: number, start: Uint32Array, vals: Uint32Array, counts: Int32Array): number {
  let i = 0
  for (; i < n; i++) {
    const d = docs[i]
    if (d >= covered) break
    for (let j = start[d], e = start[d + 1]; j < e; j++) counts[vals[j]]++
  }
  return i
}

/**
 * `counts` (the totals) minus the live items below `covered` that the ascending `docs` does
 * not hold: the gaps between consecutive items of `docs`, each one run of the table's values
 * when no item is deleted.
 */
function countComplement(
  docs: Int32Array,
  n: number,
  someDead: boolean,
  alive: number[],
  covered: number,
  start: Uint32Array,
  vals: Uint32Array,
  counts: Int32Array
): void {
  let prev = -1
  for (let i = 0; i <= n; i++) {
    const next = i < n && docs[i] < covered ? docs[i] : covered
    if (next > prev + 1) {
      if (!someDead) {
        for (let j = start[prev + 1], e = start[next]; j < e; j++) counts[vals[j]]--
      } else {
        for (let d = prev + 1; d < next; d++) {
          if (alive[d] !== 1) continue
          for (let j = start[d], e = start[d + 1]; j < e; j++) counts[vals[j]]--
        }
      }
    }
    if (next >= covered) break
    prev = next
  }
}

/** The clause's node when it is one plain word (no OR, phrase, prefix or typo tolerance). */
function simpleWord(any: QueryNode[]): Extract<QueryNode, { kind: 'text' }> | null {
  const n = any.length === 1 ? any[0] : null
  return n && n.kind === 'text' && n.tokens.length === 1 && !n.prefix && !n.fuzzy ? n : null
}

/** The packed part of SearchIndex.probe: writes [items of `ld` consumed, items written] to `out`. */
function probeMain(
  ld: Int32Array,
  ls: Float32Array,
  ln: number,
  mainDocs: number,
  pd: Uint32Array,
  ptf: Uint16Array,
  pmask: Uint16Array,
  a: number,
  b: number,
  fieldMask: number,
  exclude: boolean,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array,
  out: Int32Array
): void {
  let j = a
  let n = 0
  let i = 0
  for (; i < ln; i++) {
    const d = ld[i]
    if (d >= mainDocs) break
    j = gallopU32(pd, d, j, b)
    const hit = j < b && pd[j] === d && (fieldMask === 0 || (pmask[j] & fieldMask) !== 0)
    if (exclude) {
      if (!hit) {
        docs[n] = d
        scores[n] = ls[i]
        n++
      }
    } else if (hit) {
      const tf = ptf[j]
      docs[n] = d
      scores[n] = ls[i] + (idf * tf) / (tf + norm[d])
      n++
    }
  }
  out[0] = i
  out[1] = n
}

/** probeMain for a list about as long as the postings: marks the postings, then looks up. */
function probeDense(
  ld: Int32Array,
  ls: Float32Array,
  ln: number,
  mainDocs: number,
  pd: Uint32Array,
  ptf: Uint16Array,
  pmask: Uint16Array,
  a: number,
  b: number,
  fieldMask: number,
  exclude: boolean,
  idf: number,
  norm: number[],
  docs: Int32Array,
  scores: Float32Array,
  out: Int32Array,
  stamp: Int32Array,
  g: number,
  slot: Int32Array
): void {
  for (let j = a; j < b; j++) {
    if (fieldMask !== 0 && (pmask[j] & fieldMask) === 0) continue
    const d = pd[j]
    stamp[d] = g
    slot[d] = j
  }
  let n = 0
  let i = 0
  for (; i < ln; i++) {
    const d = ld[i]
    if (d >= mainDocs) break
    const hit = stamp[d] === g
    if (exclude) {
      if (!hit) {
        docs[n] = d
        scores[n] = ls[i]
        n++
      }
    } else if (hit) {
      const tf = ptf[slot[d]]
      docs[n] = d
      scores[n] = ls[i] + (idf * tf) / (tf + norm[d])
      n++
    }
  }
  out[0] = i
  out[1] = n
}

/**
 * gallopTo over packed postings. A copy for Uint32Array on purpose: one function taking both
 * array types makes its loop polymorphic, and these searches run inside the hottest loops.
 */
function gallopU32(arr: Uint32Array, target: number, from: number, n: number): number {
  if (from >= n || arr[from] >= target) return from
  let step = 1
  let lo = from
  let hi = from + 1
  while (hi < n && arr[hi] < target) {
    lo = hi
    step *= 2
    hi = from + step
  }
  if (hi > n) hi = n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid] < target) lo = mid
    else hi = mid
  }
  return hi
}

const NO_LIMIT = 0x7fffffff

/**
 * Whether the postings `at` (one per phrase term, in phrase order) hold the terms at
 * consecutive positions starting before `titleEnd`: anchored on the term with the fewest
 * positions in this item, a merge for two terms, binary searches for more.
 */
function phraseAt(store: Uint16Array | Uint32Array, posStart: Uint32Array, posCount: Uint32Array, at: Int32Array, K: number, titleEnd: number): boolean {
  if (K === 2) {
    let x = posStart[at[0]]
    const xe = x + posCount[at[0]]
    let y = posStart[at[1]]
    const ye = y + posCount[at[1]]
    while (x < xe && y < ye) {
      const want = store[x] + 1
      const have = store[y]
      if (have === want) return want - 1 < titleEnd
      if (have < want) y++
      else x++
    }
    return false
  }
  let anchor = 0
  for (let k = 1; k < K; k++) if (posCount[at[k]] < posCount[at[anchor]]) anchor = k
  const ai = at[anchor]
  for (let q = posStart[ai], qe = q + posCount[ai]; q < qe; q++) {
    const start = store[q] - anchor
    if (start < 0) continue
    if (start >= titleEnd) return false
    let ok = true
    for (let k = 0; k < K && ok; k++) {
      if (k === anchor) continue
      const a = at[k]
      ok = sortedHas(store, posStart[a], posStart[a] + posCount[a], start + k)
    }
    if (ok) return true
  }
  return false
}

/** Whether the ascending arr[from, to) holds v. */
function sortedHas(arr: ArrayLike<number>, from: number, to: number, v: number): boolean {
  let lo = from
  let hi = to - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const x = arr[mid]
    if (x === v) return true
    if (x < v) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/** Damerau-Levenshtein (adjacent transpositions) distance ≤ max, with early exit. */
export function editDistanceWithin(a: string, b: string, max: number): boolean {
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > max) return false
  let prev2 = new Array<number>(lb + 1).fill(0)
  let prev = Array.from({ length: lb + 1 }, (_, j) => j)
  let cur = new Array<number>(lb + 1).fill(0)
  for (let i = 1; i <= la; i++) {
    cur[0] = i
    let rowMin = cur[0]
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return false
    const t = prev2
    prev2 = prev
    prev = cur
    cur = t
  }
  return prev[lb] <= max
}

function clampInt(v: unknown, lo: number, hi: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt
  return Math.min(hi, Math.max(lo, Math.floor(v)))
}

function align8(n: number): number {
  return (n + 7) & ~7
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

// Re-exported for callers that need the same normalisation (highlighting elsewhere, tests).
export { scanTokens }
