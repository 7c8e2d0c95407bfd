// Names as people type them: tag paths, and person / organisation / place names to match.
import { TAG_MAX_CHARS, TAG_MAX_LEVELS } from '../../../shared/model'
import { CoreError } from '../errors'

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * A tag name made canonical, or a CoreError saying what is wrong with it. Levels are separated
 * by `/` (`region/africa`); spaces around levels are dropped and runs of spaces made one. Any
 * script and emoji are welcome: a tag is the archivist's word, not an identifier.
 */
export function normaliseTagName(raw: string, field = 'tag'): string {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw
  if (CONTROL.test(raw)) throw new CoreError('INVALID_INPUT', `The tag “${shown.replace(CONTROL, '?')}” holds a control character (a line break or tab, for example); type it on one line.`, field, { reason: 'NAME_CONTROL_CHAR', name: shown.replace(CONTROL, '?') })
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (text === '') throw new CoreError('INVALID_INPUT', 'A tag name cannot be empty or only spaces.', field, { reason: 'NAME_EMPTY' })
  if (text.startsWith('/') || text.endsWith('/'))
    throw new CoreError(
      'INVALID_INPUT',
      `The tag “${shown.trim()}” starts or ends with a slash; a slash separates levels, as in region/africa.`,
      field,
      { reason: 'TAG_SLASHES', name: shown.trim() }
    )
  const levels = text.split('/').map((s) => s.trim())
  if (levels.some((l) => l === ''))
    throw new CoreError('INVALID_INPUT', `The tag “${shown.trim()}” has an empty level between two slashes; write region/africa, not region//africa.`, field, { reason: 'TAG_SLASHES', name: shown.trim() })
  if (levels.length > TAG_MAX_LEVELS)
    throw new CoreError('INVALID_INPUT', `The tag “${shown.trim()}” has ${levels.length} levels; at most ${TAG_MAX_LEVELS} are allowed.`, field, { reason: 'TAG_TOO_DEEP', name: shown.trim(), max: TAG_MAX_LEVELS })
  const name = levels.join('/')
  const chars = [...name].length
  if (chars > TAG_MAX_CHARS)
    throw new CoreError('INVALID_INPUT', `A tag name can be at most ${TAG_MAX_CHARS} characters long; “${shown.trim()}” has ${chars}.`, field, { reason: 'NAME_TOO_LONG', n: chars, max: TAG_MAX_CHARS })
  return name
}

/** `tag` itself or a tag below it. */
export function isSameOrBelow(tag: string, ancestor: string): boolean {
  return tag === ancestor || tag.startsWith(ancestor + '/')
}

/** `region/africa/west` → [`region`, `region/africa`]. */
export function ancestorsOf(tag: string): string[] {
  const parts = tag.split('/')
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'))
}

/** Moves `tag` (or a tag below `from`) under `to`: rename and merge use it. */
export function retag(tag: string, from: string, to: string): string {
  return tag === from ? to : to + tag.slice(from.length)
}

const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'mme', 'mlle', 'm', 'prof', 'sir', 'dame', 'hon', 'h.e', 'he', 'sheikh', 'cheikh', 'president', 'minister'])

/** A display name trimmed, NFC, with single spaces; refused when empty or too long. */
export function cleanName(raw: string, what: string, field: string): string {
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (text === '') throw new CoreError('INVALID_INPUT', `${what} cannot be empty or only spaces.`, field, { reason: 'NAME_EMPTY' })
  if (CONTROL.test(text)) throw new CoreError('INVALID_INPUT', `${what} holds a control character.`, field, { reason: 'NAME_CONTROL_CHAR', name: text.replace(CONTROL, '?').slice(0, 60) })
  if (text.length > 500) throw new CoreError('INVALID_INPUT', `${what} can be at most 500 characters long (this one has ${text.length}).`, field, { reason: 'NAME_TOO_LONG', n: text.length, max: 500 })
  return text
}

/**
 * The form names are matched in: case and accents folded, punctuation dropped, honorifics
 * removed ("Dr. Salim M. AlMalik" and "salim m almalik" match). Arabic diacritics and tatweel
 * go; alef forms are unified.
 */
export function matchKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625]/g, '\u0627')
    .replace(/\u0649/g, '\u064a')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  const tokens = folded.split(' ').filter(Boolean)
  const kept = tokens.filter((t, i) => !(TITLES.has(t) && i < tokens.length - 1))
  return kept.join(' ')
}
