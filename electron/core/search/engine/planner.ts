// The query planner: a parsed query → the scored list of the items it matches.
import { fold } from '../normalize'
import type { ParsedQuery, QueryNode } from '../queryParser'
import { denseAnd, denseEnough } from './bitmaps'
import { F_TITLE } from './fields'
import { nodeEstimate, nodeSet, predicateOf } from './filters'
import { EMPTY_LIST, type ScoredList } from './lists'
import { evalPhrase } from './phrase'
import { df, termList, unionTerms } from './postings'
import { probe } from './probe'
import { allLive, filter, intersect, subtract, union } from './setOperations'
import type { IndexState } from './state'

/**
 * The items a parsed query matches, with scores. Plans for the costly case, common words in
 * a large archive: the smallest set is materialised first (a rare word, a phrase, a field
 * or date filter read from its per-value list), and every other single word is probed into
 * it through its packed postings, so the work follows the smallest set, not the largest.
 */
export function evaluate(index: IndexState, parsed: ParsedQuery, highlight: Set<number>): { list: ScoredList; textClauses: number } {
  const lists: ScoredList[] = []
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
      filters.push({ nodes, estimate: nodes.reduce((sum, n) => sum + nodeEstimate(index, n), 0) })
      continue
    }
    textClauses++
    const word = simpleWord(c.any)
    if (word) {
      const t = index.vocab.lookupTerm(word.tokens[0])
      if (t < 0) nothing = true
      else {
        highlight.add(t)
        probes.push({ t, fieldMask: word.field === 'title' ? F_TITLE : 0, df: df(index, t) })
      }
      continue
    }
    const one = c.any.length === 1 ? c.any[0] : null
    if (one && one.kind === 'text' && one.tokens.length === 1) {
      const g = termGroup(index, one, highlight, true)
      let minSize = 0
      for (const t of g.terms) minSize = Math.max(minSize, df(index, t))
      groups.push({ ...g, fieldMask: one.field === 'title' ? F_TITLE : 0, minSize })
      continue
    }
    lists.push(c.any.length === 1 ? evalNode(index, c.any[0], highlight, true) : union(index, c.any.map((n) => evalNode(index, n, highlight, true))))
  }
  // An empty box lists everything (to browse by facets); one that only held junk lists nothing.
  if (nothing || (parsed.clauses.length === 0 && parsed.ignored.length > 0)) return { list: EMPTY_LIST, textClauses }

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
      lists.push(f.nodes.length === 1 ? nodeSet(index, f.nodes[0]) : union(index, f.nodes.map((n) => nodeSet(index, n))))
    } else {
      const preds = f.nodes.map((n) => predicateOf(index, n)!)
      predicates.push(preds.length === 1 ? preds[0] : (d) => preds.some((p) => p(d)))
    }
  }
  probes.sort((x, y) => x.df - y.df)
  lists.sort((x, y) => x.n - y.n)
  const all = [...probes.map((p) => ({ terms: [p.t], weights: [1], fieldMask: p.fieldMask })), ...groups]
  if (lists.length === 0 && all.length >= 2 && denseEnough(index, all)) {
    lists.push(denseAnd(index, all))
    probes.length = 0
  } else {
    for (const g of groups) lists.push(unionTerms(index, g.terms, g.weights, g.fieldMask))
    lists.sort((x, y) => x.n - y.n)
  }
  if (probes.length && (lists.length === 0 || probes[0].df < lists[0].n)) {
    const p = probes.shift()!
    lists.unshift(termList(index, p.t, p.fieldMask, 1))
  }
  let list = lists.length ? lists[0] : allLive(index)
  for (let k = 1; k < lists.length; k++) list = intersect(index, list, lists[k])
  for (const p of probes) list = probe(index, list, p.t, p.fieldMask, false)

  // Exclusions.
  const negPredicates: Array<(d: number) => boolean> = []
  for (const c of parsed.clauses) {
    if (!c.negated) continue
    if (c.any.every((n) => n.kind !== 'text')) {
      const preds = c.any.map((n) => predicateOf(index, n)!)
      negPredicates.push((d) => preds.some((p) => p(d)))
      continue
    }
    const word = simpleWord(c.any)
    if (word) {
      const t = index.vocab.lookupTerm(word.tokens[0])
      if (t >= 0) list = probe(index, list, t, word.field === 'title' ? F_TITLE : 0, true)
    } else list = subtract(index, list, union(index, c.any.map((n) => evalNode(index, n, highlight, false))))
  }
  if (predicates.length || negPredicates.length) {
    list = filter(index, list, (d) => {
      for (const p of predicates) if (!p(d)) return false
      for (const p of negPredicates) if (p(d)) return false
      return true
    })
  }
  return { list, textClauses }
}

/** Terms to highlight in snippets, gathered while evaluating. */
export function evalText(index: IndexState, node: Extract<QueryNode, { kind: 'text' }>, highlight: Set<number>, collect: boolean): ScoredList {
  const fieldMask = node.field === 'title' ? F_TITLE : 0
  if (node.tokens.length === 1) {
    const { terms, weights } = termGroup(index, node, highlight, collect)
    return unionTerms(index, terms, weights, fieldMask)
  }
  // A phrase: every term, at consecutive positions.
  const terms = node.tokens.map((tok) => index.vocab.lookupTerm(tok))
  if (terms.some((t) => t < 0)) return EMPTY_LIST
  if (collect) for (const t of terms) highlight.add(t)
  return evalPhrase(index, terms, fieldMask)
}

/** A one-word node's terms: the word's own, and its prefix or typo expansions (weighted less). */
export function termGroup(index: IndexState, node: Extract<QueryNode, { kind: 'text' }>, highlight: Set<number>, collect: boolean): { terms: number[]; weights: number[] } {
  const token = node.tokens[0]
  const t = index.vocab.lookupTerm(token)
  const terms: number[] = []
  const weights: number[] = []
  if (t >= 0) {
    terms.push(t)
    weights.push(1)
    if (collect) highlight.add(t)
  }
  const folded = fold(token)
  const extra = new Set<number>()
  if (node.prefix) for (const x of index.vocab.prefixTerms(folded)) extra.add(x)
  if (node.fuzzy) for (const x of index.vocab.fuzzyTerms(folded)) extra.add(x)
  extra.delete(t)
  for (const x of extra) {
    terms.push(x)
    weights.push(node.prefix ? 0.8 : 0.6)
    if (collect) highlight.add(x)
  }
  return { terms, weights }
}

export function evalNode(index: IndexState, node: QueryNode, highlight: Set<number>, collect: boolean): ScoredList {
  if (node.kind === 'text') return evalText(index, node, highlight, collect)
  return nodeSet(index, node)
}


/** The clause's node when it is one plain word (no OR, phrase, prefix or typo tolerance). */
export function simpleWord(any: QueryNode[]): Extract<QueryNode, { kind: 'text' }> | null {
  const n = any.length === 1 ? any[0] : null
  return n && n.kind === 'text' && n.tokens.length === 1 && !n.prefix && !n.fuzzy ? n : null
}
