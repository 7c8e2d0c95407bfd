import { useEffect, useRef, useState } from 'react'
import type { PDFDocumentProxy } from 'pdfjs-dist'
import type { EventBus, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs'
import { useI18n } from '../../i18n'
import { useDialogKeys } from './useDialogKeys'
import { ErrorLine } from '../ErrorLine'
import { loadPdfjs, openPdf } from './pdfjs'
import { PageStrip } from './PageStrip'
import { centeredRect, dragRect, paintRegionLayer, type RegionViewProps } from './regionLayer'
import type { Size } from './regionGeometry'
import { focusTitle } from './ImageView'
import { usePdfFind } from './usePdfFind'
import { drawPagesAhead, settledGate } from './pagesAhead'

type Props = {
  url: string
  name: string
  /** Words and phrases of the archive search, marked on the pages until the person finds something else. */
  searchTerms: string[]
  /** OCR word boxes of scanned pages (fractions of the page), marked over the page image. */
  ocrBoxes: Array<{ page: number; box: [number, number, number, number] }>
  regions: RegionViewProps
}

type PageView = { div: HTMLElement; viewport: { rotation: number; viewBox: number[] } }

/** A page's size in PDF points as stored (its crop box, as pdf.js shows it), and how it is turned on screen. */
function pageGeometry(view: PageView): { size: Size; rotation: number } {
  const [x0, y0, x1, y1] = view.viewport.viewBox
  return { size: { width: x1 - x0, height: y1 - y0 }, rotation: view.viewport.rotation }
}

// pdf.js's RenderingStates.FINISHED: the page is drawn whole.
const RENDERING_FINISHED = 3
type Engine = { viewer: PDFViewer; bus: EventBus; doc: PDFDocumentProxy }

/**
 * A PDF read inside the app with pdf.js's own viewer parts: pages are rendered as they come into
 * view and recycled after (so 500 pages open as fast as 5), text can be selected and copied, and
 * pdf.js's find marks matches on the page itself. No scripts, no forms, no external links.
 */
export function PdfView({ url, name, searchTerms, ocrBoxes, regions }: Props) {
  const { t, num, dir } = useI18n()
  // The chrome reads right to left in Arabic: "previous" points right, and ← turns to the next page.
  const rtl = dir === 'rtl'
  const root = useRef<HTMLDivElement>(null)
  const container = useRef<HTMLDivElement>(null)
  const engine = useRef<Engine | null>(null)
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null)
  const [ready, setReady] = useState(false)
  // Opens when the pages shown and those ahead are drawn: the page strip draws only then.
  const [settled] = useState(settledGate)
  const [page, setPage] = useState(1)
  const [pageInput, setPageInput] = useState('1')
  const [scale, setScale] = useState(1)
  const [findText, setFindText] = useState('')
  const { count, attach: attachFind, find, step } = usePdfFind()
  // Pages are drawn ahead once the find has read the pages (drawPagesAhead), then at once.
  const findBusy = useRef(false)
  useEffect(() => {
    const busy = !!count?.pending
    const wasBusy = findBusy.current
    // Set before the update: the update asks drawPagesAhead at once, which reads it.
    findBusy.current = busy
    if (wasBusy && !busy) engine.current?.viewer.update()
  }, [count?.pending])
  const [error, setError] = useState<string | null>(null)
  const findInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    let live = true
    let loaded: PDFDocumentProxy | null = null
    let refit: ResizeObserver | null = null
    ;(async () => {
      const { lib, viewer: V } = await loadPdfjs()
      const box = container.current
      if (!live || !box) return
      const bus = new V.EventBus()
      const linkService = new V.PDFLinkService({ eventBus: bus })
      // A link inside a document never takes the window anywhere.
      linkService.externalLinkEnabled = false
      const findController = new V.PDFFindController({ eventBus: bus, linkService })
      const viewer = new V.PDFViewer({
        container: box,
        eventBus: bus,
        linkService,
        findController,
        annotationMode: lib.AnnotationMode.ENABLE,
        textLayerMode: 1,
        // A page is shown as it is drawn, in place. pdf.js's default (500 ms) draws a slow page
        // off screen and copies the whole of it on screen again after every slice of drawing,
        // which on a busy machine cost more than the drawing itself.
        minDurationToUpdateCanvas: 0,
        // No links made from web addresses in the text: a link never leaves the reader, and
        // scanning every page's text for them cost each page turn time.
        enableAutoLinking: false
      })
      linkService.setViewer(viewer)
      drawPagesAhead(
        viewer,
        (yes) => {
          settled.set(yes)
          box.dataset.settled = String(yes)
        },
        () => !findBusy.current
      )
      // A fitted zoom follows the pane's size, as pdf.js's own viewer does on a resize: fitted
      // while the dialog was still laying out, the page could end wider than the pane, and the
      // arrow keys then scroll it sideways instead of turning the page.
      refit = new ResizeObserver(() => {
        const mode = viewer.currentScaleValue
        if (viewer.pagesCount > 0 && (mode === 'page-width' || mode === 'page-fit' || mode === 'auto')) viewer.currentScaleValue = mode
      })
      refit.observe(box)
      bus.on('pagesinit', () => {
        viewer.currentScaleValue = 'page-width'
        // Finds start once the pages exist: pdf.js drops a find sent before.
        setReady(true)
      })
      bus.on(
        'pagerendered',
        () => {
          // The moment the person sees the first page (measured by the viewer benchmark).
          performance.mark('presskeep:viewer-first-page')
        },
        { once: true }
      )
      bus.on('pagechanging', (e: { pageNumber: number }) => {
        setPage(e.pageNumber)
        setPageInput(String(e.pageNumber))
      })
      bus.on('scalechanging', (e: { scale: number }) => setScale(e.scale))
      attachFind(bus)
      const task = await openPdf(url)
      loaded = await task.promise
      if (!live) return void loaded.destroy()
      viewer.setDocument(loaded)
      linkService.setDocument(loaded)
      engine.current = { viewer, bus, doc: loaded }
      setDoc(loaded)
    })().catch((err) => live && setError(t('viewer.unreadable', { name, reason: (err as Error).message })))
    return () => {
      live = false
      refit?.disconnect()
      engine.current = null
      void loaded?.destroy()
    }
  }, [url])

  // The archive search's words are found until the person types a find of their own.
  const query = findText.trim() ? findText.trim() : searchTerms
  useEffect(() => {
    if (engine.current && ready) find(query)
  }, [ready, JSON.stringify(query)])

  // OCR boxes go over the page images as pdf.js draws (and redraws) them.
  useEffect(() => {
    const e = engine.current
    if (!e || ocrBoxes.length === 0) return
    const mark = ({ pageNumber, source }: { pageNumber: number; source: { div: HTMLElement } }) => {
      source.div.querySelector('.ocr-hits')?.remove()
      const mine = ocrBoxes.filter((b) => b.page === pageNumber)
      if (mine.length === 0) return
      const layer = document.createElement('div')
      layer.className = 'ocr-hits'
      for (const b of mine) {
        const hit = document.createElement('span')
        hit.className = 'ocr-hit'
        hit.style.left = `${b.box[0] * 100}%`
        hit.style.top = `${b.box[1] * 100}%`
        hit.style.width = `${(b.box[2] - b.box[0]) * 100}%`
        hit.style.height = `${(b.box[3] - b.box[1]) * 100}%`
        layer.appendChild(hit)
      }
      source.div.appendChild(layer)
    }
    e.bus.on('pagerendered', mark)
    return () => e.bus.off('pagerendered', mark)
  }, [doc, ocrBoxes])

  // Regions go over each page as pdf.js draws (and redraws) it, and again whenever they change.
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const focusDraft = useRef(false)
  const regionState = useRef({ regions, selectedId, t })
  regionState.current = { regions, selectedId, t }
  const paintPage = (view: PageView, pageNumber: number) => {
    const { regions: rp, selectedId: sel, t: tr } = regionState.current
    const { size, rotation } = pageGeometry(view)
    paintRegionLayer(view.div, {
      regions: rp.regions.filter((r) => r.page === pageNumber),
      draft: rp.draft?.page === pageNumber ? rp.draft : null,
      selectedId: sel,
      size,
      rotation,
      seenRotation: rotation,
      labels: { box: (title) => tr('regions.box', { title }), draft: tr('regions.draft') },
      onDrawn: (r) => regionState.current.regions.onDrawn({ page: pageNumber, ...r }),
      onPick: (r) => {
        setSelectedId(r.id)
        regionState.current.regions.onPick(r)
      },
      onDone: focusTitle
    })
  }
  const paintAll = () => {
    const viewer = engine.current?.viewer
    if (!viewer) return
    for (let i = 0; i < viewer.pagesCount; i++) {
      const view = viewer.getPageView(i) as unknown as PageView | undefined
      if (view?.div.querySelector('.canvasWrapper')) paintPage(view, i + 1)
    }
    if (focusDraft.current) {
      focusDraft.current = false
      container.current?.querySelector<HTMLElement>('.region-draft')?.focus()
    }
  }
  useEffect(() => {
    const e = engine.current
    if (!e) return
    const onRendered = ({ pageNumber, source }: { pageNumber: number; source: PageView }) => paintPage(source, pageNumber)
    e.bus.on('pagerendered', onRendered)
    return () => e.bus.off('pagerendered', onRendered)
  }, [doc])
  useEffect(paintAll, [doc, regions.regions, regions.draft, selectedId, t])

  const centerDraft = () => {
    const viewer = engine.current?.viewer
    const view = viewer?.getPageView(viewer.currentPageNumber - 1) as unknown as PageView | undefined
    if (!viewer || !view) return
    focusDraft.current = true
    regions.onDrawn({ page: viewer.currentPageNumber, ...centeredRect(pageGeometry(view).size) })
  }
  const firstCenter = useRef(regions.centerRequest)
  useEffect(() => {
    if (ready && regions.centerRequest !== firstCenter.current) centerDraft()
  }, [regions.centerRequest, ready])

  // A region asked for (a search hit on it): its page, scrolled to the region, the region marked.
  useEffect(() => {
    const viewer = engine.current?.viewer
    const target = regions.show && regions.regions.find((r) => r.id === regions.show!.id)
    if (!ready || !viewer || !target || target.page === null || target.page > viewer.pagesCount) return
    setSelectedId(target.id)
    const view = viewer.getPageView(target.page - 1) as unknown as PageView
    const [x0, , , y1] = view.viewport.viewBox
    viewer.scrollPageIntoView({ pageNumber: target.page, destArray: [null, { name: 'XYZ' }, x0 + target.x, y1 - target.y + 24, null] })
  }, [ready, regions.show?.n])

  // While drawing, a drag on a page draws a region there (instead of selecting text).
  useEffect(() => {
    const box = container.current
    if (!box || !regions.drawing) return
    const down = (e: PointerEvent) => {
      const target = e.target as HTMLElement
      const pageDiv = target.closest<HTMLElement>('.page[data-page-number]')
      const viewer = engine.current?.viewer
      if (!pageDiv || !viewer || e.button !== 0 || target.closest('.region-box, .region-draft')) return
      const n = Number(pageDiv.dataset.pageNumber)
      const { size, rotation } = pageGeometry(viewer.getPageView(n - 1) as unknown as PageView)
      // Inside the page's border: where the page is drawn (and its regions placed).
      const surface = pageDiv.querySelector<HTMLElement>('.region-layer') ?? pageDiv.querySelector<HTMLElement>('.canvasWrapper') ?? pageDiv
      dragRect(surface, e, rotation, size, (rect) => regionState.current.regions.onDrawn({ page: n, ...rect }), focusTitle)
    }
    box.addEventListener('pointerdown', down)
    return () => box.removeEventListener('pointerdown', down)
  }, [regions.drawing])

  // Ctrl + wheel zooms the pages (a native listener: React's wheel listeners cannot prevent the page zoom).
  useEffect(() => {
    const box = container.current
    if (!box) return
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return
      e.preventDefault()
      zoom(e.deltaY < 0 ? 'in' : 'out')
    }
    box.addEventListener('wheel', onWheel, { passive: false })
    return () => box.removeEventListener('wheel', onWheel)
  }, [])

  const v = () => engine.current?.viewer
  const goTo = (n: number) => {
    const viewer = v()
    if (viewer && n >= 1 && n <= viewer.pagesCount) viewer.currentPageNumber = n
  }
  const again = step
  const zoom = (value: 'in' | 'out' | 'page-width' | 'page-fit') => {
    const viewer = v()
    if (!viewer) return
    if (value === 'in') viewer.increaseScale()
    else if (value === 'out') viewer.decreaseScale()
    else viewer.currentScaleValue = value
  }
  const rotate = () => {
    const viewer = v()
    if (viewer) viewer.pagesRotation = (viewer.pagesRotation + 90) % 360
  }

  const scrollsSideways = () => {
    const box = container.current
    return !!box && box.scrollWidth > box.clientWidth + 1
  }
  const onKey = (e: KeyboardEvent) => {
    const inField = ['INPUT', 'SELECT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName)
    const mod = e.ctrlKey || e.metaKey
    if (mod && e.key.toLowerCase() === 'f') {
      e.preventDefault()
      findInput.current?.focus()
      findInput.current?.select()
    } else if (e.key === 'F3' || (inField && e.key === 'Enter' && e.target === findInput.current)) {
      e.preventDefault()
      again(e.shiftKey)
    } else if (inField) return
    else if ((mod && (e.key === '+' || e.key === '=')) || e.key === '+') {
      e.preventDefault()
      zoom('in')
    } else if ((mod && e.key === '-') || e.key === '-') {
      e.preventDefault()
      zoom('out')
    } else if (e.key === '0') zoom('page-width')
    else if (e.key === '9') zoom('page-fit')
    else if (e.key.toLowerCase() === 'r') rotate()
    else if (e.key.toLowerCase() === 'd' && !mod) centerDraft()
    else if (e.key === 'n') goTo(page + 1)
    else if (e.key === 'p') goTo(page - 1)
    else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !mod && !e.shiftKey && !e.altKey && !scrollsSideways()) {
      // Left and right turn the pages when they fit the width (otherwise they scroll it), mirrored in right-to-left chrome.
      e.preventDefault()
      goTo(page + ((e.key === 'ArrowRight') !== rtl ? 1 : -1))
    }
  }
  useDialogKeys(root, onKey)

  // A page as the reader drew it (whole, not turned), for the page strip to scale down.
  const drawnPage = (n: number): HTMLCanvasElement | null => {
    const viewer = v()
    const view = viewer?.getPageView(n - 1) as unknown as { renderingState: number; canvas?: HTMLCanvasElement | null } | undefined
    if (!viewer || !view || viewer.pagesRotation !== 0 || view.renderingState !== RENDERING_FINISHED) return null
    return view.canvas ?? null
  }

  const pages = doc?.numPages ?? 0
  return (
    <div className="pdf-view" ref={root}>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.tools')}>
        <button onClick={() => goTo(page - 1)} disabled={page <= 1} aria-label={t('viewer.prevPage')} title={`${t('viewer.prevPage')} (P, ${rtl ? '→' : '←'})`} data-testid="prev-page">
          {rtl ? '›' : '‹'}
        </button>
        <label className="page-go">
          <span className="sr-only">{t('viewer.goToPage')}</span>
          <input
            value={pageInput}
            inputMode="numeric"
            size={4}
            aria-label={t('viewer.goToPage')}
            onChange={(e) => setPageInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') goTo(Number(pageInput))
            }}
          />
          <span data-testid="page-count">{t('viewer.ofPages', { n: num(pages) })}</span>
        </label>
        <button onClick={() => goTo(page + 1)} disabled={page >= pages} aria-label={t('viewer.nextPage')} title={`${t('viewer.nextPage')} (N, ${rtl ? '←' : '→'})`} data-testid="next-page">
          {rtl ? '‹' : '›'}
        </button>
        <span className="sep" />
        <button onClick={() => zoom('out')} aria-label={t('viewer.zoomOut')} title={`${t('viewer.zoomOut')} (−)`}>
          −
        </button>
        <output aria-label={t('viewer.zoom')} data-testid="zoom-level">
          {num(Math.round(scale * 100))}%
        </output>
        <button onClick={() => zoom('in')} aria-label={t('viewer.zoomIn')} title={`${t('viewer.zoomIn')} (+)`}>
          +
        </button>
        <button onClick={() => zoom('page-width')} title="0">
          {t('viewer.fitWidth')}
        </button>
        <button onClick={() => zoom('page-fit')} title="9">
          {t('viewer.fitPage')}
        </button>
        <button onClick={rotate} title="R">
          {t('viewer.rotate')}
        </button>
        <span className="sep" />
        <input
          ref={findInput}
          type="search"
          placeholder={t('viewer.findPlaceholder')}
          aria-label={t('viewer.find')}
          value={findText}
          onChange={(e) => setFindText(e.target.value)}
        />
        <button onClick={() => again(true)} aria-label={t('viewer.prevHit')} title="Shift+F3">
          ↑
        </button>
        <button onClick={() => again(false)} aria-label={t('viewer.nextHit')} title="F3">
          ↓
        </button>
        <span role="status" className="find-count" data-testid="find-count" data-pending={count?.pending ? 'true' : 'false'}>
          {count && query.length > 0
            ? count.pending && count.total === 0
              ? t('viewer.finding')
              : count.total === 0
              ? t('viewer.noHits')
              : t(findText.trim() ? 'viewer.hitOf' : 'viewer.searchHitOf', { n: num(count.current), total: num(count.total) })
            : ''}
        </span>
      </div>
      <ErrorLine error={error} />
      <div className="pdf-body">
        {doc && <PageStrip doc={doc} current={page} onGo={goTo} settled={settled} drawnPage={drawnPage} />}
        <div className="pdf-stage">
          <div ref={container} className={`pdf-container${regions.drawing ? ' drawing' : ''}`} tabIndex={0} aria-label={t('viewer.pagesOf', { name })}>
            <div className="pdfViewer" />
          </div>
        </div>
      </div>
    </div>
  )
}
