import { LANGUAGES, LANGUAGE_NAMES, useI18n, type Lang, type MessageKey } from '../i18n'
import { Dialog } from './Dialog'

export type ThemeChoice = 'system' | 'light' | 'dark'

export const SHORTCUTS: Array<[string, MessageKey]> = [
  ['Ctrl/⌘ N', 'keys.new'],
  ['Ctrl/⌘ S', 'keys.save'],
  ['Ctrl/⌘ Z', 'keys.undo'],
  ['Ctrl/⌘ Shift Z · Ctrl Y', 'keys.redo'],
  ['↑ ↓ · Page ↑ ↓ · Home End', 'keys.move'],
  ['Shift ↑ ↓ · Shift click', 'keys.extend'],
  ['Ctrl/⌘ click', 'keys.toggle'],
  ['Ctrl/⌘ A', 'keys.all'],
  ['Enter', 'keys.open'],
  ['T', 'keys.tag'],
  ['C', 'keys.collection'],
  ['E', 'keys.bulk'],
  ['Delete', 'keys.trash'],
  ['Alt ↑ ↓', 'keys.reorder'],
  ['Ctrl/⌘ ,', 'keys.settings'],
  ['?', 'keys.sheet'],
  ['Esc', 'keys.close']
]

export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  return (
    <Dialog title={t('keys.title')} onClose={onClose}>
      <table className="table keys">
        <thead>
          <tr>
            <th>{t('keys.key')}</th>
            <th>{t('keys.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([k, label]) => (
            <tr key={k}>
              <td>
                <kbd dir="ltr">{k}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button className="primary" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}

export function SettingsDialog({ theme, lang, onTheme, onLang, onClose }: { theme: ThemeChoice; lang: Lang; onTheme(t: ThemeChoice): void; onLang(l: Lang): void; onClose(): void }) {
  const { t } = useI18n()
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <div className="form one">
        <fieldset className="field">
          <legend>{t('settings.theme')}</legend>
          {(['system', 'light', 'dark'] as const).map((v) => (
            <label key={v} className="check">
              <input type="radio" name="theme" value={v} checked={theme === v} onChange={() => onTheme(v)} />
              {t(`settings.theme.${v}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('settings.language')}</span>
          <select value={lang} onChange={(e) => onLang(e.target.value as Lang)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="dialog-actions">
        <button className="primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}
