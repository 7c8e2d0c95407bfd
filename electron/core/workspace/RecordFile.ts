import { Low } from 'lowdb'
import { DurableJsonFile } from '../DurableJsonFile'
import { CoreError } from '../errors'
import type { AtomicBatch } from '../commit/AtomicBatch'

export type RecordFileData<T> = { format: string; records: Record<string, T>; [extra: string]: unknown }

/**
 * One small lowdb file of records keyed by id (tags, collections, authorities), written
 * durably through DurableJsonFile. These files stay small (a few thousand records at most),
 * so each change rewrites the whole file.
 */
export class RecordFile<T> {
  private readonly low: Low<RecordFileData<T>>

  constructor(
    readonly file: string,
    private readonly format: string,
    tmpDir?: string
  ) {
    this.low = new Low<RecordFileData<T>>(new DurableJsonFile(file, tmpDir), { format, records: {} })
  }

  async load(): Promise<void> {
    await this.low.read()
    const d = this.low.data as RecordFileData<T> | null
    if (!d || typeof d !== 'object' || typeof d.records !== 'object' || d.records === null)
      throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${this.file} is damaged (no records); it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file: this.file })
    if (d.format !== this.format)
      throw new CoreError('ARCHIVE_INVALID', `The catalogue file ${this.file} is not a ${this.format} file; it was left untouched.`, undefined, { reason: 'ARCHIVE_DAMAGED', file: this.file })
  }

  get data(): RecordFileData<T> {
    return this.low.data
  }

  get(id: string): T | undefined {
    return Object.prototype.hasOwnProperty.call(this.low.data.records, id) ? this.low.data.records[id] : undefined
  }

  all(): T[] {
    return Object.values(this.low.data.records)
  }

  /** Sets (or, with null, removes) records in memory; `write` saves them. */
  set(id: string, value: T | null): void {
    if (value === null) delete this.low.data.records[id]
    else this.low.data.records[id] = value
  }

  write(): Promise<void> {
    return this.low.write()
  }

  /** Adds the file, as it is when the batch commits, to a batch. */
  stage(batch: AtomicBatch): void {
    ;(this.low.adapter as DurableJsonFile<RecordFileData<T>>).stage(batch, this.low.data)
  }
}
