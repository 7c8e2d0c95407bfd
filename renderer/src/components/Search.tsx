import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { SavedSearch, SearchAnswer, SearchInput } from '../../../shared/contract'
import { call, transport } from '../api'
import { typeKey } from './ItemList'
import { useI18n } from '../i18n'

type Sort = NonNullable<SearchInput['sort']>

const FACET_FIELDS: Array<{ key: keyof NonNullable<SearchAnswer['facets']>; label: string; field: string }> = [
  { key: 'tag', label: 'Tags', field: 'tag' },
  { key: 'year', label: 'Year', field: 'date' },
  { key: 'type', label: 'Type', field: 'type' },
  { key: 'language', label: 'Language', field: 'lang' },
  { key: 'outlet', label: 'Outlet', field: 'outlet' },
  { key: 'collection', label: 'Collections', field: 'collection' },
  { key: 'person', label: 'People', field: 'person' },
  { key: 'organisation', label: 'Organisations', field: 'org' },
  { key: 'place', label: 'Places', field: 'place' }
]

/** `field:value`, quoted when the value has spaces. */
export function filterTerm(field: string, value: string): string {
  return `${field}:${/[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value}`
}

function Highlighted({ text, highlights }: { text: string; highlights: Array<[number, number]> }) {
  const parts: ReactNode[] = []
  let at = 0
  highlights.forEach(([s, e], i) => {
    parts.push(text.slice(at, s))
    parts.push(<mark key={i}>{text.slice(s, e)}</mark>)
    at = e
  })
  parts.push(text.slice(at))
  return <>{parts}</>
}

export const QUERY_HELP: Array<[string, string]> = [
  ['migration health', 'items with both words (word forms too: cooperation finds cooperate)'],
  ['"press conference"', 'the exact phrase'],
  ['rabat OR fez', 'either word'],
  ['-draft', 'without this word'],
  ['migr', 'the last word matches as a prefix while you type'],
  ['title:summit', 'in one field: title: tag: person: org: place: outlet: type: lang: collection:'],
  ['date:2022-11', 'a year, month or day; a range: date:2020..2022-06-30'],
  ['before:2021  after:2019-06', 'before the start / after the end of a date'],
  ['migation~', 'tolerate a typo in this word (or switch on “Typos”)']
]

export function SearchHelp() {
  const [open, setOpen] = useState(false)
  return (
    <span className="help-wrap">
      <button className="ghost icon" aria-label="Search help" aria-expanded={open} onClick={() => setOpen(!open)}>
        ?
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Search syntax">
          <table>
            <tbody>
              {QUERY_HELP.map(([q, what]) => (
                <tr key={q}>
                  <td>
                    <code>{q}</code>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Case and accents do not matter (ecole finds École); Arabic is matched without diacritics and with alef, ya and ta marbuta forms unified.</p>
        </div>
      )}
    </span>
  )
}

type Props = {
  query: string
  setQuery(q: string): void
  selectedId: string | null
  onSelect(id: string): void
  version: number
  onSavedSearch(): void
}

/** Results of a search: count, hints, sort, snippets, facets and a histogram that narrow it. */
export function SearchResults({ query, setQuery, selectedId, onSelect, version, onSavedSearch }: Props) {
  const { t } = useI18n()
  const typeLabel = (ty: string) => t(typeKey(ty))
  const [sort, setSort] = useState<Sort>('relevance')
  const [fuzzy, setFuzzy] = useState(false)
  const [answer, setAnswer] = useState<SearchAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [page, setPage] = useState(0)
  const [saved, setSaved] = useState<string | null>(null)
  const seq = useRef(0)
  const limit = 50

  useEffect(() => setPage(0), [query, sort, fuzzy])

  useEffect(() => {
    const mine = ++seq.current
    const t = setTimeout(() => {
      call('search:query', { q: query, sort, fuzzy, offset: page * limit, limit })
        .then((r) => {
          if (mine !== seq.current) return
          setAnswer(r)
          setError(null)
        })
        .catch((err) => mine === seq.current && setError((err as Error).message))
    }, 60)
    return () => clearTimeout(t)
  }, [query, sort, fuzzy, page, version])

  useEffect(() => transport.on('jobs:finished', (o) => o.kind === 'reindex' && setPage((p) => p)), [])

  const add = (term: string) => setQuery(`${query.trim()} ${term}`.trim())
  const save = async () => {
    const name = window.prompt('Save this search as a smart collection named:', query)
    if (!name) return
    try {
      await call('searches:save', { name, query, sort, fuzzy })
      setSaved(name)
      onSavedSearch()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const maxBar = Math.max(1, ...(answer?.histogram.map((h) => h.count) ?? [1]))

  return (
    <section className="list search-results" aria-label="Search results">
      <div className="search-bar">
        <span role="status" className="total">
          {answer ? `${answer.total.toLocaleString()} result${answer.total === 1 ? '' : 's'}` : '…'}
          {answer?.rebuilding ? ` (the index is being rebuilt: ${answer.rebuilding.done}/${answer.rebuilding.total})` : ''}
        </span>
        <div className="spacer" />
        <label>
          Sort{' '}
          <select aria-label="Sort results" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="relevance">Relevance</option>
            <option value="date">Date</option>
            <option value="title">Title</option>
            <option value="outlet">Outlet</option>
            <option value="created">Date added</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={fuzzy} onChange={(e) => setFuzzy(e.target.checked)} /> Typos
        </label>
        <button onClick={() => void save()} disabled={!query.trim()}>
          Save search…
        </button>
      </div>
      {saved && <p className="notice" role="status">Saved as the smart collection “{saved}”.</p>}
      {answer && answer.ignored.length > 0 && (
        <p className="notice" role="note">
          Ignored: {answer.ignored.join('; ')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {answer && answer.histogram.length > 1 && (
        <div className="histogram" role="group" aria-label={`Results per ${answer.histogramUnit}`}>
          {answer.histogram.map((h) => (
            <button
              key={h.period}
              className="bar"
              title={`${h.period}: ${h.count}`}
              aria-label={`${h.period}: ${h.count} result(s)`}
              style={{ height: `${Math.max(4, (h.count / maxBar) * 48)}px` }}
              onClick={() => add(`date:${h.period}`)}
            />
          ))}
        </div>
      )}
      <div className="search-body">
        <ol className="hits" aria-label="Results">
          {answer?.hits.map((h, i) => {
            const item = answer.items[i]
            return (
              <li key={h.id} className={`hit ${h.id === selectedId ? 'selected' : ''}`}>
                <button className="hit-title" onClick={() => onSelect(h.id)} dir="auto">
                  {item.title}
                </button>
                <div className="hit-meta">
                  {[item.date, typeLabel(item.type), item.outlet, item.language].filter(Boolean).join(' · ')}
                </div>
                {h.snippet && (
                  <p className="snippet" dir="auto">
                    {h.snippet.field === 'attachment' && <span className="att">In {h.snippet.attachmentName}: </span>}
                    <Highlighted text={h.snippet.text} highlights={h.snippet.highlights} />
                  </p>
                )}
              </li>
            )
          })}
        </ol>
        {answer?.facets && (
          <aside className="facets" aria-label="Facets">
            {FACET_FIELDS.map(({ key, label, field }) =>
              answer.facets![key].length ? (
                <div key={key} className="facet">
                  <h4>{label}</h4>
                  {answer.facets![key].slice(0, 8).map((v) => (
                    <button key={v.value} className="facet-value" onClick={() => add(filterTerm(field, v.value))} dir="auto">
                      <span>{key === 'type' ? typeLabel(v.value) : v.value}</span>
                      <span className="count">{v.count}</span>
                    </button>
                  ))}
                </div>
              ) : null
            )}
          </aside>
        )}
      </div>
      {answer && answer.total > limit && (
        <div className="pager">
          <button disabled={page === 0} onClick={() => setPage(page - 1)}>
            ← Previous
          </button>
          <span>
            {page * limit + 1}–{Math.min(answer.total, (page + 1) * limit)} of {answer.total}
          </span>
          <button disabled={(page + 1) * limit >= answer.total} onClick={() => setPage(page + 1)}>
            Next →
          </button>
        </div>
      )}
    </section>
  )
}

/** The smart collections in the sidebar: a saved query, re-run on every visit. */
export function SavedSearchList({ version, onOpen }: { version: number; onOpen(q: string): void }) {
  const [list, setList] = useState<SavedSearch[]>([])
  useEffect(() => {
    call('searches:list', {})
      .then(setList)
      .catch(() => setList([]))
  }, [version])
  if (list.length === 0) return null
  return (
    <>
      <h3>Smart collections</h3>
      {list.map((s) => (
        <button key={s.id} className="nav" onClick={() => onOpen(s.query)} title={s.query}>
          {s.name}
        </button>
      ))}
    </>
  )
}
