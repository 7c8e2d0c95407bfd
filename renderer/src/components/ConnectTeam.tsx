// File → Connect to a team archive… (desktop app): the server's address; the desktop checks it
// is a Presskeep team server and opens it in a window of its own, where its sign-in page asks
// for the name and password. A recent team archive chosen from the menu comes with its address
// and is connected at once: a failure is said here, in the interface's language.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { call } from '../api'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'
import { errorText } from '../errorText'

export function ConnectTeamDialog({ url: given, onClose }: { url?: string; onClose(): void }) {
  const { t } = useI18n()
  const [url, setUrl] = useState(given ?? '')
  const [busy, setBusy] = useState(false)
  // Kept as the refusal, not its words: a change of language re-says it.
  const [error, setError] = useState<unknown>(null)
  const connect = async (address: string) => {
    setBusy(true)
    setError(null)
    try {
      await call('archive:connectTeam', { url: address })
      onClose()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void connect(url)
  }
  const started = useRef(false)
  useEffect(() => {
    // Once, also under React's development double effects.
    if (given && !started.current) void connect(given)
    started.current = true
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return (
    <Dialog title={t('connect.title')} onClose={onClose}>
      <form onSubmit={submit} className="signin-form">
        <p className="muted">{t('connect.hint')}</p>
        <label className="field">
          <span>{t('connect.url')}</span>
          <input name="url" dir="ltr" value={url} placeholder="https://archive.example.org:8443" onChange={(e) => setUrl(e.target.value)} required autoFocus />
        </label>
        {error !== null && (
          <p className="error" role="alert" dir="auto">
            {errorText(t, error)}
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
