import { useCallback, useEffect, useRef, useState } from 'react'
import type { ArchiveInfo } from '../../shared/model'
import { call, transport } from './api'
import { ItemEditor } from './components/ItemEditor'
import { ItemList, type SortKey } from './components/ItemList'
import { ImportButton, Jobs, importFiles } from './components/Jobs'
import { SavedSearchList, SearchHelp, SearchResults } from './components/Search'
import { ExportDialog } from './components/ExportDialog'
import { PageImport } from './components/PageImport'
import { IntegrityReport } from './components/IntegrityReport'

type View = 'all' | 'trash'

export function App() {
  const [info, setInfo] = useState<ArchiveInfo | null>(null)
  const [fatal, setFatal] = useState<string | null>(null)
  const [view, setView] = useState<View>('all')
  const [sort, setSort] = useState<SortKey>('modified')
  const [order, setOrder] = useState<'asc' | 'desc'>('desc')
  const [selected, setSelected] = useState<string | 'new' | null>(null)
  const [version, setVersion] = useState(0)
  const [query, setQuery] = useState('')
  const [dialog, setDialog] = useState<'export' | 'page' | 'check' | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  // The editor is remounted when the person picks another item, not when a new item gets its id.
  const [editorKey, setEditorKey] = useState(0)
  const select = useCallback((id: string | 'new') => {
    setSelected(id)
    setEditorKey((k) => k + 1)
  }, [])

  const refresh = useCallback(() => {
    setVersion((v) => v + 1)
    call('archive:info', {})
      .then((i) => {
        setInfo(i)
        setFatal(null)
      })
      .catch((err) => setFatal((err as Error).message))
  }, [])

  useEffect(() => {
    refresh()
    const offs = [
      transport.on('items:changed', refresh),
      transport.on('app:command', ({ command }) => {
        if (command === 'new-item') select('new')
        else if (command === 'import-page') setDialog('page')
        else if (command === 'export') setDialog('export')
        else if (command === 'check-archive') setDialog('check')
        else if (command === 'find') searchRef.current?.focus()
      }),
      transport.on('archive:opened', () => {
        setSelected(null)
        refresh()
      })
    ]
    return () => offs.forEach((off) => off())
  }, [refresh, select])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        searchRef.current?.focus()
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n' && !e.shiftKey) {
        e.preventDefault()
        setView('all')
        select('new')
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [select])

  const onSort = (key: SortKey) => {
    if (key === sort) setOrder(order === 'asc' ? 'desc' : 'asc')
    else {
      setSort(key)
      setOrder(key === 'title' || key === 'outlet' ? 'asc' : 'desc')
    }
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Presskeep</span>
        <span className="archive-name" title={info?.path}>
          {info?.name ?? ''}
        </span>
        <div className="search-box">
          <input
            type="search"
            aria-label="Search the archive"
            placeholder="Search everything… (Ctrl+F)"
            value={query}
            ref={searchRef}
            dir="auto"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
          />
          <SearchHelp />
        </div>
        <div className="spacer" />
        <button onClick={() => setDialog('page')}>Import page…</button>
        <ImportButton />
        <button onClick={() => setDialog('export')}>Export…</button>
        <button
          className="primary"
          onClick={() => {
            setView('all')
            select('new')
          }}
          title="New item (Ctrl+N)"
        >
          + New item
        </button>
      </header>
      {fatal && (
        <p className="error banner" role="alert">
          {fatal}
        </p>
      )}
      {dialog === 'export' && <ExportDialog query={query} selectedId={selected === 'new' ? null : selected} onClose={() => setDialog(null)} />}
      {dialog === 'page' && <PageImport onClose={() => setDialog(null)} onImported={() => refresh()} />}
      {dialog === 'check' && (
        <div className="modal-backdrop">
          <div className="modal wide" role="dialog" aria-modal="true" aria-label="Check archive">
            <IntegrityReport
              transport={transport}
              onOpenItem={(id) => {
                setDialog(null)
                select(id)
              }}
              onClose={() => setDialog(null)}
            />
          </div>
        </div>
      )}
      <Jobs />
      <div
        className="panes"
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault()
        }}
        onDrop={(e) => {
          if (!e.dataTransfer.files.length) return
          e.preventDefault()
          void importFiles(Array.from(e.dataTransfer.files)).catch((err) => setFatal((err as Error).message))
        }}
      >
        <nav className="sidebar" aria-label="Library">
          <h3>Library</h3>
          <button className={`nav ${view === 'all' ? 'active' : ''}`} aria-current={view === 'all'} onClick={() => setView('all')}>
            All items <span className="count">{info?.counts.items ?? ''}</span>
          </button>
          <button className={`nav ${view === 'trash' ? 'active' : ''}`} aria-current={view === 'trash'} onClick={() => setView('trash')}>
            Trash <span className="count">{info?.counts.trashed ?? ''}</span>
          </button>
          <SavedSearchList version={version} onOpen={setQuery} />
          <h3>Archive</h3>
          <button className="nav" onClick={() => setDialog('check')}>
            Check archive
          </button>
        </nav>
        {query.trim() ? (
          <SearchResults query={query} setQuery={setQuery} selectedId={selected === 'new' ? null : selected} onSelect={select} version={version} onSavedSearch={refresh} />
        ) : (
        <ItemList
          view={view}
          sort={sort}
          order={order}
          version={version}
          selectedId={selected === 'new' ? null : selected}
          onSelect={select}
          onSort={onSort}
          onTotal={() => {}}
        />
        )}
        {selected ? (
          <ItemEditor
            key={editorKey}
            itemId={selected}
            onSaved={(item) => {
              setSelected(item.id)
              refresh()
            }}
            onTrashChanged={refresh}
          />
        ) : (
          <section className="editor placeholder">
            <p className="muted">Select an item, or create one with “New item”.</p>
          </section>
        )}
      </div>
    </div>
  )
}
