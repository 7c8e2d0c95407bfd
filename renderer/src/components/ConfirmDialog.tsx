// The app's own question before a deletion, in place of the browser's confirm(): its words and
// buttons in the interface's language, on the app's dialog (the page behind inert, Escape
// cancels), Tab and Shift+Tab going round its two buttons (as in every dialog).
import { createContext, useCallback, useContext, useId, useState, type ReactNode } from 'react'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'

export type ConfirmRequest = {
  /** What is about to happen, as a title ("Delete tag"). */
  title: string
  /** The question, naming what is deleted and what follows from it. */
  message: string
  /** The button that goes ahead ("Delete", "Remove"). */
  confirm: string
}

type Ask = (request: ConfirmRequest) => Promise<boolean>

const ConfirmContext = createContext<Ask | null>(null)

/** Asks the person, resolving true when they go ahead and false when they cancel (button, Escape). */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext)
  if (!ask) throw new Error('useConfirm is used outside a ConfirmProvider')
  return ask
}

/** Holds the one question asked at a time, shown over whatever is open (a dialog included). */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<(ConfirmRequest & { answer(yes: boolean): void }) | null>(null)
  const ask = useCallback<Ask>(
    (request) =>
      new Promise<boolean>((resolve) =>
        setPending((previous) => {
          // A second question replaces the first, which counts as cancelled.
          previous?.answer(false)
          return { ...request, answer: resolve }
        })
      ),
    []
  )
  const close = (yes: boolean) => {
    pending?.answer(yes)
    setPending(null)
  }
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      {pending && <ConfirmDialog request={pending} onAnswer={close} />}
    </ConfirmContext.Provider>
  )
}

function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer(yes: boolean): void }) {
  const { t } = useI18n()
  const messageId = useId()
  return (
    <Dialog title={request.title} onClose={() => onAnswer(false)} describedBy={messageId} className="confirm-dialog" role="alertdialog">
      <p id={messageId} dir="auto">
        {request.message}
      </p>
      <div className="dialog-actions">
        {/* Cancel first, and focused: Enter or Space right away does not delete. */}
        <button autoFocus onClick={() => onAnswer(false)}>
          {t('common.cancel')}
        </button>
        <button className="danger" onClick={() => onAnswer(true)}>
          {request.confirm}
        </button>
      </div>
    </Dialog>
  )
}
