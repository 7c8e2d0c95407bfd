// The one line the workspace says things in: a confirmation that fades after a while, or an
// error that stays until dismissed.
import { useCallback, useEffect, useState } from 'react'

export type Notice = { text: string; error?: boolean }

const FADE_MS = 6000

export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null)
  const tell = useCallback((text: string, error = false) => setNotice({ text, error }), [])
  const dismiss = useCallback(() => setNotice(null), [])
  useEffect(() => {
    if (!notice || notice.error) return
    const timer = setTimeout(() => setNotice(null), FADE_MS)
    return () => clearTimeout(timer)
  }, [notice])
  return { notice, tell, dismiss }
}
