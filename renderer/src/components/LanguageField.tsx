import { LANGUAGE_NAMES, LANGUAGES, type Lang } from '../i18n'

/** The interface language, each named in itself (the sign-in page and the settings both offer it). */
export function LanguageField({ label, lang, onLang }: { label: string; lang: Lang; onLang(l: Lang): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={lang} onChange={(e) => onLang(e.target.value as Lang)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  )
}
