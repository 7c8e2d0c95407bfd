// The interface languages and how a message is filled in, shared by the renderer's catalogues
// and the desktop shell's (menus and native dialogs), so that both say a count or a name the
// same way in each language.

export const LANGUAGES = ['en', 'fr', 'ar'] as const
export type Lang = (typeof LANGUAGES)[number]
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', ar: 'العربية' }

export const isLang = (v: unknown): v is Lang => (LANGUAGES as readonly unknown[]).includes(v)

/** The interface language for a system locale ("fr-CA" → fr); English when it is none of ours. */
export function languageOfLocale(locale: string | undefined): Lang {
  const l = (locale ?? '').slice(0, 2).toLowerCase()
  return isLang(l) ? l : 'en'
}

export const directionOf = (lang: Lang): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr')

export type Vars = Record<string, string | number>

/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/

/** A function that fills a message of `lang` in: plurals by the language's rules, numbers in its digits, values isolated. */
export function messageFormatter(lang: Lang): (template: string, vars?: Vars) => string {
  const rtl = directionOf(lang) === 'rtl'
  const nf = new Intl.NumberFormat(lang)
  const plurals = new Intl.PluralRules(lang)
  return (template, vars) => {
    let s = template
    if (!vars || !s) return s
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
    return s
  }
}
