import { useEffect, useState } from 'react'
import type { Events, JobOutcome } from '../../../shared/contract'
import { call, transport } from '../api'

type Progress = Events['jobs:progress']

const KIND_LABELS: Record<string, string> = { import: 'Importing', export: 'Exporting', reindex: 'Rebuilding the index', check: 'Checking the archive' }

function eta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return ''
  if (seconds < 60) return `about ${Math.max(1, seconds)} s left`
  return `about ${Math.round(seconds / 60)} min left`
}

type Line = { path: string; message: string }
type Summary = { total?: number; imported?: number; itemIds?: string[]; skipped?: Line[]; failed?: Line[]; cancelled?: boolean }

/** Running jobs with progress and cancel, and the summary of the last ones that ended. */
export function Jobs() {
  const [running, setRunning] = useState<Map<string, Progress>>(new Map())
  const [finished, setFinished] = useState<JobOutcome[]>([])

  useEffect(() => {
    call('jobs:list', {})
      .then((list) => setRunning(new Map(list.map((p) => [p.jobId, p]))))
      .catch(() => {})
    const offs = [
      transport.on('jobs:progress', (p) => {
        setRunning((prev) => {
          const next = new Map(prev)
          if (p.state === 'running') next.set(p.jobId, p)
          else next.delete(p.jobId)
          return next
        })
      }),
      transport.on('jobs:finished', (o) => setFinished((prev) => [o, ...prev].slice(0, 3)))
    ]
    return () => offs.forEach((off) => off())
  }, [])

  if (running.size === 0 && finished.length === 0) return null
  return (
    <section className="jobs" aria-label="Jobs">
      {[...running.values()].map((p) => (
        <div className="job" key={p.jobId}>
          <span className="job-kind">{KIND_LABELS[p.kind] ?? p.kind}</span>
          <progress max={Math.max(1, p.total)} value={p.done} aria-label={`${KIND_LABELS[p.kind] ?? p.kind} progress`} />
          <span className="job-count">
            {p.done} / {p.total}
          </span>
          <span className="job-current" title={p.current}>
            {p.current.split(/[\\/]/).pop()}
          </span>
          <span className="muted">{eta(p.etaSeconds)}</span>
          <button onClick={() => void call('jobs:cancel', { jobId: p.jobId })}>Cancel</button>
        </div>
      ))}
      {finished.map((o) => {
        const s = (o.result ?? {}) as Summary
        return (
          <details className="job-summary" key={o.jobId} role="status">
            <summary>
              {o.state === 'failed'
                ? `The ${o.kind} failed: ${o.error}`
                : `${o.kind === 'import' ? 'Import' : o.kind} ${o.state === 'cancelled' || s.cancelled ? 'cancelled' : 'finished'}: ${s.imported ?? 0} of ${s.total ?? 0} file(s) imported, ${s.itemIds?.length ?? 0} item(s) created, ${s.skipped?.length ?? 0} skipped, ${s.failed?.length ?? 0} failed.`}
              <button className="link" onClick={() => setFinished((prev) => prev.filter((x) => x.jobId !== o.jobId))}>
                Dismiss
              </button>
            </summary>
            <ul>
              {[...(s.failed ?? []).map((l) => ['failed', l] as const), ...(s.skipped ?? []).map((l) => ['skipped', l] as const)].map(([kind, l], i) => (
                <li key={i} className={kind}>
                  {kind}: {l.message}
                </li>
              ))}
            </ul>
          </details>
        )
      })}
    </section>
  )
}

/** The Import button: native dialogs in the desktop app, the upload picker in a browser. */
export function ImportButton() {
  const [error, setError] = useState<string | null>(null)
  const input = (folder: boolean) => {
    const el = document.createElement('input')
    el.type = 'file'
    el.multiple = true
    if (folder) el.setAttribute('webkitdirectory', '')
    el.onchange = () => void importFiles(Array.from(el.files ?? [])).catch((e) => setError((e as Error).message))
    el.click()
  }
  const pick = async (mode: 'files' | 'folder') => {
    setError(null)
    if (transport.kind === 'electron') {
      try {
        await call('import:pick', { mode })
      } catch (err) {
        setError((err as Error).message)
      }
    } else input(mode === 'folder')
  }
  return (
    <span className="import-buttons">
      <button onClick={() => void pick('files')} title="Import files (PDF, Word, e-mail, images, feeds, CSV/JSON, text, HTML)">
        Import files…
      </button>
      <button onClick={() => void pick('folder')}>Import folder…</button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}

/** Browser: upload each file to the staging area, then start one import job over them. */
export async function importFiles(files: File[]): Promise<string | null> {
  if (files.length === 0 || !transport.stage) return null
  const tokens: string[] = []
  for (const f of files) tokens.push(await transport.stage(f))
  const { jobId } = await call('import:staged', { tokens })
  return jobId
}
