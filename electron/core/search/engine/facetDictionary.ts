// The values of one facet (tags, people, outlets…): each distinct value gets a number, the
// first spelling seen is the one shown, and values that fold to the same key are one.
import { fold, tokensOf } from '../normalize'

export type FacetKind = 'type' | 'language' | 'outlet' | 'tag' | 'person' | 'organisation' | 'place' | 'collection'
/** The facets an item can hold several values of. */
export const LIST_FACETS = ['tag', 'person', 'organisation', 'place', 'collection'] as const
export type ListFacet = (typeof LIST_FACETS)[number]
export const FACET_KINDS: FacetKind[] = ['type', 'language', 'outlet', 'tag', 'person', 'organisation', 'place', 'collection']

/** A facet's values: display spelling (first seen), folded key, folded tokens. */
export class FacetDictionary {
  readonly byKey = new Map<string, number>()
  readonly values: string[] = []
  readonly keys: string[] = []
  private tokenCache: string[][] | null = null
  /** Ids by the spelling asked for: a build or a bulk change asks for the same few thousand values again and again, and folding each was a tenth of a bulk tag's index work. */
  private readonly bySpelling = new Map<string, number>()

  id(value: string): number {
    const known = this.bySpelling.get(value)
    if (known !== undefined) return known
    const id = this.idOfNew(value)
    this.bySpelling.set(value, id)
    return id
  }

  private idOfNew(value: string): number {
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

  static from(values: string[]): FacetDictionary {
    const d = new FacetDictionary()
    for (const v of values) {
      const key = fold(v)
      d.byKey.set(key, d.values.length)
      d.values.push(v)
      d.keys.push(key)
    }
    return d
  }
}

export type FacetDictionaries = Record<FacetKind, FacetDictionary>

export function emptyDictionaries(): FacetDictionaries {
  return Object.fromEntries(FACET_KINDS.map((k) => [k, new FacetDictionary()])) as FacetDictionaries
}
