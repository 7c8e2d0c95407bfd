import { useEffect, useState } from 'react'
import type { ExportScope, JobOutcome } from '../../../shared/contract'
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/exportFormats'
import { call, transport } from '../api'

const FORMAT_LABELS: Record<ExportFormat, string> = {
  bagit: 'BagIt bag (folder) — for repositories',
  'bagit-zip': 'BagIt bag (.zip)',
  csv: 'CSV — spreadsheets',
  json: 'JSON — full records',
  jsonld: 'JSON-LD (schema.org NewsArticle)',
  oai_dc: 'Dublin Core XML (OAI-PMH oai_dc)',
  'csl-json': 'CSL-JSON — Zotero and citation managers',
  html: 'HTML catalogue — opens in any browser'
}

type Props = { query: string; selectedId: string | null; onClose(): void }

/** Export a selection, a search result or everything, in a format other archives take in. */
export function ExportDialog({ query, selectedId, onClose }: Props) {
  const scopes: Array<{ key: string; label: string; scope: ExportScope }> = [
    ...(query.trim() ? [{ key: 'query', label: `The results of the search “${query.trim()}”`, scope: { kind: 'query', q: query.trim() } as ExportScope }] : []),
    ...(selectedId ? [{ key: 'ids', label: 'The selected item', scope: { kind: 'ids', ids: [selectedId] } as ExportScope }] : []),
    { key: 'all', label: 'All items (not in the trash)', scope: { kind: 'all' } }
  ]
  const [scopeKey, setScopeKey] = useState(scopes[0].key)
  const [format, setFormat] = useState<ExportFormat>('bagit-zip')
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
    result = `Exported ${s.items} item(s) and ${s.attachments} attachment(s)${s.missing.length ? `; ${s.missing.length} attachment file(s) were missing (listed in the export)` : ''}.`
  } else if (outcome) error = outcome.state === 'cancelled' ? 'The export was cancelled; nothing was left behind.' : `The export failed: ${outcome.error}`

  const start = async () => {
    setError(null)
    setJobId(null)
    const scope = scopes.find((s) => s.key === scopeKey)!.scope
    try {
      if (transport.kind === 'electron') {
        const r = await call('export:pick', { scope, format })
        if (r) setJobId(r.jobId)
      } else {
        const r = await call('export:prepare', { scope, format })
        setToken(r.token)
        setJobId(r.jobId)
      }
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label="Export">
        <h2>Export</h2>
        <fieldset>
          <legend>What</legend>
          {scopes.map((s) => (
            <label key={s.key} className="radio">
              <input type="radio" name="scope" checked={scopeKey === s.key} onChange={() => setScopeKey(s.key)} /> {s.label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Format</span>
          <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {result && (
          <p role="status" className="ok">
            {result}{' '}
            {token && (
              <a href={`/exports/${token}`} download>
                Download
              </a>
            )}
          </p>
        )}
        {jobId && !result && !error && <p role="status">Exporting… (progress is shown above the list; Cancel is there too)</p>}
        <div className="modal-actions">
          <button onClick={onClose}>Close</button>
          <button className="primary" onClick={() => void start()} disabled={!!jobId && !result && !error}>
            Export…
          </button>
        </div>
      </div>
    </div>
  )
}
