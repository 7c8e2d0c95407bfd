// The search box's query language, parsed into clauses. Pure and total: any string gives
// a query; whatever cannot be understood is searched as plain words or dropped, and
// `ignored` says so in a sentence the person can act on.
//
//   words            all must match (the last one also as a prefix while typing)
//   "exact phrase"   words next to each other
//   a OR b           either
//   -word  -"a b"    must not match (also -tag:x)
//   title:x  tag:x  person:x  org:x  place:x  outlet:x  type:x  lang:x  collection:x
//   date:2022-11  date:2020..2022-06-30  date:..2019  before:2020  after:2021-06
//   word~            typo tolerant (the `fuzzy` option does this for every word)
import { partialDateSpan, type DaySpan } from './dates'
import { tokensOf } from './normalize'

export type MetaField = 'tag' | 'person' | 'org' | 'place' | 'outlet' | 'type' | 'lang' | 'collection'

export type QueryNode =
  /** One or more tokens; several tokens must be adjacent (a phrase, or "al-malik"). */
  | { kind: 'text'; tokens: string[]; field?: 'title'; prefix?: boolean; fuzzy?: boolean }
  | { kind: 'meta'; field: MetaField; value: string }
  | { kind: 'date'; from: number; to: number }

/** A clause matches when any of its nodes does; a query matches when every clause does. */
export type Clause = { negated: boolean; any: QueryNode[] }

export type ParsedQuery = { clauses: Clause[]; ignored: string[] }

export type ParseOptions = {
  /** Treat the last word as a prefix (search as you type). Default true. */
  prefix?: boolean
  /** Typo tolerance for every word. */
  fuzzy?: boolean
}

export const MAX_CLAUSES = 32
export const MAX_PHRASE_TOKENS = 16
export const MAX_QUERY_CHARS = 4000

const FIELDS: Record<string, MetaField | 'title' | 'date' | 'before' | 'after'> = {
  title: 'title',
  tag: 'tag',
  tags: 'tag',
  person: 'person',
  people: 'person',
  org: 'org',
  organisation: 'org',
  organization: 'org',
  place: 'place',
  outlet: 'outlet',
  source: 'outlet',
  type: 'type',
  lang: 'lang',
  language: 'lang',
  collection: 'collection',
  date: 'date',
  before: 'before',
  after: 'after'
}

type Chunk = { text: string; quoted: boolean; negated: boolean; field: string | null; fuzzy: boolean; raw: string; last: boolean }

const NEG_INF = -1e9
const POS_INF = 1e9

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000'
}

function dateRange(value: string): DaySpan | null {
  const v = value.trim()
  const sep = v.includes('..') ? '..' : v.includes('/') ? '/' : null
  if (!sep) return partialDateSpan(v)
  const [a, b, ...rest] = v.split(sep)
  if (rest.length) return null
  const from = a ? partialDateSpan(a) : { from: NEG_INF, to: NEG_INF }
  const to = b ? partialDateSpan(b) : { from: POS_INF, to: POS_INF }
  if (!from || !to || (!a && !b) || from.from > to.to) return null
  return { from: from.from, to: to.to }
}

function lex(query: string, ignored: string[]): Chunk[] {
  const chunks: Chunk[] = []
  const s = query
  const n = s.length
  let i = 0
  while (i < n) {
    while (i < n && isSpace(s[i])) i++
    if (i >= n) break
    const start = i
    let negated = false
    if (s[i] === '-' && i + 1 < n && !isSpace(s[i + 1]) && s[i + 1] !== '-') {
      negated = true
      i++
    }
    let field: string | null = null
    const m = /^([A-Za-z]+):(?=\S)/.exec(s.slice(i, i + 20))
    if (m) {
      field = m[1].toLowerCase()
      i += m[0].length
    }
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1)
      if (close >= 0) {
        chunks.push({ text: s.slice(i + 1, close), quoted: true, negated, field, fuzzy: false, raw: s.slice(start, close + 1), last: false })
        i = close + 1
        continue
      }
      ignored.push('an opening quote (") without a closing one: the rest was searched as separate words')
      i++
    }
    let j = i
    while (j < n && !isSpace(s[j])) j++
    let text = s.slice(i, j).replace(/"/g, ' ')
    let fuzzy = false
    if (text.length > 1 && text.endsWith('~')) {
      fuzzy = true
      text = text.slice(0, -1)
    }
    chunks.push({ text, quoted: false, negated, field, fuzzy, raw: s.slice(start, j), last: false })
    i = j
  }
  if (chunks.length && !isSpace(s[n - 1] ?? ' ')) chunks[chunks.length - 1].last = true
  return chunks
}

export function parseQuery(input: string, options: ParseOptions = {}): ParsedQuery {
  const ignored: string[] = []
  let query = typeof input === 'string' ? input : ''
  if (query.length > MAX_QUERY_CHARS) {
    ignored.push(`the query was cut to its first ${MAX_QUERY_CHARS} characters`)
    query = query.slice(0, MAX_QUERY_CHARS)
  }
  const chunks = lex(query, ignored)
  const prefixWanted = options.prefix !== false
  const clauses: Clause[] = []
  let pendingOr = false
  let dropped = 0

  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]
    if (!c.quoted && !c.field && !c.negated && (c.text === 'OR' || c.text === '|')) {
      if (clauses.length === 0 || k === chunks.length - 1 || pendingOr) ignored.push('"OR" needs a word on each side')
      else pendingOr = true
      continue
    }
    const node = toNode(c, options, prefixWanted, ignored)
    if (!node) {
      pendingOr = false
      continue
    }
    const prev = clauses[clauses.length - 1]
    if (pendingOr && prev && !prev.negated && !c.negated) {
      prev.any.push(node)
    } else {
      if (pendingOr) ignored.push('"OR" next to an excluded term was read as AND')
      if (clauses.length >= MAX_CLAUSES) {
        dropped++
      } else {
        clauses.push({ negated: c.negated, any: [node] })
      }
    }
    pendingOr = false
  }
  if (dropped) ignored.push(`${dropped} more term${dropped > 1 ? 's' : ''} after the first ${MAX_CLAUSES} were not searched`)
  if (clauses.length > 0 && clauses.every((c) => c.negated)) {
    // "-x" alone would list the whole archive minus x: almost never what was meant.
    ignored.push('a query made only of exclusions (-word) matches nothing to exclude from: add a word to search for')
    return { clauses: [], ignored }
  }
  return { clauses, ignored }
}

function toNode(c: Chunk, options: ParseOptions, prefixWanted: boolean, ignored: string[]): QueryNode | null {
  let field = c.field && Object.hasOwn(FIELDS, c.field) ? FIELDS[c.field] : undefined
  let text = c.text
  if (c.field && !field) {
    ignored.push(`"${c.field}:" is not a field (fields: title, tag, person, org, place, outlet, type, lang, collection, date, before, after): searched as words`)
    text = `${c.field} ${text}`
  }
  if (field === 'date' || field === 'before' || field === 'after') {
    const span = dateRange(text)
    if (!span || (field !== 'date' && (text.includes('..') || text.includes('/')))) {
      ignored.push(`"${c.raw}" is not a date this search understands (try date:2022-11, date:2020..2022-06-30, before:2020): ignored`)
      return null
    }
    if (field === 'before') return { kind: 'date', from: NEG_INF, to: span.from - 1 }
    if (field === 'after') return { kind: 'date', from: span.to + 1, to: POS_INF }
    return { kind: 'date', from: span.from, to: span.to }
  }
  if (field && field !== 'title') {
    const value = text.trim()
    if (!value || tokensOf(value).length === 0) {
      ignored.push(`"${c.raw}" has no value: ignored`)
      return null
    }
    return { kind: 'meta', field, value }
  }
  let tokens = tokensOf(text)
  if (tokens.length === 0) {
    if (c.raw.trim()) ignored.push(`"${c.raw.length > 40 ? c.raw.slice(0, 40) + '…' : c.raw}" has no letters or digits: ignored`)
    return null
  }
  if (tokens.length > MAX_PHRASE_TOKENS) {
    ignored.push(`a phrase was cut to its first ${MAX_PHRASE_TOKENS} words`)
    tokens = tokens.slice(0, MAX_PHRASE_TOKENS)
  }
  const node: QueryNode = { kind: 'text', tokens }
  if (field === 'title') node.field = 'title'
  if (!c.quoted && c.last && !c.negated && prefixWanted) node.prefix = true
  if (!c.quoted && (c.fuzzy || options.fuzzy)) node.fuzzy = true
  return node
}
