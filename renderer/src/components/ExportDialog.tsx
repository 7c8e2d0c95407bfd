import { useEffect, useState } from 'react'
import type { ExportScope, JobOutcome } from '../../../shared/contract'
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/exportFormats'
import { call, transport } from '../api'
import { useI18n } from '../i18n'
import { PREFS, readPersistent, usePersistent } from '../persist'
import { ErrorLine } from './ErrorLine'
import type { CollectionInfo } from '../../../shared/model'
import type { Place } from '../place'
import { errorText, jobErrorText } from '../errorText'

type Props = {
  /** The search in the box, if any. */
  query: string
  selectedIds: readonly string[]
  /** Where the person is in the sidebar: a collection or a tag is offered as it is. */
  place: Place
  collections: readonly CollectionInfo[]
  /** The list rolls collections up: their export does the same by default. */
  rollup: boolean
  onClose(): void
}

/** Export from wherever the person is: the search, the selection, the open collection or tag, or everything. */
export function ExportDialog({ query, selectedIds, place, collections, rollup, onClose }: Props) {
  const { t } = useI18n()
  const collection = place.kind === 'collection' ? collections.find((c) => c.id === place.id) : undefined
  const hasChildren = !!collection && collections.some((c) => c.parentId === collection.id)
  const [withSubcollections, setWithSubcollections] = useState(rollup)
  const pathOf = (id: string) => {
    const parts: string[] = []
    for (let c = collections.find((x) => x.id === id); c && parts.length < 50; c = collections.find((x) => x.id === c!.parentId)) parts.unshift(c.name)
    return parts.join(' › ')
  }
  const scopes: Array<{ key: string; label: string; scope: ExportScope }> = [
    ...(query.trim() ? [{ key: 'query', label: t('export.scopeQuery', { q: query.trim() }), scope: { kind: 'query', q: query.trim() } as ExportScope }] : []),
    ...(collection
      ? [{ key: 'collection', label: t('export.scopeCollection', { name: pathOf(collection.id) }), scope: { kind: 'collection', name: collection.id, withSubcollections: hasChildren && withSubcollections } as ExportScope }]
      : []),
    ...(place.kind === 'tag' ? [{ key: 'tag', label: t('export.scopeTag', { name: place.name }), scope: { kind: 'tag', name: place.name } as ExportScope }] : []),
    ...(selectedIds.length
      ? [{ key: 'ids', label: selectedIds.length === 1 ? t('export.scopeSelected') : t('export.scopeSelection', { n: selectedIds.length }), scope: { kind: 'ids', ids: [...selectedIds] } as ExportScope }]
      : []),
    { key: 'all', label: t('export.scopeAll'), scope: { kind: 'all' } }
  ]
  // Several items chosen by hand are what the person means to export; else the closest place.
  const [scopeKey, setScopeKey] = useState(selectedIds.length > 1 ? 'ids' : scopes[0].key)
  // The default format is the person's choice in Settings.
  const [format, setFormat] = useState<ExportFormat>(() => readPersistent(PREFS.exportFormat.key, PREFS.exportFormat.initial, PREFS.exportFormat.valid))
  // Notes are the archivist's own working notes: a catalogue for others may leave them out.
  const [withoutNotes, setWithoutNotes] = usePersistent<boolean>(PREFS.exportWithoutNotes.key, PREFS.exportWithoutNotes.initial, PREFS.exportWithoutNotes.valid)
  const [jobId, setJobId] = useState<string | null>(null)
  const [token, setToken] = useState<string | null>(null)
  const [startError, setError] = useState<string | null>(null)
  // Every outcome since the dialog opened: a quick export may end before its id is known here.
  const [outcomes, setOutcomes] = useState<Map<string, JobOutcome>>(new Map())
  useEffect(() => transport.on('jobs:finished', (o) => setOutcomes((prev) => new Map(prev).set(o.jobId, o))), [])
  const outcome = jobId ? outcomes.get(jobId) : undefined
  let result: string | null = null
  let error = startError
  if (outcome?.state === 'done') {
    const s = outcome.result as { items: number; attachments: number; out: string; missing: unknown[] }
    const counts = { items: s.items, attachments: s.attachments, missing: s.missing.length }
    result = t(s.missing.length ? 'export.doneMissing' : 'export.done', counts)
  } else if (outcome) error = outcome.state === 'cancelled' ? t('export.cancelled') : t('export.failed', { error: jobErrorText(t, outcome) })

  const start = async () => {
    setError(null)
    setJobId(null)
    const scope = scopes.find((s) => s.key === scopeKey)!.scope
    try {
      if (transport.kind === 'electron') {
        const r = await call('export:pick', { scope, format, withoutNotes })
        if (r) setJobId(r.jobId)
      } else {
        const r = await call('export:prepare', { scope, format, withoutNotes })
        setToken(r.token)
        setJobId(r.jobId)
      }
    } catch (err) {
      setError(errorText(t, err))
    }
  }

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('export.title')}>
        <h2>{t('export.title')}</h2>
        <fieldset>
          <legend>{t('export.what')}</legend>
          {scopes.map((s) => (
            <div key={s.key}>
              <label className="radio">
                <input type="radio" name="scope" checked={scopeKey === s.key} onChange={() => setScopeKey(s.key)} /> <bdi>{s.label}</bdi>
              </label>
              {s.key === 'collection' && hasChildren && (
                <label className="check nested">
                  <input type="checkbox" checked={withSubcollections} disabled={scopeKey !== 'collection'} onChange={(e) => setWithSubcollections(e.target.checked)} />
                  {t('export.withSubcollections')}
                </label>
              )}
            </div>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('export.format')}</span>
          <select aria-label={t('export.format')} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`export.format.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={withoutNotes} onChange={(e) => setWithoutNotes(e.target.checked)} />
          {t('export.withoutNotes')}
        </label>
        <ErrorLine error={error} />
        {result && (
          <p role="status" className="ok">
            {result}{' '}
            {token && (
              <a href={`exports/${token}`} download>
                {t('export.download')}
              </a>
            )}
          </p>
        )}
        {jobId && !result && !error && <p role="status">{t('export.running')}</p>}
        <div className="modal-actions">
          <button onClick={onClose}>{t('common.close')}</button>
          <button className="primary" onClick={() => void start()} disabled={!!jobId && !result && !error}>
            {t('export.start')}
          </button>
        </div>
      </div>
    </div>
  )
}
