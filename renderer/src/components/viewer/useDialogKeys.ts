import { useEffect, useRef, type RefObject } from 'react'

/**
 * The viewer's keys work wherever the focus is inside its dialog (toolbar, page strip, pages),
 * not only on the pages: a listener on the dialog that holds `inside`, always calling the latest
 * handler.
 */
export function useDialogKeys(inside: RefObject<HTMLElement | null>, handler: (e: KeyboardEvent) => void): void {
  const latest = useRef(handler)
  latest.current = handler
  useEffect(() => {
    const dialog = inside.current?.closest('dialog')
    if (!dialog) return
    const listener = (e: KeyboardEvent) => latest.current(e)
    dialog.addEventListener('keydown', listener)
    return () => dialog.removeEventListener('keydown', listener)
  }, [])
}
