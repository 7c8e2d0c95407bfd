import { useRef, useState } from 'react'
import type { Item } from '../../../shared/model'
import { ApiError, call, type Transport } from '../api'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { Viewer } from './viewer/Viewer'
import { ItemRegions } from './viewer/ItemRegions'
import { ErrorLine } from './ErrorLine'
import { useConfirm } from './ConfirmDialog'
import { useReadOnly } from '../session'
import { formatSize } from '../formatSize'

type Props = { item: Item; transport: Transport; onChanged(item: Item): void }

export function Attachments({ item, transport, onChanged }: Props) {
  const { t } = useI18n()
  const confirm = useConfirm()
  // A reader reads and saves copies; attaching and removing are a cataloguer's.
  const readOnly = useReadOnly()
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [readingId, setReadingId] = useState<string | null>(null)
  const [readingRegion, setReadingRegion] = useState<string | undefined>(undefined)
  const reading = item.attachments.find((a) => a.id === readingId)

  const attach = async () => {
    setError(null)
    if (transport.kind === 'electron') {
      try {
        const updated = await call('attachments:pick', { itemId: item.id })
        if (updated) onChanged(updated)
      } catch (err) {
        setError(errorText(t, err))
      }
    } else input.current?.click()
  }

  const upload = async (files: FileList | null) => {
    if (!files || !transport.upload) return
    setError(null)
    let latest: Item | null = null
    for (const file of Array.from(files)) {
      setBusy(t('att.attaching', { name: file.name }))
      const r = await transport.upload(item.id, file)
      if (!r.ok) {
        setError(`${file.name}: ${errorText(t, new ApiError(r.code, r.message, r.field, undefined, r.params))}`)
        break
      }
      latest = r.value
    }
    setBusy(null)
    if (input.current) input.current.value = ''
    if (latest) onChanged(latest)
  }

  const remove = async (attachmentId: string, name: string) => {
    // The regions drawn on the file are removed with it (the core does it in the same change): say so first.
    const regions = item.regions.filter((r) => r.attachmentId === attachmentId).length
    const message = regions > 0 ? t('att.confirmRemoveRegions', { name, n: regions }) : t('att.confirmRemove', { name })
    if (!(await confirm({ title: t('att.removeTitle'), message, confirm: t('att.remove') }))) return
    try {
      onChanged(await call('attachments:remove', { itemId: item.id, attachmentId }))
    } catch (err) {
      setError(errorText(t, err))
    }
  }

  const open = async (attachmentId: string) => {
    try {
      await call('attachments:open', { itemId: item.id, attachmentId })
    } catch (err) {
      setError(errorText(t, err))
    }
  }

  const saveAs = async (attachmentId: string) => {
    try {
      await call('attachments:saveAs', { itemId: item.id, attachmentId })
    } catch (err) {
      setError(errorText(t, err))
    }
  }

  return (
    <section className="attachments" aria-label={t('att.label')}>
      <header>
        <h3>{t('att.label')}</h3>
        <button onClick={attach} disabled={readOnly || !!busy || item.trashed !== null}>
          {t('att.attach')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label={t('att.choose')}
          data-testid="attach-input"
          onChange={(e) => void upload(e.target.files)}
        />
      </header>
      {busy && <p role="status">{busy}</p>}
      <ErrorLine error={error} />
      {item.attachments.length === 0 ? (
        <p className="muted">{t('att.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('att.name')}</th>
              <th>{t('att.size')}</th>
              <th>{t('att.type')}</th>
              <th>SHA-256</th>
              <th>
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {item.attachments.map((a) => (
              <tr key={a.id}>
                <td dir="auto">{a.name}</td>
                <td>{formatSize(a.size)}</td>
                <td>{a.type}</td>
                <td>
                  <code title={a.sha256}>{a.sha256.slice(0, 12)}…</code>
                </td>
                <td className="actions">
                  <button
                    className="link"
                    onClick={() => {
                      setReadingRegion(undefined)
                      setReadingId(a.id)
                    }}
                    aria-label={t('att.readNamed', { name: a.name })}>
                    {t('att.read')}
                  </button>
                  {transport.kind === 'web' ? (
                    <a href={transport.fileUrl(item.id, a.id)} target="_blank" rel="noreferrer">
                      {t('att.open')}
                    </a>
                  ) : (
                    <button className="link" onClick={() => open(a.id)}>
                      {t('att.open')}
                    </button>
                  )}
                  {transport.kind === 'web' ? (
                    <a href={transport.fileUrl(item.id, a.id, true)} download={a.name}>
                      {t('att.save')}
                    </a>
                  ) : (
                    <button className="link" onClick={() => saveAs(a.id)}>
                      {t('att.save')}
                    </button>
                  )}
                  <button className="link danger" onClick={() => remove(a.id, a.name)} aria-label={t('att.removeNamed', { name: a.name })} disabled={readOnly}>
                    {t('att.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ItemRegions
        item={item}
        fileUrl={(id) => transport.fileUrl(item.id, id)}
        onOpen={(r) => {
          setReadingRegion(r.id)
          setReadingId(r.attachmentId)
        }}
      />
      {reading && (
        <Viewer
          item={item}
          attachmentId={reading.id}
          regionId={readingRegion}
          transport={transport}
          onClose={() => {
            setReadingId(null)
            setReadingRegion(undefined)
          }}
          onChanged={onChanged}
        />
      )}
    </section>
  )
}
