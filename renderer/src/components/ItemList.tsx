import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ItemSummary, ListFilter } from '../../../shared/model'
import { call } from '../api'
import { useI18n, type I18n, type MessageKey } from '../i18n'
import { COLUMNS, COLUMN_KEYS, ITEM_MIME, type ColumnKey, type SortKey } from './columns'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

const PAGE = 200
const ROW = 34
/** More than the rows a window can show at once (visible plus overscan). */
const SLOTS = 128

export type ListQuery = { view: 'all' | 'trash'; filter?: ListFilter }

type Props = {
  query: ListQuery
  sort: SortKey
  order: 'asc' | 'desc'
  version: number
  columns: ColumnKey[]
  widths: Partial<Record<ColumnKey, number>>
  onColumns(columns: ColumnKey[]): void
  onWidths(widths: Partial<Record<ColumnKey, number>>): void
  selection: ReadonlySet<string>
  focusId: string | null
  onSelection(selection: Set<string>, focusId: string | null): void
  onSort(sort: SortKey): void
  onOpen(): void
  onTotal(total: number): void
  /** Alt+Arrow in a collection's manual order. */
  onMove?(id: string, delta: number, index: number): void
  tagColours: ReadonlyMap<string, string | null>
  label: string
  emptyText: string
  tools?: React.ReactNode
}

export const typeKey = (t: string) => `type.${t}` as MessageKey
export const statusKey = (s: string) => `status.${s}` as MessageKey

function Cell({ column, item, i18n, colours }: { column: ColumnKey; item: ItemSummary; i18n: I18n; colours: ReadonlyMap<string, string | null> }) {
  const { t } = i18n
  switch (column) {
    case 'title':
      return (
        <span className="col-title" dir="auto" title={item.title}>
          {item.warnings.length > 0 && <span className="warn-dot" aria-label={t('list.hasWarnings')} role="img">⚠ </span>}
          {item.title}
        </span>
      )
    case 'date':
      return <span className="col-date">{i18n.itemDate(item.date)}</span>
    case 'type':
      return <span>{t(typeKey(item.type))}</span>
    case 'outlet':
      return <span dir="auto">{item.outlet}</span>
    case 'status':
      return <span className={`status-pill st-${item.status}`}>{t(statusKey(item.status))}</span>
    case 'language':
      return <span>{item.language}</span>
    case 'tags':
      return (
        <span className="col-tags">
          {item.tags.map((tag) => (
            <span key={tag} className="tag-chip" dir="auto">
              <span className="dot" style={{ background: colours.get(tag) ?? 'var(--muted)' }} aria-hidden="true" />
              {tag}
            </span>
          ))}
        </span>
      )
    case 'attachments':
      return <span className="col-num">{item.attachments.length ? `📎 ${i18n.num(item.attachments.length)}` : ''}</span>
    case 'created':
      return <span className="col-date">{i18n.time(item.created)}</span>
    case 'modified':
      return <span className="col-date">{i18n.time(item.modified)}</span>
  }
}

type RowProps = {
  item: ItemSummary | undefined
  index: number
  total: number
  start: number
  selected: boolean
  focused: boolean
  columns: ColumnKey[]
  i18n: I18n
  colours: ReadonlyMap<string, string | null>
  onClick(e: React.MouseEvent, index: number, id: string): void
  onDragStart(e: React.DragEvent, id: string): void
}

const Row = memo(function Row({ item, index, total, start, selected, focused, columns, i18n, colours, onClick, onDragStart }: RowProps) {
  return (
    <div
      role="option"
      id={item ? `row-${item.id}` : undefined}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      className={`row ${selected ? 'selected' : ''} ${focused ? 'focused' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={(e) => item && onClick(e, index, item.id)}
      draggable={!!item}
      onDragStart={(e) => item && onDragStart(e, item.id)}
      data-id={item?.id}
    >
      {item ? columns.map((c) => <Cell key={c} column={c} item={item} i18n={i18n} colours={colours} />) : <span className="col-title muted">…</span>}
    </div>
  )
})

/** A virtualised list: it asks the core for pages as they scroll into view, never for everything. */
export function ItemList(props: Props) {
  const { query, sort, order, version, columns, widths, selection, focusId, onSelection, onSort, onTotal, tagColours } = props
  const i18n = useI18n()
  const { t } = i18n
  const [total, setTotal] = useState(0)
  const [pages, setPages] = useState<Map<number, ItemSummary[]>>(new Map())
  const [error, setError] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const loading = useRef(new Set<number>())
  const parentRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLDivElement>(null)
  const anchor = useRef<number>(-1)
  const queryKey = JSON.stringify(query)
  const generation = useRef(0)

  const loadPage = useCallback(
    async (page: number, reset = false) => {
      if (loading.current.has(page) && !reset) return
      loading.current.add(page)
      const gen = generation.current
      try {
        const r = await call('items:list', { ...JSON.parse(queryKey), sort, order, offset: page * PAGE, limit: PAGE })
        if (gen !== generation.current) return
        setError(null)
        setTotal(r.total)
        setLoaded(true)
        onTotal(r.total)
        setPages((prev) => {
          const next = reset ? new Map<number, ItemSummary[]>() : new Map(prev)
          next.set(page, r.items)
          return next
        })
      } catch (err) {
        setError(errorText(t, err))
      } finally {
        loading.current.delete(page)
      }
    },
    [queryKey, sort, order, onTotal]
  )

  useEffect(() => {
    generation.current++
    loading.current.clear()
    void loadPage(0, true)
  }, [loadPage, version])

  useEffect(() => {
    anchor.current = -1
    parentRef.current?.scrollTo({ top: 0 })
  }, [queryKey])

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW,
    overscan: 6
  })
  const rows = virtualizer.getVirtualItems()

  useEffect(() => {
    const needed = new Set(rows.map((r) => Math.floor(r.index / PAGE)))
    for (const p of needed) if (!pages.has(p)) void loadPage(p)
  }, [rows, pages, loadPage])

  const rowAt = useCallback((index: number): ItemSummary | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE], [pages])
  const indexOf = (id: string | null): number => {
    if (!id) return -1
    for (const [p, list] of pages) {
      const i = list.findIndex((x) => x.id === id)
      if (i >= 0) return p * PAGE + i
    }
    return -1
  }

  const allIds = () => call('items:ids', { ...query, sort, order })
  const idsBetween = async (a: number, b: number): Promise<string[]> => {
    const [lo, hi] = a < b ? [a, b] : [b, a]
    const ids: string[] = []
    for (let i = lo; i <= hi; i++) {
      const it = rowAt(i)
      if (!it) return (await allIds()).slice(lo, hi + 1)
      ids.push(it.id)
    }
    return ids
  }

  // Row handlers read the latest state through a ref, so they stay the same function and a
  // page arriving or a selection changing does not re-render every row.
  const latest = useRef({ selection, onSelection, idsBetween })
  latest.current = { selection, onSelection, idsBetween }
  const onRowClick = useCallback(async (e: React.MouseEvent, index: number, id: string) => {
    const { selection: sel, onSelection: select, idsBetween: between } = latest.current
    parentRef.current?.focus({ preventScroll: true })
    if (e.shiftKey && anchor.current >= 0) {
      select(new Set(await between(anchor.current, index)), id)
      return
    }
    anchor.current = index
    if (e.ctrlKey || e.metaKey) {
      const next = new Set(sel)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      select(next, id)
    } else select(new Set([id]), id)
  }, [])

  const onDragStart = useCallback((e: React.DragEvent, id: string) => {
    const sel = latest.current.selection
    const ids = sel.has(id) ? [...sel] : [id]
    e.dataTransfer.setData(ITEM_MIME, JSON.stringify(ids))
    e.dataTransfer.setData('text/plain', ids.join('\n'))
    e.dataTransfer.effectAllowed = 'copy'
  }, [])

  const onKeyDown = async (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault()
      const ids = await allIds()
      onSelection(new Set(ids), focusId ?? ids[0] ?? null)
      return
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      props.onOpen()
      return
    }
    const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? ROW * 10) / ROW) - 1)
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }
    if (!(e.key in moves) || total === 0) return
    e.preventDefault()
    const current = indexOf(focusId)
    if (e.altKey && props.onMove && focusId && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      props.onMove(focusId, moves[e.key], current)
      return
    }
    const next = Math.max(0, Math.min(total - 1, current < 0 ? 0 : current + moves[e.key]))
    virtualizer.scrollToIndex(next, { align: 'auto' })
    let item = rowAt(next)
    if (!item) {
      await loadPage(Math.floor(next / PAGE))
      item = undefined
    }
    const id = item?.id ?? (await allIds())[next]
    if (!id) return
    if (e.shiftKey) {
      if (anchor.current < 0) anchor.current = Math.max(0, current)
      onSelection(new Set(await idsBetween(anchor.current, next)), id)
    } else if (mod) {
      onSelection(new Set(selection), id)
    } else {
      anchor.current = next
      onSelection(new Set([id]), id)
    }
  }

  // Column widths: the title takes what is left unless the person sized it.
  const template = columns.map((c) => (widths[c] ? `${widths[c]}px` : COLUMNS[c].width ? `${COLUMNS[c].width}px` : 'minmax(200px, 1fr)')).join(' ')
  const minWidth = columns.reduce((sum, c) => sum + (widths[c] ?? (COLUMNS[c].width || 200)) + 8, 24)

  const startResize = (e: React.PointerEvent, column: ColumnKey) => {
    e.preventDefault()
    e.stopPropagation()
    const cell = (e.target as HTMLElement).parentElement!
    const startWidth = cell.getBoundingClientRect().width
    const x0 = e.clientX
    const rtl = i18n.dir === 'rtl'
    const move = (ev: PointerEvent) => {
      const dx = (ev.clientX - x0) * (rtl ? -1 : 1)
      props.onWidths({ ...widths, [column]: Math.max(48, Math.round(startWidth + dx)) })
    }
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  const selectedCount = selection.size
  const style = useMemo(() => ({ '--cols': template, '--min-width': `${minWidth}px` }) as React.CSSProperties, [template, minWidth])

  return (
    <section className="list" aria-label={props.label} style={style}>
      <div className="list-tools">
        <span className="muted" aria-live="polite">
          {loaded ? t('list.count', { n: total }) : ''}
          {selectedCount > 1 ? ` · ${t('list.selected', { n: selectedCount })}` : ''}
        </span>
        <div className="spacer" />
        {props.tools}
        <details className="menu">
          <summary aria-label={t('list.columns')}>{t('list.columns')}</summary>
          <div className="menu-body" role="group" aria-label={t('list.columns')}>
            {COLUMN_KEYS.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={columns.includes(c)}
                  disabled={c === 'title'}
                  onChange={(e) => props.onColumns(e.target.checked ? COLUMN_KEYS.filter((k) => k === c || columns.includes(k)) : columns.filter((k) => k !== c))}
                />
                {t(COLUMNS[c].label)}
              </label>
            ))}
            <button className="link" onClick={() => props.onWidths({})}>
              {t('list.resetWidths')}
            </button>
          </div>
        </details>
      </div>
      <div className="list-head-wrap" ref={headRef}>
        <div className="list-head" role="group" aria-label={t('list.sortBy')}>
          {columns.map((c) => {
            const col = COLUMNS[c]
            const label = t(col.label)
            return (
              <div key={c} className={`head-cell col-${c}`}>
                {col.sort ? (
                  <button
                    className={`sort ${sort === col.sort ? 'active' : ''}`}
                    onClick={() => onSort(col.sort!)}
                    aria-label={t('list.sortByColumn', { column: label })}
                    aria-pressed={sort === col.sort}
                  >
                    {label}
                    {sort === col.sort ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  <span>{label}</span>
                )}
                <span className="resize" aria-hidden="true" onPointerDown={(e) => startResize(e, c)} />
              </div>
            )
          })}
        </div>
      </div>
      <ErrorLine error={error} />
      {loaded && total === 0 && !error && <p className="empty">{props.emptyText}</p>}
      <div
        ref={parentRef}
        className="list-body"
        role="listbox"
        aria-label={t('list.label')}
        aria-multiselectable="true"
        aria-activedescendant={focusId && indexOf(focusId) >= 0 ? `row-${focusId}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (headRef.current) headRef.current.scrollLeft = e.currentTarget.scrollLeft
        }}
      >
        <div className="rows" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((r) => {
            const item = rowAt(r.index)
            return (
              <Row
                // Keyed by slot, not by index: a row scrolled out is reused for the row scrolled
                // in, so scrolling updates text and position instead of building new elements.
                key={r.index % SLOTS}
                item={item}
                index={r.index}
                total={total}
                start={r.start}
                selected={!!item && selection.has(item.id)}
                focused={!!item && item.id === focusId}
                columns={columns}
                i18n={i18n}
                colours={tagColours}
                onClick={onRowClick}
                onDragStart={onDragStart}
              />
            )
          })}
        </div>
      </div>
    </section>
  )
}
