// The file readers' heavy packages, loaded the first time a file needs one. Loaded together
// they take seconds, paid by every process that imports the readers (a CSV import, the CLI,
// each crash-test child) though most imports touch one or two kinds of file. Bare package
// names only: `import()` and `require` of a package resolve the same in the bundles, under tsx
// and in tests (a relative path would not: the bundles have no files of ours to find).
import { localRequire } from './resolve'

export const loadSharp = async () => (await import('sharp')).default
export const loadExifr = async () => (await import('exifr')).default
export const loadJSZip = async () => (await import('jszip')).default
export const loadMammoth = async (): Promise<typeof import('mammoth')> => (await import('mammoth')).default

/** A package required on first use, for readers whose own functions are synchronous. */
function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= localRequire(name) as T)
}

// Pages (saved HTML, HTML bodies of e-mails and feeds): the DOM, the article finder, the
// HTML-to-text converter and the tokenizer.
export const linkedom = onFirstUse<typeof import('linkedom')>('linkedom')
export const readability = onFirstUse<typeof import('@mozilla/readability')>('@mozilla/readability')
export const htmlToTextPackage = onFirstUse<typeof import('html-to-text')>('html-to-text')
export const htmlparser2 = onFirstUse<typeof import('htmlparser2')>('htmlparser2')
// Dates in prose, one locale entry each (the package's root loads all fifteen).
export const chronoLocales = {
  de: onFirstUse<typeof import('chrono-node/de')>('chrono-node/de'),
  en: onFirstUse<typeof import('chrono-node/en')>('chrono-node/en'),
  es: onFirstUse<typeof import('chrono-node/es')>('chrono-node/es'),
  fr: onFirstUse<typeof import('chrono-node/fr')>('chrono-node/fr'),
  pt: onFirstUse<typeof import('chrono-node/pt')>('chrono-node/pt')
}
export const tesseract = onFirstUse<typeof import('tesseract.js')>('tesseract.js')
// Its CommonJS entry is the class itself (with `default` pointing to it too).
const postalMimeModule = onFirstUse<{ default: typeof import('postal-mime').default }>('postal-mime')
export const postalMime = () => postalMimeModule().default
export const fastXmlParser = onFirstUse<typeof import('fast-xml-parser')>('fast-xml-parser')
export const iconvLite = onFirstUse<typeof import('iconv-lite')>('iconv-lite')
