import { useEffect, useRef, useState } from 'react'
import type { AttachmentHits, AttachmentPreview, AttachmentView } from '../../../../shared/contract'
import type { Item, Region } from '../../../../shared/model'
import { call, type Transport } from '../../api'
import { useI18n } from '../../i18n'
import { useShownSearch } from '../../searchQuery'
import { Dialog } from '../Dialog'
import { ErrorLine } from '../ErrorLine'
import { ImageView } from './ImageView'
import { MessageView } from './MessageView'
import { PdfView } from './PdfView'
import { SafeHtmlFrame } from './SafeHtmlFrame'
import { errorText } from '../../errorText'
import { RegionPanel } from './RegionPanel'
import { newRegionId, type RegionRect, type RegionViewProps } from './regionLayer'
import { useDialogKeys } from './useDialogKeys'

type Props = {
  item: Item
  attachmentId: string
  /** Open at this region (its attachment, its page, the region marked). */
  regionId?: string
  transport: Transport
  onClose(): void
  /** The item after a change made here (a region saved or deleted). */
  onChanged(item: Item): void
  /** Shown in a reader window of its own (desktop app), not over the main window. */
  inWindow?: boolean
}

const NO_HITS: AttachmentHits = { terms: [], boxes: [] }

/** The reader: any attachment of the item, shown inside the app, with the archive search's words marked. */
export function Viewer({ item, attachmentId, regionId, transport, onClose, onChanged, inWindow = false }: Props) {
  const { t } = useI18n()
  const search = useShownSearch()
  const itemId = item.id
  const attachments = item.attachments
  const asked = regionId ? item.regions.find((r) => r.id === regionId) : undefined
  const [shownId, setShownId] = useState(asked?.attachmentId ?? attachmentId)
  const [view, setView] = useState<AttachmentView | null>(null)
  const [hits, setHits] = useState<AttachmentHits>(NO_HITS)
  const [error, setError] = useState<string | null>(null)
  const attachment = attachments.find((a) => a.id === shownId)
  const isPdf = view?.kind === 'pdf'

  useEffect(() => {
    let live = true
    setView(null)
    setError(null)
    call('attachments:view', { itemId, attachmentId: shownId })
      .then((v) => live && setView(v))
      .catch((err) => live && setError(errorText(t, err)))
    return () => {
      live = false
    }
  }, [itemId, shownId])

  useEffect(() => {
    let live = true
    if (!search.trim()) return setHits(NO_HITS)
    call('attachments:hits', { itemId, attachmentId: shownId, query: search })
      .then((h) => live && setHits(h))
      .catch((err) => live && setError(errorText(t, err)))
    return () => {
      live = false
    }
  }, [itemId, shownId, search])

  // Regions: drawn here, saved on the item through the ordinary edit (journalled, undoable).
  const [drawing, setDrawing] = useState(false)
  const [draft, setDraft] = useState<Region | null>(null)
  const [centerRequest, setCenterRequest] = useState(0)
  const [show, setShow] = useState<{ id: string; n: number } | null>(asked ? { id: asked.id, n: 1 } : null)
  const [busy, setBusy] = useState(false)
  const shownRegions = item.regions.filter((r) => r.attachmentId === shownId)
  const drawable = isPdf || view?.kind === 'image'
  useEffect(() => {
    setDraft(null)
    setDrawing(false)
  }, [shownId])

  const saveRegions = async (all: Region[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      // Made on the version shown: a region list changed elsewhere since is refused, not overwritten.
      onChanged(await call('items:update', { id: itemId, fields: { regions: all }, baseVersion: item.version }))
      return true
    } catch (err) {
      setError(errorText(t, err))
      return false
    } finally {
      setBusy(false)
    }
  }
  const regionProps: RegionViewProps = {
    regions: shownRegions,
    draft,
    drawing,
    centerRequest,
    show,
    onDrawn: (rect: RegionRect) => {
      setDrawing(true)
      setDraft((d) => (d ? { ...d, ...rect } : { id: newRegionId(), attachmentId: shownId, ...rect, title: '', note: '', tags: [], created: new Date().toISOString() }))
    },
    onPick: (r) => {
      setDraft(r)
      setShow((s) => ({ id: r.id, n: (s?.n ?? 0) + 1 }))
    }
  }
  const onSaveRegion = async (r: Region) => {
    const next = item.regions.some((x) => x.id === r.id) ? item.regions.map((x) => (x.id === r.id ? r : x)) : [...item.regions, r]
    if (await saveRegions(next)) {
      setDraft(null)
      setDrawing(false)
    }
  }
  const onDeleteRegion = async (r: Region) => {
    if (await saveRegions(item.regions.filter((x) => x.id !== r.id))) setDraft(null)
  }
  // Undo and redo work here as in the rest of the app (whose keys rest while a dialog is open).
  const head = useRef<HTMLDivElement>(null)
  useDialogKeys(head, (e) => {
    const inField = ['INPUT', 'SELECT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName)
    if (inField || !(e.ctrlKey || e.metaKey)) return
    const k = e.key.toLowerCase()
    const dir = k === 'z' ? (e.shiftKey ? 'redo' : 'undo') : k === 'y' ? 'redo' : null
    if (!dir) return
    e.preventDefault()
    setDraft(null)
    call(dir === 'undo' ? 'history:undo' : 'history:redo', {})
      .then(() => call('items:get', { id: itemId }))
      .then(onChanged)
      .catch((err) => setError(errorText(t, err)))
  })

  const url = transport.fileUrl(itemId, shownId)
  return (
    <Dialog title={t('viewer.title', { name: attachment?.name ?? '' })} onClose={onClose} className={inWindow ? 'viewer in-window' : 'viewer'}>
      <div className="viewer-head" ref={head}>
        {attachments.length > 1 && (
          <label>
            <span className="sr-only">{t('viewer.choose')}</span>
            <select value={shownId} onChange={(e) => setShownId(e.target.value)} aria-label={t('viewer.choose')}>
              {attachments.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {search.trim() && (
          <span className="muted viewer-search">
            {t('viewer.searchShown')} <bdi>{search}</bdi>
          </span>
        )}
        {transport.kind === 'electron' && !inWindow && (
          <button
            onClick={() => {
              call('viewer:openWindow', { itemId, attachmentId: shownId, ...(draft ? {} : show ? { regionId: show.id } : {}) })
                .then(onClose)
                .catch((err) => setError((err as Error).message))
            }}
          >
            {t('viewer.newWindow')}
          </button>
        )}
        <button className="viewer-close" onClick={onClose} aria-label={t('viewer.close')} title="Esc">
          ✕
        </button>
      </div>
      <ErrorLine error={error} />
      <div className={`viewer-body${drawable ? ' with-regions' : ''}`}>
        {isPdf && attachment && (
          <PdfView key={shownId} url={url} name={attachment.name} searchTerms={hits.terms} ocrBoxes={hits.boxes} regions={regionProps} />
        )}
        {view?.kind === 'image' && <ImageView key={shownId} url={url} name={view.name} boxes={hits.boxes} regions={regionProps} />}
        {drawable && (
          <RegionPanel
            regions={shownRegions}
            draft={draft}
            drawing={drawing}
            busy={busy}
            onDraw={() => {
              setDrawing(true)
              setCenterRequest((n) => n + 1)
            }}
            onPick={regionProps.onPick}
            onSave={onSaveRegion}
            onCancel={() => {
              setDraft(null)
              setDrawing(false)
            }}
            onDelete={onDeleteRegion}
          />
        )}
        {view?.kind === 'email' && <MessageView message={view} onOpenAttachment={setShownId} />}
        {view?.kind === 'html' && <SafeHtmlFrame html={view.html} title={t('viewer.pageOf', { name: view.name })} />}
        {view?.kind === 'text' && (
          <pre className="viewer-text" dir="auto" tabIndex={0}>
            {view.text}
          </pre>
        )}
        {view?.kind === 'other' && <ExtractedText itemId={itemId} attachmentId={shownId} />}
      </div>
    </Dialog>
  )
}

/** Files the viewer cannot draw (Word, spreadsheets…): the text extracted at import. */
function ExtractedText({ itemId, attachmentId }: { itemId: string; attachmentId: string }) {
  const { t } = useI18n()
  const [preview, setPreview] = useState<AttachmentPreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    call('attachments:preview', { itemId, attachmentId })
      .then((p) => live && setPreview(p))
      .catch((err) => live && setError(errorText(t, err)))
    return () => {
      live = false
    }
  }, [itemId, attachmentId])
  if (error) return <ErrorLine error={error} />
  if (!preview) return null
  if (!preview.text) return <p className="muted">{t('att.noPreview')}</p>
  return (
    <pre className="viewer-text" dir="auto" tabIndex={0}>
      {preview.text}
      {preview.truncated ? '\n…' : ''}
    </pre>
  )
}
