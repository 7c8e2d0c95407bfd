import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { call, transport } from './api'
import { I18nProvider, LANGUAGES, makeI18n, useI18n, type Lang } from './i18n'
import { LanguageField } from './components/LanguageField'
import { SessionGate, useReadOnly, useSession } from './session'
import { usePersistent } from './persist'
import { isPlace, queryOf, type Place } from './place'
import { SettingsDialog, ShortcutSheet } from './components/AppDialogs'
import { AssignDialog, BulkEditDialog } from './components/BulkEditDialog'
import { AuthorityDialog, CollectionDialog, DuplicatesDialog, TagDialog } from './components/CatalogueDialogs'
import type { SortKey } from './components/columns'
import { ItemEditor } from './components/ItemEditor'
import { ItemList } from './components/ItemList'
import { Sidebar, type DropTarget } from './components/Sidebar'
import { ImportButton, Jobs, importFiles } from './components/Jobs'
import { SavedSearchList, SearchHelp, SearchResults } from './components/Search'
import { ExportDialog } from './components/ExportDialog'
import { PageImport } from './components/PageImport'
import { IntegrityReport } from './components/IntegrityReport'
import { Welcome } from './components/Welcome'
import { ConnectTeamDialog } from './components/ConnectTeam'
import { ConfirmProvider } from './components/ConfirmDialog'
import { useArchiveLists, useRefreshSignals } from './workspace/useArchiveLists'
import { focusPane, usePaneKeys } from './workspace/usePaneKeys'
import { errorText } from './errorText'
import { useListLayout, useThemeAndDirection } from './workspace/usePresentation'
import { useNotice } from './workspace/useNotice'
import { useItemFocus } from './workspace/useItemFocus'
import { useOverlays } from './workspace/useOverlays'

function systemLang(): Lang {
  const l = (navigator.language || 'en').slice(0, 2) as Lang
  return LANGUAGES.includes(l) ? l : 'en'
}

export function App() {
  const [lang, setLang] = usePersistent<Lang>('lang', systemLang(), (v) => LANGUAGES.includes(v as Lang))
  return (
    <I18nProvider lang={lang}>
      <ConfirmProvider>
        <SessionGate language={<LanguagePicker lang={lang} setLang={setLang} />}>
          <Workspace lang={lang} setLang={setLang} />
        </SessionGate>
      </ConfirmProvider>
    </I18nProvider>
  )
}

function LanguagePicker({ lang, setLang }: { lang: Lang; setLang(l: Lang): void }) {
  const { t } = useI18n()
  // The page's direction follows at once, before any workspace exists (the sign-in page).
  useEffect(() => {
    document.documentElement.lang = lang
    document.documentElement.dir = makeI18n(lang).dir
  }, [lang])
  return <LanguageField label={t('signin.language')} lang={lang} onLang={setLang} />
}

/** On a team server: who is signed in, and the way out. */
function SignedInAs() {
  const { t } = useI18n()
  const { session, signOut } = useSession()
  if (session.mode !== 'team') return null
  return (
    <span className="signed-in">
      <span dir="auto">{t('team.signedInAs', { name: session.name, role: t(`role.${session.role}`) })}</span>
      <button className="ghost" onClick={signOut}>
        {t('team.signOut')}
      </button>
    </span>
  )
}

const isTyping = (el: EventTarget | null) => {
  const e = el as HTMLElement | null
  return !!e && (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA' || e.tagName === 'SELECT' || e.isContentEditable)
}

function Workspace({ lang, setLang }: { lang: Lang; setLang(l: Lang): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const readOnly = useReadOnly()
  const { theme, setTheme } = useThemeAndDirection(lang)
  const [place, setPlace] = usePersistent<Place>('place', { kind: 'all' }, isPlace)
  const { sort, setSort, order, setOrder, columns, setColumns, widths, setWidths, panes, setPanes, rollup, setRollup } = useListLayout()

  usePaneKeys()
  const { notice, tell, dismiss } = useNotice()
  // The desktop shell's menus and dialogs speak the interface's language too.
  useEffect(() => {
    if (transport.kind === 'electron') call('app:setLanguage', { lang }).catch((err) => tell(errorText(makeI18n(lang).t, err), true))
  }, [lang, tell])
  const lists = useArchiveLists((text) => tell(text, true))
  const { info, fatal, counts, tags, collections, authorities, history } = lists
  const signals = useRefreshSignals()
  const { bumpArchive, bumpFocusedItem, openEditor } = signals
  const focus = useItemFocus(openEditor)
  const { selection, focusId, creating, focusRef } = focus
  const { dialog, openDialog, closeDialog, tool, openTool, closeTool } = useOverlays()
  // The text of the search box: when it holds words, the results replace the list.
  const [search, setSearch] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)

  const rereadSidebar = lists.reload
  /** After a change made here or elsewhere: the list, the results and the sidebar are read again. */
  const rereadAfterChange = useCallback(() => {
    bumpArchive()
    rereadSidebar()
  }, [bumpArchive, rereadSidebar])

  useEffect(() => {
    rereadSidebar()
    const offs = [
      transport.on('items:changed', (p) => {
        rereadAfterChange()
        if (focusRef.current && p.ids.includes(focusRef.current)) bumpFocusedItem()
      }),
      transport.on('app:command', ({ command, url }) => {
        if (command === 'new-item') newItemRef.current()
        else if (command === 'import-page') openTool('page')
        else if (command === 'export') openTool('export')
        else if (command === 'check-archive') openTool('check')
        else if (command === 'find') searchRef.current?.focus()
        else if (command === 'connect-team') openDialog({ kind: 'connect-team', url })
      }),
      transport.on('archive:opened', () => {
        focus.clear()
        rereadAfterChange()
      })
    ]
    return () => offs.forEach((off) => off())
  }, [rereadAfterChange, rereadSidebar, bumpFocusedItem, focusRef, focus.clear, openTool, openDialog])

  const done = useCallback(
    (text: string) => {
      closeDialog()
      tell(text)
      rereadAfterChange()
    },
    [closeDialog, tell, rereadAfterChange]
  )

  const choosePlace = (p: Place) => {
    setPlace(p)
    focus.clear()
    if (p.kind !== 'collection' && sort === 'manual') {
      setSort('modified')
      setOrder('desc')
    }
  }

  const onSelection = focus.select

  const newItem = () => {
    if (place.kind !== 'all') choosePlace({ kind: 'all' })
    focus.startNew()
  }

  const newItemRef = useRef(newItem)
  newItemRef.current = newItem

  const undoRedo = useCallback(
    async (dir: 'undo' | 'redo') => {
      try {
        const r = await call(dir === 'undo' ? 'history:undo' : 'history:redo', {})
        tell(t(dir === 'undo' ? 'history.undone' : 'history.redone', { label: r.label }))
        bumpFocusedItem()
      } catch (err) {
        tell(errorText(t, err), true)
      }
      rereadAfterChange()
    },
    [t, tell, rereadAfterChange, bumpFocusedItem]
  )

  const selectedIds = useMemo(() => [...selection], [selection])

  const trashSelection = async () => {
    if (selectedIds.length === 0 || place.kind === 'trash') return
    try {
      const r = await call('items:trash', { ids: selectedIds })
      tell(t('list.trashed', { n: r.count }))
      focus.clear()
      rereadAfterChange()
    } catch (err) {
      tell(errorText(t, err), true)
    }
  }

  const onDrop = async (target: DropTarget, ids: string[]) => {
    try {
      const r = await call('bulk:apply', {
        ids,
        ops: [target.kind === 'tag' ? { op: 'addTags', tags: [target.name] } : { op: 'addCollections', collections: [target.id] }]
      })
      const name = target.kind === 'tag' ? target.name : (collections.find((c) => c.id === target.id)?.name ?? '')
      tell(t(target.kind === 'tag' ? 'drop.tagged' : 'drop.filed', { n: r.changed, name }))
      bumpFocusedItem()
      rereadAfterChange()
    } catch (err) {
      tell(errorText(t, err), true)
    }
  }

  const onMove = async (id: string, delta: number) => {
    if (place.kind !== 'collection' || sort !== 'manual') return
    const ids = await call('items:ids', { ...queryOf(place), sort: 'manual', order: 'asc' })
    const from = ids.indexOf(id)
    const step = order === 'asc' ? delta : -delta
    const to = Math.max(0, Math.min(ids.length - 1, from + step))
    if (from < 0 || to === from) return
    ids.splice(to, 0, ids.splice(from, 1)[0])
    try {
      await call('collections:reorder', { id: place.id, itemIds: ids })
      rereadAfterChange()
    } catch (err) {
      tell(errorText(t, err), true)
    }
  }

  // Keyboard first: every frequent action has a key (the sheet on `?` lists them).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return
      const mod = e.ctrlKey || e.metaKey
      const key = e.key.toLowerCase()
      const typing = isTyping(e.target)
      if (mod && key === 'f') {
        e.preventDefault()
        searchRef.current?.focus()
      } else if (mod && key === 'n' && !e.shiftKey) {
        e.preventDefault()
        newItem()
      } else if (mod && key === 'z' && !typing) {
        e.preventDefault()
        void undoRedo(e.shiftKey ? 'redo' : 'undo')
      } else if (mod && key === 'y' && !typing) {
        e.preventDefault()
        void undoRedo('redo')
      } else if (mod && e.key === ',') {
        e.preventDefault()
        openDialog({ kind: 'settings' })
      } else if (!typing && !mod && !e.altKey) {
        if (e.key === '?') {
          e.preventDefault()
          openDialog({ kind: 'keys' })
        } else if (selection.size > 0 && key === 't') {
          e.preventDefault()
          openDialog({ kind: 'assign', mode: 'tag' })
        } else if (selection.size > 0 && key === 'c') {
          e.preventDefault()
          openDialog({ kind: 'assign', mode: 'collection' })
        } else if (selection.size > 0 && key === 'e') {
          e.preventDefault()
          openDialog({ kind: 'bulk' })
        } else if (selection.size > 0 && e.key === 'Delete') {
          e.preventDefault()
          void trashSelection()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const onSort = (key: SortKey) => {
    if (key === sort) setOrder(order === 'asc' ? 'desc' : 'asc')
    else {
      setSort(key)
      setOrder(key === 'title' || key === 'outlet' || key === 'manual' ? 'asc' : 'desc')
    }
  }

  // First run: an empty archive (nothing in the trash either) shows what to do instead of an empty
  // list, until the person starts something (a new item, a search), so the editor is not swapped out.
  const welcome = !!counts && counts.all === 0 && counts.trash === 0 && !creating && !focusId && !search.trim()

  const tagColours = useMemo(() => new Map(tags.map((x) => [x.name, x.colour])), [tags])
  // The manual order belongs to one collection's own items, so it shows them without roll-up.
  const rolledUp = rollup && sort !== 'manual'
  const query = useMemo(() => queryOf(place, rolledUp), [place, rolledUp])

  const placeLabel = (() => {
    switch (place.kind) {
      case 'all':
        return t('side.all')
      case 'trash':
        return t('side.trash')
      case 'unfiled':
        return t('side.unfiled')
      case 'warnings':
        return t('side.warnings')
      case 'status':
        return t(`status.${place.status}`)
      case 'collection':
        return collections.find((c) => c.id === place.id)?.name ?? t('side.collections')
      case 'tag':
        return place.name
      case 'authority':
        return authorities.find((a) => a.id === place.id)?.preferred ?? ''
    }
  })()

  const splitter = (which: 'sidebar' | 'editor') => {
    const value = panes[which]
    const [min, max] = which === 'sidebar' ? [160, 480] : [340, 1100]
    const set = (v: number) => setPanes({ ...panes, [which]: Math.max(min, Math.min(max, Math.round(v))) })
    // The editor grows when its splitter moves towards the start of the line.
    const sign = (which === 'sidebar' ? 1 : -1) * (i18n.dir === 'rtl' ? -1 : 1)
    return (
      <div
        className="splitter"
        role="separator"
        aria-orientation="vertical"
        aria-label={t(which === 'sidebar' ? 'layout.resizeSidebar' : 'layout.resizeEditor')}
        aria-valuenow={value}
        aria-valuemin={min}
        aria-valuemax={max}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
            e.preventDefault()
            set(value + (e.key === 'ArrowRight' ? 16 : -16) * sign)
          }
        }}
        onPointerDown={(e) => {
          e.preventDefault()
          const x0 = e.clientX
          const move = (ev: PointerEvent) => set(value + (ev.clientX - x0) * sign)
          const up = () => {
            window.removeEventListener('pointermove', move)
            window.removeEventListener('pointerup', up)
          }
          window.addEventListener('pointermove', move)
          window.addEventListener('pointerup', up)
        }}
      />
    )
  }

  let editorPane
  if (creating || (focusId && selection.size <= 1)) {
    editorPane = (
      <ItemEditor
        key={signals.editorOpened}
        itemId={creating ? 'new' : focusId!}
        version={signals.focusedItemChanged}
        collections={collections}
        authorities={authorities}
        onSaved={(item) => {
          if (creating) focus.created(item.id)
          rereadAfterChange()
        }}
        onTrashChanged={rereadAfterChange}
      />
    )
  } else if (selection.size > 1) {
    editorPane = (
      <section className="editor selection-panel" aria-label={t('selection.label')}>
        <h2>{t('list.selected', { n: selection.size })}</h2>
        <div className="selection-actions">
          <button className="primary" onClick={() => openDialog({ kind: 'bulk' })}>
            {t('selection.bulk')}
          </button>
          <button onClick={() => openDialog({ kind: 'assign', mode: 'tag' })}>{t('selection.tag')}</button>
          <button onClick={() => openDialog({ kind: 'assign', mode: 'collection' })}>{t('selection.collection')}</button>
          <button onClick={() => openTool('export')}>{t('selection.export')}</button>
          {place.kind !== 'trash' && <button onClick={trashSelection}>{t('selection.trash')}</button>}
        </div>
        <p className="muted">{t('selection.hint')}</p>
      </section>
    )
  } else {
    editorPane = (
      <section className="editor placeholder" aria-label={t('editor.label')}>
        <p className="muted">{t('editor.placeholder')}</p>
      </section>
    )
  }

  return (
    <div className="app">
      <a className="skip-link" href="#results" onClick={(e) => (e.preventDefault(), focusPane(1))}>
        {t('nav.skipToResults')}
      </a>
      <header className="topbar">
        <span className="brand">Presskeep</span>
        <span className="archive-name" title={info?.path} dir="auto">
          {info?.name ?? ''}
        </span>
        <div className="search-box">
          <input
            type="search"
            aria-label={t('top.searchLabel')}
            placeholder={t('top.searchPlaceholder')}
            value={search}
            ref={searchRef}
            dir="auto"
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setSearch('')}
          />
          <SearchHelp />
        </div>
        <div className="spacer" />
        {readOnly && <span className="badge">{t('team.readOnly')}</span>}
        <button onClick={() => openTool('page')} disabled={readOnly}>{t('top.importPage')}</button>
        {!readOnly && <ImportButton />}
        <button onClick={() => openTool('export')}>{t('top.export')}</button>
        <button
          className="ghost"
          onClick={() => undoRedo('undo')}
          disabled={readOnly || !history?.undo}
          aria-label={t('history.undo')}
          title={history?.undo ? t('history.undoLabel', { label: history.undo }) : t('history.undo')}
        >
          ↶ {t('history.undo')}
        </button>
        <button
          className="ghost"
          onClick={() => undoRedo('redo')}
          disabled={readOnly || !history?.redo}
          aria-label={t('history.redo')}
          title={history?.redo ? t('history.redoLabel', { label: history.redo }) : t('history.redo')}
        >
          ↷ {t('history.redo')}
        </button>
        <button className="ghost" onClick={() => openDialog({ kind: 'bulk' })} disabled={readOnly || selection.size === 0}>
          {t('selection.bulk')}
        </button>
        <button className="ghost" onClick={() => openDialog({ kind: 'keys' })} aria-label={t('keys.title')} title={t('keys.title')}>
          ?
        </button>
        <button className="ghost" onClick={() => openDialog({ kind: 'settings' })}>
          {t('settings.title')}
        </button>
        <SignedInAs />
        <button className="primary" onClick={newItem} title={t('editor.newHint')} disabled={readOnly}>
          + {t('editor.new')}
        </button>
      </header>
      {fatal && (
        <p className="error banner" role="alert">
          {fatal}
        </p>
      )}
      <div className="toast-region" role="status" aria-live="polite">
        {notice && !notice.error && <span className="toast">{notice.text}</span>}
      </div>
      {notice?.error && (
        <p className="error banner" role="alert">
          {notice.text}{' '}
          <button className="link" onClick={dismiss}>
            {t('common.dismiss')}
          </button>
        </p>
      )}
      <Jobs />
      <div
        className="panes"
        // The editor keeps the width it was given while the window has room, and yields down to
        // 340 px when it has not: a fixed width made the panes wider than a 1024 px window.
        style={{ gridTemplateColumns: `${panes.sidebar}px 5px minmax(320px, 1fr) 5px minmax(${Math.min(340, panes.editor)}px, ${panes.editor}px)` }}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault()
        }}
        onDrop={(e) => {
          if (!e.dataTransfer.files.length) return
          e.preventDefault()
          void importFiles(Array.from(e.dataTransfer.files)).catch((err) => tell(errorText(t, err), true))
        }}
      >
        <Sidebar
          place={place}
          onPlace={choosePlace}
          counts={counts}
          tags={tags}
          collections={collections}
          rollup={rollup}
          authorities={authorities}
          onDrop={onDrop}
          onEditTag={(tag) => openDialog({ kind: 'tag', tag })}
          onNewTag={() => openDialog({ kind: 'tag', tag: null })}
          onEditCollection={(c, parentId) => openDialog({ kind: 'collection', collection: c, parentId: parentId ?? null })}
          onEditAuthority={(record) => openDialog({ kind: 'authority', record })}
          onDuplicates={(authorityKind) => openDialog({ kind: 'duplicates', authorityKind })}
          extra={
            <>
              <SavedSearchList version={signals.archiveChanged} onOpen={setSearch} />
              <button className="nav" onClick={() => openTool('check')}>
                {t('side.check')}
              </button>
            </>
          }
          onFromItems={async (kind) => {
            try {
              const r = await call('authorities:fromItems', { kind })
              done(t('auth.fromItemsDone', { n: r.created }))
            } catch (err) {
              tell(errorText(t, err), true)
            }
          }}
        />
        {splitter('sidebar')}
        {welcome ? (
          <Welcome
            onImportPage={() => openTool('page')}
            onSearch={() => searchRef.current?.focus()}
            onDemoLoaded={(n) => {
              tell(t('welcome.loaded', { n }))
              choosePlace({ kind: 'all' })
              rereadAfterChange()
            }}
          />
        ) : search.trim() ? (
          <SearchResults
            query={search}
            setQuery={setSearch}
            selection={selection}
            focusId={focusId}
            onSelection={onSelection}
            version={signals.archiveChanged}
            onSavedSearch={rereadAfterChange}
            collectionName={(id) => collections.find((c) => c.id === id)?.name}
          />
        ) : (
        <ItemList
          query={query}
          sort={sort}
          order={order}
          version={signals.archiveChanged}
          columns={columns}
          widths={widths}
          onColumns={setColumns}
          onWidths={setWidths}
          selection={selection}
          focusId={focusId}
          onSelection={onSelection}
          onSort={onSort}
          onOpen={() => (document.querySelector('.editor input[name="title"]') as HTMLInputElement | null)?.focus()}
          onTotal={() => {}}
          onMove={place.kind === 'collection' && sort === 'manual' ? onMove : undefined}
          tagColours={tagColours}
          label={placeLabel}
          emptyText={place.kind === 'trash' ? t('list.emptyTrash') : place.kind === 'all' ? t('list.emptyAll') : t('list.empty')}
          tools={
            place.kind === 'collection' ? (
              <>
                {collections.some((c) => c.parentId === place.id) && (
                  <button className="ghost small" aria-pressed={rolledUp} disabled={sort === 'manual'} onClick={() => setRollup(!rollup)}>
                    {t('list.rollup')}
                  </button>
                )}
                <button className="ghost small" aria-pressed={sort === 'manual'} onClick={() => onSort('manual')}>
                  {t('list.manualOrder')}
                </button>
              </>
            ) : null
          }
        />
        )}
        {!welcome && splitter('editor')}
        {!welcome && editorPane}
      </div>
      {dialog?.kind === 'bulk' && <BulkEditDialog ids={selectedIds} tags={tags} collections={collections} onClose={() => closeDialog()} onDone={done} />}
      {dialog?.kind === 'assign' && <AssignDialog mode={dialog.mode} ids={selectedIds} tags={tags} collections={collections} onClose={() => closeDialog()} onDone={done} />}
      {dialog?.kind === 'tag' && <TagDialog tag={dialog.tag} tags={tags} onClose={() => closeDialog()} onDone={done} />}
      {dialog?.kind === 'collection' && (
        <CollectionDialog collection={dialog.collection} parentId={dialog.parentId} collections={collections} onClose={() => closeDialog()} onDone={done} />
      )}
      {dialog?.kind === 'authority' && <AuthorityDialog record={dialog.record} authorities={authorities} onClose={() => closeDialog()} onDone={done} />}
      {dialog?.kind === 'duplicates' && <DuplicatesDialog kind={dialog.authorityKind} onClose={() => closeDialog()} onDone={(m) => (tell(m), rereadAfterChange())} />}
      {dialog?.kind === 'keys' && <ShortcutSheet onClose={() => closeDialog()} />}
      {dialog?.kind === 'connect-team' && <ConnectTeamDialog key={dialog.url ?? ''} url={dialog.url} onClose={() => closeDialog()} />}
      {tool === 'export' && (
        <ExportDialog query={search} selectedIds={selectedIds} place={place} collections={collections} rollup={rollup} onClose={() => closeTool()} />
      )}
      {tool === 'page' && <PageImport onClose={() => closeTool()} onImported={(n) => (tell(t('top.imported', { n })), rereadAfterChange())} />}
      {tool === 'check' && (
        <div className="modal-backdrop">
          <div className="modal wide" role="dialog" aria-modal="true" aria-label={t('check.title')}>
            <IntegrityReport
              transport={transport}
              onOpenItem={(id) => {
                closeTool()
                onSelection(new Set([id]), id)
              }}
              onClose={() => closeTool()}
            />
          </div>
        </div>
      )}
      {dialog?.kind === 'settings' && <SettingsDialog theme={theme} lang={lang} onTheme={setTheme} onLang={setLang} onClose={() => closeDialog()} />}
    </div>
  )
}
