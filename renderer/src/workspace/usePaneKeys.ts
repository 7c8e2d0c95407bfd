// Moving between the three panes by keyboard: F6 / Shift+F6 cycle sidebar → list → editor
// (the way desktop programs cycle their panes), Ctrl/Cmd+1..3 jump to one, and the skip link
// at the top of the tab order goes to the results. The panes are found in the page by their
// place in the layout, so the components that draw them need not know about this.
import { useEffect } from 'react'

const PANES = ['.panes > .sidebar', '.panes > .list, .panes > .welcome', '.panes > .editor'] as const

/** What takes the focus in each pane, by preference: where the person was (the open place, the list), else its first control. */
const TARGETS = [['.nav.active', '.nav'], ['.list-body', '.hits button', 'button'], ['input, textarea, select, button']]

export function focusPane(index: number): boolean {
  const pane = document.querySelector<HTMLElement>(PANES[index])
  if (!pane) return false
  let target: HTMLElement = pane
  for (const sel of TARGETS[index]) {
    const found = pane.querySelector<HTMLElement>(sel)
    if (found) {
      target = found
      break
    }
  }
  if (target === pane && pane.tabIndex < 0) pane.tabIndex = -1
  target.focus()
  return true
}

function currentPane(): number {
  const el = document.activeElement
  return PANES.findIndex((sel) => !!el && !!el.closest(sel))
}

export function usePaneKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('[aria-modal="true"], dialog[open]')) return
      if (e.key === 'F6') {
        e.preventDefault()
        const here = currentPane()
        const step = e.shiftKey ? -1 : 1
        // From outside the panes (the top bar), F6 goes to the first and Shift+F6 to the last.
        let next = here < 0 ? (e.shiftKey ? PANES.length - 1 : 0) : (here + step + PANES.length) % PANES.length
        for (let tries = 0; tries < PANES.length && !focusPane(next); tries++) next = (next + step + PANES.length) % PANES.length
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && /^[123]$/.test(e.key)) {
        e.preventDefault()
        focusPane(Number(e.key) - 1)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
