// Which items the person is working on: the selected items of the list or the results, the one
// in the editor (the focus), and whether the editor holds a new item not yet saved.
import { useCallback, useRef, useState } from 'react'

/** `openEditor` is called whenever the editor shows another item (or a new one): unsaved typing of the last is dropped. */
export function useItemFocus(openEditor: () => void) {
  const [selection, setSelection] = useState<Set<string>>(new Set())
  const [focusId, setFocusId] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  // For event handlers registered once: the focus as it is now, not as it was then.
  const focusRef = useRef<string | null>(null)
  focusRef.current = focusId

  /** The list or the results changed the selection (and perhaps the focused item). */
  const select = useCallback(
    (sel: Set<string>, focus: string | null) => {
      setSelection(sel)
      setFocusId((old) => {
        if (old !== focus) openEditor()
        return focus
      })
      setCreating(false)
    },
    [openEditor]
  )

  /** Nothing selected, nothing in the editor (another place, another archive, items trashed). */
  const clear = useCallback(() => {
    setSelection(new Set())
    setFocusId(null)
    setCreating(false)
  }, [])

  /** The editor begins a new item. */
  const startNew = useCallback(() => {
    setSelection(new Set())
    setFocusId(null)
    setCreating(true)
    openEditor()
  }, [openEditor])

  /** The new item was saved: it becomes the selected, focused item. */
  const created = useCallback((id: string) => {
    setCreating(false)
    setFocusId(id)
    setSelection(new Set([id]))
  }, [])

  return { selection, focusId, creating, focusRef, select, clear, startNew, created }
}
