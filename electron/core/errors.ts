import type { ErrorCode, ErrorParams } from '../../shared/contract'

/**
 * An expected failure: it crosses the API as data ({code, message, field, params}). message is
 * English, for the CLI and logs; params ({reason, ...values}) let the interface say it in its
 * own language.
 */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly params?: ErrorParams
  ) {
    super(message)
    this.name = 'CoreError'
  }
}
