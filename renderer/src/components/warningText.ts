// A quality warning, and the reason a block of a page was skipped, in the interface's
// language with their values in place: dates by Intl, weekdays and languages by their names
// in that language. A warning from an older archive (no values kept) is said by its code when
// it needs none, else keeps the core's English message.
import type { Warning } from '../../../shared/model'
import type { I18n, MessageKey } from '../i18n'

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

function weekday(lang: string, name: unknown): string {
  const i = WEEKDAYS.indexOf(String(name))
  // 2023-01-01 was a Sunday.
  return i < 0 ? String(name) : new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + i)))
}

function languageName(lang: string, code: unknown): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(String(code)) ?? String(code)
  } catch {
    return String(code)
  }
}

export function warningText(w: Warning, i18n: Pick<I18n, 't' | 'lang' | 'itemDate'>): string {
  const { t, lang } = i18n
  const p = w.params ?? {}
  const has = (k: string) => p[k] !== undefined
  switch (w.code) {
    case 'SUMMARY_ONLY':
      return t('page.summaryOnly')
    case 'NO_DATE':
      return t('warning.NO_DATE')
    case 'WEEKDAY_MISMATCH':
      if (has('more')) return t('warning.WEEKDAY_MORE', { n: Number(p.more) })
      if (has('date'))
        return t('warning.WEEKDAY_MISMATCH', { phrase: String(p.phrase), date: i18n.itemDate(String(p.date)), actual: weekday(lang, p.actual), stated: weekday(lang, p.stated) })
      break
    case 'TRUNCATED':
      if (has('how')) return t(`warning.TRUNCATED.${p.how}` as MessageKey, { tail: String(p.tail ?? '') }) || w.message
      break
    case 'VERY_SHORT':
      if (has('n')) return t('warning.VERY_SHORT', { n: Number(p.n) })
      break
    case 'LANGUAGE_DIFFERS':
      if (has('item')) return t('warning.LANGUAGE_DIFFERS', { item: languageName(lang, p.item), page: languageName(lang, p.page) })
      break
    case 'DUPLICATE':
      if (has('same')) return t(`warning.DUPLICATE.${p.same}` as MessageKey, { title: String(p.title ?? '') }) || w.message
      break
    case 'MANY_WARNINGS':
      if (has('n')) return t('warning.MANY_WARNINGS', { n: Number(p.n) })
      break
  }
  return w.message
}

/** Why the page import skipped a block, in the interface's language (the core names a fixed set of reasons). */
export function skipReasonText(reason: string, t: I18n['t']): string {
  return t(`skip.${reason}` as MessageKey) || reason
}
