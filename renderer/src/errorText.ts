// An error from the API as the person reads it, in the interface's language. An error that
// names its reason is said whole in that language, with its values in place; any other is
// said by its code's sentence, the core's (English) message beside it as the detail.
import { ApiError, ERROR_REASONS, IMPORT_ISSUES, type ErrorCode, type ErrorParams, type ErrorReason } from '../../shared/contract'
import type { I18n, MessageKey } from './i18n'

const isReason = (r: unknown): r is ErrorReason => (ERROR_REASONS as readonly unknown[]).includes(r)

export function errorText(t: I18n['t'], err: unknown): string {
  if (!(err instanceof ApiError)) return (err as Error)?.message ?? String(err)
  if (err.code === 'DATABASE_UNAVAILABLE') return t('error.databaseUnavailable')
  const { reason, ...values } = err.params ?? {}
  if (isReason(reason)) {
    const vars: Record<string, string | number> = {}
    for (const [k, v] of Object.entries(values)) if (v !== undefined) vars[k] = v
    if (typeof vars.field === 'string') vars.field = fieldLabel(t, vars.field)
    // Team roles by the names the interface gives them.
    for (const k of ['role', 'needed'] as const) if (typeof vars[k] === 'string') vars[k] = t(`role.${vars[k]}` as MessageKey) || vars[k]
    return t(`error.reason.${reason}` as MessageKey, vars)
  }
  return t(`error.code.${err.code}` as MessageKey, { detail: err.message })
}

/** A field by the label the editor gives it, else as the core named it. */
export function fieldLabel(t: I18n['t'], field: string): string {
  // t gives undefined for a key no catalogue has.
  return t(`field.${field}` as MessageKey) || field
}

/** A failed job's error (its code, the core's message and its reason), said as errorText says a refusal. */
export function jobErrorText(t: I18n['t'], o: { code?: ErrorCode; error?: string; params?: ErrorParams }): string {
  return errorText(t, new ApiError(o.code ?? 'INTERNAL', o.error ?? '', undefined, undefined, o.params))
}

/** One line of an import's summary (a file skipped or failed) by its issue code, the file named; else the core's words. */
export function importLineText(t: I18n['t'], line: { path: string; code?: string; message: string }): string {
  if (!(IMPORT_ISSUES as readonly unknown[]).includes(line.code)) return line.message
  return t(`jobs.issue.${line.code}` as MessageKey, { name: line.path.split(/[\\/]/).pop() || line.path })
}
