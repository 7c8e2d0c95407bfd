// Long tasks (imports, exports, re-indexing, integrity checks) as jobs: progress events,
// cancel through an AbortSignal, an estimate of the time left, and an outcome.
import { randomUUID } from 'node:crypto'
import type { ErrorCode, ErrorParams, Events } from '../../../shared/contract'
import { CoreError } from '../errors'
import { isDiskFull } from '../fullWrite'

export type JobState = Events['jobs:progress']['state']

/** The contract's jobs:progress payload, plus timing the UI shows (ETA, elapsed). */
export type JobProgress = Events['jobs:progress'] & {
  /** Seconds left at the current pace, or null while unknown. */
  etaSeconds: number | null
  elapsedMs: number
  startedAt: string
  /** Set on the last event of a failed job. */
  error?: string
}

export type JobContext = {
  jobId: string
  kind: string
  signal: AbortSignal
  /** The total may only be known after a first pass (walking folders). */
  setTotal(total: number): void
  /** Reports the work done so far and what is being worked on. */
  progress(done: number, current?: string): void
}

export type JobOutcome<T> = { state: Exclude<JobState, 'running'>; result?: T; error?: string; code?: ErrorCode; params?: ErrorParams }

export type Job<T> = {
  id: string
  kind: string
  /** Settles when the work ends; never rejects (a failure is state 'failed'). */
  done: Promise<JobOutcome<T>>
  cancel(): void
  snapshot(): JobProgress
}

type Sink = (progress: JobProgress) => void

/** Events at most this often while running (the first and last are always sent). */
const EMIT_EVERY_MS = 100

export class JobRunner {
  private readonly jobs = new Map<string, Job<unknown>>()

  constructor(private readonly sink: Sink = () => {}) {}

  startJob<T>(kind: string, total: number, work: (ctx: JobContext) => Promise<T>): Job<T> {
    const id = randomUUID()
    const controller = new AbortController()
    const started = Date.now()
    const state = { done: 0, total: Math.max(0, total), current: '', state: 'running' as JobState, error: undefined as string | undefined, code: undefined as ErrorCode | undefined }
    let lastEmit = 0
    let timer: NodeJS.Timeout | null = null

    const snapshot = (): JobProgress => {
      const elapsedMs = Date.now() - started
      let etaSeconds: number | null = null
      if (state.state === 'running' && state.done > 0 && state.total > state.done && elapsedMs > 300)
        etaSeconds = Math.round(((state.total - state.done) * elapsedMs) / state.done / 1000)
      else if (state.state !== 'running' || (state.total > 0 && state.done >= state.total)) etaSeconds = 0
      return {
        jobId: id,
        kind,
        done: state.done,
        total: state.total,
        current: state.current,
        state: state.state,
        etaSeconds,
        elapsedMs,
        startedAt: new Date(started).toISOString(),
        ...(state.error ? { error: state.error } : {}),
        ...(state.code ? { code: state.code } : {})
      }
    }
    const emitNow = () => {
      lastEmit = Date.now()
      if (timer) {
        clearTimeout(timer)
        timer = null
      }
      try {
        this.sink(snapshot())
      } catch {
        // A broken listener must not stop the job.
      }
    }
    const emitSoon = () => {
      const wait = EMIT_EVERY_MS - (Date.now() - lastEmit)
      if (wait <= 0) emitNow()
      else if (!timer) {
        timer = setTimeout(emitNow, wait)
        timer.unref()
      }
    }
    const ctx: JobContext = {
      jobId: id,
      kind,
      signal: controller.signal,
      setTotal(total) {
        state.total = Math.max(0, total)
        emitSoon()
      },
      progress(done, current) {
        state.done = Math.max(0, done)
        if (current !== undefined) state.current = current
        emitSoon()
      }
    }
    emitNow()
    const done = (async (): Promise<JobOutcome<T>> => {
      try {
        const result = await work(ctx)
        state.state = controller.signal.aborted ? 'cancelled' : 'done'
        return { state: state.state, result }
      } catch (err) {
        if (controller.signal.aborted) {
          state.state = 'cancelled'
          return { state: 'cancelled' }
        }
        state.state = 'failed'
        state.error = (err as Error)?.message ?? String(err)
        state.code = err instanceof CoreError ? err.code : isDiskFull(err) ? 'DISK_FULL' : undefined
        // The reason and values of a refusal, for the interface to say the failure in its language.
        const params = err instanceof CoreError ? err.params : undefined
        return { state: 'failed', error: state.error, ...(state.code ? { code: state.code } : {}), ...(params ? { params } : {}) }
      } finally {
        state.current = ''
        emitNow()
        this.jobs.delete(id)
      }
    })()
    const job: Job<T> = { id, kind, done, cancel: () => controller.abort(), snapshot }
    this.jobs.set(id, job as Job<unknown>)
    return job
  }

  /** Cancels a running job; false when there is no such job (it may have ended). */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    if (!job) return false
    job.cancel()
    return true
  }

  get(jobId: string): Job<unknown> | undefined {
    return this.jobs.get(jobId)
  }

  running(): JobProgress[] {
    return [...this.jobs.values()].map((j) => j.snapshot())
  }

  /** Cancels every running job and resolves when each has ended (closing the archive). */
  async cancelAll(): Promise<void> {
    const jobs = [...this.jobs.values()]
    for (const job of jobs) job.cancel()
    await Promise.all(jobs.map((j) => j.done))
  }
}

/** What the job helpers need of an open archive: its runner, and its events. */
type JobOwner = { readonly jobs: JobRunner }
type FinishEmitter = JobOwner & { emit(event: 'jobs:finished', payload: Events['jobs:finished']): void }

/** startJob on the archive's runner (see JobRunner.startJob). */
export function startJob<T>(archive: JobOwner, kind: string, total: number, work: (ctx: JobContext) => Promise<T>): Job<T> {
  return archive.jobs.startJob(kind, total, work)
}

/** startJob, and its outcome (the job's summary) announced as a jobs:finished event when it ends. */
export function startAnnouncedJob<T>(archive: FinishEmitter, kind: string, total: number, work: (ctx: JobContext) => Promise<T>): Job<T> {
  const job = startJob(archive, kind, total, work)
  void job.done.then((outcome) => archive.emit('jobs:finished', { jobId: job.id, kind: job.kind, ...outcome }))
  return job
}
