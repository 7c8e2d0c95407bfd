import type { ErrorCode } from '../../shared/contract'

/** An expected failure: it crosses the API as data ({code, message, field}). */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'CoreError'
  }
}
