import type { ItemCreate } from '../../../../shared/model'

/** Quality warnings an importer puts on a proposed item (`fields.warnings[].code`). */
export const WARNING_CODES = [
  'WEEKDAY_MISMATCH',
  'TRUNCATED',
  'NO_DATE',
  'VERY_SHORT',
  'LANGUAGE_DIFFERS',
  'DUPLICATE',
  /** A listing's summary: the full text is at the source. */
  'SUMMARY_ONLY',
  /** More warnings than an item may carry: how many were left out. */
  'MANY_WARNINGS'
] as const
export type WarningCode = (typeof WARNING_CODES)[number]

export type AuthorityKind = 'person' | 'organisation' | 'place'

/** One person, organisation or place with the name forms seen for it (the preferred one included). */
export type Authority = { kind: AuthorityKind; preferred: string; variants: string[] }

/** One proposed item: the fields it would be created with, and the page text it came from. */
export type ProposedItem = {
  /** Stable within a proposal (p1, p2, ...; merge/split derive new keys). */
  key: string
  fields: ItemCreate
  /** The blocks of the source this item was made of, as they appear there. */
  sourceText: string
  /** The title was made from the body (a split with no heading to take): no text of the page, so a merge leaves it out. */
  titleMadeUp?: boolean
}

export type SkippedBlock = { text: string; reason: string }

export type Proposal = {
  items: ProposedItem[]
  /** Page text left out (boilerplate, navigation...), in page order: the review screen can restore it. */
  skipped: SkippedBlock[]
  authorities: Authority[]
  /** Sentences for the person (what was guessed, what was capped). */
  notices: string[]
  /** What the source was. */
  source: {
    kind: 'text' | 'html'
    /** Encoding the bytes were read as (proposeFromBytes only). */
    encoding?: string
    /** Language most items are in (BCP 47, '' when unknown). */
    language: string
    /** Date the page gives for itself (HTML metadata), '' when none. */
    pageDate: string
  }
}

export type ProposeOptions = {
  /** File name or label, used in notices and provenance. */
  sourceName?: string
  /** ISO date (YYYY-MM-DD) against which relative phrases ("today", "on Tuesday") are resolved. */
  referenceDate?: string
  /** Authority records already in the archive: their preferred forms are reused. */
  knownAuthorities?: Authority[]
}
