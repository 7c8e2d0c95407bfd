import { useEffect, useState } from 'react'
import type { AttachmentHits, AttachmentPreview, AttachmentView } from '../../../../shared/contract'
import type { Attachment } from '../../../../shared/model'
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

type Props = { itemId: string; attachments: Attachment[]; attachmentId: string; transport: Transport; onClose(): void }

const NO_HITS: AttachmentHits = { terms: [], boxes: [] }

/** The reader: any attachment of the item, shown inside the app, with the archive search's words marked. */
export function Viewer({ itemId, attachments, attachmentId, transport, onClose }: Props) {
  const { t } = useI18n()
  const search = useShownSearch()
  const [shownId, setShownId] = useState(attachmentId)
  const [view, setView] = useState<AttachmentView | null>(null)
  const [hits, setHits] = useState<AttachmentHits>(NO_HITS)
  const [error, setError] = useState<string | null>(null)
  const attachment = attachments.find((a) => a.id === shownId)

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

  const url = transport.fileUrl(itemId, shownId)
  return (
    <Dialog title={t('viewer.title', { name: attachment?.name ?? '' })} onClose={onClose} className="viewer">
      <div className="viewer-head">
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
        <button className="viewer-close" onClick={onClose} aria-label={t('viewer.close')} title="Esc">
          ✕
        </button>
      </div>
      <ErrorLine error={error} />
      <div className="viewer-body">
        {view?.kind === 'pdf' && (
          <PdfView key={shownId} url={url} name={view.name} searchTerms={hits.terms} ocrBoxes={hits.boxes} />
        )}
        {view?.kind === 'image' && <ImageView key={shownId} url={url} name={view.name} boxes={hits.boxes} />}
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
