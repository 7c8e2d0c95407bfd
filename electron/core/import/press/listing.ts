// Listing pages (an organisation's news or press-release list): whatever sequence of lines
// repeats down the page is one record. Each block gets a shape (title, teaser prose, date
// line, type label, photo caption and credit, kicker, "Read more" link); a record is
// anchored on its title (a title-like line whose next content is prose) and takes the
// type label, date, caption and credit just before it and the date, links and furniture
// just after its teaser. What is before the first record and after the last is page
// chrome, listed as skipped. No layout is named here: the order of the parts comes from
// the page itself (does the first record open with a date line, or end with one?).
import type { ItemType } from '../../../../shared/model'
import type { DateMention } from './dates'
import { endsLikeSentence, type Block } from './text'
import type { SkippedBlock } from './types'

export type ListingRecord = {
  title: Block
  /** A line ending in a colon just above the title ("Essener wählt neuen Bundespräsidenten:"): part of it. */
  kicker?: Block
  dateLine?: { block: Block; mention: DateMention }
  body: Block[]
  /** The record's type label ("Media release", "Communiqué", "بيان صحفي"), when it has one. */
  type?: ItemType
  /** The page lists summaries: the full text is at the source. */
  teaser: boolean
  /** The copy of the page stops inside this record. */
  cut: boolean
}

type Shape = 'skip' | 'link' | 'date' | 'kind' | 'credit' | 'caption' | 'kicker' | 'title' | 'word' | 'prose' | 'other'

// Type labels as sites print them above a record. Plural headings ("Press releases") are page headings.
const TYPE_LABELS: Array<[RegExp, ItemType]> = [
  [/^((ministerial |joint )?(media|press|news) release|communiqué( de presse)?|comunicado( de prensa)?|nota de prensa|pressemitteilung|presseinformation|بيان صحفي|بلاغ صحفي|بيان إعلامي)$/i, 'press-release'],
  [/^(statement|joint statement|déclaration|declaración|erklärung|بيان|تصريح)$/i, 'statement'],
  [/^(speech|remarks|discours|allocution|discurso|rede|كلمة|خطاب)$/i, 'speech'],
  [/^(interview|entretien|entrevista|حوار|مقابلة)$/i, 'interview'],
  [/^(report|rapport|informe|bericht|تقرير)$/i, 'report'],
  [/^(news|news story|article|actualité|noticia|nachricht|خبر)$/i, 'article']
]

export function typeLabel(text: string): ItemType | null {
  const t = text.trim().replace(/[:|]$/, '').trim()
  if (t.length > 40) return null
  for (const [re, type] of TYPE_LABELS) if (re.test(t)) return type
  return null
}

// Links and buttons that repeat in every record of a listing.
const RECORD_LINK =
  /^([+>»›\s]*)(read more|read the full|details|more|continue reading|lire la suite|en savoir plus|leer más|ver más|weiterlesen|mehr|lesen sie (hier )?(die|den|das)?|اقرأ المزيد|المزيد|التفاصيل|listen|écouter|escuchar|استمع|watch|regarder|شاهد)(?=$|[\s:,.»›+]).{0,60}$/i
const CREDIT = /^(©\s*(?!\s*\d{4})[^|]{1,60}|(un\s+)?(photo|foto|crédit photo|credit|image)\s*:?\s*[^\s].{0,60}|صورة\s*:.{1,60})$/i
const RIGHTS = /rights|réservés|reservados|vorbehalten|محفوظة/i
const ELLIPSIS_END = /(\.\.\.|…|\[…\]|\[\.\.\.\])["”»)]*(\s*(read more|lire la suite|اقرأ المزيد|leer más|weiterlesen))?\s*$/i

function titleShaped(b: Block): boolean {
  const t = b.text
  if (t.length > 250 || t.length < 4 || b.words > 32) return false
  // A short title may end in a full stop ("Albania Affected by Floods."); a longer line so ending is a sentence.
  if (/[:;,،]$/.test(t) || (/[.]$/.test(t) && !/\.\.\.$/.test(t) && b.words > 8)) return false
  if (/^(https?:|www\.)/i.test(t)) return false
  return /^["“«'‘(¡¿$€£]?[\p{Lu}\p{N}\u0600-\u06ff\u0590-\u05ff\u3040-\u9fff\uac00-\ud7af]/u.test(t)
}

function proseShaped(b: Block): boolean {
  return (b.words >= 12 && (endsLikeSentence(b.text) || ELLIPSIS_END.test(b.text))) || b.words >= 25
}

function shapes(blocks: Block[], boiler: Array<string | null>, dates: Array<DateMention | null>): Array<{ shape: Shape; date: DateMention | null; type: ItemType | null }> {
  const out = blocks.map((b, i) => {
    const t = b.text
    if (RECORD_LINK.test(t) && b.words <= 12) return { shape: 'link' as Shape, date: null, type: null }
    if (CREDIT.test(t) && b.words <= 10 && !RIGHTS.test(t)) return { shape: 'credit' as Shape, date: null, type: null }
    if (boiler[i]) return { shape: 'skip' as Shape, date: null, type: null }
    const type = typeLabel(t)
    if (type) return { shape: 'kind' as Shape, date: null, type }
    const date = dates[i]
    if (date) return { shape: 'date' as Shape, date, type: null }
    if (proseShaped(b)) return { shape: 'prose' as Shape, date: null, type: null }
    if (titleShaped(b)) return { shape: (b.words === 1 ? 'word' : 'title') as Shape, date: null, type: null }
    if (/:$/.test(t) && b.words <= 12) return { shape: 'kicker' as Shape, date: null, type: null }
    return { shape: 'other' as Shape, date: null, type: null }
  })
  // A line right above a photo credit is the photo's caption, whatever its shape.
  // (Unless it follows a title: then it is that record's teaser, and the next record has no caption.)
  for (let i = 0, prev: Shape = 'skip'; i + 1 < out.length; i++) {
    const s = out[i].shape
    if (out[i + 1].shape === 'credit' && s !== 'skip' && !(prev === 'title' || prev === 'word')) out[i].shape = 'caption'
    if (s !== 'skip') prev = s
  }
  return out
}

/** Shapes that open a record (before its title) when they stand between two records. */
const HEAD: ReadonlySet<Shape> = new Set(['kind', 'credit', 'caption', 'kicker'])
const TEASER_MAX_WORDS = 150
const TEASER_MAX_PARAGRAPHS = 3

export type ListingResult = { records: ListingRecord[]; skipped: SkippedBlock[] }

/**
 * The records of a listing page, or null when the page is not one (fewer than two records,
 * or records too long to be a listing's summaries: articles, the seed page's full items).
 */
export function splitListing(blocks: Block[], boiler: Array<string | null>, dates: Array<DateMention | null>): ListingResult | null {
  const sh = shapes(blocks, boiler, dates)
  const n = blocks.length
  const next = (i: number, skipDates: boolean): number => {
    let j = i + 1
    while (j < n && (sh[j].shape === 'skip' || (skipDates && sh[j].shape === 'date'))) j++
    return j
  }
  const anchors: number[] = []
  for (let i = 0; i < n; i++) {
    const s = sh[i].shape
    if (s !== 'title' && s !== 'word') continue
    const j = next(i, true)
    if (j < n && sh[j].shape === 'prose') anchors.push(i)
  }
  if (anchors.length < 2) return null
  const titleShape = (s: Shape) => s === 'title' || s === 'word'
  // Dates close a record (a date line under its teaser) when the page's last record ends
  // with one; otherwise a date line between two records opens the next one.
  let datesLead = true
  {
    let i = anchors[anchors.length - 1] + 1
    while (i < n && (sh[i].shape === 'date' || sh[i].shape === 'skip')) i++
    while (i < n && sh[i].shape !== 'date' && !HEAD.has(sh[i].shape)) i++
    if (i < n && sh[i].shape === 'date') {
      let j = i + 1
      while (j < n && !titleShape(sh[j].shape) && !HEAD.has(sh[j].shape)) j++
      if (j >= n) datesLead = false
    }
  }
  const opens = (s: Shape) => HEAD.has(s) || (s === 'date' && datesLead)
  // What stands just before a title, back to the previous content: the record's opening lines.
  const headBefore = (a: number): number[] => {
    const out: number[] = []
    for (let i = a - 1; i >= 0; i--) {
      const s = sh[i].shape
      if (s === 'skip') continue
      if (!opens(s)) break
      out.unshift(i)
    }
    return out
  }
  // Titles before the records that lack the opening lines most records have (the page's
  // heading and introduction) are page chrome.
  const opened = anchors.map((a) => headBefore(a).length > 0)
  const withHead = opened.filter(Boolean).length
  while (anchors.length > 2 && !opened[0] && withHead * 3 >= (anchors.length - 1) * 2) {
    anchors.shift()
    opened.shift()
  }
  // Where date lines head groups of records, a title before the first of them is the page's heading.
  const datedHeads = anchors.filter((a) => headBefore(a).some((i) => sh[i].shape === 'date')).length
  if (anchors.length > 2 && datesLead && datedHeads >= 2 && !opened[0] && opened[1]) {
    anchors.shift()
    opened.shift()
  }
  // A record the copy of the page stops inside: its opening lines and title, and less than a teaser.
  {
    const last = anchors[anchors.length - 1]
    let i = last + 1
    while (i < n && (sh[i].shape === 'date' || sh[i].shape === 'skip')) i++
    while (i < n && !opens(sh[i].shape)) i++
    while (i < n && (opens(sh[i].shape) || sh[i].shape === 'skip')) i++
    if (i > last + 1 && i < n && titleShape(sh[i].shape) && headBefore(i).length > 0) anchors.push(i)
  }
  type Region = { post: number[]; teaser: number[]; tail: number[]; head: number[] }
  const regions: Region[] = anchors.map((a, k) => {
    const end = k + 1 < anchors.length ? anchors[k + 1] : n
    const r: Region = { post: [], teaser: [], tail: [], head: [] }
    let i = a + 1
    for (; i < end && (sh[i].shape === 'date' || sh[i].shape === 'skip'); i++) if (sh[i].shape === 'date') r.post.push(i)
    for (; i < end; i++) {
      const s = sh[i].shape
      if (s === 'skip') continue
      if (s === 'prose' || s === 'other' || s === 'title' || s === 'word') r.teaser.push(i)
      else break
    }
    // Short lines after the last record's teaser are the page's footer, not its text.
    if (k === anchors.length - 1)
      while (r.teaser.length > 1 && sh[r.teaser[r.teaser.length - 1]].shape !== 'prose') r.tail.unshift(r.teaser.pop()!)
    let inHead = false
    for (; i < end; i++) {
      const s = sh[i].shape
      if (s === 'skip') continue
      if (k + 1 < anchors.length && opens(s)) inHead = true
      ;(inHead ? r.head : r.tail).push(i)
    }
    return r
  })
  const words = (ix: number[]) => ix.reduce((w, i) => w + blocks[i].words, 0)
  // A listing's records are summaries: short. Longer ones (the last may run into the footer) are items of a page.
  const full = regions.slice(0, -1).filter((r) => r.teaser.length > TEASER_MAX_PARAGRAPHS || words(r.teaser) > TEASER_MAX_WORDS)
  if (full.length > 0) return null
  // A one-word title ("2020") heads a record only on a page whose records carry a listing's
  // furniture (links, dates, labels); elsewhere one word over a paragraph is a section heading.
  const furnished = regions.filter((r, k) => r.post.length || r.tail.some((i) => sh[i].shape === 'link') || headBefore(anchors[k]).length).length
  if (anchors.some((a) => sh[a].shape === 'word') && furnished * 2 < anchors.length) return null

  const skipped: SkippedBlock[] = []
  const recordLines: number[][] = []
  const records: ListingRecord[] = anchors.map((a, k) => {
    const r = regions[k]
    const prevHead = k > 0 ? regions[k - 1].head : headBefore(a)
    const kick = prevHead.length && sh[prevHead[prevHead.length - 1]].shape === 'kicker' ? prevHead[prevHead.length - 1] : undefined
    const type = prevHead.map((i) => sh[i].type).find((t): t is ItemType => !!t)
    const dateIx = [...prevHead.filter((i) => sh[i].shape === 'date'), ...r.post, ...(!datesLead ? r.tail.filter((i) => sh[i].shape === 'date') : [])]
    const d = dateIx[0]
    recordLines.push([a, ...r.teaser, ...(kick !== undefined ? [kick] : []), ...(d !== undefined ? [d] : []), ...prevHead.filter((i) => sh[i].shape === 'kind')])
    return {
      title: blocks[a],
      ...(kick !== undefined ? { kicker: blocks[kick] } : {}),
      ...(d !== undefined ? { dateLine: { block: blocks[d], mention: sh[d].date! } } : {}),
      body: r.teaser.map((i) => blocks[i]),
      ...(type ? { type } : {}),
      teaser: false,
      cut: false
    }
  })
  // Undated records under a date line that heads several records take its date.
  inheritGroupDates(records, records.map((r) => !!r.dateLine))
  markTeasers(
    records,
    regions.map((r) => r.tail.some((i) => sh[i].shape === 'link')),
    sh.some((x) => x.shape === 'kind' || x.shape === 'credit')
  )

  // Everything outside the records, and the records' furniture, is listed as skipped, in page order.
  const inRecord = new Set<number>(recordLines.flat())
  const lastLine = Math.max(...recordLines[recordLines.length - 1])
  for (let i = 0; i < n; i++) {
    if (inRecord.has(i)) continue
    const shape = sh[i].shape
    const reason =
      boiler[i] ??
      (shape === 'caption'
        ? 'photo caption'
        : shape === 'credit'
          ? 'photo credit'
          : shape === 'link'
            ? 'link'
            : i < anchors[0]
              ? 'before the first item (site text)'
              : i > lastLine
                ? 'after the last item (page footer)'
                : 'repeated in every record (listing furniture)')
    skipped.push({ text: blocks[i].raw, reason })
  }
  return { records, skipped }
}

/**
 * Whether the page lists summaries: its records end in an ellipsis or a "Read more" link,
 * or each is a single short paragraph. Then a teaser's own ending is the site's, and only
 * a last record that stops where the others do not (the copy of the page was cut) is cut.
 */
function markTeasers(records: ListingRecord[], linked: boolean[], furnished: boolean): void {
  const lastText = (r: ListingRecord) => r.body[r.body.length - 1]?.text ?? ''
  const ellipsis = records.filter((r) => ELLIPSIS_END.test(lastText(r))).length
  const links = linked.filter(Boolean).length
  // One short paragraph per record is a summary on a page of three or more records, or of
  // records with a listing's furniture (type labels, photo credits); two short items are not.
  const single = (records.length >= 3 || furnished) && records.slice(0, -1).every((r) => r.body.length === 1 && r.body[0].words <= 90)
  const teasers = ellipsis * 2 >= records.length || links * 2 >= records.length || single
  if (!teasers) return
  const ended = (r: ListingRecord) => endsLikeSentence(lastText(r)) || ELLIPSIS_END.test(lastText(r))
  const others = records.slice(0, -1)
  const mostlyEnded = others.filter(ended).length * 2 > others.length
  records.forEach((r, k) => {
    r.teaser = true
    const last = k === records.length - 1
    r.cut = last && (r.body.length === 0 || (mostlyEnded && !ended(r)) || (links * 2 > others.length && !linked[k] && !ended(r)))
  })
}

function inheritGroupDates(records: ListingRecord[], hasOwnDate: boolean[]): void {
  // A date line heads a group when records without one follow it and another date line
  // comes after them: the page dates groups, not records. (Undated records at the end of a
  // page whose every date line heads one record are left undated.)
  let grouped = false
  for (let k = 0; k < records.length; k++) {
    if (!hasOwnDate[k]) continue
    let m = k + 1
    while (m < records.length && !hasOwnDate[m]) m++
    if (m - k >= 2 && m < records.length) grouped = true
  }
  if (!grouped) return
  let current: ListingRecord['dateLine']
  records.forEach((r, k) => {
    if (hasOwnDate[k]) current = r.dateLine
    else if (!r.dateLine && current) r.dateLine = current
  })
}
