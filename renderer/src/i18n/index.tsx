// The interface language: typed message catalogues (a key missing from a translation fails
// typecheck), and dates and numbers formatted by Intl for the chosen language.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { en, type MessageKey, type Messages } from './en'
import { fr } from './fr'
import { ar } from './ar'

export const LANGUAGES = ['en', 'fr', 'ar'] as const
export type Lang = (typeof LANGUAGES)[number]
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', ar: 'العربية' }
const catalogues: Record<Lang, Messages> = { en, fr, ar }

export type Vars = Record<string, string | number>
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
  const rtl = lang === 'ar'
  const nf = new Intl.NumberFormat(lang)
  const plurals = new Intl.PluralRules(lang)
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
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t(key, vars) {
      // A key no catalogue has (a reason or code from a newer core) gives '' for the caller's fallback.
      let s = messages[key] ?? en[key] ?? ''
      if (vars && s) {
        // `{n, plural, one {# item} other {# items}}`: the forms of Intl.PluralRules for the language.
        s = s.replace(/\{(\w+), plural, ((?:[a-z]+ \{[^}]*\}\s*)+)\}/g, (_, name: string, forms: string) => {
          const n = Number(vars[name])
          const table = Object.fromEntries([...forms.matchAll(/([a-z]+) \{([^}]*)\}/g)].map((m) => [m[1], m[2]]))
          const form = table[n === 0 && table.zero !== undefined ? 'zero' : plurals.select(n)] ?? table.other ?? ''
          return form.replaceAll('#', nf.format(n))
        })
        // A value is isolated, as <bdi> would: in a right-to-left interface every value (a Latin
        // date phrase, a name, a path: «21 November 2013» stays in its order instead of being
        // reordered with the Arabic around it); in a left-to-right one, a value holding
        // right-to-left letters (an Arabic title in a French sentence). A value with none keeps
        // its order in a left-to-right sentence anyway, so it is left as it is.
        const text = (v: string) => (rtl || RTL_LETTER.test(v) ? `\u2068${v}\u2069` : v)
        for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, typeof v === 'number' ? nf.format(v) : text(v))
      }
      return s
    },
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

/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/

const I18nContext = createContext<I18n>(makeI18n('en'))

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export const useI18n = () => useContext(I18nContext)
export type { MessageKey }
