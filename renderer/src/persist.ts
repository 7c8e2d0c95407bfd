// Layout, columns, theme, language, OCR languages and export defaults are the person's own
// choices, not the archive's: kept in the window's localStorage (per user profile).
import { useEffect, useState } from 'react'
import { OCR_LANGUAGE_CODES, type OcrLanguageCode } from '../../shared/model'
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/exportFormats'

/** A stored choice, or `initial` when there is none or it is not valid. */
export function readPersistent<T>(key: string, initial: T, valid: (v: unknown) => boolean = () => true): T {
  try {
    const raw = localStorage.getItem(`presskeep.${key}`)
    if (raw !== null) {
      const v = JSON.parse(raw)
      if (valid(v)) return v as T
    }
  } catch {
    // Unreadable or unavailable storage: the default is fine.
  }
  return initial
}

export const PREFS = {
  ocrLanguages: {
    key: 'ocrLanguages',
    initial: [...OCR_LANGUAGE_CODES] as OcrLanguageCode[],
    valid: (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((l) => (OCR_LANGUAGE_CODES as readonly unknown[]).includes(l))
  },
  exportFormat: { key: 'exportFormat', initial: 'bagit-zip' as ExportFormat, valid: (v: unknown) => (EXPORT_FORMATS as readonly unknown[]).includes(v) },
  exportWithoutNotes: { key: 'exportWithoutNotes', initial: false, valid: (v: unknown) => typeof v === 'boolean' }
}

/** The import preferences sent with every import. */
export const importPreferences = () => ({ ocrLanguages: readPersistent(PREFS.ocrLanguages.key, PREFS.ocrLanguages.initial, PREFS.ocrLanguages.valid) })

export function usePersistent<T>(key: string, initial: T, valid: (v: unknown) => boolean = () => true): [T, (v: T | ((old: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => readPersistent(key, initial, valid))
  useEffect(() => {
    try {
      localStorage.setItem(`presskeep.${key}`, JSON.stringify(value))
    } catch {
      // Storage full or denied: the choice lasts for this window only.
    }
  }, [key, value])
  return [value, setValue]
}
