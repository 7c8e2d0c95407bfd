// Dates in press prose. chrono-node finds explicit dates (strict mode, so "today" alone is
// not taken as a date); our own rules add Arabic dates (chrono has no Arabic), month-year
// phrases, relative phrases resolved against the page's date, and the weekday check.
// Only the locales used, each from its own entry: the package's root loads all fifteen (about
// twice the load time, paid by every process that reads a page).
import type { Chrono, ParsedResult } from 'chrono-node'
import { chronoLocales } from '../files/lazyPackages'
import { isoDay } from './text'

export type DateMention = {
  /** The phrase as written, widened to "today, Wednesday, ..." / "on Tuesday (...)". */
  phrase: string
  index: number
  /** YYYY-MM-DD, or YYYY-MM for month-year phrases. */
  start: string
  end?: string
  yearCertain: boolean
}

export type ItemDate = { date: string; phrase: string; inferred: boolean }

/** Beyond this many characters an item's date is not looked for (bounded time on huge input). */
const DATE_SCAN_CHARS = 30_000

const EN_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre']
const ES_MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']
// Arabic has two month series: the one used in the Maghreb and Egypt, and the Levantine one.
const AR_MONTHS: Record<string, number> = {
  يناير: 1, فبراير: 2, مارس: 3, أبريل: 4, ابريل: 4, مايو: 5, يونيو: 6, يوليو: 7, أغسطس: 8, اغسطس: 8, سبتمبر: 9, أكتوبر: 10, اكتوبر: 10, نوفمبر: 11, ديسمبر: 12,
  'كانون الثاني': 1, شباط: 2, آذار: 3, نيسان: 4, أيار: 5, حزيران: 6, تموز: 7, آب: 8, أيلول: 9, 'تشرين الأول': 10, 'تشرين الثاني': 11, 'كانون الأول': 12
}
const EN_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const FR_DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi']
const ES_DAYS = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado']
const AR_DAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت']
const AR_DAYS_ALT: Record<string, number> = { الإثنين: 1, الاربعاء: 3, الثلاثاء: 2, الأثنين: 1 }

const MONTH_INDEX = new Map<string, number>()
for (const list of [EN_MONTHS, FR_MONTHS, ES_MONTHS]) list.forEach((m, i) => MONTH_INDEX.set(m, i + 1))
for (const m of EN_MONTHS) MONTH_INDEX.set(m.slice(0, 3), EN_MONTHS.indexOf(m) + 1)
MONTH_INDEX.set('sept', 9)
MONTH_INDEX.set('fevrier', 2)
MONTH_INDEX.set('aout', 8)
MONTH_INDEX.set('decembre', 12)
const DAY_INDEX = new Map<string, number>()
for (const list of [EN_DAYS, FR_DAYS, ES_DAYS, AR_DAYS]) list.forEach((d, i) => DAY_INDEX.set(d, i))
for (const [k, v] of Object.entries(AR_DAYS_ALT)) DAY_INDEX.set(k, v)

const LATIN_MONTH_RE = [...EN_MONTHS, ...FR_MONTHS, ...ES_MONTHS, 'sept', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].join('|')
const LATIN_DAY_RE = [...EN_DAYS, ...FR_DAYS, ...ES_DAYS].join('|')
const AR_MONTH_RE = Object.keys(AR_MONTHS).sort((a, b) => b.length - a.length).join('|')
const AR_DAY_RE = [...AR_DAYS, ...Object.keys(AR_DAYS_ALT)].join('|')

/** Arabic-Indic and Persian digits to ASCII, same length (indexes stay valid). */
export function asciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10))
}

const RECURRING = /(every year|each year|annually|every \w+ on|chaque année|tous les ans|كل عام|كل سنة|سنويا)\W*(on|le|في)?\s*$/i

function chronoFor(lang: string): Chrono {
  switch (lang.slice(0, 2)) {
    case 'fr':
      return chronoLocales.fr().strict
    case 'es':
      return chronoLocales.es().strict
    case 'pt':
      return chronoLocales.pt().strict
    case 'de':
      return chronoLocales.de().strict
    default:
      return chronoLocales.en().strict
  }
}

function ymd(d: Date): string {
  return isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate())
}

const LEFT_WIDEN = new RegExp(
  `(?:(?:today|yesterday|aujourd'hui|aujourd’hui|hier)\\s*,?\\s*)?(?:\\b(?:on|le|du|el|depuis)\\s+)?(?:(?:${LATIN_DAY_RE})\\s*,?\\s*\\(?\\s*)?$`,
  'i'
)

/** Every explicit date in a text, in order of appearance. */
export function findDates(text: string, lang: string, ref?: Date): DateMention[] {
  const scan = asciiDigits(text.length > DATE_SCAN_CHARS ? text.slice(0, DATE_SCAN_CHARS) : text)
  const out: DateMention[] = []
  const refDate = ref ?? new Date(Date.UTC(2000, 0, 1))
  let results: ParsedResult[] = []
  try {
    results = chronoFor(lang).parse(scan, refDate)
    if (!lang.startsWith('en') && !lang.startsWith('ar')) results.push(...chronoLocales.en().strict.parse(scan, refDate))
  } catch {
    results = []
  }
  for (const r of results) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue
    // Bare numbers such as "22-23" or "10/11" are too often something else.
    if (!/[A-Za-zÀ-ÿ]/.test(r.text) && !/\d{4}/.test(r.text)) continue
    const before = scan.slice(Math.max(0, r.index - 40), r.index)
    if (RECURRING.test(before)) continue
    const yearCertain = r.start.isCertain('year')
    if (!yearCertain && !ref) continue
    const widen = LEFT_WIDEN.exec(before)
    const startIdx = widen && widen[0].trim() ? r.index - widen[0].length : r.index
    let endIdx = r.index + r.text.length
    if (widen && widen[0].includes('(') && scan[endIdx] === ')') endIdx++
    const start = ymd(r.start.date())
    const end = r.end && r.end.isCertain('day') ? ymd(r.end.date()) : undefined
    out.push({
      phrase: text.slice(startIdx, endIdx).trim(),
      index: startIdx,
      start,
      end: end && end > start ? end : undefined,
      yearCertain
    })
  }
  out.push(...arabicDates(scan, text))
  // Overlapping finds (two locales) keep the first, longest one.
  out.sort((a, b) => a.index - b.index || b.phrase.length - a.phrase.length)
  return out.filter((m, i) => i === 0 || m.index >= out[i - 1].index + out[i - 1].phrase.length || m.index !== out[i - 1].index)
}

// Pages in the Levant and Egypt often give both month names: "4 تشرين الأول/ أكتوبر 2023".
const AR_DATE = new RegExp(
  `(?:(?:يوم\\s+)?(${AR_DAY_RE})\\s*[،,]?\\s*)?(\\d{1,2})(?:\\s*(?:-|إلى|و)\\s*(\\d{1,2}))?\\s+(${AR_MONTH_RE})(?:\\s*/\\s*(?:${AR_MONTH_RE}))?\\s*[،,]?\\s*(\\d{4})`,
  'g'
)

function arabicDates(scan: string, text: string): DateMention[] {
  const out: DateMention[] = []
  for (const m of scan.matchAll(AR_DATE)) {
    const month = AR_MONTHS[m[4]]
    const year = Number(m[5])
    const d1 = Number(m[2])
    if (!validDay(year, month, d1)) continue
    const d2 = m[3] ? Number(m[3]) : undefined
    out.push({
      phrase: text.slice(m.index!, m.index! + m[0].length),
      index: m.index!,
      start: isoDay(year, month, d1),
      end: d2 && d2 > d1 && validDay(year, month, d2) ? isoDay(year, month, d2) : undefined,
      yearCertain: true
    })
  }
  return out
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

const MONTH_YEAR = new RegExp(`\\b(?:in|en|en el mes de|au mois de)?\\s*(${LATIN_MONTH_RE})\\.?\\s+(\\d{4})\\b`, 'i')
const TODAY = /\b(today|this morning|this afternoon|tonight|aujourd['’]hui|ce matin|hoy)\b|اليوم/i
const YESTERDAY = /\b(yesterday|hier|ayer)\b|أمس|امس/i
const ON_WEEKDAY = new RegExp(`\\b(?:on|last|this|ce|le|el)\\s+(${LATIN_DAY_RE})\\b|يوم\\s+(${AR_DAY_RE})`, 'i')

/**
 * The item's date: the first explicit full date of the item (a range when that date is a
 * range: the event's dates are the item's), else a month and year, else a relative phrase
 * resolved against the page's date. Never a date that the text does not support.
 */
export function chooseDate(text: string, lang: string, ref?: Date): ItemDate | null {
  const mentions = findDates(text, lang, ref)
  const certain = mentions.find((m) => m.yearCertain) ?? mentions[0]
  if (certain) return { date: certain.end ? `${certain.start}/${certain.end}` : certain.start, phrase: certain.phrase, inferred: true }
  const head = asciiDigits(text.slice(0, DATE_SCAN_CHARS))
  const my = MONTH_YEAR.exec(head)
  if (my) {
    const month = MONTH_INDEX.get(my[1].toLowerCase())
    if (month) return { date: `${my[2]}-${String(month).padStart(2, '0')}`, phrase: my[0].trim(), inferred: true }
  }
  if (!ref) return null
  const refDay = ymd(ref)
  const today = TODAY.exec(head)
  if (today) return { date: refDay, phrase: `${today[0]} (taken as ${refDay})`, inferred: true }
  const yesterday = YESTERDAY.exec(head)
  if (yesterday) {
    const d = new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() - 1)
    return { date: ymd(d), phrase: `${yesterday[0]} (taken as the day before ${refDay})`, inferred: true }
  }
  const wd = ON_WEEKDAY.exec(head)
  if (wd) {
    const target = DAY_INDEX.get((wd[1] ?? wd[2]).toLowerCase())
    if (target !== undefined) {
      const back = (ref.getDay() - target + 7) % 7
      const d = new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() - back)
      return { date: ymd(d), phrase: `${wd[0]} (taken as the last one on or before ${refDay})`, inferred: true }
    }
  }
  return null
}

export type WeekdayMismatch = { phrase: string; stated: string; actual: string; date: string }

const EN_WD_DATE = new RegExp(
  `\\b(${LATIN_DAY_RE})\\s*,?\\s*\\(?\\s*(?:the\\s+)?(?:(${LATIN_MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?|(\\d{1,2})(?:st|nd|rd|th|er)?\\s+(?:of\\s+|de\\s+)?(${LATIN_MONTH_RE})\\.?)\\s*,?\\s*(?:de\\s+)?(\\d{4})`,
  'gi'
)
const FR_LE = new RegExp(`\\b(${LATIN_DAY_RE})\\s+le\\s+(\\d{1,2})(?:er)?\\s+(${LATIN_MONTH_RE})\\s+(\\d{4})`, 'gi')

/** Places where the text names a weekday that the date beside it does not fall on. */
export function weekdayMismatches(text: string): WeekdayMismatch[] {
  const scan = asciiDigits(text.length > DATE_SCAN_CHARS * 4 ? text.slice(0, DATE_SCAN_CHARS * 4) : text)
  const out: WeekdayMismatch[] = []
  const check = (phrase: string, dayName: string, y: number, m: number | undefined, d: number) => {
    const stated = DAY_INDEX.get(dayName.toLowerCase())
    if (stated === undefined || !m || !validDay(y, m, d)) return
    const actual = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
    if (actual !== stated)
      out.push({ phrase, stated: EN_DAYS[stated], actual: EN_DAYS[actual], date: isoDay(y, m, d) })
  }
  for (const m of scan.matchAll(EN_WD_DATE)) {
    const monthName = (m[2] ?? m[5]).toLowerCase()
    check(text.substr(m.index!, m[0].length), m[1], Number(m[6]), MONTH_INDEX.get(monthName), Number(m[3] ?? m[4]))
  }
  for (const m of scan.matchAll(FR_LE))
    check(text.substr(m.index!, m[0].length), m[1], Number(m[4]), MONTH_INDEX.get(m[3].toLowerCase()), Number(m[2]))
  for (const m of scan.matchAll(AR_DATE)) {
    if (!m[1]) continue
    check(text.substr(m.index!, m[0].length), m[1], Number(m[5]), AR_MONTHS[m[4]], Number(m[2]))
  }
  return out
}

// A line that is only a range of days: "28 November - 4 December 2011", "9 - 15 April 2012".
const DAY_RANGE = new RegExp(
  `^(\\d{1,2})(?:\\s+(${LATIN_MONTH_RE})\\.?)?\\s*[-–—]\\s*(\\d{1,2})\\s+(${LATIN_MONTH_RE})\\.?\\s+(\\d{4})$`,
  'i'
)
// A date line in figures: "14/02/2025", "Presse vom 16.12.2021". Day first (most of the
// world writes so), unless only month-first can be a date ("02/14/2025").
const NUMERIC_DATE = /(^|[^\d])(\d{1,2})([./])(\d{1,2})\3(\d{4})(?!\d)/

function rangeLine(text: string): DateMention | null {
  const m = DAY_RANGE.exec(asciiDigits(text.trim()))
  if (!m) return null
  const year = Number(m[5])
  const m2 = MONTH_INDEX.get(m[4].toLowerCase())
  const m1 = m[2] ? MONTH_INDEX.get(m[2].toLowerCase()) : m2
  const d1 = Number(m[1])
  const d2 = Number(m[3])
  if (!m1 || !m2 || !validDay(year, m1, d1) || !validDay(year, m2, d2)) return null
  const start = isoDay(year, m1, d1)
  const end = isoDay(year, m2, d2)
  return end > start ? { phrase: text.trim(), index: 0, start, end, yearCertain: true } : null
}

function numericLine(text: string): DateMention | null {
  const scan = asciiDigits(text)
  const m = NUMERIC_DATE.exec(scan)
  if (!m) return null
  const a = Number(m[2])
  const b = Number(m[4])
  const y = Number(m[5])
  const [d, mo] = a <= 12 && b > 12 ? [b, a] : [a, b]
  if (!validDay(y, mo, d)) return null
  const index = m.index + m[1].length
  return { phrase: text.slice(index, index + m[0].length - m[1].length), index, start: isoDay(y, mo, d), yearCertain: true }
}

// Words around a date in a date line: "Publié le jeudi 19 février 2009 à 03h04", "Date: Monday, ...", "By Opinion ...".
const DATE_LINE_WORDS = new RegExp(
  `\\b(posted|published|updated|on|le|publié|publiée|mis à jour|date|presse vom|vom|am|publicado|el|نشر|بتاريخ|في|${LATIN_DAY_RE}|${AR_DAY_RE})(?=$|[\\s:,.])|\\b(à|at|um|a las)\\s+\\d{1,2}\\s*[:hH.]\\s*\\d{2}\\b|[:|,.\\-–—()\\s]`,
  'gi'
)

/** A date given at the top of an item or page: the whole block is (nearly) a date. */
export function dateOnlyBlock(text: string, lang: string): DateMention | null {
  if (text.length > 80) return null
  const range = rangeLine(text)
  if (range) return range
  const m = findDates(text, lang).find((f) => f.yearCertain) ?? numericLine(text)
  if (!m) return null
  const rest = text.replace(m.phrase, '').replace(DATE_LINE_WORDS, '')
  return rest.length <= 12 ? m : null
}

/** Parses a date from page metadata ("2017-11-03 03:01:00", ISO, "2015-04-30T07:19:58") to YYYY-MM-DD. */
export function metaDateToDay(value: string | null | undefined): string {
  if (!value) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim())
  if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return `${m[1]}-${m[2]}-${m[3]}`
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10)
}
