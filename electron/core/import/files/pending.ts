// Imports held at the column-mapping step, owned by the open archive: each is dropped (its
// cleanup run, e.g. the browser's staged uploads removed) when it is left too long, and all
// of them when the archive closes.
import type { ImportOptions } from './types'

export type HeldImport = {
  paths: string[]
  options: Omit<ImportOptions, 'signal' | 'onProgress'>
  /** The tables waiting for a confirmed mapping, by the key the UI sees. */
  tables: Map<string, { path: string; columns: string[] }>
  /** Runs once the import is over or dropped. */
  cleanup?: () => Promise<void> | void
}

/** A mapping step left open this long is dropped (its staged uploads with it). */
const HOLD_MS = 60 * 60 * 1000

export class PendingImports {
  private readonly held = new Map<string, { value: HeldImport; timer: NodeJS.Timeout }>()

  constructor(private readonly holdMs = HOLD_MS) {}

  hold(id: string, value: HeldImport): void {
    const timer = setTimeout(() => void this.discard(id), this.holdMs)
    timer.unref()
    this.held.set(id, { value, timer })
  }

  get(id: string): HeldImport | undefined {
    return this.held.get(id)?.value
  }

  /** Takes a held import out to run it (its cleanup is then the job's to run). */
  take(id: string): HeldImport | undefined {
    const h = this.held.get(id)
    if (!h) return undefined
    clearTimeout(h.timer)
    this.held.delete(id)
    return h.value
  }

  /** Drops a held import and runs its cleanup; false when nothing was held under that id. */
  async discard(id: string): Promise<boolean> {
    const value = this.take(id)
    if (!value) return false
    await value.cleanup?.()
    return true
  }

  async discardAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((id) => this.discard(id)))
  }

  get size(): number {
    return this.held.size
  }
}
