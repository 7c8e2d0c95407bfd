import { useEffect, useId, useRef, type KeyboardEvent, type KeyboardEventHandler, type ReactNode } from 'react'
import { tabbable } from 'tabbable'

type Props = {
  title: string
  onClose(): void
  children: ReactNode
  className?: string
  describedBy?: string
  /** `alertdialog` for a question that interrupts (a confirmation). */
  role?: 'alertdialog'
  onKeyDown?: KeyboardEventHandler<HTMLDialogElement>
}

/**
 * Tab and Shift+Tab go round the dialog's own controls. The native modal dialog makes the page
 * behind inert, but Tab from its last control would go on to the browser's own controls (the
 * address bar); `tabbable` says which controls take Tab, as the browser does (visible, enabled,
 * tabindex order, radio groups).
 */
function keepFocusInside(e: KeyboardEvent<HTMLDialogElement>) {
  if (e.key !== 'Tab' || e.defaultPrevented) return
  const controls = tabbable(e.currentTarget)
  if (controls.length === 0) {
    e.preventDefault()
    return
  }
  const [first, last] = [controls[0], controls[controls.length - 1]]
  const active = document.activeElement
  const next = e.shiftKey ? (active === first ? last : null) : active === last ? first : null
  const outside = !controls.includes(active as (typeof controls)[number])
  if (next || outside) {
    e.preventDefault()
    ;(next ?? first).focus()
  }
}

/** A modal on the native <dialog>: focus is kept inside, Escape closes, the page behind is inert. */
export function Dialog({ title, onClose, children, className, describedBy, role, onKeyDown }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={id}
      aria-describedby={describedBy}
      role={role}
      onKeyDown={(e) => {
        onKeyDown?.(e)
        keepFocusInside(e)
      }}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  )
}
