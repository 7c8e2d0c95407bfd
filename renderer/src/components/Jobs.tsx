import { useEffect, useState } from 'react'
import type { Events, JobOutcome } from '../../../shared/contract'
import { call, transport } from '../api'
import { useI18n, type I18n, type MessageKey } from '../i18n'
import { ColumnMappingDialog, importStarted } from './ColumnMapping'
import { importPreferences } from '../persist'
import { errorText, importLineText, jobErrorText } from '../errorText'

type Progress = Events['jobs:progress']

const KIND_LABELS: Record<string, MessageKey> = { import: 'jobs.kind.import', export: 'jobs.kind.export', reindex: 'jobs.kind.reindex', check: 'jobs.kind.check' }
const kindLabel = (t: I18n['t'], kind: string) => (KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind)

function eta(t: I18n['t'], seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return ''
  if (seconds < 60) return t('jobs.etaSeconds', { n: Math.max(1, seconds) })
  return t('jobs.etaMinutes', { n: Math.round(seconds / 60) })
}

function summaryOf(t: I18n['t'], o: JobOutcome, s: Summary): string {
  if (o.state === 'failed') {
    if (o.code === 'DISK_FULL') return t(o.kind === 'import' ? 'jobs.importDiskFull' : 'error.diskFull')
    return t('jobs.failed', { error: jobErrorText(t, o) })
  }
  const cancelled = o.state === 'cancelled' || !!s.cancelled
  if (o.kind !== 'import') return t(cancelled ? 'jobs.cancelled' : 'jobs.finished', { kind: kindLabel(t, o.kind) })
  return t(cancelled ? 'jobs.importCancelled' : 'jobs.importFinished', {
    imported: s.imported ?? 0,
    total: s.total ?? 0,
    items: s.itemIds?.length ?? 0,
    skipped: s.skipped?.length ?? 0,
    failed: s.failed?.length ?? 0
  })
}

/** How long the banner of a job that went well stays. */
const SUCCESS_BANNER_MS = 6000

const needsAttention = (o: JobOutcome) => o.state === 'failed' || ((((o.result ?? {}) as Summary).failed?.length ?? 0) > 0)

type Line = { path: string; code?: string; message: string }
type Summary = { total?: number; imported?: number; itemIds?: string[]; skipped?: Line[]; failed?: Line[]; cancelled?: boolean }

/** The running jobs less one (the same map when it is not among them: nothing to render again). */
function withoutJob(running: Map<string, Progress>, jobId: string): Map<string, Progress> {
  if (!running.has(jobId)) return running
  const next = new Map(running)
  next.delete(jobId)
  return next
}

/** Running jobs with progress and cancel, and the summary of the last ones that ended. */
export function Jobs() {
  const { t } = useI18n()
  const [running, setRunning] = useState<Map<string, Progress>>(new Map())
  const [finished, setFinished] = useState<JobOutcome[]>([])

  useEffect(() => {
    call('jobs:list', {})
      .then((list) => setRunning(new Map(list.map((p) => [p.jobId, p]))))
      // Ignored on purpose: this list only adds jobs started before the window opened, and their
      // next progress event (at least once a second) shows them anyway; nothing is lost or hidden.
      .catch(() => undefined)
    const offs = [
      transport.on('jobs:progress', (p) => setRunning((prev) => (p.state === 'running' ? new Map(prev).set(p.jobId, p) : withoutJob(prev, p.jobId)))),
      // One banner per job, newest first; a job reported twice keeps its one banner.
      transport.on('jobs:finished', (o) => {
        setFinished((prev) => [o, ...prev.filter((x) => x.jobId !== o.jobId)])
        // A finished job runs no more, even if its last progress event was missed (a reconnect):
        // the banners of finished jobs wait for the running ones, so none may linger here.
        setRunning((prev) => withoutJob(prev, o.jobId))
      })
    ]
    return () => offs.forEach((off) => off())
  }, [])

  // A job that went well says so for a few seconds and goes; a failure, or an import with files
  // it could not read, stays until the person dismisses it (one by one, or all at once). While
  // another job still runs the banners stay, so the outcomes of jobs started together are seen
  // together however long the last one takes; they go a few seconds after it ends.
  const calm = finished.filter((o) => !needsAttention(o)).map((o) => o.jobId).join(' ')
  const jobsRunning = running.size > 0
  useEffect(() => {
    if (!calm || jobsRunning) return
    const ids = new Set(calm.split(' '))
    const timer = setTimeout(() => setFinished((prev) => prev.filter((x) => !ids.has(x.jobId))), SUCCESS_BANNER_MS)
    return () => clearTimeout(timer)
  }, [calm, jobsRunning])

  if (running.size === 0 && finished.length === 0) return <ColumnMappingDialog />
  return (
    <section className="jobs" aria-label={t('jobs.label')}>
      <ColumnMappingDialog />
      {[...running.values()].map((p) => (
        <div className="job" key={p.jobId}>
          <span className="job-kind">{kindLabel(t, p.kind)}</span>
          <progress max={Math.max(1, p.total)} value={p.done} aria-label={t('jobs.progress', { kind: kindLabel(t, p.kind) })} />
          <span className="job-count">{t('jobs.count', { done: p.done, total: p.total })}</span>
          <span className="job-current" title={p.current}>
            {p.current.split(/[\\/]/).pop()}
          </span>
          <span className="muted">{eta(t, p.etaSeconds)}</span>
          <button onClick={() => void call('jobs:cancel', { jobId: p.jobId })}>{t('common.cancel')}</button>
        </div>
      ))}
      {finished.length > 1 && (
        <button className="link dismiss-all" onClick={() => setFinished([])}>
          {t('jobs.dismissAll')}
        </button>
      )}
      {finished.map((o) => {
        const s = (o.result ?? {}) as Summary
        return (
          <details className={needsAttention(o) ? 'job-summary attention' : 'job-summary'} key={o.jobId} role={needsAttention(o) ? 'alert' : 'status'}>
            <summary>
              {summaryOf(t, o, s)}
              <button className="link" onClick={() => setFinished((prev) => prev.filter((x) => x.jobId !== o.jobId))}>
                {t('common.dismiss')}
              </button>
            </summary>
            <ul>
              {[...(s.failed ?? []).map((l) => ['failed', l] as const), ...(s.skipped ?? []).map((l) => ['skipped', l] as const)].map(([kind, l], i) => (
                // The core's own (English) words stay at hand as the line's tooltip: they name the detail.
                <li key={i} className={kind} title={l.message}>
                  {t(kind === 'failed' ? 'jobs.lineFailed' : 'jobs.lineSkipped', { message: importLineText(t, l) })}
                </li>
              ))}
            </ul>
          </details>
        )
      })}
    </section>
  )
}

/** Picks files or a folder to import: native dialogs in the desktop app, the upload picker in a browser. */
export function usePickImport() {
  const { t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const input = (folder: boolean) => {
    const el = document.createElement('input')
    el.type = 'file'
    el.multiple = true
    if (folder) el.setAttribute('webkitdirectory', '')
    el.onchange = () => void importFiles(Array.from(el.files ?? [])).catch((e) => setError(errorText(t, e)))
    el.click()
  }
  const pick = async (mode: 'files' | 'folder') => {
    setError(null)
    if (transport.kind === 'electron') {
      try {
        importStarted(await call('import:pick', { mode, ...importPreferences() }))
      } catch (err) {
        setError(errorText(t, err))
      }
    } else input(mode === 'folder')
  }
  return { pick, error }
}

/** The Import buttons of the top bar. */
export function ImportButton() {
  const { t } = useI18n()
  const { pick, error } = usePickImport()
  return (
    <span className="import-buttons">
      <button onClick={() => void pick('files')} title={t('import.filesHint')}>
        {t('import.files')}
      </button>
      <button onClick={() => void pick('folder')}>{t('import.folder')}</button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}

/**
 * Files dropped or picked in the page. Desktop: the preload hands their paths to the main process
 * (folders too). Browser: each file is uploaded to the staging area, then one import job runs over them.
 */
export async function importFiles(files: File[]): Promise<string | null> {
  if (files.length === 0) return null
  if (transport.importDropped) return importStarted(await transport.importDropped(files, importPreferences()))
  if (!transport.stage) return null
  const tokens: string[] = []
  for (const f of files) tokens.push(await transport.stage(f))
  return importStarted(await call('import:staged', { tokens, ...importPreferences() }))
}
