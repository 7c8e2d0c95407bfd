// Do our index and FTS5 count the same items for the same question? Per query, the two
// totals are compared. The share that agree is taken over the queries where both engines
// mean the same thing (not the first two kinds below); every difference is listed with its
// reason, from what is known to differ between the two engines' word semantics (see Fts5Peer
// for what was made the same):
// - arabic: we fold Arabic letter forms (أ إ آ → ا, ى → ي, ة → ه) and strip the article and
//   common suffixes (light stemming); FTS5's unicode61 does neither;
// - prefix-stemmed: FTS5's Porter stemmer also stems the typed prefix ("city*" looks for
//   "citi*"), while we match the prefix against the words as written;
// - prefix-count: the rest of the prefix queries, where the two expand a prefix to
//   different sets of words (ours keeps a bounded number of expansions);
// - field-stemmed: a field filter (outlet:, person:, tag:) matches the field's words as
//   written in ours, stemmed in FTS5 (outlet:press also finds "France-Presse" there, and
//   outlet:news "The New York Times");
// - other: anything else (listed in the log, to be looked at).
import { stemmer } from 'stemmer'
import type { BenchQuery } from '../corpus/queries'

export type Disagreement = { q: string; kind: string; ours: number; fts5: number; reason: string }

const ARABIC = /[\u0600-\u06ff]/

/** Why the two engines' answers to this query may differ by design, or null where they mean the same. */
export function semanticsDiffer(q: BenchQuery): string | null {
  if (ARABIC.test(q.q)) return 'arabic'
  if (q.kind === 'prefix') {
    const p = q.q.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    if (/^[a-z]+$/.test(p) && stemmer(p) !== p) return 'prefix-stemmed'
  }
  return null
}

export function reasonFor(q: BenchQuery, ours: number, fts5: number): string {
  const byDesign = semanticsDiffer(q)
  if (byDesign) return byDesign
  if (q.kind === 'prefix') return ours < fts5 ? 'prefix-count (ours fewer)' : 'prefix-count (ours more)'
  if (q.kind === 'field' && /^(outlet|person|tag):/.test(q.q)) return 'field-stemmed'
  return 'other'
}

export type Agreement = {
  /** Among the queries whose semantics agree: the share with equal totals. */
  agreeShare: number
  compared: number
  /** Among all queries. */
  agreeShareAll: number
  reasons: Record<string, number>
  differ: Disagreement[]
}

export function compareTotals(queries: BenchQuery[], ours: number[], fts5: number[]): Agreement {
  const differ: Disagreement[] = []
  let compared = 0
  let comparedAgree = 0
  queries.forEach((q, i) => {
    const same = ours[i] === fts5[i]
    if (semanticsDiffer(q) === null) {
      compared++
      if (same) comparedAgree++
    }
    if (!same) differ.push({ q: q.q, kind: q.kind, ours: ours[i], fts5: fts5[i], reason: reasonFor(q, ours[i], fts5[i]) })
  })
  const reasons: Record<string, number> = {}
  for (const d of differ) reasons[d.reason] = (reasons[d.reason] ?? 0) + 1
  return {
    agreeShare: compared ? comparedAgree / compared : 1,
    compared,
    agreeShareAll: queries.length ? 1 - differ.length / queries.length : 1,
    reasons,
    differ
  }
}
