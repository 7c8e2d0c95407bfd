import { useEffect, useState } from 'react'
import type { ImportStart, TableToMap } from '../../../shared/contract'
import { MAPPABLE_FIELDS } from '../../../shared/model'
import { call } from '../api'
import { useI18n, type MessageKey } from '../i18n'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

type Pending = { pendingId: string; tables: TableToMap[] }
const listeners = new Set<(p: Pending) => void>()

/**
 * What starting an import gave back: a job id, or tables waiting for their column mapping,
 * which the mapping dialog (mounted once in the window) then shows.
 */
export function importStarted(r: ImportStart | null): string | null {
  if (!r) return null
  if ('jobId' in r) return r.jobId
  listeners.forEach((fn) => fn(r))
  return null
}

/** The column-mapping step of a CSV/JSON import: each table's first rows under a field picker per column. */
export function ColumnMappingDialog() {
  const { t } = useI18n()
  const [pending, setPending] = useState<Pending | null>(null)
  const [mappings, setMappings] = useState<Record<string, Record<string, string>>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    const fn = (p: Pending) => {
      setPending(p)
      setMappings(Object.fromEntries(p.tables.map((tb) => [tb.key, { ...tb.mapping }])))
      setError(null)
    }
    listeners.add(fn)
    return () => void listeners.delete(fn)
  }, [])
  if (!pending) return null

  const close = async (discard: boolean) => {
    if (discard) {
      try {
        await call('import:discard', { pendingId: pending.pendingId })
      } catch (err) {
        // The dialog stays open with the reason: the files are still waiting, and Cancel can be tried again.
        setError((err as Error).message)
        return
      }
    }
    setPending(null)
  }
  const start = async () => {
    setBusy(true)
    setError(null)
    try {
      await call('import:mapped', {
        pendingId: pending.pendingId,
        mappings: pending.tables.map((tb) => ({ key: tb.key, mapping: mappings[tb.key] as Record<string, (typeof MAPPABLE_FIELDS)[number] | ''> }))
      })
      setPending(null)
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  const set = (key: string, column: string, field: string) => setMappings((prev) => ({ ...prev, [key]: { ...prev[key], [column]: field } }))

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && void close(true)}>
      <div className="modal wide" role="dialog" aria-modal="true" aria-label={t('mapping.title')}>
        <h2>{t('mapping.title')}</h2>
        <p className="muted">{t('mapping.intro')}</p>
        {pending.tables.map((tb) => {
          const m = mappings[tb.key] ?? {}
          const noTitle = !Object.values(m).includes('title')
          return (
            <section key={tb.key} className="mapping-table" aria-label={tb.name}>
              <h3>
                {tb.name} <span className="muted">{t('mapping.rows', { n: tb.totalRows })}</span>{' '}
                {tb.remembered && <span className="badge">{t('mapping.remembered')}</span>}
              </h3>
              {tb.warnings.map((w, i) => (
                <p key={i} className="warning">
                  {w}
                </p>
              ))}
              <div className="mapping-scroll">
                <table>
                  <thead>
                    <tr>
                      {tb.columns.map((c) => (
                        <th key={c} scope="col">
                          <div className="mapping-column">{c}</div>
                          <select aria-label={t('mapping.fieldFor', { column: c })} value={m[c] ?? ''} onChange={(e) => set(tb.key, c, e.target.value)}>
                            <option value="">{t('mapping.ignore')}</option>
                            {MAPPABLE_FIELDS.map((f) => (
                              <option key={f} value={f}>
                                {t(`field.${f}` as MessageKey)}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {tb.rows.map((row, i) => (
                      <tr key={i}>
                        {tb.columns.map((c) => (
                          <td key={c} dir="auto">
                            {(row[c] ?? '').slice(0, 120)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {noTitle && <p className="warning">{t('mapping.noTitle')}</p>}
            </section>
          )
        })}
        <ErrorLine error={error} />
        <div className="modal-actions">
          <button onClick={() => void close(true)}>{t('common.cancel')}</button>
          <button className="primary" disabled={busy} onClick={() => void start()}>
            {t('mapping.import')}
          </button>
        </div>
      </div>
    </div>
  )
}
