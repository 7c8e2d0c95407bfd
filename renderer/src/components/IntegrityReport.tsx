// "Check archive": runs the integrity check, shows its progress and its report, and lets the
// person export it. Repairs that need a folder or a bag are offered by name only: they take
// paths, which the renderer never handles (the shell asks with a native dialog).
import { useEffect, useMemo, useState } from 'react'
import { formatReport, type IntegrityReport as Report, type Issue, type IssueKind } from '../../../shared/safety'
import { call, type Transport } from '../api'
import { useI18n } from '../i18n'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

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
  const { t, time } = useI18n()
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
      setError(errorText(t, err))
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
    <section className="integrity" aria-label={t('check.region')}>
      <header className="editor-head">
        <h2>{t('check.title')}</h2>
        <span className="spacer" />
        <button onClick={run} disabled={running}>
          {t(report ? 'check.again' : 'check.now')}
        </button>
        {onClose && (
          <button className="link" onClick={onClose}>
            {t('common.close')}
          </button>
        )}
      </header>
      <p className="muted">{t('check.intro')}</p>
      {running && (
        <div role="status" aria-live="polite">
          <progress value={progress.done} max={progress.total || undefined} />{' '}
          {progress.total ? t('check.progress', { done: progress.done, total: progress.total }) : t('check.starting')}
          {progress.jobId && (
            <button className="link" onClick={() => void call('jobs:cancel', { jobId: progress.jobId })}>
              {t('common.cancel')}
            </button>
          )}
          {progress.current && <div className="clip">{progress.current}</div>}
        </div>
      )}
      <ErrorLine error={error} />
      {report && (
        <div>
          <p role="status" className={report.ok ? 'badge' : 'error'}>
            {report.cancelled
              ? t('check.cancelled')
              : report.ok
                ? report.issues.length === 0
                  ? t('check.allGood')
                  : t('check.notes', { n: report.counts.warnings })
                : t('check.problems', { n: report.counts.errors })}
          </p>
          <p className="meta">
            {t('check.meta', {
              items: report.counts.items,
              attachments: report.counts.attachments,
              files: report.counts.storedFiles,
              shards: report.counts.shards,
              date: time(report.finished)
            })}
          </p>
          {groups.map(([kind, list]) => (
            <details key={kind} open={list[0].severity === 'error'}>
              <summary>
                <strong>{t(list[0].severity === 'error' ? 'check.problem' : 'check.note')}:</strong> {t(`check.kind.${kind}`)} ({list.length})
              </summary>
              <ul>
                {list.slice(0, 200).map((i, n) => (
                  // The core's English words stay as the tooltip: they hold the technical detail (checksums, sizes).
                  <li key={n} title={i.message}>
                    {t(`check.line.${i.kind}`, { name: i.name ?? i.path ?? '' })}{' '}
                    {i.itemId && onOpenItem && (
                      <button className="link" onClick={() => onOpenItem(i.itemId!)}>
                        {t('check.openItem')}
                      </button>
                    )}
                  </li>
                ))}
                {list.length > 200 && <li className="muted">{t('check.more', { n: list.length - 200 })}</li>}
              </ul>
              {[...new Set(list.flatMap((i) => i.repairs ?? []))].map((r) => (
                <p key={r} className="muted">
                  {t('check.toRepair', { hint: t(`check.repair.${r}`) })}
                </p>
              ))}
            </details>
          ))}
          <div className="actions">
            <button onClick={() => download(`presskeep-check-${stamp}.json`, JSON.stringify(report, null, 2), 'application/json')}>
              {t('check.exportJson')}
            </button>{' '}
            <button onClick={() => download(`presskeep-check-${stamp}.txt`, formatReport(report), 'text/plain')}>{t('check.exportText')}</button>
          </div>
        </div>
      )}
    </section>
  )
}
