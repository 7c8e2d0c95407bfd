// What goes into the search index and what comes out of it.
import type { ParsedQuery } from './queryParser'
import type { SearchResult } from '../../../shared/contract'

/** One item as the index sees it. Only `id` is required; missing text is empty. */
export type SearchDoc = {
  id: string
  title?: string
  body?: string
  description?: string
  notes?: string
  outlet?: string
  byline?: string
  type?: string
  language?: string
  /** '', a partial ISO date 'YYYY[-MM[-DD]]', or a range 'A/B'. */
  date?: string
  /** ISO times. */
  created?: string
  modified?: string
  tags?: string[]
  /** Put every variant name of an authority record here so that any spelling finds it. */
  people?: string[]
  organisations?: string[]
  places?: string[]
  collections?: string[]
  attachments?: { id: string; name: string; text: string }[]
}

export type SearchSort = 'relevance' | 'date' | 'title' | 'outlet' | 'created'

/** The long texts of one item, for snippets (from the TextStore and the catalogue). */
export type SnippetTexts = {
  body?: string
  description?: string
  notes?: string
  /** Keyed by attachment id; `name` is what the snippet shows. */
  attachments?: { id: string; name?: string; text: string }[]
  /** The body is only the start of the item's body (cut to the characters asked for). */
  bodyCut?: boolean
}

/**
 * An item's texts for its snippet. `bodyChars` is how much of the body the snippet is likely to
 * need (Infinity: all of it); a getter may return more, or only that much with `bodyCut` set.
 */
export type GetTexts = (id: string, bodyChars?: number) => SnippetTexts | null | undefined | Promise<SnippetTexts | null | undefined>

/**
 * The texts of a page of items at once, in the order of `ids` (`bodyChars` as for GetTexts, one
 * per item): a store that answers a page in one read (a database: one query) is asked once,
 * instead of once per item through a promise each.
 */
export type GetPageTexts = (ids: string[], bodyChars: number[]) => Promise<Array<SnippetTexts | null | undefined>>

export type SearchOptions = {
  sort?: SearchSort
  /** Default: 'desc' for relevance, date and created; 'asc' for title and outlet. */
  order?: 'asc' | 'desc'
  offset?: number
  /** Default 50, at most 1000. */
  limit?: number
  /** Typo tolerance on every word (a single word can ask for it with `word~`). */
  fuzzy?: boolean
  /** Treat the last word as a prefix (search as you type). Default true. */
  prefix?: boolean
  /** Facet counts over the whole result. Default true. */
  facets?: boolean
  /** How many values per facet. Default 20. */
  facetLimit?: number
  /** Result counts per month or year. Default true. */
  histogram?: boolean
  /** Where snippet texts come from; without it (or getPageTexts) snippets come from the title only. */
  getTexts?: GetTexts
  /** Where snippet texts come from, a page at a time; when given, getTexts is not asked. */
  getPageTexts?: GetPageTexts
  /** How many of the returned hits get a snippet (from the first). Default: all of them. */
  snippets?: number
  /**
   * Rewrites the parsed query before it runs: the catalogue turns collection names into
   * their ids and a name into every form of its authority record (see nameExpansion.ts).
   */
  expand?: (parsed: ParsedQuery) => ParsedQuery
}

// Result types are defined once, in the API contract.
export type { FacetValue, SearchHit, SearchResult, Snippet, SnippetField } from '../../../shared/contract'
export type Facets = NonNullable<SearchResult['facets']>

export type IndexLoadFailure = 'missing' | 'version' | 'stale' | 'corrupt'
