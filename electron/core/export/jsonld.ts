import type { Item } from '../../../shared/model'
import { TextFileSink } from './sink'
import { ANNOTATION_CONTEXT, entryAnnotations } from './annotations'
import type { EntryWriter, ExportContext } from './writer'
import type { ExportEntry } from './types'

// schema.org has no press-release or statement type; both report news, as NewsArticle does.
const NEWS_TYPES = new Set(['article', 'press-release', 'interview', 'statement'])

/** The first date of a date or range ("2022-11-22/2022-11-25" → "2022-11-22"): ISO 8601, partial dates allowed. */
function firstDate(date: string): string | undefined {
  return date ? date.split('/')[0] : undefined
}

function isWebUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s)
}

export function collectionUrn(name: string): string {
  return `urn:presskeep:collection:${encodeURIComponent(name)}`
}

export function itemUrn(id: string): string {
  return `urn:presskeep:item:${id}`
}

/** One item as a schema.org NewsArticle (or CreativeWork). */
export function toJsonLd(entry: ExportEntry, ctx: ExportContext): Record<string, unknown> {
  const i: Item = entry.item
  const isNews = NEWS_TYPES.has(i.type)
  const node: Record<string, unknown> = {
    '@type': isNews ? 'NewsArticle' : 'CreativeWork',
    '@id': itemUrn(i.id),
    identifier: i.identifier || i.id,
    headline: i.title,
    name: i.title,
    genre: i.type,
    dateCreated: i.created,
    dateModified: i.modified
  }
  const published = firstDate(i.date)
  if (published) node.datePublished = published
  if (i.language) node.inLanguage = i.language
  if (i.byline) node.author = { '@type': 'Person', name: i.byline }
  if (i.outlet) node.publisher = { '@type': 'Organization', name: i.outlet }
  if (i.section && isNews) node.articleSection = i.section
  if (i.page) node.pagination = i.page
  if (i.edition) node.version = i.edition
  if (i.description) node.description = i.description
  if (i.body) node[isNews ? 'articleBody' : 'text'] = i.body
  if (i.rights) node.copyrightNotice = i.rights
  if (isWebUrl(i.sourceUrl)) node.url = i.sourceUrl
  else if (i.sourceUrl) node.citation = i.sourceUrl
  if (i.subjects.length > 0) node.about = i.subjects.map((name) => ({ '@type': 'Thing', name }))
  if (i.tags.length > 0) node.keywords = i.tags
  const mentions = [
    ...i.people.map((name) => ({ '@type': 'Person', name })),
    ...i.organisations.map((name) => ({ '@type': 'Organization', name })),
    ...i.places.map((name) => ({ '@type': 'Place', name }))
  ]
  if (mentions.length > 0) node.mentions = mentions
  if (i.places.length > 0) node.spatialCoverage = i.places.map((name) => ({ '@type': 'Place', name }))
  // Each collection by name (with its parents'), its Presskeep id as identifier when it has a record.
  const partOf: Array<Record<string, unknown>> = i.collections.map((id) => {
    const name = ctx.collectionName ? ctx.collectionName(id) : id
    return name === id ? { '@type': 'Collection', name } : { '@type': 'Collection', name, identifier: id }
  })
  if (ctx.collection && !partOf.some((p) => p.name === ctx.collection!.name)) partOf.push({ '@id': collectionUrn(ctx.collection.name) })
  if (partOf.length > 0) node.isPartOf = partOf
  if (i.attachments.length > 0)
    node.associatedMedia = i.attachments.map((a) => {
      const media: Record<string, unknown> = {
        '@type': 'MediaObject',
        name: a.name,
        encodingFormat: a.type,
        contentSize: `${a.size} B`,
        sha256: a.sha256,
        uploadDate: a.added
      }
      const rel = entry.files[a.id]
      if (rel && ctx.href) media.contentUrl = ctx.href(rel)
      return media
    })
  return node
}

/** A JSON-LD document: `{"@context": "https://schema.org", "@graph": [...]}`, streamed. */
export class JsonLdWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private readonly ids: string[] = []
  private started = false

  constructor(
    file: string,
    private readonly ctx: ExportContext
  ) {
    this.sink = new TextFileSink(file)
  }

  async add(entry: ExportEntry): Promise<void> {
    if (!this.started) await this.sink.write('{\n "@context": "https://schema.org",\n "@graph": [\n')
    await this.sink.write((this.started ? ',\n' : '') + JSON.stringify(toJsonLd(entry, this.ctx)))
    // Regions follow their item as W3C Web Annotations, each node carrying the annotation
    // vocabulary's own context (the document's is schema.org's).
    for (const a of entryAnnotations(entry, this.ctx.href)) await this.sink.write(',\n' + JSON.stringify({ '@context': ANNOTATION_CONTEXT, ...a }))
    this.started = true
    this.ids.push(entry.item.id)
  }

  async finish(): Promise<void> {
    if (!this.started) await this.sink.write('{\n "@context": "https://schema.org",\n "@graph": [\n')
    // The collection comes last: only then are all its parts known.
    const c = this.ctx.collection
    if (c) {
      const node: Record<string, unknown> = { '@type': 'Collection', '@id': collectionUrn(c.name), name: c.name }
      if (c.description) node.description = c.description
      node.dateCreated = this.ctx.exported
      node.hasPart = this.ids.map((id) => ({ '@id': itemUrn(id) }))
      await this.sink.write((this.started ? ',\n' : '') + JSON.stringify(node))
    }
    await this.sink.write('\n ]\n}\n')
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
