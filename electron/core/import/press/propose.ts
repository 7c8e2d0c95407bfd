// source → blocks → items → enrichment → Proposal. Nothing here touches an archive.
import { ItemFieldsSchema, LIMITS, type ItemCreate, type ItemType } from '../../../../shared/model'
import { CoreError } from '../../errors'
import { buildAuthorities } from './authorities'
import { decodeBytes } from './decode'
import { dateOnlyBlock } from './dates'
import { containsName, enrichText, itemWarnings, capWarnings, languageWarning, type Enriched } from './enrich'
import { cleanByline, extractHtml, type HtmlArticle } from './html'
import { detectLanguage } from './language'
import { splitBlocks, boilerplateReason, type RawItem } from './split'
import { makeBlock, normaliseText, titleFrom, toBlocks, type Block } from './text'
import type { Proposal, ProposedItem, ProposeOptions, SkippedBlock } from './types'

export const METHOD = 'press-page'
/** Above this many characters in all, names and dates are looked for no further (bounded time). */
const ENRICH_BUDGET_CHARS = 3_000_000
/** How far into a listing's summary its date is looked for: the dateline at its start. */
const TEASER_DATELINE_CHARS = 80
/** Records of a listing whose language is told one by one; the rest take the most common of theirs. */
const LANGUAGE_PER_SUMMARY = 2_000

type Draft = {
  title: string
  blocks: Block[]
  sourceText: string
  dateLine?: { phrase: string; date: string }
  type: ItemType
  extra?: Partial<ItemCreate>
  /** A listing's summary, and whether the copy of the page stops inside it. */
  teaser?: { cut: boolean }
}

export function parseReferenceDate(value: string | undefined): Date | undefined {
  if (!value) return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!m) throw new CoreError('INVALID_INPUT', `The reference date "${value}" is not a date like 2022-11-23.`, 'referenceDate', { reason: 'DATE_INVALID', value: value.slice(0, 80) })
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)
}

function rawToDraft(r: RawItem): Draft {
  const parts = [...(r.kicker ? [r.kicker.raw] : []), r.title.raw, ...(r.dateLine ? [r.dateLine.block.raw] : []), ...r.body.map((b) => b.raw)]
  return {
    title: r.kicker ? `${r.kicker.text} ${r.title.text}` : r.title.text,
    blocks: r.body,
    sourceText: parts.join('\n\n'),
    dateLine: r.dateLine ? { phrase: r.dateLine.mention.phrase, date: dateOf(r.dateLine.mention) } : undefined,
    type: r.type ?? 'press-release',
    ...(r.teaser ? { teaser: { cut: !!r.cut } } : {})
  }
}

function dateOf(m: { start: string; end?: string }): string {
  return m.end ? `${m.start}/${m.end}` : m.start
}

/** Splits bodies longer than the archive takes into parts, at paragraph (else word) boundaries. */
function capLength(drafts: Draft[], notices: string[]): Draft[] {
  const out: Draft[] = []
  const max = Math.floor(LIMITS.longText * 0.95)
  for (const d of drafts) {
    const total = d.blocks.reduce((n, b) => n + b.text.length + 2, 0)
    if (total <= max) {
      out.push(d)
      continue
    }
    const pieces: Block[][] = [[]]
    let size = 0
    for (let b of d.blocks) {
      while (b.text.length > max) {
        let cut = b.text.lastIndexOf(' ', max)
        if (cut < max / 2) cut = max
        pieces[pieces.length - 1].push(makeBlock(b.text.slice(0, cut), b.text.slice(0, cut)))
        pieces.push([])
        size = 0
        b = makeBlock(b.text.slice(cut), b.text.slice(cut))
      }
      if (size + b.text.length > max && pieces[pieces.length - 1].length) {
        pieces.push([])
        size = 0
      }
      pieces[pieces.length - 1].push(b)
      size += b.text.length + 2
    }
    pieces.forEach((p, i) =>
      out.push({ ...d, title: `${d.title} (part ${i + 1} of ${pieces.length})`, blocks: p, sourceText: p.map((b) => b.raw).join('\n\n') })
    )
    notices.push(`“${d.title}” is longer than one item may be; it is proposed in ${pieces.length} parts.`)
  }
  return out
}

/**
 * Names the archive can hold: a "name" longer than a short field is a run of repeated words
 * that the name finder took for one (found by fuzzing), and would make the proposal invalid.
 */
function fitting(names: string[]): string[] {
  return names.filter((n) => n.length <= LIMITS.shortText).slice(0, LIMITS.listEntries)
}

type Built = { drafts: Draft[]; skipped: SkippedBlock[]; notices: string[] }

function draftsFromBlocks(blocks: Block[], lang = ''): Built {
  const notices: string[] = []
  const { items, skipped } = splitBlocks(blocks, lang)
  if (items.length > 0) return { drafts: items.map(rawToDraft), skipped, notices }
  // No title recognised: one item of everything that is not boilerplate.
  const kept: Block[] = []
  const skippedAll: SkippedBlock[] = []
  for (const b of blocks) {
    const reason = boilerplateReason(b.text)
    if (reason) skippedAll.push({ text: b.raw, reason })
    else kept.push(b)
  }
  if (kept.length === 0) return { drafts: [], skipped: skippedAll, notices }
  let title: string
  let body = kept
  let dateLine: Draft['dateLine']
  const first = kept[0]
  if (kept.length > 1 && first.words <= 32 && first.text.length <= 250 && !/[.:;,]$/.test(first.text)) {
    title = first.text
    body = kept.slice(1)
  } else title = titleFrom(first.text)
  const dm = body.length > 1 ? dateOnlyBlock(body[0].text, lang) : null
  if (dm) {
    dateLine = { phrase: dm.phrase, date: dateOf(dm) }
    body = body.slice(1)
  }
  notices.push('No item titles were recognised: the whole text is proposed as one item. Split it where needed.')
  return {
    drafts: [{ title, blocks: body, sourceText: kept.map((b) => b.raw).join('\n\n'), type: 'press-release', dateLine }],
    skipped: skippedAll,
    notices
  }
}

function finish(built: Built, opts: ProposeOptions, source: Proposal['source'], fallbackRef?: Date): Proposal {
  const notices = [...built.notices]
  const drafts = capLength(built.drafts, notices)
  const explicitRef = parseReferenceDate(opts.referenceDate) ?? fallbackRef
  let budget = ENRICH_BUDGET_CHARS
  let capped = 0
  // Past the budget, or past the first LANGUAGE_PER_SUMMARY records, a summary of a listing
  // is taken to be in the language of the items read before it: telling the language of each
  // of thousands of summaries was most of the time of a 10 MB listing.
  const seenLangs = new Map<string, number>()
  const commonLang = () => [...seenLangs].sort((a, b) => b[1] - a[1])[0]?.[0]
  const enriched: Enriched[] = drafts.map((d, i) => {
    const body = d.blocks.map((b) => b.text).join('\n\n')
    const size = Math.min(body.length, 60_000)
    const scanNames = budget > 0
    if (!scanNames) capped++
    budget -= size
    // A date the page states (a date line, page metadata) needs no search in the prose.
    const e = enrichText(d.title, scanNames ? body : body.slice(0, 2_000), {
      ref: explicitRef,
      scanNames,
      scanDate: !d.dateLine,
      // A summary's date is in its title or its opening dateline; a date further on is
      // something it reports ("the incident dated back in August 19th 2003").
      dateWithin: d.teaser ? TEASER_DATELINE_CHARS : undefined,
      lang: d.extra?.language ?? ((!scanNames || i >= LANGUAGE_PER_SUMMARY) && d.teaser ? commonLang() : undefined)
    })
    if (scanNames && i < LANGUAGE_PER_SUMMARY && e.language) seenLangs.set(e.language, (seenLangs.get(e.language) ?? 0) + 1)
    if (d.dateLine) e.date = { date: d.dateLine.date, phrase: d.dateLine.phrase, inferred: false }
    return e
  })
  if (capped)
    notices.push(
      `The page is very large: names were not looked for in the last ${capped} items.`
    )
  if (drafts.length > LANGUAGE_PER_SUMMARY && drafts.some((d) => d.teaser))
    notices.push(`The listing is very long: summaries after the first ${LANGUAGE_PER_SUMMARY} are taken to be in the language of those.`)
  // Relative phrases ("today", "on Tuesday") in items without an explicit date are resolved
  // against the page's own date: the one given, else the latest explicit date of the page.
  let ref = explicitRef
  if (!ref) {
    const days = enriched.map((e) => e.date?.date.slice(0, 10)).filter((d): d is string => !!d && d.length === 10).sort()
    if (days.length) ref = parseReferenceDate(days[days.length - 1])
  }
  if (ref)
    enriched.forEach((e, i) => {
      if (e.date) return
      const d = drafts[i]
      // A listing's summary says "on Monday" of a day the listing does not give.
      if (d.teaser) return
      const again = enrichText(d.title, d.blocks.map((b) => b.text).join('\n\n').slice(0, 30_000), { ref, scanNames: false, lang: e.language })
      if (again.date) {
        e.date = again.date
        if (!explicitRef) e.date.phrase += ' (page date taken from the other items)'
      }
    })
  const langCount = new Map<string, number>()
  for (const e of enriched) if (e.language) langCount.set(e.language, (langCount.get(e.language) ?? 0) + 1)
  const pageLang = source.language || [...langCount].sort((a, b) => b[1] - a[1])[0]?.[0] || ''
  const resolver = buildAuthorities(enriched.map((e) => e.mentions), opts.knownAuthorities)
  const items: ProposedItem[] = drafts.map((d, i) => {
    const e = enriched[i]
    const body = d.blocks.map((b) => b.text).join('\n\n')
    const text = `${d.title}\n\n${body}`
    const fields: ItemCreate = {
      title: d.title.slice(0, LIMITS.shortText),
      date: e.date?.date ?? '',
      dateInferred: e.date ? e.date.inferred : false,
      dateSource: (e.date?.phrase ?? '').slice(0, LIMITS.shortText),
      type: d.type,
      language: e.language,
      body,
      people: fitting(resolver.people(e.mentions)),
      organisations: fitting(resolver.organisations(e.mentions)),
      places: fitting(resolver.places(e.mentions, text.slice(0, 60_000), containsName)),
      warnings: [],
      provenance: { method: METHOD, ...(opts.sourceName ? { source: opts.sourceName.slice(0, LIMITS.shortText) } : {}) },
      ...d.extra
    }
    fields.warnings = itemWarnings(fields, { articlePage: d.type === 'article' && !d.teaser, teaser: d.teaser })
    if (drafts.length > 1) {
      const lw = languageWarning(e.language, pageLang)
      if (lw) fields.warnings.push(lw)
    }
    fields.warnings = capWarnings(fields.warnings)
    return { key: `p${i + 1}`, fields, sourceText: d.sourceText }
  })
  if (items.length === 0) notices.push('Nothing but site text (navigation, notices) was found: no item is proposed.')
  return {
    items,
    skipped: built.skipped,
    authorities: resolver.authorities
      .filter((a) => a.preferred.length <= LIMITS.shortText)
      .map((a) => ({ ...a, variants: fitting(a.variants) })),
    notices,
    source: { ...source, language: pageLang }
  }
}

/** Proposes items from text pasted or saved from a page. */
export function proposeFromText(text: string, opts: ProposeOptions = {}): Proposal {
  if (typeof text !== 'string' || text.trim() === '')
    throw new CoreError('INVALID_INPUT', 'There is nothing to import: the text is empty.', 'text', { reason: 'NOTHING_TO_IMPORT' })
  const blocks = toBlocks(normaliseText(text))
  if (blocks.length === 0) throw new CoreError('INVALID_INPUT', 'There is nothing to import: the text holds no visible characters.', 'text', { reason: 'NOTHING_TO_IMPORT' })
  return finish(draftsFromBlocks(blocks), opts, { kind: 'text', language: '', pageDate: '' })
}

/** The article of a saved page as one item (or a listing page as several), with its metadata. */
export function proposeFromHtml(html: string, opts: ProposeOptions = {}): Proposal {
  if (typeof html !== 'string' || html.trim() === '')
    throw new CoreError('INVALID_INPUT', 'There is nothing to import: the page is empty.', 'html', { reason: 'NOTHING_TO_IMPORT' })
  const art = extractHtml(html)
  return proposalFromArticle(art, opts)
}

export function proposalFromArticle(art: HtmlArticle, opts: ProposeOptions = {}): Proposal {
  const tag = art.lang ? art.lang.split('-')[0].toLowerCase().trim() : ''
  // A page's lang attribute can hold anything ("en_US!", control characters): only a tag the model accepts is kept (found by fuzzing).
  const lang = ItemFieldsSchema.shape.language.safeParse(tag).success ? tag : ''
  const source: Proposal['source'] = { kind: 'html', language: '', pageDate: art.date }
  const pageRef = art.date ? parseReferenceDate(art.date) : undefined
  const blocks = art.blocks.map((b) => makeBlock(b.text, b.raw))
  if (art.listing) {
    const built = draftsFromBlocks(blocks, lang)
    for (const d of built.drafts) d.extra = { ...(art.siteName ? { outlet: art.siteName } : {}), ...(art.url ? { sourceUrl: art.url } : {}) }
    return finish(built, opts, source, pageRef)
  }
  const body = blocks.filter((b) => b.text !== art.title)
  if (!art.title && body.length === 0)
    throw new CoreError('INVALID_INPUT', 'The page holds no article text and no title: there is nothing to import.', 'html', { reason: 'NOTHING_TO_IMPORT' })
  const title = art.title || titleFrom(body[0].text)
  const extra: Partial<ItemCreate> = {
    byline: cleanByline(art.byline).slice(0, LIMITS.shortText),
    outlet: art.siteName.slice(0, LIMITS.shortText),
    sourceUrl: art.url.slice(0, LIMITS.shortText),
    description: art.excerpt,
    language: lang || detectLanguage(body.map((b) => b.text).join('\n').slice(0, 2000))
  }
  const draft: Draft = {
    title,
    blocks: body,
    sourceText: [title, ...body.map((b) => b.text)].join('\n\n'),
    type: 'article',
    extra,
    dateLine: art.date ? { date: art.date, phrase: `published ${art.publishedTime} (page metadata)` } : undefined
  }
  return finish({ drafts: [draft], skipped: [], notices: [] }, opts, source, pageRef)
}

/** Bytes of a dropped or picked file: decoded, then read as HTML or as text. */
export function proposeFromBytes(buf: Buffer, opts: ProposeOptions = {}): Proposal {
  const decoded = decodeBytes(buf, opts.sourceName ? `“${opts.sourceName}”` : 'The file')
  const p = decoded.kind === 'html' ? proposeFromHtml(decoded.text, opts) : proposeFromText(decoded.text, opts)
  p.source.encoding = decoded.encoding
  return p
}
