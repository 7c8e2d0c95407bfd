import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { LIMITS, type Warning } from '../../../../shared/model'
import type { ErrorCode, ImportIssueCode } from '../../../../shared/contract'
import { CoreError } from '../../errors'
import { describeFsError } from '../../FileStore'

/** Why a file was skipped or failed: a stable code for the UI, beside a sentence for people. */
export type IssueCode = ImportIssueCode

/** An expected failure of one file's import; the job notes it and goes on. */
export class ImportIssue extends CoreError {
  constructor(
    readonly issue: IssueCode,
    message: string
  ) {
    super(issueToErrorCode(issue), message)
    this.name = 'ImportIssue'
  }
}

function issueToErrorCode(issue: IssueCode): ErrorCode {
  switch (issue) {
    case 'UNREADABLE':
    case 'GONE':
      return 'FILE_UNREADABLE'
    case 'INTERNAL':
      return 'INTERNAL'
    default:
      return 'INVALID_INPUT'
  }
}

/** Reads a whole file after checking its size, so a huge file never fills the memory. */
export async function readBounded(file: string, maxBytes: number, what: string): Promise<Buffer> {
  let size: number
  try {
    size = (await fsp.stat(file)).size
  } catch (err) {
    throw fsIssue(file, err)
  }
  if (size === 0) throw new ImportIssue('EMPTY', `${path.basename(file)} is empty (0 bytes).`)
  if (size > maxBytes)
    throw new ImportIssue(
      'TOO_LARGE',
      `${path.basename(file)} is ${formatBytes(size)}; Presskeep reads ${what} up to ${formatBytes(maxBytes)}.`
    )
  try {
    return await fsp.readFile(file)
  } catch (err) {
    throw fsIssue(file, err)
  }
}

export function fsIssue(file: string, err: unknown): ImportIssue {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return new ImportIssue('GONE', `${file} is no longer there (it was moved or deleted).`)
  return new ImportIssue('UNREADABLE', `Cannot read ${file}: ${describeFsError(err)}.`)
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${n} bytes`
}

export function warning(code: string, message: string): Warning {
  return { code, message: message.slice(0, LIMITS.shortText) }
}

/** A short text field as the model accepts it: one line, bounded. */
export function shortField(value: unknown): string {
  if (value == null) return ''
  return String(value).replace(/\s+/g, ' ').trim().slice(0, LIMITS.shortText)
}

export function longField(value: string): string {
  return value.length > LIMITS.longText ? value.slice(0, LIMITS.longText) : value
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // French and Portuguese abbreviations appear in feeds and exports from those newsrooms.
  janv: 1, févr: 2, fevr: 2, mars: 3, avr: 4, mai: 5, juin: 6, juil: 7, août: 8, aout: 8, sept: 9, déc: 12,
  fev: 2, abr: 4, ago: 8, set: 9, out: 10, dez: 12
}

function ymd(y: number, m: number, d?: number): string {
  const mm = String(m).padStart(2, '0')
  if (d === undefined) return `${y}-${mm}`
  return `${y}-${mm}-${String(d).padStart(2, '0')}`
}

function valid(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * A date as the item model keeps it (YYYY, YYYY-MM or YYYY-MM-DD), read from what files
 * carry: ISO 8601, RFC 822 (feeds, e-mail), PDF "D:2020..." dates, 31/08/2020 (day first,
 * as in most of the world), "August 31, 2020", EXIF "2020:08:31 10:00:00", or a Date.
 * The calendar day is the one written in the source's own time zone, not shifted to UTC.
 * Gives '' when nothing sensible is found.
 */
export function toItemDate(value: unknown): string {
  if (value == null || value === '') return ''
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return ''
    return value.toISOString().slice(0, 10)
  }
  const s = String(value).trim()
  let m = /^D?:?(\d{4})(\d{2})(\d{2})/.exec(s)
  if (m && s.startsWith('D:')) return valid(+m[1], +m[2], +m[3]) ? ymd(+m[1], +m[2], +m[3]) : ''
  m = /^(\d{4})[-:/.](\d{1,2})[-:/.](\d{1,2})(?:$|[T\s])/.exec(s)
  if (m) return valid(+m[1], +m[2], +m[3]) ? ymd(+m[1], +m[2], +m[3]) : ''
  m = /^(\d{4})-(\d{2})$/.exec(s)
  if (m) return +m[2] >= 1 && +m[2] <= 12 ? ymd(+m[1], +m[2]) : ''
  m = /^(\d{4})$/.exec(s)
  if (m) return +m[1] >= 1000 ? m[1] : ''
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/.exec(s)
  if (m) {
    let d = +m[1]
    let mo = +m[2]
    // 08/31/2020 can only be month first.
    if (mo > 12 && d <= 12) [d, mo] = [mo, d]
    return valid(+m[3], mo, d) ? ymd(+m[3], mo, d) : ''
  }
  // "Wed, 31 Jan 2018 07:26:05 GMT", "31 janv. 2018", "Seg, 24 Set 2018 19:10:00 -0300"
  m = /(\d{1,2})\s+([A-Za-zéûÉ]{3,9})\.?,?\s+(\d{4})/.exec(s)
  if (m) {
    const mo = MONTHS[m[2].toLowerCase().slice(0, 4)] ?? MONTHS[m[2].toLowerCase().slice(0, 3)]
    if (mo && valid(+m[3], mo, +m[1])) return ymd(+m[3], mo, +m[1])
  }
  // "August 31, 2020"
  m = /([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(s)
  if (m) {
    const mo = MONTHS[m[1].toLowerCase().slice(0, 3)]
    if (mo && valid(+m[3], mo, +m[2])) return ymd(+m[3], mo, +m[2])
  }
  const t = Date.parse(s)
  if (!Number.isNaN(t)) return new Date(t).toISOString().slice(0, 10)
  return ''
}

/** A list written in one cell: "a; b", "a | b", or a JSON array. */
export function toList(value: unknown): string[] {
  if (value == null) return []
  const parts = Array.isArray(value) ? value.map(String) : String(value).split(/\s*[;|\n]\s*/)
  const out: string[] = []
  for (const p of parts) {
    const v = shortField(p)
    if (v && !out.includes(v)) out.push(v)
    if (out.length >= LIMITS.listEntries) break
  }
  return out
}

/** The first line of a file name, as a title of last resort. */
export function titleFromFileName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '')
  return shortField(base.replace(/[_]+/g, ' ')) || 'Untitled'
}

/** Arabic script means Arabic here: the only right-to-left language of the archive. */
export function guessLanguageByScript(text: string): string {
  const sample = text.slice(0, 5000)
  const arabic = (sample.match(/[\u0600-\u06FF]/g) ?? []).length
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length
  if (arabic > 20 && arabic > latin) return 'ar'
  return ''
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ImportIssue('CANCELLED', 'The import was cancelled.')
}
