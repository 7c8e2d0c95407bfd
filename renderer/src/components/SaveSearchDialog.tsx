import { useState } from 'react'
import type { SearchInput } from '../../../shared/contract'
import { call } from '../api'
import { useI18n } from '../i18n'
import { errorText } from '../errorText'
import { Dialog } from './Dialog'
import { ErrorLine } from './ErrorLine'

type Props = { query: string; sort: SearchInput['sort']; fuzzy: boolean; onClose(): void; onSaved(name: string): void }

/** Names the current search and keeps it as a smart collection (an in-app dialog: the browser's prompt() is not translated, not styled and blocks the page). */
export function SaveSearchDialog({ query, sort, fuzzy, onClose, onSaved }: Props) {
  const { t } = useI18n()
  const [name, setName] = useState(query)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      await call('searches:save', { name: name.trim(), query, sort, fuzzy })
      onSaved(name.trim())
    } catch (err) {
      setError(errorText(t, err))
      setBusy(false)
    }
  }
  return (
    <Dialog title={t('search.saveTitle')} onClose={onClose}>
      <form
        className="form one"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) void save()
        }}
      >
        <label className="field">
          <span>{t('search.savePrompt')}</span>
          <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <p className="muted">
          <bdi dir="auto">{query}</bdi>
        </p>
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
