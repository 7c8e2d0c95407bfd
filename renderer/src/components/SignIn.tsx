// The sign-in page of a team archive (and, over the workspace, the sign-in after a session
// ended: the workspace stays as it was under it, unsaved edits included).
import { useState, type FormEvent, type ReactNode } from 'react'
import type { Role } from '../../../shared/roles'
import { useI18n, type MessageKey } from '../i18n'

type Answer = { ok: true; value: { name: string; role: Role; csrf: string } } | { ok: false; reason?: 'wrong' | 'locked' | 'disabled'; until?: string; message: string }

export function SignIn({ language, again, onSignedIn }: { language: ReactNode; again?: boolean; onSignedIn(a: { name: string; role: Role; csrf: string }): void }) {
  const { t, time, dir } = useI18n()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  // Kept as what to say, not the words: a change of language re-says it.
  const [error, setError] = useState<{ key: MessageKey; vars?: Record<string, string> } | { text: string } | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const res = await fetch('auth/signin', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, password })
      })
      const a = (await res.json()) as Answer
      if (a.ok) {
        setPassword('')
        onSignedIn(a.value)
        return
      }
      const key: Record<string, MessageKey> = { wrong: 'signin.wrong', locked: 'signin.locked', disabled: 'signin.disabled' }
      setError(a.reason ? { key: key[a.reason], vars: { until: a.until ?? '' } } : { text: a.message })
    } catch (err) {
      setError({ key: 'team.unreachable', vars: { detail: (err as Error).message } })
    } finally {
      setBusy(false)
    }
  }

  const form = (
    <form className="signin" onSubmit={submit} aria-labelledby="signin-title" dir={dir}>
      <h1 id="signin-title">{t('signin.title')}</h1>
      {again && <p role="status">{t('signin.again')}</p>}
      <label className="field">
        <span>{t('signin.name')}</span>
        <input name="name" autoComplete="username" dir="auto" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
      </label>
      <label className="field">
        <span>{t('signin.password')}</span>
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {'text' in error ? error.text : t(error.key, { ...error.vars, time: error.vars?.until ? time(error.vars.until) : '' })}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? t('signin.busy') : t('signin.submit')}
      </button>
      <div className="signin-language">{language}</div>
    </form>
  )
  return again ? (
    <div className="modal-backdrop signin-over" role="dialog" aria-modal="true" aria-labelledby="signin-title">
      {form}
    </div>
  ) : (
    <main className="signin-page">
      <p className="brand">Presskeep</p>
      {form}
    </main>
  )
}
