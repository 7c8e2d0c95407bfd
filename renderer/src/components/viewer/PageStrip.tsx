import { useEffect, useRef } from 'react'
import type { PDFDocumentProxy } from 'pdfjs-dist'
import { useI18n } from '../../i18n'

type Props = { doc: PDFDocumentProxy; current: number; onGo(page: number): void }

const THUMB_WIDTH = 96

/** Small page images down the side; each is drawn only once it scrolls into view. */
export function PageStrip({ doc, current, onGo }: Props) {
  const { t, num } = useI18n()
  const strip = useRef<HTMLOListElement>(null)

  useEffect(() => {
    const root = strip.current
    if (!root) return
    const drawn = new Set<number>()
    const io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue
          const canvas = entry.target as HTMLCanvasElement
          const n = Number(canvas.dataset.page)
          if (drawn.has(n)) continue
          drawn.add(n)
          io.unobserve(canvas)
          void doc.getPage(n).then(async (page) => {
            const base = page.getViewport({ scale: 1 })
            const viewport = page.getViewport({ scale: THUMB_WIDTH / base.width })
            canvas.width = Math.ceil(viewport.width)
            canvas.height = Math.ceil(viewport.height)
            await page.render({ canvas, viewport }).promise
          }).catch(() => canvas.classList.add('unreadable'))
        }
      },
      { root, rootMargin: '200px 0px' }
    )
    for (const c of root.querySelectorAll('canvas')) io.observe(c)
    return () => io.disconnect()
  }, [doc])

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
