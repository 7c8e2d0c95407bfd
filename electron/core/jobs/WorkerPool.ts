// A small pool of worker threads for CPU-heavy work (PDF parsing, OCR), so the main
// process (the window's IPC, the CLI's output) stays responsive.
import { Worker, type ResourceLimits } from 'node:worker_threads'

type Task = {
  id: number
  payload: unknown
  resolve(v: unknown): void
  reject(e: unknown): void
  signal?: AbortSignal
  onAbort?: () => void
}

type Slot = { worker: Worker; task: Task | null }

export type WorkerPoolOptions = {
  size: number
  /** Extra arguments for the worker's Node. */
  execArgv?: string[]
  /** The script is JavaScript source to run (CommonJS), not a file name. */
  eval?: boolean
  resourceLimits?: ResourceLimits
  /** Idle workers end after this long (default 30 s); the pool starts them again on demand. */
  idleMs?: number
}

export class WorkerPoolError extends Error {
  constructor(message: string, readonly reason: 'aborted' | 'crashed' | 'closed') {
    super(message)
    this.name = 'WorkerPoolError'
  }
}

/** Messages are {id, payload} in, {id, ok, value | error} out. */
export class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private nextId = 1
  private idleTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly script: string,
    private readonly options: WorkerPoolOptions
  ) {}

  run<R>(payload: unknown, signal?: AbortSignal): Promise<R> {
    if (this.closed) return Promise.reject(new WorkerPoolError('The worker pool is closed.', 'closed'))
    if (signal?.aborted) return Promise.reject(new WorkerPoolError('Cancelled.', 'aborted'))
    return new Promise<R>((resolve, reject) => {
      const task: Task = { id: this.nextId++, payload, resolve: resolve as (v: unknown) => void, reject, signal }
      if (signal) {
        task.onAbort = () => this.abort(task)
        signal.addEventListener('abort', task.onAbort, { once: true })
      }
      this.queue.push(task)
      this.pump()
    })
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      execArgv: this.options.execArgv,
      eval: this.options.eval,
      resourceLimits: this.options.resourceLimits
    })
    const slot: Slot = { worker, task: null }
    worker.unref()
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: unknown }) => {
      const task = slot.task
      if (!task || task.id !== msg.id) return
      slot.task = null
      this.finish(task)
      if (msg.ok) task.resolve(msg.value)
      else task.reject(msg.error)
      this.pump()
    })
    const die = (err: unknown) => {
      const i = this.slots.indexOf(slot)
      if (i >= 0) this.slots.splice(i, 1)
      const task = slot.task
      slot.task = null
      if (task) {
        this.finish(task)
        const msg = (err as Error)?.message ?? String(err)
        task.reject(new WorkerPoolError(/memory/i.test(msg) ? `The work ran out of memory (${msg}).` : `The worker stopped: ${msg}`, 'crashed'))
      }
      this.pump()
    }
    worker.on('error', die)
    worker.on('exit', (code) => die(new Error(`exit code ${code}`)))
    this.slots.push(slot)
    return slot
  }

  private finish(task: Task): void {
    if (task.signal && task.onAbort) task.signal.removeEventListener('abort', task.onAbort)
  }

  private abort(task: Task): void {
    const q = this.queue.indexOf(task)
    if (q >= 0) {
      this.queue.splice(q, 1)
      this.finish(task)
      task.reject(new WorkerPoolError('Cancelled.', 'aborted'))
      return
    }
    // A running task (an OCR pass) cannot be interrupted from outside: end its worker.
    const slot = this.slots.find((s) => s.task === task)
    if (slot) {
      slot.task = null
      this.slots.splice(this.slots.indexOf(slot), 1)
      this.finish(task)
      task.reject(new WorkerPoolError('Cancelled.', 'aborted'))
      void slot.worker.terminate()
      this.pump()
    }
  }

  private pump(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer)
      this.idleTimer = null
    }
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task)
      if (!slot) {
        if (this.slots.length >= this.options.size) break
        slot = this.spawn()
      }
      const task = this.queue.shift()!
      slot.task = task
      slot.worker.ref()
      slot.worker.postMessage({ id: task.id, payload: task.payload })
    }
    for (const s of this.slots) if (!s.task) s.worker.unref()
    if (this.queue.length === 0 && this.slots.every((s) => !s.task) && this.slots.length > 0) {
      this.idleTimer = setTimeout(() => void this.close(false), this.options.idleMs ?? 30_000)
      this.idleTimer.unref()
    }
  }

  /** Ends the workers; with final=true the pool takes no more work. */
  async close(final = true): Promise<void> {
    if (final) this.closed = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    const slots = this.slots.splice(0)
    for (const s of slots) if (s.task) s.task.reject(new WorkerPoolError('The worker pool was closed.', 'closed'))
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)))
  }
}
