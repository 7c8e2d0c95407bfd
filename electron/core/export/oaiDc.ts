import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { create } from 'xmlbuilder2'
import type { Item } from '../../../shared/model'
import { itemUrn } from './jsonld'
import { collectionNames, type EntryWriter, type ExportContext } from './writer'
import type { ExportEntry } from './types'

const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/'
const DC = 'http://purl.org/dc/elements/1.1/'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'

/** DCMI Type Vocabulary term for each item type. */
const DCMI_TYPE: Record<string, string> = { photo: 'StillImage' }

/**
 * One item as an OAI-PMH oai_dc record. People and organisations the item is about are
 * subjects; places are its coverage; the outlet is the publisher; the byline the creator.
 */
export function toOaiDc(item: Item, ctx: ExportContext): string {
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\ufffd' }).ele(OAI_DC, 'oai_dc:dc', {
    'xmlns:dc': DC,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`
  })
  const lang = item.language ? { 'xml:lang': item.language } : undefined
  const add = (name: string, value: string, attrs?: Record<string, string>) => {
    if (value.trim() !== '') root.ele(DC, `dc:${name}`, attrs).txt(value).up()
  }
  add('title', item.title, lang)
  add('creator', item.byline)
  for (const s of new Set([...item.subjects, ...item.people, ...item.organisations, ...item.tags])) add('subject', s)
  add('description', item.description, lang)
  add('publisher', item.outlet)
  add('date', item.date)
  add('type', DCMI_TYPE[item.type] ?? 'Text')
  add('type', item.type)
  for (const t of new Set(item.attachments.map((a) => a.type))) add('format', t)
  add('identifier', item.identifier)
  add('identifier', itemUrn(item.id))
  add('source', item.sourceUrl)
  add('language', item.language)
  const collections = collectionNames(item.collections, ctx)
  for (const c of collections) add('relation', `isPartOf: ${c}`)
  if (ctx.collection && !collections.includes(ctx.collection.name)) add('relation', `isPartOf: ${ctx.collection.name}`)
  for (const p of item.places) add('coverage', p)
  add('rights', item.rights)
  return root.end({ prettyPrint: true }) + '\n'
}

/** A folder of oai_dc records, one <item id>.xml each (the schema allows one record per document). */
export class OaiDcWriter implements EntryWriter {
  constructor(
    private readonly dir: string,
    private readonly ctx: ExportContext
  ) {}

  private made = false

  async add(entry: ExportEntry): Promise<void> {
    if (!this.made) await fsp.mkdir(this.dir, { recursive: true })
    this.made = true
    await fsp.writeFile(path.join(this.dir, `${entry.item.id}.xml`), toOaiDc(entry.item, this.ctx))
  }

  async finish(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true })
  }

  destroy(): void {}
}
