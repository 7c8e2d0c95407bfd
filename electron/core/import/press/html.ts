// Saved web pages. linkedom builds the DOM (it never runs scripts or loads anything) and
// Readability finds the article, its title, byline and date; the text we keep is plain
// text made from that DOM, so nothing of the page's HTML reaches the archive or the UI.
import type { Readability } from '@mozilla/readability'
import type { parseHTML } from 'linkedom'
import { linkedom, readability } from '../files/lazyPackages'
import { metaDateToDay } from './dates'
import { makeBlock, type Block } from './text'

export type HtmlArticle = {
  title: string
  /** As the page gives it (Readability's reading), whitespace collapsed. */
  byline: string
  /** As the page's metadata gives it (ISO 8601 or close), '' when none. */
  publishedTime: string
  /** YYYY-MM-DD of publishedTime, '' when none. */
  date: string
  lang: string
  dir: string
  siteName: string
  excerpt: string
  url: string
  /** The article text, paragraph blocks. */
  blocks: Block[]
  /** The page holds several articles (a listing): its blocks are the whole page's text. */
  listing: boolean
}

const DROP = 'script,style,noscript,template,iframe,object,embed,svg,canvas,form,button,select,input,textarea'
const SKIP = new Set(DROP.toUpperCase().split(','))
const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'ASIDE', 'MAIN', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL',
  'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'FIGURE', 'FIGCAPTION', 'DL', 'DT', 'DD', 'ADDRESS', 'HR', 'NAV', 'BR', 'TIME'
])

// The node tsconfig has no DOM lib: linkedom's own Document type stands in.
type Doc = ReturnType<typeof parseHTML>['document']
type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> }

/** Plain text blocks of a DOM subtree: one block per paragraph-like element. */
export function domToBlocks(root: DomNode): Block[] {
  const out: Block[] = []
  let buf = ''
  const flush = () => {
    const t = buf.replace(/\s+/g, ' ').trim()
    if (t) out.push(makeBlock(t, t))
    buf = ''
  }
  // An explicit stack, not recursion: a page of 10,000 unclosed tags nests 10,000 deep and
  // overflowed the call stack (found by fuzzing). A null entry closes a block element.
  const stack: Array<DomNode | null> = [root]
  while (stack.length) {
    const n = stack.pop()
    if (n === null) {
      flush()
      continue
    }
    if (!n) continue
    if (n.nodeType === 3) {
      buf += n.textContent ?? ''
      continue
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) continue
    const name = n.nodeName.toUpperCase()
    if (n.nodeType === 1 && SKIP.has(name)) continue
    const block = BLOCK_TAGS.has(name) && name !== 'TIME'
    if (block) {
      flush()
      stack.push(null)
    }
    // linkedom builds a new childNodes array on every access: read it once, or a node with
    // thousands of children costs seconds (quadratic; a 30 KB page took 40 s, found by fuzzing).
    const kids = Array.from(n.childNodes)
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i])
  }
  flush()
  return out
}

type MetaMap = Map<string, string>

/** Every <meta> of the page by property, name or itemprop (lower case): one walk of the tree. */
function metaMap(doc: Doc): MetaMap {
  const map: MetaMap = new Map()
  for (const el of Array.from(doc.getElementsByTagName('meta')) as Array<{ getAttribute(n: string): string | null }>) {
    const content = el.getAttribute('content')?.trim()
    if (!content) continue
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.toLowerCase()
      if (key && !map.has(key)) map.set(key, content)
    }
  }
  return map
}

function meta(map: MetaMap, ...names: string[]): string {
  for (const n of names) {
    const v = map.get(n.toLowerCase())
    if (v) return v
  }
  return ''
}

function jsonLdDate(doc: Doc): string {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]')) as Array<{ textContent: string | null }>) {
    try {
      const data = JSON.parse(s.textContent ?? '')
      const stack = [data]
      while (stack.length) {
        const d = stack.pop()
        if (!d || typeof d !== 'object') continue
        if (Array.isArray(d)) stack.push(...d)
        else {
          if (typeof d.datePublished === 'string') return d.datePublished
          if (d['@graph']) stack.push(d['@graph'])
        }
      }
    } catch {
      // A broken JSON-LD block is common; the other sources remain.
    }
  }
  return ''
}

/**
 * Scripts (but JSON-LD metadata), styles, comments, inline SVG, navigation and
 * event-handler or style attributes are cut out of the source before it is parsed: none of them is text, they
 * make up a good part of saved pages, and the parse is where the time goes.
 */
export function stripInert(html: string): string {
  return html
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<(style|noscript|template|svg|iframe|object|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    // Navigation is never the article. (Side boxes stay: some pages keep the byline there.)
    .replace(/<nav\b[^>]*>[\s\S]*?<\/nav\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s(?:style|on[a-z]+|srcset|sizes|data-(?!src\b)[\w-]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    // Whitespace before a block-level tag is no text; as nodes it is a third of a page's DOM.
    .replace(BEFORE_BLOCK, '')
}

const BEFORE_BLOCK =
  /\s+(?=<\/?(?:div|p|ul|ol|li|section|article|header|footer|main|aside|table|thead|tbody|tr|td|th|h[1-6]|figure|figcaption|meta|link|title|head|body|script|form|input|button|option|blockquote|dl|dt|dd|hr|br|img|picture|source)\b)/gi

/**
 * linkedom gives a document without a root element for markup-free text ("hello"), and
 * then throws a TypeError from doc.body (found by fuzzing): such text gets a body to live in.
 */
function parseDoc(html: string): Doc {
  const { parseHTML } = linkedom()
  const { document } = parseHTML(html)
  return document.documentElement ? document : parseHTML(`<!doctype html><html><body>${html}</body></html>`).document
}

export function extractHtml(html: string): HtmlArticle {
  const stripped = flattenIfTooDeep(stripInert(html))
  const doc = parseDoc(stripped)
  const metas = metaMap(doc)
  const lang = (doc.documentElement?.getAttribute('lang') || meta(metas, 'og:locale', 'content-language', 'language', 'dc.language').replace('_', '-')).trim()
  const dir = doc.documentElement?.getAttribute('dir') || doc.body?.getAttribute('dir') || ''
  const metaDate =
    meta(metas, 'article:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'DC.date.issued', 'dc.date', 'sailthru.date', 'parsely-pub-date') ||
    jsonLdDate(doc) ||
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ||
    ''
  const url = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || meta(metas, 'og:url')
  // <article>s with a heading of their own: news items; comments are <article>s too, without one.
  const headings = Array.from(doc.querySelectorAll('article') as ArrayLike<{ querySelector(s: string): { textContent: string | null } | null }>)
    .map((a) => a.querySelector('h1,h2,h3,h4')?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
    .filter((h) => h.length > 0)
  // Listings without <article>s: sibling elements of the same shape (tag and class), each
  // with a heading or a headline link and some text of its own ("views-row", "news-item", <li>).
  const repeated = nestingDepth(doc as unknown as DomNode) > MAX_READABILITY_DEPTH ? [] : repeatedRecordHeadings(doc as unknown as El)
  if (repeated.length > headings.length) headings.splice(0, headings.length, ...repeated)
  const articles = headings.length
  // Nothing is removed before Readability: it reads JSON-LD itself and drops scripts from
  // what it keeps; linkedom never runs them. domToBlocks skips every DROP element.
  // A listing (an organisation's news page saved whole) holds several <article>s and no
  // single article long enough for Readability; its text then goes to the page splitter.
  // Read before Readability, which may remove the root element itself (a page that is one
  // unclosed <script>), after which linkedom's doc.title throws a TypeError (found by fuzzing).
  let pageTitle = ''
  try {
    pageTitle = doc.title
  } catch {
    pageTitle = ''
  }
  let parsed: ReturnType<Readability<DomNode>['parse']> = null
  // Readability reads textContent at every level, quadratic in the nesting depth: 4 000
  // nested <div>s took 7 s (found by fuzzing). No real article nests that deep; such a page
  // is read as plain blocks without it.
  const tooDeep = nestingDepth(doc as unknown as DomNode) > MAX_READABILITY_DEPTH
  if (!tooDeep) try {
    // The serializer hands back the article's DOM node itself: no HTML string to parse again.
    const { Readability } = readability()
    parsed = new Readability<DomNode>(doc as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 300,
      serializer: (el) => el as unknown as DomNode
    }).parse()
  } catch {
    parsed = null
  }
  const blocks: Block[] = parsed?.content ? domToBlocks(parsed.content) : tooDeep ? domToBlocks((doc.body ?? doc) as unknown as DomNode) : []
  const articleChars = blocks.reduce((n, b) => n + b.text.length, 0)
  // A listing: Readability found little, or what it found spans several of the page's items.
  // Readability has changed the DOM by now; the rare listing is parsed again.
  const articleText = blocks.map((b) => b.text).join('\n')
  const itemsInArticle = headings.filter((h) => articleText.includes(h)).length
  const listing = articles >= 3 && (articleChars < 500 || itemsInArticle >= 2)
  const listingBlocks = listing ? domToBlocks(stripChrome(parseDoc(stripped)).body as unknown as DomNode) : null
  const title = (parsed?.title || pageTitle || '').replace(/\s+/g, ' ').trim()
  const publishedTime = (parsed?.publishedTime || metaDate || '').trim()
  return {
    title,
    byline: (parsed?.byline ?? '').replace(/\s+/g, ' ').trim(),
    publishedTime,
    date: metaDateToDay(publishedTime),
    lang: (parsed?.lang || lang || '').trim(),
    dir: (parsed?.dir || dir || '').trim(),
    siteName: (parsed?.siteName || meta(metas, 'og:site_name') || '').trim(),
    excerpt: (parsed?.excerpt || '').replace(/\s+/g, ' ').trim(),
    url: url || '',
    blocks: listing ? listingBlocks! : blocks,
    listing
  }
}

const MAX_READABILITY_DEPTH = 400

// linkedom's parse is quadratic in the nesting depth: 200,000 unclosed <div>s (800 KB) took
// 33 s. Browsers stop nesting at 512 levels; no real page comes near this limit, and a page
// past it is read as flat text (its blocks kept as line breaks, its <title> and <meta> kept).
const MAX_PARSE_DEPTH = 3000
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g

/** The nesting depth of the markup, estimated from its tags in one linear scan (no parse). */
export function estimatedDepth(html: string): number {
  let depth = 0
  let max = 0
  for (const m of html.matchAll(TAG)) {
    if (m[1]) depth = Math.max(0, depth - 1)
    else if (!m[3] && !VOID.has(m[2].toLowerCase())) max = Math.max(max, ++depth)
  }
  return max
}

function flattenIfTooDeep(html: string): string {
  if (estimatedDepth(html) <= MAX_PARSE_DEPTH) return html
  const BLOCK = new Set([...BLOCK_TAGS].map((t) => t.toLowerCase()))
  let head = ''
  const body = html.replace(/<title\b[^>]*>([\s\S]*?)<\/title\s*>|<meta\b[^>]*>/gi, (m) => ((head += m), ' '))
  const flat = body.replace(TAG, (_m, _close: string, name: string) => (BLOCK.has(name.toLowerCase()) ? '<br>' : ''))
  return `<!doctype html><html><head>${head}</head><body>${flat}</body></html>`
}

/** The deepest element nesting of a DOM, walked without recursion. */
function nestingDepth(root: DomNode): number {
  let max = 0
  const stack: Array<[DomNode, number]> = [[root, 0]]
  while (stack.length) {
    const [n, d] = stack.pop()!
    if (d > max) max = d
    if (max > MAX_READABILITY_DEPTH) break
    for (const k of Array.from(n.childNodes)) if (k.nodeType === 1) stack.push([k, d + 1])
  }
  return max
}

function stripChrome(doc: Doc): Doc {
  for (const el of Array.from(doc.querySelectorAll('nav,header,footer,aside,[role="navigation"],[role="banner"],[role="contentinfo"]')) as Array<{ remove(): void }>)
    el.remove()
  return doc
}

type El = DomNode & {
  tagName?: string
  children?: ArrayLike<El>
  getAttribute?(n: string): string | null
  querySelector?(s: string): { textContent: string | null } | null
}

/** Elements looked at, at most: a saved listing page has a few thousand. */
const MAX_ELEMENTS = 20_000
/** Characters of record text read, at most (nested groups read the same text again; bounded time). */
const MAX_RECORD_CHARS = 2_000_000
/** Members of a group read to judge it: a listing page shows tens of records. */
const MAX_MEMBERS = 60

/**
 * The headlines of the largest group of same-shaped siblings (same tag and class, three or
 * more) that each hold a headline (a heading, else a link of three words or more) and text
 * beside it: the records of a listing, as the page's own markup repeats them.
 */
function repeatedRecordHeadings(doc: El): string[] {
  const body = (doc as unknown as { body?: El }).body
  if (!body) return []
  let best: string[] = []
  const stack: El[] = [body]
  let seen = 0
  let chars = 0
  while (stack.length && seen < MAX_ELEMENTS && chars < MAX_RECORD_CHARS) {
    const el = stack.pop()!
    seen++
    const kids = Array.from(el.children ?? [])
    const groups = new Map<string, El[]>()
    for (const k of kids) {
      stack.push(k)
      const key = `${k.tagName}.${k.getAttribute?.('class') ?? ''}`
      const g = groups.get(key)
      if (g) g.push(k)
      else groups.set(key, [k])
    }
    for (const g of groups.values()) {
      if (g.length < 3 || g.length <= best.length) continue
      const heads: string[] = []
      const sample = g.slice(0, MAX_MEMBERS)
      for (const k of sample) {
        const h = (k.querySelector?.('h1,h2,h3,h4,h5,h6') ?? k.querySelector?.('a'))?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
        if (h.split(' ').length < 2) continue
        const all = k.textContent ?? ''
        chars += all.length
        if (all.replace(/\s+/g, ' ').trim().length >= h.length + 40) heads.push(h)
      }
      if (heads.length >= 3 && heads.length * 3 >= sample.length * 2 && heads.length > best.length) best = heads
    }
  }
  return best
}

/** "By Jane Doe" → "Jane Doe"; "Par Sébastien Farcis" → "Sébastien Farcis". */
export function cleanByline(byline: string): string {
  return byline
    .replace(/\s+/g, ' ')
    .replace(/^(by|par|por|von|di|door)\s+/i, '')
    .trim()
}
