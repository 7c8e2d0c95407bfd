import type { Item } from '../../../shared/model'
import { TextFileSink } from './sink'
import type { EntryWriter, ExportContext } from './writer'
import type { ExportEntry } from './types'

type DateParts = Array<number>

function dateParts(date: string): { 'date-parts': DateParts[] } | undefined {
  if (!date) return undefined
  const parts = date.split('/').map((d) => d.split('-').map(Number))
  return { 'date-parts': parts }
}

const GENRE: Record<string, string> = {
  'press-release': 'Press release',
  article: 'Article',
  interview: 'Interview',
  speech: 'Speech',
  statement: 'Statement',
  photo: 'Photograph',
  report: 'Report',
  other: 'Document'
}

/**
 * One item as CSL-JSON. An item that appeared in a named outlet is an article-newspaper
 * (container-title = the outlet); anything else is a plain article with the outlet as its
 * publisher. The archivist's private notes stay out of citations.
 */
export function toCsl(item: Item, ctx: ExportContext): Record<string, unknown> {
  const isNewspaper = item.outlet !== '' && item.type !== 'press-release'
  const csl: Record<string, unknown> = {
    id: item.id,
    type: isNewspaper ? 'article-newspaper' : 'article',
    title: item.title,
    genre: GENRE[item.type] ?? item.type
  }
  if (isNewspaper) csl['container-title'] = item.outlet
  else if (item.outlet) csl.publisher = item.outlet
  if (item.byline) csl.author = [{ literal: item.byline }]
  const issued = dateParts(item.date)
  if (issued) csl.issued = issued
  if (item.language) csl.language = item.language
  if (item.description) csl.abstract = item.description
  if (item.section) csl.section = item.section
  if (item.page) csl.page = item.page
  if (item.edition) csl.edition = item.edition
  if (item.releaseNumber) csl.number = item.releaseNumber
  if (/^https?:\/\//i.test(item.sourceUrl)) csl.URL = item.sourceUrl
  else if (item.sourceUrl) csl.source = item.sourceUrl
  const keywords = [...item.subjects, ...item.tags]
  if (keywords.length > 0) csl.keyword = keywords.join(', ')
  csl.archive = ctx.archive.name
  if (item.identifier) csl.archive_location = item.identifier
  return csl
}

/** A CSL-JSON array, streamed. */
export class CslWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private first = true

  constructor(
    file: string,
    private readonly ctx: ExportContext
  ) {
    this.sink = new TextFileSink(file)
  }

  async add(entry: ExportEntry): Promise<void> {
    await this.sink.write((this.first ? '[\n' : ',\n') + JSON.stringify(toCsl(entry.item, this.ctx)))
    this.first = false
  }

  async finish(): Promise<void> {
    await this.sink.write(this.first ? '[]\n' : '\n]\n')
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
