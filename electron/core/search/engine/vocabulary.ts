// The term dictionary: word forms → term ids, and the expansions of a typed prefix or of a
// word with a typo.
//
// A term is a stem (normalize.ts): "develop", "developed" and "developing" are one term with
// three folded forms. The folded forms are kept sorted (`forms`, with `formTerm` beside
// them): a typed prefix is a binary search to the first form at or after it and a walk
// while forms start with it, every matching form and so every term (exact totals need all).
// Until index format 5 a FlexSearch forward index held every prefix of every form as a key:
// the same answers in about the same time (a few microseconds for 3-4 letters at 54,000
// forms), but it was 26 MB of the loaded index at 100k items, 0.8 s of CPU to import at
// every open, and seconds to fill at every build, where the sorted forms the typo scan
// needs anyway cost nothing more.
import { foldLower, stemFolded } from '../normalize'
import { stemHash } from './analysis'

/** Forms added since the last sort are merged in once there are more than this (each lookup scans them one by one until then). */
const PENDING_MERGE_AT = 2000
/** Looked-up words kept with their terms (lookupTerm), at most: a few MB; emptied and filled again beyond. */
const SURFACE_TERMS_MAX = 200_000

/**
 * A string of its own: a word cut from a text (slice) may be kept by V8 as a view of the whole
 * text, which a long-lived map key would then keep alive.
 */
function flatCopy(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le')
}

export class Vocabulary {
  /** Term id → stem. */
  stems: string[] = []
  stemMap = new Map<string, number>()
  /** Term id → the hash of its stem in neighbour signatures (analysis.ts). */
  adjHash: number[] = []
  /** Lower-cased raw token or folded form → term id. */
  tokMap = new Map<string, number>()
  /** Folded forms, sorted, for prefixes and typo tolerance; `pendingForms` are not sorted in yet. */
  forms: string[] = []
  /** Term id of each of `forms`. */
  formTerm: Int32Array = new Int32Array(0)
  pendingForms: string[] = []

  get termCount(): number {
    return this.stems.length
  }

  /** Term id of a lower-cased token, adding its form (and its stem) when new. */
  termIdOf(lowerToken: string): number {
    let t = this.tokMap.get(lowerToken)
    if (t !== undefined) return t
    const f = foldLower(lowerToken)
    t = this.tokMap.get(f)
    if (t === undefined) {
      const stem = stemFolded(f)
      t = this.stemMap.get(stem)
      if (t === undefined) {
        t = this.addStem(stem)
      }
      this.addForm(f, t)
    }
    if (f !== lowerToken) this.tokMap.set(lowerToken, t)
    return t
  }

  /**
   * Term id of the token text[start, end) (lower-cased text), as termIdOf would give it,
   * without cutting the token out of the text. A build looks up every token of every item
   * (45 million at 100k items) but meets only some 50,000 distinct forms: slicing each token
   * into a new string and hashing it for the Map was half the build's time. The token's code
   * units are hashed in place and compared with the forms met before (an open-addressing
   * table); only a form not met before is sliced and goes through termIdOf.
   */
  termIdAt(text: string, start: number, end: number): number {
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
    const len = end - start
    const keys = this.seenKeys
    const mask = keys.length - 1
    let slot = h & mask
    for (;;) {
      const k = keys[slot]
      if (k === '') break
      if (this.seenHash[slot] === h && k.length === len) {
        let same = true
        for (let i = 0; i < len; i++) {
          if (k.charCodeAt(i) !== text.charCodeAt(start + i)) {
            same = false
            break
          }
        }
        if (same) return this.seenTerm[slot]
      }
      slot = (slot + 1) & mask
    }
    const token = text.slice(start, end)
    const t = this.termIdOf(token)
    keys[slot] = token
    this.seenHash[slot] = h
    this.seenTerm[slot] = t
    if (++this.seenCount * 2 > keys.length) this.growSeen()
    return t
  }

  private seenKeys: string[] = new Array<string>(1 << 12).fill('')
  private seenHash = new Int32Array(1 << 12)
  private seenTerm = new Int32Array(1 << 12)
  private seenCount = 0

  private growSeen(): void {
    const keys = this.seenKeys
    const hash = this.seenHash
    const term = this.seenTerm
    const cap = keys.length * 2
    this.seenKeys = new Array<string>(cap).fill('')
    this.seenHash = new Int32Array(cap)
    this.seenTerm = new Int32Array(cap)
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === '') continue
      let slot = hash[s] & (cap - 1)
      while (this.seenKeys[slot] !== '') slot = (slot + 1) & (cap - 1)
      this.seenKeys[slot] = keys[s]
      this.seenHash[slot] = hash[s]
      this.seenTerm[slot] = term[s]
    }
  }

  /** A new term for a stem that has none. */
  addStem(stem: string): number {
    const t = this.stems.length
    this.stems.push(stem)
    this.stemMap.set(stem, t)
    this.adjHash.push(stemHash(stem))
    return t
  }

  /** A folded form of term t (ignored when known). */
  addForm(folded: string, t: number): void {
    if (this.tokMap.has(folded)) return
    this.tokMap.set(folded, t)
    this.pendingForms.push(folded)
  }

  /**
   * Lower-cased words that are not themselves folded forms of the index (accented Latin words,
   * Arabic words with diacritics or hamza forms, words whose form no item has but whose stem
   * is) → their term, found on first use. A loaded index keeps only folded forms, so without this every lookup of "Développement"
   * or "الإعلان" folds it again (NFD normalisation, then perhaps stemming): the snippets of a page
   * look up several hundred words. A word's term never changes once found (terms are only ever
   * added, and a form's term is its stem's), so only the words found are kept; a word no item
   * has is looked up again, since an item added later may have it.
   */
  private readonly surfaceTerm = new Map<string, number>()

  /** Term id of a query token, or -1 when no item has it. */
  lookupTerm(token: string): number {
    const lower = token.toLowerCase()
    const t = this.tokMap.get(lower) ?? this.surfaceTerm.get(lower)
    if (t !== undefined) return t
    const folded = foldLower(lower)
    const found = (folded === lower ? undefined : this.tokMap.get(folded)) ?? this.stemMap.get(stemFolded(folded))
    if (found === undefined) return -1
    if (this.surfaceTerm.size >= SURFACE_TERMS_MAX) this.surfaceTerm.clear()
    this.surfaceTerm.set(flatCopy(lower), found)
    return found
  }

  mergePendingForms(): void {
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

  /** Every term with a form that starts with the folded prefix. */
  prefixTerms(prefixFolded: string): number[] {
    if (!prefixFolded) return []
    if (this.pendingForms.length > PENDING_MERGE_AT) this.mergePendingForms()
    const seen = new Set<number>()
    const forms = this.forms
    for (let i = this.lowerBound(prefixFolded); i < forms.length && forms[i].startsWith(prefixFolded); i++) if (this.formTerm[i] >= 0) seen.add(this.formTerm[i])
    for (const f of this.pendingForms) {
      if (!f.startsWith(prefixFolded)) continue
      const t = this.tokMap.get(f)
      if (t !== undefined) seen.add(t)
    }
    return [...seen]
  }

  /** Every term with a form within 1 edit (2 for words of 8 letters or more) of the folded word, same first letter. */
  fuzzyTerms(folded: string): number[] {
    if (folded.length < 4) return []
    if (this.pendingForms.length > PENDING_MERGE_AT) this.mergePendingForms()
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
    return [...seen]
  }
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
