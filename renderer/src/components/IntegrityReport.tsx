// "Check archive": runs the integrity check, shows its progress and its report, and lets the
// person export it. Repairs that need a folder or a bag are offered by name only: they take
// paths, which the renderer never handles (the shell asks with a native dialog).
// Not wired into App.tsx yet: the lead places it (a menu item or a sidebar entry).
import { useEffect, useMemo, useState } from 'react'
import { formatReport, KIND_TITLES, REPAIR_HINTS, type IntegrityReport as Report, type Issue, type IssueKind } from '../../../shared/safety'
import { call, type Transport } from '../api'

type Props = { transport: Transport; onOpenItem?(id: string): void; onClose?(): void }

type Progress = { jobId: string; done: number; total: number; current: string }

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function IntegrityReport({ transport, onOpenItem, onClose }: Props) {
  const [report, setReport] = useState<Report | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const running = progress !== null

  useEffect(
    () =>
      transport.on('jobs:progress', (p) => {
        if (p.kind !== 'check') return
        setProgress(p.state === 'running' ? { jobId: p.jobId, done: p.done, total: p.total, current: p.current } : null)
      }),
    [transport]
  )

  const run = async () => {
    setError(null)
    setReport(null)
    setProgress({ jobId: '', done: 0, total: 0, current: '' })
    try {
      setReport(await call('archive:check', {}))
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setProgress(null)
    }
  }

  const groups = useMemo(() => {
    const map = new Map<IssueKind, Issue[]>()
    for (const i of report?.issues ?? []) {
      let list = map.get(i.kind)
      if (!list) map.set(i.kind, (list = []))
      list.push(i)
    }
    // Problems first, then notes.
    return [...map.entries()].sort((a, b) => (a[1][0].severity === b[1][0].severity ? 0 : a[1][0].severity === 'error' ? -1 : 1))
  }, [report])

  const stamp = report ? report.finished.slice(0, 19).replace(/:/g, '-') : ''

  return (
    <section className="integrity" aria-label="Archive check">
      <header className="editor-head">
        <h2>Check archive</h2>
        <span className="spacer" />
        <button onClick={run} disabled={running}>
          {report ? 'Check again' : 'Check now'}
        </button>
        {onClose && (
          <button className="link" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      <p className="muted">
        Recomputes the checksum of every stored file and compares the catalogue with the files. Nothing is changed; any repair is
        offered, never done on its own.
      </p>
      {running && (
        <div role="status" aria-live="polite">
          <progress value={progress.done} max={progress.total || undefined} />{' '}
          {progress.total ? `${progress.done} of ${progress.total}` : 'Starting…'}
          {progress.jobId && (
            <button className="link" onClick={() => void call('jobs:cancel', { jobId: progress.jobId })}>
              Cancel
            </button>
          )}
          {progress.current && <div className="clip">{progress.current}</div>}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div>
          <p role="status" className={report.ok ? 'badge' : 'error'}>
            {report.cancelled
              ? 'The check was cancelled before it finished.'
              : report.ok
                ? report.issues.length === 0
                  ? 'Everything checks out: every stored file matches its checksum.'
                  : `No damage. ${report.counts.warnings} note(s) below.`
                : `${report.counts.errors} problem(s) need attention.`}
          </p>
          <p className="meta">
            {report.counts.items} item(s), {report.counts.attachments} attachment(s), {report.counts.storedFiles} stored file(s),{' '}
            {report.counts.shards} catalogue file(s) checked on {report.finished.slice(0, 16).replace('T', ' ')}.
          </p>
          {groups.map(([kind, list]) => (
            <details key={kind} open={list[0].severity === 'error'}>
              <summary>
                <strong>{list[0].severity === 'error' ? 'Problem' : 'Note'}:</strong> {KIND_TITLES[kind]} ({list.length})
              </summary>
              <ul>
                {list.slice(0, 200).map((i, n) => (
                  <li key={n}>
                    {i.message}{' '}
                    {i.itemId && onOpenItem && (
                      <button className="link" onClick={() => onOpenItem(i.itemId!)}>
                        Open item
                      </button>
                    )}
                  </li>
                ))}
                {list.length > 200 && <li className="muted">… and {list.length - 200} more (export the report to see all).</li>}
              </ul>
              {[...new Set(list.flatMap((i) => i.repairs ?? []))].map((r) => (
                <p key={r} className="muted">
                  To repair: {REPAIR_HINTS[r]}.
                </p>
              ))}
            </details>
          ))}
          <div className="actions">
            <button onClick={() => download(`presskeep-check-${stamp}.json`, JSON.stringify(report, null, 2), 'application/json')}>
              Export JSON
            </button>{' '}
            <button onClick={() => download(`presskeep-check-${stamp}.txt`, formatReport(report), 'text/plain')}>Export text</button>
          </div>
        </div>
      )}
    </section>
  )
}
