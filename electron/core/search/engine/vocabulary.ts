// The term dictionary: word forms → term ids, and the expansions of a typed prefix or of a
// word with a typo.
//
// A term is a stem (normalize.ts): "develop", "developed" and "developing" are one term with
// three folded forms. FlexSearch (flexsearch 0.8, an `Index`) holds the folded forms for
// as-you-type prefixes: one entry per form, id = term id, `tokenize: 'forward'` so every
// prefix of a form is a key and a typed prefix is one lookup instead of a binary search plus
// a scan of the sorted vocabulary (equal or slightly less CPU at 50k forms; the same
// candidates). Its encoder is Exact because the forms are folded already.
// Typo tolerance does NOT use it: FlexSearch's `tolerant` tokenizer was 150x faster per
// lookup but cost ~8 s and ~340 MB for 50k forms and misses two-edit candidates, so the
// typo scan over one first-letter slice of the sorted forms stays.
import { Charset, Index as FlexIndex } from 'flexsearch'
import { foldLower, stemFolded, termOf } from '../normalize'
import { stemHash } from './analysis'

/** Enough for every form sharing a one-letter prefix in a large vocabulary. */
export const PREFIX_LOOKUP_LIMIT = 1_000_000

export function newPrefixDictionary(): FlexIndex {
  // resolution 1: every entry is a single form, so FlexSearch's in-document score slots carry nothing.
  return new FlexIndex({ tokenize: 'forward', encoder: Charset.Exact, resolution: 1 })
}

export class Vocabulary {
  /** Term id → stem. */
  stems: string[] = []
  stemMap = new Map<string, number>()
  /** Term id → the hash of its stem in neighbour signatures (analysis.ts). */
  adjHash: number[] = []
  /** Lower-cased raw token or folded form → term id. */
  tokMap = new Map<string, number>()
  /** Folded forms, sorted, for typo tolerance; `pendingForms` are not sorted in yet. */
  forms: string[] = []
  /** Term id of each of `forms`. */
  formTerm: Int32Array = new Int32Array(0)
  pendingForms: string[] = []
  /** FlexSearch over the folded forms (see the header). */
  prefixDict = newPrefixDictionary()
  /**
   * While a bulk build runs, new forms wait here and enter the dictionary once, one entry
   * per term with all its forms (fillPrefixDictionary): FlexSearch's append checks the
   * ids already under every prefix of the form, which made a third of a build's time.
   */
  private deferred = false

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
    // append, not add: a term with several forms ("develop", "developed") keeps them all.
    if (!this.deferred) this.prefixDict.append(t, folded)
  }

  /** From now until fillPrefixDictionary, new forms wait to enter the prefix dictionary (the index must be empty). */
  deferPrefixDictionary(): void {
    this.deferred = true
  }

  /** Adds every form to the (empty) prefix dictionary: one entry per term, its forms as its words. */
  fillPrefixDictionary(): void {
    this.deferred = false
    this.mergePendingForms()
    const formsOf: string[][] = Array.from({ length: this.stems.length }, () => [])
    for (let i = 0; i < this.forms.length; i++) if (this.formTerm[i] >= 0) formsOf[this.formTerm[i]].push(this.forms[i])
    for (let t = 0; t < formsOf.length; t++) if (formsOf[t].length) this.prefixDict.add(t, formsOf[t].join(' '))
  }

  /** Term id of a query token, or -1 when no item has it. */
  lookupTerm(token: string): number {
    const lower = token.toLowerCase()
    const t = this.tokMap.get(lower) ?? this.tokMap.get(foldLower(lower))
    if (t !== undefined) return t
    return this.stemMap.get(termOf(token)) ?? -1
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
    // A folded query token has no spaces; anything else would be split by the encoder.
    if (!prefixFolded || /\s/.test(prefixFolded)) return []
    const ids = this.prefixDict.search(prefixFolded, { limit: PREFIX_LOOKUP_LIMIT }) as number[]
    return [...new Set(ids)]
  }

  /** Every term with a form within 1 edit (2 for words of 8 letters or more) of the folded word, same first letter. */
  fuzzyTerms(folded: string): number[] {
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
