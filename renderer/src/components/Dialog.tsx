import { useEffect, useId, useRef, type KeyboardEventHandler, type ReactNode } from 'react'

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
      onKeyDown={onKeyDown}
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
