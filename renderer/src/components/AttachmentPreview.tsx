import { useEffect, useState } from 'react'
import type { AttachmentPreview as Preview } from '../../../shared/contract'
import type { Attachment } from '../../../shared/model'
import { call, type Transport } from '../api'
import { useI18n } from '../i18n'
import { ErrorLine } from './ErrorLine'

type Props = { itemId: string; attachment: Attachment; transport: Transport; onClose(): void }

/** An attachment shown inside the app: the image itself, the first page of a PDF, the text of the rest. */
export function AttachmentPreview({ itemId, attachment, transport, onClose }: Props) {
  const { t } = useI18n()
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    call('attachments:preview', { itemId, attachmentId: attachment.id })
      .then((p) => live && setPreview(p))
      .catch((err) => live && setError((err as Error).message))
    return () => {
      live = false
    }
  }, [itemId, attachment.id])

  return (
    <section className="preview" aria-label={t('att.previewOf', { name: attachment.name })}>
      <header>
        <strong dir="auto">{attachment.name}</strong>
        <button className="link" onClick={onClose}>
          {t('att.closePreview')}
        </button>
      </header>
      <ErrorLine error={error} />
      {preview?.kind === 'image' && <img className="preview-image" src={transport.fileUrl(itemId, attachment.id)} alt={attachment.name} />}
      {preview && preview.kind !== 'image' && preview.hasThumbnail && (
        <img className="preview-thumb" src={transport.thumbUrl(itemId, attachment.id)} alt={t('att.firstPage', { name: attachment.name })} />
      )}
      {preview && preview.text && (
        <pre className="preview-text" dir="auto" tabIndex={0} aria-label={t('att.textOf', { name: attachment.name })}>
          {preview.text}
          {preview.truncated ? '\n…' : ''}
        </pre>
      )}
      {preview && !preview.text && preview.kind !== 'image' && !preview.hasThumbnail && (
        <p className="muted">{t('att.noPreview')}</p>
      )}
    </section>
  )
}
