// Everything the review screen shows beside the text: date, language, names, warnings.
import type { ItemCreate, Warning } from '../../../../shared/model'
import { chooseDate, weekdayMismatches, type ItemDate } from './dates'
import { findMentions, containsName, type Mentions } from './entities'
import { detectLanguage } from './language'
import { countWords, endsLikeSentence } from './text'
import type { WarningCode } from './types'

export const VERY_SHORT_WORDS = 40

const DAY_NAMES: Record<string, string> = {
  sunday: 'Sunday', monday: 'Monday', tuesday: 'Tuesday', wednesday: 'Wednesday', thursday: 'Thursday', friday: 'Friday', saturday: 'Saturday'
}

export function warning(code: WarningCode, message: string, params?: Warning['params']): Warning {
  return params ? { code, message, params } : { code, message }
}

/** Warnings that depend on this item alone (LANGUAGE_DIFFERS and DUPLICATE need the page or the archive). */
const MAX_WEEKDAY_WARNINGS = 20
/** The most warnings an item may carry (shared/model.ts). */
const MAX_WARNINGS = 100

/** Keeps a list of warnings within what an item may carry, saying how many were left out. */
export function capWarnings(list: Warning[]): Warning[] {
  if (list.length <= MAX_WARNINGS) return list
  return [...list.slice(0, MAX_WARNINGS - 1), warning('MANY_WARNINGS', `${list.length - MAX_WARNINGS + 1} more warnings were left out.`, { n: list.length - MAX_WARNINGS + 1 })]
}

export function itemWarnings(
  fields: Pick<ItemCreate, 'title' | 'body' | 'date' | 'type'>,
  opts: { articlePage?: boolean; teaser?: { cut: boolean } } = {}
): Warning[] {
  const out: Warning[] = []
  const body = fields.body ?? ''
  // One warning per distinct phrase, and at most MAX_WEEKDAY_WARNINGS of them: a text that
  // repeats a wrong date hundreds of times overflowed the proposal's 100 warnings (found by fuzzing).
  const mismatches = [...new Map(weekdayMismatches(`${fields.title}\n\n${body}`).map((m) => [m.phrase, m])).values()]
  for (const m of mismatches.slice(0, MAX_WEEKDAY_WARNINGS))
    out.push(
      warning(
        'WEEKDAY_MISMATCH',
        `“${m.phrase}”: ${m.date} was a ${DAY_NAMES[m.actual]}, not a ${DAY_NAMES[m.stated]}. Check the date.`,
        { phrase: m.phrase, date: m.date, actual: m.actual, stated: m.stated }
      )
    )
  if (mismatches.length > MAX_WEEKDAY_WARNINGS)
    out.push(warning('WEEKDAY_MISMATCH', `${mismatches.length - MAX_WEEKDAY_WARNINGS} more dates in the text name the wrong weekday. Check the dates.`, { more: mismatches.length - MAX_WEEKDAY_WARNINGS }))
  const paras = body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  let last = paras[paras.length - 1] ?? ''
  // A saved article page ends with furniture that Readability keeps (author bio, "Continue
  // reading", related links): judge its last real paragraph instead.
  if (opts.articlePage) last = [...paras].reverse().find((p) => countWords(p) >= 25) ?? ''
  // Only the end of the paragraph is looked at: on one long run of non-blank characters
  // this regex backtracks quadratically (a 1 MB paragraph took minutes; found by fuzzing).
  if (/(\S+@\S+\.\w+|https?:\/\/\S+|www\.\S+)$/.test(last.slice(-1000))) last = ''
  if (opts.teaser) {
    // A summary ends where the site cut it: only a record the copy of the page stops inside is cut.
    if (opts.teaser.cut) out.push(warning('TRUNCATED', `The page stops inside this item (“${last.length > 40 ? '…' + last.slice(-40) : last || fields.title}”): its summary is cut off.`, { how: 'summaryCut', tail: last.length > 40 ? '…' + last.slice(-40) : last || fields.title }))
  } else if (last && countWords(last) >= 8) {
    const tail = last.length > 40 ? '…' + last.slice(-40) : last
    if (!endsLikeSentence(last)) out.push(warning('TRUNCATED', `The text stops in mid-sentence (“${tail}”): it appears truncated.`, { how: 'midSentence', tail }))
    else if (/(\.\.\.|…|\[…\]|\[\.\.\.\])["”»)]*$/.test(last))
      out.push(warning('TRUNCATED', `The text ends with an ellipsis (“${tail}”): it may be an excerpt.`, { how: 'ellipsis', tail }))
  }
  if (!fields.date) out.push(warning('NO_DATE', 'No date was found in the text; set one by hand.'))
  const words = countWords(body)
  if (opts.teaser) out.push(warning('SUMMARY_ONLY', 'Summary only: the full text is at the source.'))
  else if (words < VERY_SHORT_WORDS)
    out.push(warning('VERY_SHORT', `The text is very short (${words} words): the page may have been cut here, or it holds only a summary.`, { n: words }))
  return out
}

export function languageWarning(itemLang: string, pageLang: string): Warning | null {
  if (!itemLang || !pageLang || itemLang.slice(0, 2) === pageLang.slice(0, 2)) return null
  const names = new Intl.DisplayNames(['en'], { type: 'language' })
  const n = (l: string) => {
    try {
      return names.of(l) ?? l
    } catch {
      return l
    }
  }
  return warning('LANGUAGE_DIFFERS', `This item is in ${n(itemLang)} while most of the page is in ${n(pageLang)}.`, { item: itemLang, page: pageLang })
}

export type Enriched = { date: ItemDate | null; language: string; mentions: Mentions }

export function enrichText(
  title: string,
  body: string,
  opts: { ref?: Date; lang?: string; scanNames?: boolean; scanDate?: boolean; dateWithin?: number }
): Enriched {
  const text = `${title}\n\n${body}`
  const language = opts.lang || detectLanguage(text)
  const dateText = opts.dateWithin === undefined ? text : `${title}\n\n${body.slice(0, opts.dateWithin)}`
  const date = opts.scanDate === false ? null : chooseDate(dateText, language, opts.ref)
  const mentions =
    opts.scanNames === false
      ? { people: [], shortPeople: [], organisations: [], acronyms: [], places: [], placeVariants: [], placeHeads: [] }
      : findMentions(text)
  return { date, language, mentions }
}

export { containsName }
