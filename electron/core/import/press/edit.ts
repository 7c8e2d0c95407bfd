// Pure helpers for the review screen: merge two proposed items, split one, and compute
// again what depends on the text after the archivist edited it.
import type { ItemCreate } from '../../../../shared/model'
import { CoreError } from '../../errors'
import { buildAuthorities } from './authorities'
import { containsName, enrichText, itemWarnings, capWarnings } from './enrich'
import { parseReferenceDate } from './propose'
import { countWords, titleFrom } from './text'
import type { Authority, Proposal, ProposedItem } from './types'

export type EditContext = {
  /** The proposal's (and the archive's) authority records, so names keep their preferred forms. */
  authorities?: Authority[]
  referenceDate?: string
  /** Fields the archivist set by hand: kept as they are. */
  keep?: Array<keyof ItemCreate>
}

const DERIVED = ['date', 'dateInferred', 'dateSource', 'language', 'people', 'organisations', 'places', 'warnings'] as const

/** Date, language, names and warnings computed again from the item's title and body. */
export function reenrichItem(item: ProposedItem, ctx: EditContext = {}): ProposedItem {
  const f = item.fields
  const body = f.body ?? ''
  const e = enrichText(f.title, body, { ref: parseReferenceDate(ctx.referenceDate) })
  const resolver = buildAuthorities([e.mentions], ctx.authorities ?? [])
  const text = `${f.title}\n\n${body}`
  const derived: Partial<ItemCreate> = {
    date: e.date?.date ?? '',
    dateInferred: e.date ? e.date.inferred : false,
    dateSource: e.date?.phrase ?? '',
    language: e.language,
    people: resolver.people(e.mentions),
    organisations: resolver.organisations(e.mentions),
    places: resolver.places(e.mentions, text, containsName)
  }
  const keep = new Set(ctx.keep ?? [])
  const next: ItemCreate = { ...f }
  for (const k of DERIVED) if (k !== 'warnings' && !keep.has(k)) (next as Record<string, unknown>)[k] = derived[k]
  if (!keep.has('warnings')) {
    // Warnings that need the page or the archive (LANGUAGE_DIFFERS, DUPLICATE) are kept.
    const outside = (f.warnings ?? []).filter((w) => w.code === 'LANGUAGE_DIFFERS' || w.code === 'DUPLICATE')
    // A listing's summary stays one (and cut where it was) after an edit: the page said so, not its text.
    const codes = new Set((f.warnings ?? []).map((w) => w.code))
    const teaser = codes.has('SUMMARY_ONLY') ? { cut: codes.has('TRUNCATED') } : undefined
    next.warnings = capWarnings([...itemWarnings(next, { articlePage: next.type === 'article' && !teaser, teaser }), ...outside])
  }
  return { ...item, fields: next }
}

/** One item of two that the splitter cut apart: b's title becomes a paragraph of the body. */
export function mergeProposed(a: ProposedItem, b: ProposedItem, ctx: EditContext = {}): ProposedItem {
  // Exact: b's heading becomes a paragraph again, a title made up at a split does not; the
  // halves of one split share their source text, which is kept once.
  const body = [a.fields.body ?? '', b.titleMadeUp ? '' : b.fields.title, b.fields.body ?? ''].filter((p) => p.trim() !== '').join('\n\n')
  const merged: ProposedItem = {
    key: `${a.key}+${b.key}`,
    fields: { ...a.fields, body, warnings: [] },
    sourceText: a.sourceText === b.sourceText ? a.sourceText : `${a.sourceText}\n\n${b.sourceText}`,
    ...(a.titleMadeUp ? { titleMadeUp: true } : {})
  }
  return reenrichItem(merged, ctx)
}

/**
 * Two items from one: paragraphs before `atParagraph` stay, the rest become a new item,
 * whose title is its first paragraph when that is short (a heading), else made from it.
 * Both keep the whole source text, so nothing is lost whatever the cut.
 */
export function splitProposed(item: ProposedItem, atParagraph: number, ctx: EditContext = {}): [ProposedItem, ProposedItem] {
  const paras = (item.fields.body ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  if (!Number.isInteger(atParagraph) || atParagraph < 1 || atParagraph >= paras.length)
    throw new CoreError(
      'INVALID_INPUT',
      `Cannot split “${item.fields.title}” at paragraph ${atParagraph}: choose a paragraph between 1 and ${paras.length - 1}.`,
      'atParagraph',
      { reason: 'SPLIT_OUT_OF_RANGE', title: item.fields.title ?? '', max: paras.length - 1 }
    )
  const rest = paras.slice(atParagraph)
  let title: string
  let body: string[]
  const heading = rest.length > 1 && countWords(rest[0]) <= 32 && !/[.:;,]$/.test(rest[0])
  if (heading) {
    title = rest[0]
    body = rest.slice(1)
  } else {
    title = titleFrom(rest[0])
    body = rest
  }
  const first: ProposedItem = {
    ...item,
    key: `${item.key}a`,
    fields: { ...item.fields, body: paras.slice(0, atParagraph).join('\n\n') }
  }
  const second: ProposedItem = {
    key: `${item.key}b`,
    fields: { ...item.fields, title, body: body.join('\n\n') },
    sourceText: item.sourceText,
    ...(heading ? {} : { titleMadeUp: true })
  }
  return [reenrichItem(first, ctx), reenrichItem(second, ctx)]
}

/**
 * Puts a skipped block back: appended to the item `toItem` (by key), or, without one, as a
 * new item after the others. The block leaves `skipped`; nothing else changes.
 */
export function restoreSkipped(
  proposal: Proposal,
  skippedIndex: number,
  options: { toItem?: string } & EditContext = {}
): Proposal {
  const block = proposal.skipped[skippedIndex]
  if (!block) throw new CoreError('INVALID_INPUT', `There is no skipped text number ${skippedIndex}.`, 'skippedIndex', { reason: 'PROPOSAL_GONE' })
  const text = block.text.replace(/\s+/g, ' ').trim()
  const skipped = proposal.skipped.filter((_, i) => i !== skippedIndex)
  const ctx = { authorities: proposal.authorities, ...options }
  if (options.toItem) {
    const idx = proposal.items.findIndex((i) => i.key === options.toItem)
    if (idx < 0) throw new CoreError('NOT_FOUND', `There is no proposed item ${options.toItem}.`, 'toItem', { reason: 'PROPOSAL_GONE' })
    const item = proposal.items[idx]
    const updated = reenrichItem(
      {
        ...item,
        fields: { ...item.fields, body: [item.fields.body ?? '', text].filter(Boolean).join('\n\n') },
        sourceText: `${item.sourceText}\n\n${block.text}`
      },
      ctx
    )
    return { ...proposal, skipped, items: proposal.items.map((i, k) => (k === idx ? updated : i)) }
  }
  const base = proposal.items[0]?.fields
  const fresh = reenrichItem(
    {
      key: `r${skippedIndex}-${proposal.items.length + 1}`,
      fields: { title: titleFrom(text), body: text, type: base?.type ?? 'press-release', provenance: base?.provenance ?? null, warnings: [] },
      sourceText: block.text
    },
    ctx
  )
  return { ...proposal, skipped, items: [...proposal.items, fresh] }
}
