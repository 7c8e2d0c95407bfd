// An error from the API as the person reads it: the codes the interface says in its own
// language (the core's messages are English), else the core's message.
import { ApiError } from '../../shared/contract'
import type { I18n } from './i18n'

export function errorText(t: I18n['t'], err: unknown): string {
  if (err instanceof ApiError && err.code === 'DISK_FULL') return t('error.diskFull')
  if (err instanceof ApiError && err.code === 'DATABASE_UNAVAILABLE') return t('error.databaseUnavailable')
  return (err as Error)?.message ?? String(err)
}
