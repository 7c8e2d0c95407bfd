import * as path from 'node:path'
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

/** The reason of a file that cannot be read, by the file-system's code: gone, or refused. */
export function fsReason(file: string, err: unknown): ErrorParams {
  const code = (err as NodeJS.ErrnoException)?.code
  return { reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'FILE_MISSING' : 'FILE_CANNOT_READ', name: path.basename(file) }
}

/** Bytes as megabytes with one decimal, for a limit said in a sentence. */
export const megabytes = (bytes: number): number => Math.round(bytes / 104857.6) / 10
