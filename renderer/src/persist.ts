// Layout, columns, theme and language are the window's own choices: kept in localStorage.
import { useEffect, useState } from 'react'

export function usePersistent<T>(key: string, initial: T, valid: (v: unknown) => boolean = () => true): [T, (v: T | ((old: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
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
  })
  useEffect(() => {
    try {
      localStorage.setItem(`presskeep.${key}`, JSON.stringify(value))
    } catch {
      // Storage full or denied: the choice lasts for this window only.
    }
  }, [key, value])
  return [value, setValue]
}
