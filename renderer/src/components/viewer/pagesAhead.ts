import type { PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs'

type View = { id: number; renderingState: number }
type Visible = { first?: { id: number }; last?: { id: number }; views: Array<{ view: View }> }
type Queue = {
  getHighestPriority(visible: Visible, views: View[], scrolledDown: boolean, preRenderExtra?: boolean, ignoreDetailViews?: boolean): View | null
  isViewFinished(view: View): boolean
}

/** The pages drawn ahead, besides those shown: the next two and the one before, in that order. */
export const PAGES_AHEAD = [1, 2, -1] as const

/**
 * Pages turn without waiting: once the pages shown are drawn, pdf.js's own queue draws one page
 * ahead, in the direction of the last scroll only, so "next" after "previous" (or a second "next"
 * read quickly) waited for a whole page to be drawn. Here the queue also draws the next two pages
 * and the previous one, one at a time, the pages shown always first; pdf.js still recycles the
 * pages that leave its buffer of ten, so a 500-page document keeps at most ten canvases.
 *
 * pdf.js does not export its rendering queue to extend, so its choice is wrapped on the viewer's
 * own queue object. `settled(true)` says the shown pages and those ahead are all drawn (the page
 * strip waits for that before drawing thumbnails); `settled(false)` that drawing has begun again.
 */
export function drawPagesAhead(viewer: PDFViewer, settled: (yes: boolean) => void, mayDrawAhead: () => boolean): void {
  const queue = viewer.renderingQueue as unknown as Queue
  const ownChoice = queue.getHighestPriority.bind(queue)
  let wasSettled = false
  const say = (yes: boolean) => {
    if (yes !== wasSettled) settled((wasSettled = yes))
  }
  queue.getHighestPriority = (visible, views, scrolledDown, preRenderExtra, ignoreDetailViews) => {
    const chosen = ownChoice(visible, views, scrolledDown, preRenderExtra, ignoreDetailViews)
    if (chosen || !visible.first || !visible.last) {
      say(!chosen)
      return chosen
    }
    // While the find reads the document's pages, they go to the find first (the viewer is
    // updated again when it is done).
    if (!mayDrawAhead()) {
      say(false)
      return null
    }
    for (const step of PAGES_AHEAD) {
      const view = views[(step > 0 ? visible.last.id : visible.first.id) + step - 1]
      if (view && !queue.isViewFinished(view)) {
        say(false)
        return view
      }
    }
    say(true)
    return null
  }
}

/** Work that waits until the reader has drawn the pages shown and those ahead (see drawPagesAhead). */
export type SettledGate = { set(yes: boolean): void; when(run: () => void): () => void }

export function settledGate(): SettledGate {
  let open = false
  const waiting = new Set<() => void>()
  return {
    set(yes) {
      open = yes
      if (!yes) return
      for (const run of [...waiting]) {
        waiting.delete(run)
        run()
      }
    },
    when(run) {
      if (open) {
        run()
        return () => {}
      }
      waiting.add(run)
      return () => waiting.delete(run)
    }
  }
}
