import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'

/** A text file written in large chunks, waiting for the disk when its buffer is full. */
export class TextFileSink {
  private readonly stream: WriteStream
  private pending: string[] = []
  private pendingLength = 0
  private failure: Error | null = null

  constructor(
    readonly file: string,
    highWaterMark = 1 << 20
  ) {
    this.stream = createWriteStream(file, { flags: 'w', highWaterMark })
    this.stream.on('error', (err) => (this.failure = err))
  }

  /**
   * Bytes already encoded (after any text written before them), handed to the file as they
   * are: the caller writes large chunks and must not change them afterwards.
   */
  async writeBytes(chunk: Buffer): Promise<void> {
    await this.flush()
    if (chunk.length === 0) return
    if (!this.stream.write(chunk)) await once(this.stream, 'drain')
    if (this.failure) throw this.failure
  }

  async write(text: string): Promise<void> {
    this.pending.push(text)
    this.pendingLength += text.length
    if (this.pendingLength >= 1 << 18) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.pending.length === 0) return
    const chunk = this.pending.join('')
    this.pending = []
    this.pendingLength = 0
    // once() rejects if the stream fails while waiting.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain')
    if (this.failure) throw this.failure
  }

  async close(): Promise<void> {
    await this.flush()
    if (this.failure) throw this.failure
    const closed = once(this.stream, 'close').catch(() => {})
    this.stream.end()
    await closed
    if (this.failure) throw this.failure
  }

  /** Closes without caring about errors (the file is being thrown away). */
  destroy(): void {
    this.stream.destroy()
  }
}
