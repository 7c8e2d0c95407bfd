// File → Connect to a team archive… (desktop app): the server's address; the desktop checks it
// is a Presskeep team server and opens it in a window of its own, where its sign-in page asks
// for the name and password.
import { useState, type FormEvent } from 'react'
import { call } from '../api'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'
import { errorText } from '../errorText'

export function ConnectTeamDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      await call('archive:connectTeam', { url })
      onClose()
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title={t('connect.title')} onClose={onClose}>
      <form onSubmit={submit} className="signin-form">
        <p className="muted">{t('connect.hint')}</p>
        <label className="field">
          <span>{t('connect.url')}</span>
          <input name="url" dir="ltr" value={url} placeholder="https://archive.example.org:8443" onChange={(e) => setUrl(e.target.value)} required autoFocus />
        </label>
        {error && (
          <p className="error" role="alert" dir="auto">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="primary" type="submit" disabled={busy}>
            {t('connect.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
