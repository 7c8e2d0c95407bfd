// The archive search currently shown, for the viewer to mark its words on the pages. A tiny store
// rather than a prop threaded through the workspace: the results list sets it, the viewer reads it.
import { useSyncExternalStore } from 'react'

let current = ''
const listeners = new Set<() => void>()

export function setShownSearch(query: string): void {
  if (query === current) return
  current = query
  for (const l of listeners) l()
}

export function useShownSearch(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => current
  )
}
