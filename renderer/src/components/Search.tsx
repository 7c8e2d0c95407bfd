import { useEffect, useRef, useState, type ReactNode } from 'react'
import { setShownSearch } from '../searchQuery'
import type { SavedSearch, SearchAnswer, SearchInput } from '../../../shared/contract'
import { call, transport } from '../api'
import { typeKey } from './ItemList'
import { useI18n, type MessageKey } from '../i18n'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'
import { SaveSearchDialog } from './SaveSearchDialog'
import { Viewer } from './viewer/Viewer'
import type { Item } from '../../../shared/model'

type Sort = NonNullable<SearchInput['sort']>
const SORTS = ['relevance', 'date', 'title', 'outlet', 'created'] as const satisfies readonly Sort[]

const FACET_FIELDS: Array<{ key: keyof NonNullable<SearchAnswer['facets']>; label: MessageKey; field: string }> = [
  { key: 'tag', label: 'field.tags', field: 'tag' },
  { key: 'year', label: 'search.year', field: 'date' },
  { key: 'type', label: 'field.type', field: 'type' },
  { key: 'language', label: 'field.language', field: 'lang' },
  { key: 'outlet', label: 'field.outlet', field: 'outlet' },
  { key: 'collection', label: 'field.collections', field: 'collection' },
  { key: 'person', label: 'field.people', field: 'person' },
  { key: 'organisation', label: 'field.organisations', field: 'org' },
  { key: 'place', label: 'field.places', field: 'place' }
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

// The query syntax is the same in every language; only the explanations are translated.
export const QUERY_HELP: Array<[string, MessageKey]> = [
  ['migration health', 'search.help.all'],
  ['"press conference"', 'search.help.phrase'],
  ['rabat OR fez', 'search.help.or'],
  ['-draft', 'search.help.not'],
  ['migr', 'search.help.prefix'],
  ['title:summit', 'search.help.field'],
  ['date:2022-11', 'search.help.date'],
  ['before:2021  after:2019-06', 'search.help.beforeAfter'],
  ['migation~', 'search.help.typo']
]

export function SearchHelp() {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <span className="help-wrap">
      <button className="ghost icon" aria-label={t('search.help')} aria-expanded={open} onClick={() => setOpen(!open)}>
        ?
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label={t('search.syntax')}>
          <table>
            <tbody>
              {QUERY_HELP.map(([q, what]) => (
                <tr key={q}>
                  <td>
                    <code dir="ltr">{q}</code>
                  </td>
                  <td>{t(what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('search.help.note')}</p>
        </div>
      )}
    </span>
  )
}

type Props = {
  query: string
  setQuery(q: string): void
  selection: ReadonlySet<string>
  focusId: string | null
  /** As in the list: a click picks one result, Ctrl/⌘ adds or removes one, Shift a range. */
  onSelection(selection: Set<string>, focusId: string | null): void
  version: number
  onSavedSearch(): void
  /** Collection facets carry ids; the sidebar knows their names. */
  collectionName?(id: string): string | undefined
}

/** Results of a search: count, hints, sort, snippets, facets and a histogram that narrow it. */
export function SearchResults({ query, setQuery, selection, focusId, onSelection, version, onSavedSearch, collectionName }: Props) {
  const { t, num, itemDate } = useI18n()
  const typeLabel = (ty: string) => t(typeKey(ty))
  const [sort, setSort] = useState<Sort>('relevance')
  const [fuzzy, setFuzzy] = useState(false)
  const [answer, setAnswer] = useState<SearchAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [page, setPage] = useState(0)
  const [saved, setSaved] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // A hit on a region opens the reader at it.
  const [reading, setReading] = useState<{ item: Item; regionId: string } | null>(null)
  const openRegion = (itemId: string, regionId: string) =>
    call('items:get', { id: itemId })
      .then((item) => setReading({ item, regionId }))
      .catch((err) => setError(errorText(t, err)))
  const readingRegion = reading?.item.regions.find((r) => r.id === reading.regionId)
  const seq = useRef(0)
  const anchor = useRef<string | null>(null)
  const limit = 50

  useEffect(() => setPage(0), [query, sort, fuzzy])
  // The viewer marks the words of the search on the pages while the results are shown.
  useEffect(() => {
    setShownSearch(query)
    return () => setShownSearch('')
  }, [query])

  // The page of results first (the list paints), then the facets and histogram of the same
  // query in a second call; paging keeps the facets, which do not depend on the page.
  const facetsOf = useRef<{ key: string; facets: SearchAnswer['facets']; histogram: SearchAnswer['histogram']; histogramUnit: SearchAnswer['histogramUnit'] } | null>(null)
  useEffect(() => {
    const mine = ++seq.current
    const key = JSON.stringify([query, fuzzy, version])
    const timer = setTimeout(() => {
      call('search:query', { q: query, sort, fuzzy, offset: page * limit, limit, facets: false, histogram: false })
        .then((r) => {
          if (mine !== seq.current) return
          const known = facetsOf.current?.key === key ? facetsOf.current : null
          setAnswer(known ? { ...r, facets: known.facets, histogram: known.histogram, histogramUnit: known.histogramUnit } : r)
          setError(null)
          if (known) return
          return call('search:query', { q: query, fuzzy, limit: 1, facets: true, histogram: true }).then((f) => {
            if (mine !== seq.current) return
            facetsOf.current = { key, facets: f.facets, histogram: f.histogram, histogramUnit: f.histogramUnit }
            setAnswer((a) => a && { ...a, facets: f.facets, histogram: f.histogram, histogramUnit: f.histogramUnit })
          })
        })
        .catch((err) => mine === seq.current && setError(errorText(t, err)))
    }, 60)
    return () => clearTimeout(timer)
  }, [query, sort, fuzzy, page, version])

  useEffect(() => transport.on('jobs:finished', (o) => o.kind === 'reindex' && setPage((p) => p)), [])

  const add = (term: string) => setQuery(`${query.trim()} ${term}`.trim())
  const pick = (id: string, e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, toggle = false) => {
    const ids = answer?.hits.map((h) => h.id) ?? []
    if (e.shiftKey && anchor.current && ids.includes(anchor.current)) {
      const [a, b] = [ids.indexOf(anchor.current), ids.indexOf(id)].sort((x, y) => x - y)
      onSelection(new Set([...selection, ...ids.slice(a, b + 1)]), id)
      return
    }
    anchor.current = id
    if (toggle || e.ctrlKey || e.metaKey) {
      const next = new Set(selection)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      onSelection(next, next.has(id) ? id : ([...next].at(-1) ?? null))
    } else onSelection(new Set([id]), id)
  }
  const selectAll = async () => {
    try {
      const ids = await call('search:ids', { q: query, fuzzy })
      onSelection(new Set(ids), focusId && ids.includes(focusId) ? focusId : null)
    } catch (err) {
      setError(errorText(t, err))
    }
  }
  const maxBar = Math.max(1, ...(answer?.histogram.map((h) => h.count) ?? [1]))

  return (
    <section className="list search-results" aria-label={t('search.results')}>
      <div className="search-bar">
        <span role="status" className="total">
          {answer ? t('search.total', { n: answer.total }) : '…'}
          {answer?.rebuilding ? t('search.rebuilding', { done: answer.rebuilding.done, total: answer.rebuilding.total }) : ''}
          {answer?.updating ? t('search.updating', { n: answer.updating.items }) : ''}
        </span>
        <div className="spacer" />
        <label>
          {t('search.sort')}{' '}
          <select aria-label={t('search.sortLabel')} value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`search.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={fuzzy} onChange={(e) => setFuzzy(e.target.checked)} /> {t('search.typos')}
        </label>
        <button onClick={() => setSaving(true)} disabled={!query.trim()}>
          {t('search.save')}
        </button>
        {saving && (
          <SaveSearchDialog
            query={query}
            sort={sort}
            fuzzy={fuzzy}
            onClose={() => setSaving(false)}
            onSaved={(name) => {
              setSaving(false)
              setSaved(name)
              onSavedSearch()
            }}
          />
        )}
      </div>
      {answer && answer.total > 1 && (
        <div className="search-selection">
          <button className="ghost small" onClick={() => void selectAll()}>
            {t('search.selectAll', { n: answer.total })}
          </button>
          {selection.size > 1 && (
            <>
              <span role="status">{t('search.selected', { n: selection.size })}</span>
              <button className="ghost small" onClick={() => onSelection(new Set(), null)}>
                {t('search.clearSelection')}
              </button>
            </>
          )}
        </div>
      )}
      {saved && (
        <p className="notice" role="status">
          {t('search.saved', { name: saved })}
        </p>
      )}
      {answer && answer.ignored.length > 0 && (
        <p className="notice" role="note">
          {t('search.ignored', { list: answer.ignored.join('; ') })}
        </p>
      )}
      <ErrorLine error={error} />
      {answer && answer.histogram.length > 1 && (
        <div className="histogram" role="group" aria-label={t(answer.histogramUnit === 'year' ? 'search.perYear' : 'search.perMonth')}>
          {answer.histogram.map((h) => (
            <button
              key={h.period}
              className="bar"
              title={`${h.period}: ${num(h.count)}`}
              aria-label={t('search.bar', { period: h.period, n: h.count })}
              style={{ height: `${Math.max(4, (h.count / maxBar) * 48)}px` }}
              onClick={() => add(`date:${h.period}`)}
            />
          ))}
        </div>
      )}
      <div className="search-body">
        <ol className="hits" aria-label={t('search.hits')}>
          {answer?.hits.map((h, i) => {
            const item = answer.items[i]
            return (
              <li key={h.id} className={`hit ${selection.has(h.id) ? 'selected' : ''}`} aria-current={h.id === focusId ? 'true' : undefined}>
                <input
                  type="checkbox"
                  className="hit-check"
                  aria-label={t('search.selectHit', { title: item.title })}
                  checked={selection.has(h.id)}
                  onChange={() => undefined}
                  onClick={(e) => pick(h.id, e, true)}
                />
                <button className="hit-title" onClick={(e) => pick(h.id, e)} dir="auto">
                  {item.title}
                </button>
                <div className="hit-meta">
                  {[itemDate(item.date ?? ''), typeLabel(item.type), item.outlet, item.language].filter(Boolean).join(' · ')}
                </div>
                {h.snippet && (
                  <p className="snippet" dir="auto">
                    {h.snippet.field === 'attachment' && <span className="att">{t('search.inAttachment', { name: h.snippet.attachmentName ?? '' })}</span>}
                    {h.snippet.field === 'region' && (
                      <span className="att">
                        {t('search.inRegion', { title: h.snippet.regionTitle ?? '' })}{' '}
                        <button className="link" onClick={() => void openRegion(h.id, h.snippet!.regionId!)}>
                          {t('search.showRegion')}
                        </button>{' '}
                      </span>
                    )}
                    <Highlighted text={h.snippet.text} highlights={h.snippet.highlights} />
                  </p>
                )}
              </li>
            )
          })}
        </ol>
        {answer?.facets && (
          <aside className="facets" aria-label={t('search.facets')}>
            {FACET_FIELDS.map(({ key, label, field }) =>
              answer.facets![key].length ? (
                <div key={key} className="facet">
                  <h4>{t(label)}</h4>
                  {answer.facets![key].slice(0, 8).map((v) => (
                    // The value keeps its own direction; the count stays at the line's end in the interface's.
                    <button key={v.value} className="facet-value" onClick={() => add(filterTerm(field, v.value))}>
                      <span dir="auto">{key === 'type' ? typeLabel(v.value) : key === 'collection' ? (collectionName?.(v.value) ?? v.value) : v.value}</span>
                      <span className="count">{num(v.count)}</span>
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
            {t('search.previous')}
          </button>
          <span>{t('search.range', { from: page * limit + 1, to: Math.min(answer.total, (page + 1) * limit), total: answer.total })}</span>
          <button disabled={(page + 1) * limit >= answer.total} onClick={() => setPage(page + 1)}>
            {t('search.next')}
          </button>
        </div>
      )}
      {reading && readingRegion && (
        <Viewer
          item={reading.item}
          attachmentId={readingRegion.attachmentId}
          regionId={reading.regionId}
          transport={transport}
          onClose={() => setReading(null)}
          onChanged={(item) => setReading({ ...reading, item })}
        />
      )}
    </section>
  )
}

/** The smart collections in the sidebar: a saved query, re-run on every visit. */
export function SavedSearchList({ version, onOpen }: { version: number; onOpen(q: string): void }) {
  const { t } = useI18n()
  const [list, setList] = useState<SavedSearch[]>([])
  useEffect(() => {
    call('searches:list', {})
      .then(setList)
      .catch(() => setList([]))
  }, [version])
  if (list.length === 0) return null
  return (
    <>
      <h3>{t('side.smart')}</h3>
      {list.map((s) => (
        <button key={s.id} className="nav" onClick={() => onOpen(s.query)} title={s.query}>
          {s.name}
        </button>
      ))}
    </>
  )
}
