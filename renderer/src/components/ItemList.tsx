import { useEffect, useRef, useState, useCallback } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ItemSummary } from '../../../shared/model'
import type { ListInput } from '../../../shared/contract'
import { call } from '../api'

const PAGE = 200
const ROW = 34

export type SortKey = NonNullable<ListInput['sort']>

type Props = {
  view: 'all' | 'trash'
  sort: SortKey
  order: 'asc' | 'desc'
  version: number
  selectedId: string | null
  onSelect(id: string): void
  onSort(sort: SortKey): void
  onTotal(total: number): void
}

const COLUMNS: Array<{ key: SortKey | null; label: string; className: string }> = [
  { key: 'title', label: 'Title', className: 'col-title' },
  { key: 'date', label: 'Date', className: 'col-date' },
  { key: null, label: 'Type', className: 'col-type' },
  { key: 'outlet', label: 'Outlet', className: 'col-outlet' },
  { key: 'modified', label: 'Modified', className: 'col-modified' }
]

const TYPE_LABELS: Record<string, string> = {
  'press-release': 'Press release',
  article: 'Article',
  interview: 'Interview',
  speech: 'Speech',
  statement: 'Statement',
  photo: 'Photo',
  report: 'Report',
  other: 'Other'
}
export const typeLabel = (t: string) => TYPE_LABELS[t] ?? t

/** A virtualised list: it asks the core for pages as they scroll into view, never for everything. */
export function ItemList(props: Props) {
  const { view, sort, order, version, selectedId, onSelect, onSort, onTotal } = props
  const [total, setTotal] = useState(0)
  const [pages, setPages] = useState<Map<number, ItemSummary[]>>(new Map())
  const [error, setError] = useState<string | null>(null)
  const loading = useRef(new Set<number>())
  const parentRef = useRef<HTMLDivElement>(null)

  const loadPage = useCallback(
    async (page: number, reset = false) => {
      if (loading.current.has(page) && !reset) return
      loading.current.add(page)
      try {
        const r = await call('items:list', { view, sort, order, offset: page * PAGE, limit: PAGE })
        setError(null)
        setTotal(r.total)
        onTotal(r.total)
        setPages((prev) => {
          const next = reset ? new Map<number, ItemSummary[]>() : new Map(prev)
          next.set(page, r.items)
          return next
        })
      } catch (err) {
        setError((err as Error).message)
      } finally {
        loading.current.delete(page)
      }
    },
    [view, sort, order, onTotal]
  )

  useEffect(() => {
    loading.current.clear()
    void loadPage(0, true)
  }, [loadPage, version])

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW,
    overscan: 12
  })
  const rows = virtualizer.getVirtualItems()

  useEffect(() => {
    const needed = new Set(rows.map((r) => Math.floor(r.index / PAGE)))
    for (const p of needed) if (!pages.has(p)) void loadPage(p)
  }, [rows, pages, loadPage])

  const rowAt = (index: number): ItemSummary | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE]

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    let index = -1
    for (const [p, list] of pages) {
      const i = list.findIndex((x) => x.id === selectedId)
      if (i >= 0) index = p * PAGE + i
    }
    const next = Math.max(0, Math.min(total - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))
    const item = rowAt(next)
    if (item) {
      onSelect(item.id)
      virtualizer.scrollToIndex(next)
    }
  }

  return (
    <section className="list" aria-label={view === 'trash' ? 'Trash' : 'Items'}>
      <div className="list-head" role="row">
        {COLUMNS.map((c) =>
          c.key ? (
            <button
              key={c.label}
              className={`${c.className} sort ${sort === c.key ? 'active' : ''}`}
              onClick={() => onSort(c.key!)}
              aria-label={`Sort by ${c.label.toLowerCase()}`}
            >
              {c.label}
              {sort === c.key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          ) : (
            <span key={c.label} className={c.className}>
              {c.label}
            </span>
          )
        )}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {total === 0 && !error && (
        <p className="empty">{view === 'trash' ? 'The trash is empty.' : 'No items yet. Create one with “New item”.'}</p>
      )}
      <div ref={parentRef} className="list-body" role="listbox" aria-label="Item list" tabIndex={0} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((r) => {
            const item = rowAt(r.index)
            return (
              <div
                key={r.key}
                role="option"
                aria-selected={item?.id === selectedId}
                className={`row ${item?.id === selectedId ? 'selected' : ''}`}
                style={{ transform: `translateY(${r.start}px)`, height: ROW }}
                onClick={() => item && onSelect(item.id)}
                data-id={item?.id}
              >
                {item ? (
                  <>
                    <span className="col-title" dir="auto" title={item.title}>
                      {item.title}
                      {item.attachments.length > 0 && (
                        <span className="clip" aria-label={`${item.attachments.length} attachment(s)`}>
                          {' '}· {item.attachments.length} file{item.attachments.length === 1 ? '' : 's'}
                        </span>
                      )}
                    </span>
                    <span className="col-date">{item.date}</span>
                    <span className="col-type">{typeLabel(item.type)}</span>
                    <span className="col-outlet" dir="auto">{item.outlet}</span>
                    <span className="col-modified">{item.modified.slice(0, 16).replace('T', ' ')}</span>
                  </>
                ) : (
                  <span className="col-title muted">…</span>
                )}
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
