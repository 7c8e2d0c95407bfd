import { useRef, useState } from 'react'
import type { EventBus } from 'pdfjs-dist/web/pdf_viewer.mjs'

export type FindCount = { current: number; total: number; pending: boolean }
/** One word or phrase the person typed, or the archive search's words and phrases. */
export type FindQuery = string | string[]

// pdf.js's FindState: FOUND 0, NOT_FOUND 1, WRAPPED 2, PENDING 3 (pages still being read).
const FIND_PENDING = 3

/**
 * The find in a PDF, over pdf.js's PDFFindController, made to answer every press of Enter or F3.
 *
 * pdf.js mishandles a "find again" that arrives while it is still busy: in the quarter second it
 * waits after a new query before searching, the step is taken as the query's first search (the
 * person sees match 1, not the next one); while it waits for a page's text, a step is dropped
 * altogether. On a loaded machine both windows last long. So a step asked while pdf.js is busy is
 * kept here, in order, and sent once pdf.js has settled: each press moves one match, however slowly
 * the pages are read. Busy means pdf.js's own last word was "pending", which it says before every
 * search it starts (a new query or a step) and ends with found, not found or wrapped.
 */
export function usePdfFind() {
  const [count, setCount] = useState<FindCount | null>(null)
  const bus = useRef<EventBus | null>(null)
  const query = useRef<FindQuery>('')
  const busy = useRef(false)
  // Directions asked while busy: true for the previous match.
  const queued = useRef<boolean[]>([])

  const send = (type: '' | 'again', previous: boolean) =>
    bus.current?.dispatch('find', { source: null, type, query: query.current, caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: previous, matchDiacritics: false })

  const step = (previous: boolean) => {
    if (!bus.current) return
    if (busy.current) queued.current.push(previous)
    else send('again', previous)
  }

  /** Listens to a viewer's find; call once, when the viewer's event bus is made. */
  const attach = (b: EventBus) => {
    bus.current = b
    b.on('updatefindcontrolstate', (e: { state: number; matchesCount: Omit<FindCount, 'pending'> }) => {
      busy.current = e.state === FIND_PENDING
      setCount({ ...e.matchesCount, pending: busy.current })
      if (!busy.current && queued.current.length > 0) {
        const previous = queued.current.shift()!
        // Once pdf.js has finished the work that sent this event.
        queueMicrotask(() => step(previous))
      }
    })
    b.on('updatefindmatchescount', (e: { matchesCount: Omit<FindCount, 'pending'> }) => setCount({ ...e.matchesCount, pending: busy.current }))
  }

  /** Finds a new query from the page shown (pdf.js waits a quarter second for more typing). */
  const find = (q: FindQuery) => {
    if (!bus.current) return
    query.current = q
    queued.current = []
    setCount(null)
    busy.current = true
    send('', false)
  }

  return { count, attach, find, step }
}
