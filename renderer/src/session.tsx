// Who this window works for. In the desktop app and the loopback harness: the person at this
// machine, who may do everything. On a team server: the person signed in, with their role; the
// window shows the sign-in page until then, and again over the workspace (kept as it is, unsaved
// edits included) when the session ends.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import { mayEdit, type Role } from '../../shared/roles'
import { onSignedOut, transport } from './api'
import { SignIn } from './components/SignIn'

export type Session = { mode: 'local' } | { mode: 'team'; name: string; role: Role }

const SessionContext = createContext<{ session: Session; signOut(): void }>({ session: { mode: 'local' }, signOut: () => {} })

export const useSession = () => useContext(SessionContext)
/** Whether this person may only search, read and export (a reader on a team server). */
export const useReadOnly = () => {
  const { session } = useSession()
  return session.mode === 'team' && !mayEdit(session.role)
}

type SessionAnswer = { mode: 'local' } | { mode: 'team'; signedIn: false } | { mode: 'team'; signedIn: true; name: string; role: Role; csrf: string }

async function askSession(): Promise<SessionAnswer> {
  if (transport.kind === 'electron') return { mode: 'local' }
  try {
    const res = await fetch('auth/session', { credentials: 'same-origin' })
    if (res.ok) return (await res.json()) as SessionAnswer
  } catch {
    // Not answering: treated as signed out; the sign-in page says so when it tries.
  }
  return { mode: 'team', signedIn: false }
}

export function SessionGate({ children, language }: { children: ReactNode; language: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null)
  // Signed in once in this window, then the session ended: the sign-in comes over the workspace.
  const [ended, setEnded] = useState(false)
  const [asked, setAsked] = useState(false)
  const csrf = useRef('')

  const accept = useCallback((a: SessionAnswer) => {
    if (a.mode === 'local') setSession({ mode: 'local' })
    else if (a.signedIn) {
      transport.setCsrf?.(a.csrf)
      csrf.current = a.csrf
      setSession({ mode: 'team', name: a.name, role: a.role })
      setEnded(false)
    }
    setAsked(true)
  }, [])

  useEffect(() => {
    void askSession().then(accept)
    return onSignedOut(() => setEnded(true))
  }, [accept])

  const signOut = useCallback(() => {
    // Then the page starts again, at the sign-in page: nothing of the last person stays on screen.
    // Also when the request failed (the server unreachable): the reloaded page asks the server
    // who is signed in, so a session the server still holds shows again instead of a false goodbye.
    const restart = () => location.reload()
    void fetch('auth/signout', { method: 'POST', credentials: 'same-origin', headers: { 'X-Presskeep-CSRF': csrf.current } }).then(restart, restart)
  }, [])

  if (!asked) return null
  if (!session)
    return <SignIn language={language} onSignedIn={(a) => accept({ ...a, mode: 'team', signedIn: true })} />
  return (
    <SessionContext.Provider value={{ session, signOut }}>
      {children}
      {ended && (
        <SignIn
          language={language}
          again
          onSignedIn={(a) => {
            accept({ ...a, mode: 'team', signedIn: true })
            transport.reconnect?.()
          }}
        />
      )}
    </SessionContext.Provider>
  )
}
