// pdf.js and its viewer parts, loaded on first use (they are large) and set up for our CSP: the
// worker is a file of the app itself, and nothing is evaluated from strings.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

type PdfLib = typeof import('pdfjs-dist')
type ViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs')

let loading: Promise<{ lib: PdfLib; viewer: ViewerLib }> | null = null

export function loadPdfjs(): Promise<{ lib: PdfLib; viewer: ViewerLib }> {
  loading ??= (async () => {
    const lib = await import('pdfjs-dist')
    lib.GlobalWorkerOptions.workerSrc = workerUrl
    // The viewer parts read the library from this global (pdf_viewer.mjs expects it there).
    ;(globalThis as unknown as { pdfjsLib: PdfLib }).pdfjsLib = lib
    const viewer = await import('pdfjs-dist/web/pdf_viewer.mjs')
    await import('pdfjs-dist/web/pdf_viewer.css')
    return { lib, viewer }
  })()
  loading.catch(() => {
    loading = null
  })
  return loading
}

type Worker = InstanceType<PdfLib['PDFWorker']>
let worker: Worker | null = null

/**
 * One pdf.js worker for the life of the window, shared by every document (the reader, the page
 * strip, region thumbnails): starting a worker and compiling its 1 MB script cost a few hundred
 * milliseconds, paid once, and before the first Read when the window is idle (preloadPdfjs).
 */
function sharedWorker(lib: PdfLib): Worker {
  if (!worker || worker.destroyed) worker = new lib.PDFWorker()
  return worker
}

/** Loads pdf.js and starts its worker while the window has nothing else to do. */
export function preloadPdfjs(): void {
  // Only a head start: when pdf.js cannot load, the Read that needs it loads it again and shows why.
  const start = () => void loadPdfjs().then(({ lib }) => sharedWorker(lib)).catch((err) => console.warn('pdf.js could not be loaded ahead of time.', err))
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 5000 })
  else setTimeout(start, 1000)
}

/** A document opened on the shared worker. */
export async function openPdf(url: string) {
  const { lib } = await loadPdfjs()
  return lib.getDocument({ url, worker: sharedWorker(lib), ...pdfOptions() })
}

/** How every document is opened: no eval, no XFA, fonts and character maps from the app's own files. */
export function pdfOptions() {
  const base = new URL('pdfjs/', document.baseURI).href
  return {
    isEvalSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    cMapUrl: `${base}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${base}standard_fonts/`,
    wasmUrl: `${base}wasm/`
  }
}
