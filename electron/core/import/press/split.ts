// Cutting a page into items: a title line followed by prose paragraphs starts an item;
// what comes before the first item, and navigation, share buttons, feedback widgets,
// cookie and copyright notices anywhere, is skipped (and listed, so it can be restored).
import type { ItemType } from '../../../../shared/model'
import { dateOnlyBlock, type DateMention } from './dates'
import { detectLanguage } from './language'
import { splitListing } from './listing'
import { endsLikeSentence, type Block } from './text'
import type { SkippedBlock } from './types'

export type RawItem = {
  title: Block
  /** A block that is only a date ("23 November 2022", "Posted on ..."), next to the title. */
  dateLine?: { block: Block; mention: DateMention }
  body: Block[]
  /** A line ending in a colon just above the title, part of it ("Kicker: headline"). */
  kicker?: Block
  /** The record's type label, when the page gives one. */
  type?: ItemType
  /** A listing's summary: the full text is at the source. */
  teaser?: boolean
  /** The copy of the page stops inside this record. */
  cut?: boolean
}

const BOILERPLATE: Array<[RegExp, string]> = [
  [/^disclaimer\b|google translate|machine[- ]translat|traduction automatique/i, 'site notice'],
  [/\bcookies?\b/i, 'cookie notice'],
  [/©|\bcopyright\b|all rights reserved|tous droits réservés|جميع الحقوق محفوظة/i, 'page footer'],
  [/^(user feedback|your opinion|feedback|rate this page|was this (page|article) helpful\??|votre avis)$/i, 'feedback widget'],
  [/\b(extremely|very)\s+(dis)?satisfied\b|how satisfied are you/i, 'feedback widget'],
  [/^(read more|continue reading|read the full (story|article)|lire la suite|en savoir plus|voir plus|lire plus|اقرأ المزيد|المزيد)(?:$|[\s:,.»›].{0,40}$)/i, 'link'],
  [/^(share|partager|شارك|print|imprimer|tweet|email|e-mail|whatsapp|facebook|twitter|linkedin|telegram)( this)?( article| page| on \w+)?\s*:?$/i, 'share buttons'],
  [/^((share|partager)( this)?\s*:?\s*)?((facebook|twitter|x|linkedin|whatsapp|telegram|email|e-mail|print)\s*[|,•·]?\s*){2,}$/i, 'share buttons'],
  [/^(home|accueil|الرئيسية)\s*[>›»/|]/i, 'navigation'],
  [/^(?:[^|•·›»]{1,40}\s*[|•·›»]\s*){2,}[^|•·›»]{0,40}$/, 'navigation'],
  [/^(tags?|mots[- ]clés|étiquettes|الوسوم|keywords)\s*:/i, 'tags line'],
  [/^(subscribe|sign up|newsletter|abonnez-vous|s'abonner|inscrivez-vous|اشترك)(?:$|[\s:,.!])/i, 'newsletter prompt'],
  [/^(previous|next|older|newer|précédent|suivant|السابق|التالي)(?:$|[\s:,.»›].{0,60}$)/i, 'navigation'],
  [/^(page \d+ (of|sur|de) \d+|«|‹|\d+(\s+\d+){2,}\s*(»|›|next)?)$/i, 'pagination'],
  [/^(related( articles| news| posts)?|see also|voir aussi|à lire aussi|lire aussi|مقالات ذات صلة|أخبار ذات صلة)\s*:?$/i, 'related links heading'],
  [/^(back to top|haut de page|retour en haut|skip to (main )?content|menu|search|rechercher|بحث|القائمة)$/i, 'navigation'],
  [/^(follow us|suivez-nous|تابعونا|contact us|contactez-nous)(?:$|[\s:,.».].{0,60}$)/i, 'page footer'],
  [/^(filter( results| by)?|filtrer( par)?|filtrar( por)?|filtern|sort by|trier par|ordenar por|تصفية( حسب)?|article type|type d'article)\s*:?$/i, 'filters'],
  [/^((showing|affichage|mostrando|résultats?)\s+)?\d[\d,.]*\s*[-–]\s*\d[\d,.]*\s+(of|sur|de|von)\s+\d[\d,.]*(\s+\w+)?$|^\d[\d,.]*\s+(results?|résultats?|resultados|ergebnisse|نتيجة|نتائج)$/i, 'result count'],
  [/^(news|latest news|press releases?|actualités|communiqués( de presse)?|الأخبار|أخبار|بيانات صحفية|media centre|newsroom)$/i, 'page heading']
]

export function boilerplateReason(text: string): string | null {
  if (text.length > 400) return /google translate|\bcookies?\b/i.test(text) && text.length < 800 ? 'site notice' : null
  for (const [re, reason] of BOILERPLATE) if (re.test(text)) return reason
  return null
}

const TITLE_MAX_CHARS = 250

function titleLike(b: Block): boolean {
  const t = b.text
  if (t.length > TITLE_MAX_CHARS || t.length < 8) return false
  if (b.words < 2 || b.words >= 30) return false
  if (/[.:;,،]$/.test(t) && !/\.\.\.$/.test(t)) return false
  if (/^(https?:|www\.)/i.test(t)) return false
  // First character: a capital, a digit, a quote, or a letter of a script without case.
  return /^["“«'‘(]?[\p{Lu}\p{N}\u0600-\u06ff\u0590-\u05ff\u3040-\u9fff\uac00-\ud7af]/u.test(t)
}

function prose(b: Block): boolean {
  return (b.words >= 12 && endsLikeSentence(b.text)) || b.words >= 30
}

export type SplitResult = { items: RawItem[]; skipped: SkippedBlock[] }

export function splitBlocks(blocks: Block[], pageLang = ''): SplitResult {
  const lang = pageLang || detectLanguage(blocks.slice(0, 40).map((b) => b.text).join('\n'))
  const kind = blocks.map((b) => ({ boiler: boilerplateReason(b.text), date: null as DateMention | null, title: false }))
  for (let i = 0; i < blocks.length; i++) {
    if (kind[i].boiler) continue
    if (blocks[i].text.length <= 80) kind[i].date = dateOnlyBlock(blocks[i].text, lang)
  }
  // A listing (records of the same shape down the page) is read by its structure.
  const listing = splitListing(blocks, kind.map((k) => k.boiler), kind.map((k) => k.date))
  if (listing) return { items: listing.records, skipped: listing.skipped }
  const nextContent = (i: number): number => {
    let j = i + 1
    while (j < blocks.length && (kind[j].boiler || kind[j].date) && j - i <= 3) j++
    return j
  }
  for (let i = 0; i < blocks.length; i++) {
    if (kind[i].boiler || kind[i].date || !titleLike(blocks[i])) continue
    const j = nextContent(i)
    kind[i].title = j < blocks.length && prose(blocks[j]) && !titleLike(blocks[j])
      ? true
      : j < blocks.length && prose(blocks[j]) && blocks[j].words > 40
  }
  const items: RawItem[] = []
  const skipped: SkippedBlock[] = []
  let cur: RawItem | null = null
  let pendingDate: RawItem['dateLine'] | undefined
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]
    const k = kind[i]
    if (k.boiler) {
      skipped.push({ text: b.raw, reason: k.boiler })
      continue
    }
    // A digest (a week's highlights): its heading is dated with a range, and the days and
    // entries under it are its text, not items, until another range starts the next digest.
    const inDigest = !!cur?.dateLine?.mention.end && !(k.date?.end)
    if (k.title && !inDigest) {
      cur = { title: b, body: [], dateLine: pendingDate }
      pendingDate = undefined
      items.push(cur)
      continue
    }
    if (k.date && !inDigest) {
      if (cur && cur.body.length === 0 && !cur.dateLine) {
        cur.dateLine = { block: b, mention: k.date }
        continue
      }
      const j = nextContent(i)
      if (j < blocks.length && kind[j].title && !pendingDate) {
        pendingDate = { block: b, mention: k.date }
        continue
      }
    }
    if (cur) cur.body.push(b)
    else skipped.push({ text: b.raw, reason: 'before the first item (site text)' })
  }
  if (pendingDate) skipped.push({ text: pendingDate.block.raw, reason: 'date with no item after it' })
  // Short lines after the last item's prose are the page's footer, not the item's text.
  const last = items[items.length - 1]
  if (last) {
    const tail: SkippedBlock[] = []
    while (last.body.length > 1) {
      const b = last.body[last.body.length - 1]
      if (b.words >= 8 || endsLikeSentence(b.text)) break
      tail.unshift({ text: b.raw, reason: 'after the last item (page footer)' })
      last.body.pop()
    }
    skipped.push(...tail)
  }
  return { items, skipped }
}
