import { useEffect, useRef } from 'react'
import type { PDFDocumentProxy } from 'pdfjs-dist'
import { useI18n } from '../../i18n'
import type { SettledGate } from './pagesAhead'

type Props = {
  doc: PDFDocumentProxy
  current: number
  onGo(page: number): void
  /** Open while the reader has drawn the pages shown and those ahead: thumbnails never delay a page. */
  settled: SettledGate
  /** Page n as the reader has drawn it, unturned, or null: a thumbnail is then a copy of it. */
  drawnPage(n: number): HTMLCanvasElement | null
}

const THUMB_WIDTH = 96

/** Runs when the window has nothing more pressing to do (scrolling, the find, a page's text). */
function whenIdle(run: () => void): () => void {
  if ('requestIdleCallback' in window) {
    const id = window.requestIdleCallback(run, { timeout: 2000 })
    return () => window.cancelIdleCallback(id)
  }
  const id = setTimeout(run, 50)
  return () => clearTimeout(id)
}

/** Runs once the reader has drawn its pages, then when the window is idle. */
function whenReaderIdle(settled: SettledGate, run: () => void): () => void {
  let cancelIdle = () => {}
  const cancelWait = settled.when(() => {
    cancelIdle = whenIdle(run)
  })
  return () => {
    cancelWait()
    cancelIdle()
  }
}

async function drawThumbnail(doc: PDFDocumentProxy, n: number, canvas: HTMLCanvasElement, drawn: HTMLCanvasElement | null): Promise<void> {
  const page = await doc.getPage(n)
  const base = page.getViewport({ scale: 1 })
  const viewport = page.getViewport({ scale: THUMB_WIDTH / base.width })
  canvas.width = Math.ceil(viewport.width)
  canvas.height = Math.ceil(viewport.height)
  // A page the reader has drawn is scaled down (a fraction of a millisecond) instead of drawn again.
  if (drawn && drawn.width > 0) canvas.getContext('2d')?.drawImage(drawn, 0, 0, canvas.width, canvas.height)
  else await page.render({ canvas, viewport }).promise
}

/**
 * Small page images down the side. Each is drawn once it scrolls into view, one at a time and only
 * when the reader has drawn the pages shown and those ahead, and the window is idle: drawing them
 * at once (each a whole page for pdf.js, on the same worker and main thread) held up the first
 * page, the page turns and the find on a busy machine.
 */
export function PageStrip({ doc, current, onGo, settled, drawnPage }: Props) {
  const { t, num } = useI18n()
  const strip = useRef<HTMLOListElement>(null)
  const latestDrawnPage = useRef(drawnPage)
  latestDrawnPage.current = drawnPage

  useEffect(() => {
    const root = strip.current
    if (!root) return
    let live = true
    let busy = false
    let cancel = () => {}
    const wanted = new Set<HTMLCanvasElement>()
    const drawNext = () => {
      if (!live || busy || wanted.size === 0) return
      const canvas = [...wanted].sort((a, b) => Number(a.dataset.page) - Number(b.dataset.page))[0]
      wanted.delete(canvas)
      io.unobserve(canvas)
      busy = true
      cancel = whenReaderIdle(settled, () => {
        const n = Number(canvas.dataset.page)
        drawThumbnail(doc, n, canvas, latestDrawnPage.current(n))
          .then(() => (canvas.dataset.drawn = 'true'))
          .catch(() => canvas.classList.add('unreadable'))
          .finally(() => {
            busy = false
            drawNext()
          })
      })
    }
    const io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const canvas = entry.target as HTMLCanvasElement
          if (entry.isIntersecting) wanted.add(canvas)
          else wanted.delete(canvas)
        }
        drawNext()
      },
      { root, rootMargin: '200px 0px' }
    )
    for (const c of root.querySelectorAll('canvas')) io.observe(c)
    return () => {
      live = false
      cancel()
      io.disconnect()
    }
  }, [doc, settled])

  useEffect(() => {
    strip.current?.querySelector(`[data-page="${current}"]`)?.parentElement?.scrollIntoView({ block: 'nearest' })
  }, [current])

  return (
    <ol ref={strip} className="page-strip" aria-label={t('viewer.pageStrip')}>
      {Array.from({ length: doc.numPages }, (_, i) => i + 1).map((n) => (
        <li key={n}>
          <button className={n === current ? 'current' : ''} aria-current={n === current ? 'page' : undefined} onClick={() => onGo(n)} aria-label={t('viewer.pageN', { n: num(n) })}>
            <canvas data-page={n} width={THUMB_WIDTH} height={Math.round(THUMB_WIDTH * 1.3)} />
            <span>{num(n)}</span>
          </button>
        </li>
      ))}
    </ol>
  )
}
