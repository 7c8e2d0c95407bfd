import { useEffect, useRef, useState } from 'react'
import type { Region } from '../../../../shared/model'
import { useI18n } from '../../i18n'

type Props = {
  /** The regions of the attachment shown. */
  regions: Region[]
  /** The region being drawn or edited (not saved yet), if any. */
  draft: Region | null
  drawing: boolean
  busy: boolean
  onDraw(): void
  onPick(region: Region): void
  onSave(region: Region): void
  onCancel(): void
  onDelete(region: Region): void
}

/** The regions of the attachment shown: a list to go to each, and the form of the one being drawn or edited. */
export function RegionPanel({ regions, draft, drawing, busy, onDraw, onPick, onSave, onCancel, onDelete }: Props) {
  const { t, num } = useI18n()
  const [title, setTitle] = useState('')
  const [note, setNote] = useState('')
  const [tags, setTags] = useState('')
  const titleRef = useRef<HTMLInputElement>(null)
  const isNew = draft !== null && !regions.some((r) => r.id === draft.id)

  useEffect(() => {
    setTitle(draft?.title ?? '')
    setNote(draft?.note ?? '')
    setTags(draft?.tags.join('; ') ?? '')
    // Only when another region comes into the form: moving the one in it keeps what was typed.
  }, [draft?.id])

  const submit = () => {
    if (!draft) return
    onSave({
      ...draft,
      title: title.trim(),
      note,
      tags: tags
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    })
  }

  return (
    <aside className="region-panel" aria-label={t('regions.label')}>
      <div className="region-head">
        <h4>{t('regions.label')}</h4>
        <button onClick={onDraw} aria-pressed={drawing} title="D">
          {t('regions.draw')}
        </button>
      </div>
      {drawing && !draft && <p className="muted">{t('regions.drawHelp')}</p>}
      {draft && (
        <form
          className="region-form"
          data-testid="region-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <p className="muted">{t('regions.moveHelp')}</p>
          <label>
            <span>{t('regions.title')}</span>
            <input ref={titleRef} value={title} onChange={(e) => setTitle(e.target.value)} dir="auto" data-region-title="" />
          </label>
          <label>
            <span>{t('regions.note')}</span>
            <textarea value={note} rows={3} onChange={(e) => setNote(e.target.value)} dir="auto" />
          </label>
          <label>
            <span>{t('regions.tags')}</span>
            <input value={tags} onChange={(e) => setTags(e.target.value)} dir="auto" />
          </label>
          <div className="region-actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('regions.save')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
            {!isNew && (
              <button type="button" className="danger" onClick={() => onDelete(draft)} disabled={busy}>
                {t('regions.delete')}
              </button>
            )}
          </div>
        </form>
      )}
      {regions.length === 0 ? (
        !draft && !drawing && <p className="muted">{t('regions.none')}</p>
      ) : (
        <ul className="region-list">
          {regions.map((r) => (
            <li key={r.id}>
              <button className={`link${draft?.id === r.id ? ' current' : ''}`} onClick={() => onPick(r)} dir="auto">
                {r.title || t('regions.untitled')}
                {r.page !== null && <span className="muted"> · {t('regions.page', { n: num(r.page) })}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}
