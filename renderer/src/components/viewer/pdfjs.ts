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
