import { useEffect, useRef } from 'react'
import type { PDFDocumentProxy } from 'pdfjs-dist'
import type { Item, Region } from '../../../../shared/model'
import { useI18n } from '../../i18n'
import { openPdf } from './pdfjs'

const THUMB_WIDTH = 150
const THUMB_HEIGHT = 110

type Props = { item: Item; fileUrl(attachmentId: string): string; onOpen(region: Region): void }

/** The item's regions, each with a thumbnail cut from its page or image; a click opens the reader at it. */
export function ItemRegions({ item, fileUrl, onOpen }: Props) {
  const { t, num } = useI18n()
  if (item.regions.length === 0) return null
  return (
    <div className="item-regions">
      <h4>{t('regions.onItem')}</h4>
      <ul>
        {item.regions.map((r) => (
          <li key={r.id}>
            <button onClick={() => onOpen(r)} aria-label={t('regions.open', { title: r.title || t('regions.untitled') })}>
              <RegionThumb region={r} url={fileUrl(r.attachmentId)} />
              <span dir="auto">{r.title || t('regions.untitled')}</span>
              <span className="muted">
                {item.attachments.find((a) => a.id === r.attachmentId)?.name}
                {r.page !== null && ` · ${t('regions.page', { n: num(r.page) })}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function RegionThumb({ region, url }: { region: Region; url: string }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = canvas.current
    if (!c) return
    let live = true
    // The thumbnail keeps the region's proportions within THUMB_WIDTH × THUMB_HEIGHT.
    const s = Math.min(THUMB_WIDTH / region.w, THUMB_HEIGHT / region.h)
    c.width = Math.max(1, Math.round(region.w * s))
    c.height = Math.max(1, Math.round(region.h * s))
    const ctx = c.getContext('2d')
    if (!ctx) return
    let doc: PDFDocumentProxy | null = null
    if (region.page === null) {
      const img = new Image()
      img.onload = () => live && ctx.drawImage(img, region.x, region.y, region.w, region.h, 0, 0, c.width, c.height)
      img.src = url
    } else {
      // Each thumbnail reads its document for itself (pdf.js shares one worker): an item has few regions.
      void openPdf(url)
        .then((task) => task.promise)
        .then((d) => {
          doc = d
          if (!live) throw new Error('gone')
          return d.getPage(region.page!)
        })
        .then((page) => {
          if (!live) return
          // The page drawn at the thumbnail's scale, shifted so that the region lands on the canvas.
          const viewport = page.getViewport({ scale: s, rotation: 0 })
          return page.render({ canvas: c, viewport, transform: [1, 0, 0, 1, -region.x * s, -region.y * s] }).promise
        })
        .catch(() => live && c.classList.add('unreadable'))
    }
    return () => {
      live = false
      void doc?.destroy()
    }
  }, [region.x, region.y, region.w, region.h, region.page, url])
  return <canvas ref={canvas} data-region-thumb={region.id} aria-hidden="true" />
}
