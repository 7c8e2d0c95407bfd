import { htmlparser2, htmlToTextPackage } from './lazyPackages'

const TO_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', options: { uppercaseHeaderCells: false } }
  ]
}

/** Readable text of an HTML fragment or page (paragraphs kept, tags and scripts dropped). */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim()
  let text: string
  try {
    text = htmlToTextPackage().convert(html, TO_TEXT)
  } catch (err) {
    if (!(err instanceof RangeError)) throw err
    // html-to-text recurses once per nesting level: thousands of nested tags overflow the
    // stack (found by fuzzing a feed). Such markup is no layout to keep: its tags are dropped.
    text = html.replace(/<[^>]*>/g, ' ').replace(/[ \t]+/g, ' ')
  }
  return text.replace(/\n{3,}/g, '\n\n').trim()
}

export type HtmlMeta = {
  title: string
  h1: string
  headings: string[]
  lang: string
  meta: Record<string, string>
}

/** The metadata a saved page carries: <title>, headings, <html lang>, <meta name|property>. */
export function htmlMeta(html: string): HtmlMeta {
  const out: HtmlMeta = { title: '', h1: '', headings: [], lang: '', meta: {} }
  let capture: 'title' | 'h' | null = null
  let buf = ''
  let level = ''
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attrs) {
        if (name === 'html' && attrs.lang) out.lang = attrs.lang
        else if (name === 'title' && !out.title) {
          capture = 'title'
          buf = ''
        } else if (/^h[1-6]$/.test(name) && capture === null) {
          capture = 'h'
          level = name
          buf = ''
        } else if (name === 'meta') {
          const key = (attrs.name ?? attrs.property ?? attrs.itemprop ?? '').toLowerCase()
          if (key && attrs.content && !(key in out.meta)) out.meta[key] = attrs.content
        }
      },
      ontext(text) {
        if (capture) buf += text
      },
      onclosetag(name) {
        if (capture === 'title' && name === 'title') {
          out.title = buf.replace(/\s+/g, ' ').trim()
          capture = null
        } else if (capture === 'h' && name === level) {
          const h = buf.replace(/\s+/g, ' ').trim()
          if (h) {
            out.headings.push(h)
            if (level === 'h1' && !out.h1) out.h1 = h
          }
          capture = null
        }
      }
    },
    { decodeEntities: true }
  )
  parser.write(html)
  parser.end()
  return out
}
