// RSS 2.0, RSS 1.0 (RDF) and Atom files: one child per entry.
import { isUtf8 } from 'node:buffer'
import * as path from 'node:path'
import { fastXmlParser } from './lazyPackages'
import type { Extracted, ExtractOptions } from './types'
import { FILE_LIMITS } from './types'
import { htmlToText } from './html'
import { decodeText } from './decodeText'
import { ImportIssue, readBounded, shortField, toItemDate, toList, warning, longField } from './util'

type Node = Record<string, unknown>

// Made on the first feed read: the package loads only when a feed comes.
let feedParser: import('fast-xml-parser').XMLParser | null = null
const newParser = () => new (fastXmlParser().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  // Entity expansion is bounded by the library; no DOCTYPE entity tricks grow the text.
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author', 'dc:creator', 'dc:subject'].includes(name)
})

/** The text of a node that may be a string, {#text}, or a list of those. */
function txt(v: unknown): string {
  if (v == null) return ''
  if (typeof v === 'string' || typeof v === 'number') return String(v)
  if (Array.isArray(v)) return v.map(txt).filter(Boolean).join('; ')
  if (typeof v === 'object') {
    const o = v as Node
    if ('#text' in o) return txt(o['#text'])
    if ('name' in o) return txt(o.name) // Atom <author><name>
  }
  return ''
}

function atomLink(links: unknown): string {
  const list = (Array.isArray(links) ? links : [links]).filter(Boolean) as Array<Node | string>
  const pick =
    list.find((l) => typeof l === 'object' && (!l['@_rel'] || l['@_rel'] === 'alternate')) ?? list[0]
  if (!pick) return ''
  return typeof pick === 'string' ? pick : txt(pick['@_href'] ?? pick['#text'])
}

export async function extractFeed(file: string, _opts: ExtractOptions = {}): Promise<Extracted> {
  const raw = await readBounded(file, FILE_LIMITS.feedBytes, 'feeds')
  const name = path.basename(file)
  const declared = /<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(raw.subarray(0, 200).toString('latin1'))?.[1]
  // Feeds in the wild lie about (or omit) their encoding: bytes that are not UTF-8 are read as Windows-1252.
  const xml = decodeText(raw, declared)
  const warnings = []
  if (!declared && /[\u00c0-\u00ff]/.test(xml) && !isUtf8(raw))
    warnings.push(warning('ENCODING_GUESSED', `${name} does not say how its text is encoded; it was read as Latin-1 (Western European).`))
  const valid = fastXmlParser().XMLValidator.validate(xml)
  if (valid !== true)
    warnings.push(warning('NOT_WELL_FORMED', `${name} is not well-formed XML (${valid.err.msg}, line ${valid.err.line}); it was read leniently and entries may be incomplete.`))
  let doc: Node
  try {
    doc = (feedParser ??= newParser()).parse(xml) as Node
  } catch (err) {
    throw new ImportIssue('CORRUPT', `${name} could not be read as a feed (${(err as Error).message}).`)
  }
  const rss = doc.rss as Node | undefined
  const rdf = doc['rdf:RDF'] as Node | undefined
  const atom = doc.feed as Node | undefined
  const channel = (rss?.channel ?? rdf?.channel) as Node | undefined
  let children: Extracted[]
  let feedTitle: string
  let feedLang = ''
  if (channel) {
    feedTitle = shortField(txt(channel.title))
    feedLang = shortField(txt(channel.language))
    const items = ((channel.item ?? rdf?.item ?? []) as Node[]) ?? []
    children = items.map((it) => rssEntry(it, feedTitle, feedLang))
  } else if (atom) {
    feedTitle = shortField(txt(atom.title))
    feedLang = shortField(txt(atom['@_xml:lang']))
    children = ((atom.entry ?? []) as Node[]).map((e) => atomEntry(e, feedTitle, feedLang))
  } else {
    throw new ImportIssue('UNSUPPORTED', `${name} is XML but not an RSS or Atom feed.`)
  }
  if (children.length === 0) warnings.push(warning('EMPTY_FEED', `${name} holds no entries.`))
  const fields: Extracted['fields'] = { title: feedTitle || name }
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(feedLang)) fields.language = feedLang
  return { kind: 'feed', text: '', fields, children, warnings }
}


function entry(
  p: { title: string; link: string; date: string; author: string; html: string; summary: string; categories: string[] },
  outlet: string,
  lang: string
): Extracted {
  const text = htmlToText(p.html || p.summary)
  const summary = htmlToText(p.summary || '')
  const fields: Extracted['fields'] = {
    title: shortField(p.title) || shortField(text.split('\n')[0]).slice(0, 200) || 'Untitled entry'
  }
  if (/^https?:\/\//i.test(p.link.trim())) fields.sourceUrl = shortField(p.link)
  const date = toItemDate(p.date)
  if (date) {
    fields.date = date
    fields.dateSource = 'feed entry'
  }
  if (p.author) fields.byline = shortField(p.author)
  if (outlet) fields.outlet = outlet
  if (summary && summary !== text) fields.description = longField(summary)
  if (p.categories.length) fields.subjects = toList(p.categories)
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) fields.language = lang
  const warnings = fields.date ? [] : [warning('NO_DATE', 'The feed entry has no readable date.')]
  return { kind: 'feed-entry', text: longField(text), fields, warnings }
}

function rssEntry(it: Node, outlet: string, lang: string): Extracted {
  return entry(
    {
      title: txt(it.title),
      link: txt(it.link) || (typeof it.guid === 'string' && /^https?:/.test(it.guid) ? it.guid : ''),
      date: txt(it.pubDate) || txt(it['dc:date']),
      author: txt(it['dc:creator']) || txt(it.author),
      html: txt(it['content:encoded']) || txt(it.description),
      summary: txt(it.description),
      categories: ([] as unknown[]).concat(it.category ?? [], it['dc:subject'] ?? []).map(txt).filter(Boolean)
    },
    outlet,
    lang
  )
}

function atomEntry(e: Node, outlet: string, lang: string): Extracted {
  const authors = ((e.author ?? []) as unknown[]).map(txt).filter(Boolean)
  return entry(
    {
      title: txt(e.title),
      link: atomLink(e.link),
      date: txt(e.published) || txt(e.updated),
      author: authors.join('; '),
      html: txt(e.content) || txt(e.summary),
      summary: txt(e.summary),
      categories: ((e.category ?? []) as Node[]).map((c) => txt(c['@_term'] ?? c['@_label'])).filter(Boolean)
    },
    outlet,
    lang || txt(e['@_xml:lang'])
  )
}
