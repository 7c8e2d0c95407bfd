import { z } from 'zod'
import {
  api,
  type CoreMethodName,
  type ErrorParams,
  type Exposure,
  type MethodName,
  type Result
} from '../../shared/contract'
import { METHOD_ROLES, mayCall, type Role } from '../../shared/roles'
import type { Archive } from './Archive'
import { runAs } from './actor'
import { CoreError } from './errors'
import { ItemConflictError } from './items/conflicts'
import { handlers } from './handlers'
import { diskFullError, isDiskFull } from './fullWrite'

/** Host-provided implementations (native dialogs); a host without them answers HOST_UNSUPPORTED. */
export type HostHandlers = Partial<Record<MethodName, (input: unknown) => Promise<unknown>>>

/** The signed-in person a call is made by (team server): their role is checked, and the journal names them. */
export type Caller = { name: string; role: Role }

export type Dispatch = (method: string, input: unknown, caller?: Caller) => Promise<Result<unknown>>

export type DispatcherOptions = {
  /** Which exposures this caller may reach: the renderer gets ['app', 'host']. */
  allow: readonly Exposure[]
  host?: HostHandlers
  /** Team server: every call must name its caller, and the role table decides (refused without one). */
  requireCaller?: boolean
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join('.')
  return { field, message: field ? `${field} ${issue.message}` : issue.message }
}

/** The reason of a refused input, for the interface to say: an item date, else the field. */
function issueParams(issue: z.core.$ZodIssue, input: unknown): ErrorParams {
  const field = String(issue.path.filter((p) => typeof p === 'string').at(-1) ?? '')
  let value: unknown = input
  for (const key of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined
  const shown = typeof value === 'string' ? value.slice(0, 80) : ''
  // Files and folders to import or attach, more than one call takes: said with the limit.
  if (issue.code === 'too_big' && Array.isArray(value) && (field === 'paths' || field === 'tokens'))
    return { reason: 'TOO_MANY_PATHS', max: Number(issue.maximum) }
  if (field === 'date' && typeof value === 'string') return { reason: 'DATE_INVALID', field, value: shown }
  return { reason: 'FIELD_INVALID', field, value: shown }
}

/**
 * Validates every input against the contract before the core sees it, calls the core (or
 * the host), and returns the result or the error as data. Nothing thrown escapes.
 */
export function createDispatcher(getArchive: () => Archive, options: DispatcherOptions): Dispatch {
  return async (method, input, caller) => {
    if (!Object.prototype.hasOwnProperty.call(api, method))
      return { ok: false, code: 'UNKNOWN_METHOD', message: `There is no method ${JSON.stringify(String(method).slice(0, 80))}.` }
    const name = method as MethodName
    const spec = api[name]
    // Roles first, in this one place, for every method: a refusal says what the role allows.
    if (options.requireCaller && !caller) return { ok: false, code: 'SIGNED_OUT', message: 'Sign in first.' }
    if (caller && !mayCall(caller.role, name))
      return {
        ok: false,
        code: 'NOT_PERMITTED',
        message: `${caller.name} is a ${caller.role}: ${name} needs a ${METHOD_ROLES[name]}.`,
        params: { reason: 'ROLE_NOT_ALLOWED', role: caller.role, needed: METHOD_ROLES[name] }
      }
    if (!options.allow.includes(spec.exposure))
      return { ok: false, code: 'FORBIDDEN', message: `${name} cannot be called from here.` }
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const first = describeIssue(issue)
      return { ok: false, code: 'INVALID_INPUT', message: `Invalid ${name} input: ${first.message}.`, field: first.field, params: issueParams(issue, input) }
    }
    try {
      if (spec.exposure === 'host') {
        const fn = options.host?.[name]
        if (!fn) return { ok: false, code: 'HOST_UNSUPPORTED', message: `${name} is not available in this window.`, params: { reason: 'DESKTOP_ONLY' } }
        return { ok: true, value: await fn(parsed.data) }
      }
      const handler = handlers[name as CoreMethodName] as (a: Archive, i: unknown) => unknown
      const run = () => handler(getArchive(), parsed.data)
      return { ok: true, value: await (caller ? runAs(caller.name, run) : run()) }
    } catch (err) {
      return toErrorResult(err)
    }
  }
}

export function toErrorResult(err: unknown): Result<never> {
  if (err instanceof ItemConflictError) return { ok: false, code: err.code, message: err.message, field: err.field, conflict: err.conflict }
  if (err instanceof CoreError) return { ok: false, code: err.code, message: err.message, field: err.field, ...(err.params ? { params: err.params } : {}) }
  const e = err as NodeJS.ErrnoException
  if (isDiskFull(e)) return { ok: false, code: 'DISK_FULL', message: diskFullError('a file', e).message }
  if (e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
    return { ok: false, code: 'IO_ERROR', message: `A file operation failed: ${e.message}` }
  return { ok: false, code: 'INTERNAL', message: `Unexpected error: ${(e && e.message) || String(err)}` }
}
