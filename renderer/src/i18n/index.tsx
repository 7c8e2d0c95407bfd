// The interface language: typed message catalogues (a key missing from a translation fails
// typecheck), and dates and numbers formatted by Intl for the chosen language.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { en, type MessageKey, type Messages } from './en'
import { fr } from './fr'
import { ar } from './ar'
import { directionOf, messageFormatter, type Lang, type Vars } from '../../../shared/interfaceLanguage'

export { LANGUAGES, LANGUAGE_NAMES, type Lang, type Vars } from '../../../shared/interfaceLanguage'
const catalogues: Record<Lang, Messages> = { en, fr, ar }

export type I18n = {
  lang: Lang
  dir: 'ltr' | 'rtl'
  t(key: MessageKey, vars?: Vars): string
  num(n: number): string
  /** A full timestamp (created, modified). */
  time(iso: string): string
  /** An item date as archivists write it: 2022, 2022-11, 2022-11-23 or a range. */
  itemDate(value: string): string
}

export function makeI18n(lang: Lang): I18n {
  const messages = catalogues[lang]
  const fill = messageFormatter(lang)
  const nf = new Intl.NumberFormat(lang)
  const tf = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' })
  const month = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' })
  const year = new Intl.DateTimeFormat(lang, { year: 'numeric', timeZone: 'UTC' })
  const one = (v: string) => {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v)
    if (!m) return v
    const d = new Date(Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1))
    return (m[3] ? day : m[2] ? month : year).format(d)
  }
  return {
    lang,
    dir: directionOf(lang),
    // A key no catalogue has (a reason or code from a newer core) gives '' for the caller's fallback.
    t: (key, vars) => fill(messages[key] ?? en[key] ?? '', vars),
    num: (n) => nf.format(n),
    time(iso) {
      const d = new Date(iso)
      return Number.isNaN(d.getTime()) ? iso : tf.format(d)
    },
    itemDate(value) {
      if (!value) return ''
      return value.split('/').map(one).join(' – ')
    }
  }
}

const I18nContext = createContext<I18n>(makeI18n('en'))

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export const useI18n = () => useContext(I18nContext)
export type { MessageKey }
