import { useEffect, useState } from 'react'
import type { BackupSettings } from '../../../shared/contract'
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/exportFormats'
import { OCR_LANGUAGE_CODES, type ArchiveInfo, type OcrLanguageCode } from '../../../shared/model'
import { call, transport } from '../api'
import { useI18n, type Lang, type MessageKey } from '../i18n'
import { LanguageField } from './LanguageField'
import { PREFS, usePersistent } from '../persist'
import { Dialog } from './Dialog'
import { errorText } from '../errorText'

export type ThemeChoice = 'system' | 'light' | 'dark'

export const SHORTCUTS: Array<[string, MessageKey]> = [
  ['F6 · Shift F6', 'keys.panes'],
  ['Ctrl/⌘ 1 · 2 · 3', 'keys.pane'],
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
        <LanguageField label={t('settings.language')} lang={lang} onLang={onLang} />
        <ImportExportSettings />
        <ArchiveSettings />
      </div>
      <div className="dialog-actions">
        <button className="primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}

const OCR_NAMES: Record<OcrLanguageCode, string> = { eng: 'English', fra: 'Français', ara: 'العربية' }

/** OCR languages and the default export format: the person's own, kept in this window's storage. */
function ImportExportSettings() {
  const { t } = useI18n()
  const [ocr, setOcr] = usePersistent<OcrLanguageCode[]>(PREFS.ocrLanguages.key, PREFS.ocrLanguages.initial, PREFS.ocrLanguages.valid)
  const [format, setFormat] = usePersistent<ExportFormat>(PREFS.exportFormat.key, PREFS.exportFormat.initial, PREFS.exportFormat.valid)
  return (
    <>
      <fieldset className="field">
        <legend>{t('settings.ocr')}</legend>
        {OCR_LANGUAGE_CODES.map((l) => (
          <label key={l} className="check" lang={l === 'eng' ? 'en' : l === 'fra' ? 'fr' : 'ar'}>
            <input
              type="checkbox"
              checked={ocr.includes(l)}
              // At least one language stays chosen: OCR without a language reads nothing.
              disabled={ocr.length === 1 && ocr.includes(l)}
              onChange={(e) => setOcr(e.target.checked ? OCR_LANGUAGE_CODES.filter((x) => x === l || ocr.includes(x)) : ocr.filter((x) => x !== l))}
            />
            {OCR_NAMES[l]}
          </label>
        ))}
        <small className="muted">{t('settings.ocrHint')}</small>
      </fieldset>
      <label className="field">
        <span>{t('settings.exportFormat')}</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`export.format.${f}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
    </>
  )
}

/** Where the open archive is, another one to open or create, and how its catalogue is backed up. */
function ArchiveSettings() {
  const { t } = useI18n()
  const [info, setInfo] = useState<ArchiveInfo | null>(null)
  const [backups, setBackups] = useState<BackupSettings | null>(null)
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null)
  useEffect(() => {
    void call('archive:info', {}).then(setInfo, () => {})
    void call('archive:backupSettings', {}).then(setBackups, () => {})
  }, [])
  const saveBackups = async () => {
    if (!backups) return
    try {
      setBackups(await call('archive:setBackupSettings', backups))
      setNote({ text: t('settings.backupsSaved') })
    } catch (err) {
      setNote({ text: errorText(t, err), error: true })
    }
  }
  const choose = async (create: boolean) => {
    try {
      await call('archive:choose', { create })
    } catch (err) {
      setNote({ text: errorText(t, err), error: true })
    }
  }
  return (
    <>
      <fieldset className="field">
        <legend>{t('settings.archive')}</legend>
        {info && (
          <p>
            <strong>{info.name}</strong>{' '}
            <code dir="ltr" className="path">
              {info.path}
            </code>
          </p>
        )}
        {transport.kind === 'electron' ? (
          <div className="settings-row">
            <button onClick={() => void choose(false)}>{t('settings.openArchive')}</button>
            <button onClick={() => void choose(true)}>{t('settings.newArchive')}</button>
          </div>
        ) : (
          <small className="muted">{t('settings.archiveWeb')}</small>
        )}
      </fieldset>
      {backups && (
        <fieldset className="field">
          <legend>{t('settings.backups')}</legend>
          <label className="inline">
            {t('settings.backupsKeep')}{' '}
            <input type="number" min={1} max={1000} value={backups.keep} onChange={(e) => setBackups({ ...backups, keep: Math.max(1, Math.round(Number(e.target.value) || 1)) })} />
          </label>
          <label className="inline">
            {t('settings.backupsEvery')}{' '}
            <input
              type="number"
              min={0}
              max={10080}
              value={backups.intervalMinutes}
              onChange={(e) => setBackups({ ...backups, intervalMinutes: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
            />
          </label>
          <small className="muted">{t('settings.backupsHint')}</small>
          <div className="settings-row">
            <button onClick={() => void saveBackups()}>{t('settings.backupsSave')}</button>
          </div>
        </fieldset>
      )}
      {note && (
        <p className={note.error ? 'error' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </>
  )
}
