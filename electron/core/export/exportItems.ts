import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Archive } from '../Archive'
import type { Workspace } from '../workspace'
import { CoreError } from '../errors'
import { BAG_CATALOGUE_PATH, CatalogueCollector, collectionNamer } from './catalogueRecords'
import { writeTagFiles } from './bagit'
import { FolderBagSink, ZipBagSink, type BagSink, type Digests } from './bagSink'
import { CslWriter } from './csl'
import { CsvWriter } from './csv'
import { HtmlWriter } from './html'
import { JsonWriter, exportedItem } from './json'
import { JsonLdWriter } from './jsonld'
import { AnnotationsWriter } from './annotations'
import { NameAllocator, itemFolderName, safeFileName } from './names'
import { OaiDcWriter } from './oaiDc'
import { PendingOutput, checkDestination, writeError } from './output'
import { checkIds, loadEntries, uniqueIds } from './records'
import {
  EXPORT_FORMATS,
  OUTPUT_KIND,
  type ExportEntry,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
  type ExportSummary,
  type MissingAttachment
} from './types'
import { relativeHref, type EntryWriter, type ExportContext } from './writer'


export const BAG_FORMAT = 'presskeep-bag'
/** 2: data/presskeep-catalogue.json holds the collections, tag records and authority records of the items. Version 1 bags are still read. */
export const BAG_FORMAT_VERSION = 2
export const ITEM_FILE_FORMAT = 'presskeep-item'

/** data/presskeep-bag.json: what a Presskeep bag holds, so that it can be read back. */
export type BagDescription = {
  format: typeof BAG_FORMAT
  version: number
  exported: string
  generator: string
  archive: { name: string; id: string }
  collection: { name: string; description?: string } | null
  /** Each item's metadata file, relative to data/, in export order. */
  items: Array<{ id: string; path: string }>
  missing: MissingAttachment[]
  /** Since version 2: the catalogue records file, relative to data/ (see catalogueRecords.ts). */
  catalogue?: string
}

/** data/items/<folder>/item.json */
export type BagItemFile = {
  format: typeof ITEM_FILE_FORMAT
  version: number
  item: Record<string, unknown>
  attachmentText: Record<string, string>
  /** Attachment id → path relative to data/, or null when the file was missing. */
  files: Record<string, string | null>
}

class Progress {
  private last = 0
  readonly p: ExportProgress

  constructor(
    total: number,
    bytesTotal: number,
    private readonly fn?: (p: ExportProgress) => void
  ) {
    this.p = { phase: 'items', done: 0, total, bytesDone: 0, bytesTotal, current: '' }
  }

  tick(force = false): void {
    if (!this.fn) return
    const now = Date.now()
    // At most 20 reports a second: a 100k-item export must not flood the UI with events.
    if (!force && now - this.last < 50) return
    this.last = now
    this.fn({ ...this.p })
  }
}

function isMissingFile(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * Exports the given items to `options.out` in one format. The output is written under a
 * temporary name beside the destination and appears only when complete: a failure or a
 * cancel (options.signal) leaves nothing behind. A missing attachment file is reported
 * in the summary (and, in a bag, in missing-attachments.txt) and the export goes on.
 */
export async function exportItems(archive: Archive, ids: string[], options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now()
  const format = options.format
  if (!EXPORT_FORMATS.includes(format))
    throw new CoreError('INVALID_INPUT', `Unknown export format "${String(format)}"; use one of ${EXPORT_FORMATS.join(', ')}.`, 'format', { reason: 'FORMAT_UNKNOWN', format: String(format).slice(0, 40) })
  if (!options.out || typeof options.out !== 'string')
    throw new CoreError('INVALID_INPUT', 'Choose where to write the export.', 'out', { reason: 'DESTINATION_MISSING' })
  if (options.collection && !options.collection.name?.trim())
    throw new CoreError('INVALID_INPUT', 'The collection needs a name.', 'collection', { reason: 'NAME_EMPTY' })
  const list = uniqueIds(ids)
  checkIds(archive, list)
  await checkDestination(options.out, [archive.root, archive.files.folder])
  options.signal?.throwIfAborted()
  const pending = await PendingOutput.create(options.out, OUTPUT_KIND[format], options.overwrite ?? false)
  const info = archive.info()
  const warnings: string[] = []
  let cat: Workspace | null = null
  try {
    cat = await archive.workspace()
  } catch (err) {
    // A damaged catalogue file must not stop the items from leaving: they go, with ids for names.
    warnings.push(`The archive's collections, tags and authority records could not be read (${(err as Error).message}); collections are shown by id and the export carries none of these records.`)
  }
  const ctx: ExportContext = {
    archive: { name: info.name, id: info.id },
    collection: options.collection ? { ...options.collection } : null,
    exported: new Date().toISOString(),
    collectionName: collectionNamer(cat)
  }
  let bytesTotal = 0
  if (format === 'bagit' || format === 'bagit-zip' || format === 'html')
    for (const id of list) for (const a of archive.catalog.get(id)!.attachments) bytesTotal += a.size
  const progress = new Progress(list.length, bytesTotal, options.onProgress)
  const summary: ExportSummary = {
    format,
    out: pending.out,
    items: 0,
    attachments: 0,
    attachmentBytes: 0,
    missing: [],
    warnings,
    durationMs: 0
  }
  try {
    if (format === 'bagit' || format === 'bagit-zip') await writeBag(archive, cat, list, options, ctx, pending, progress, summary)
    else await writeSimple(archive, list, format, options, ctx, pending, progress, summary)
    options.signal?.throwIfAborted()
    await pending.commit()
  } catch (err) {
    await pending.abort()
    if ((err as Error)?.name === 'AbortError' || options.signal?.aborted) throw options.signal?.reason ?? err
    throw writeError(pending.out, err)
  }
  progress.p.phase = 'done'
  progress.tick(true)
  summary.durationMs = Date.now() - started
  return summary
}

function simpleWriter(format: ExportFormat, target: string, ctx: ExportContext): EntryWriter {
  switch (format) {
    case 'csv':
      return new CsvWriter(target, ctx)
    case 'json':
      return new JsonWriter(target, ctx)
    case 'jsonld':
      return new JsonLdWriter(target, ctx)
    case 'csl-json':
      return new CslWriter(target, ctx)
    case 'oai_dc':
      return new OaiDcWriter(target, ctx)
    case 'html':
      return new HtmlWriter(target, '', ctx)
    default:
      throw new CoreError('INTERNAL', `No writer for ${format}.`)
  }
}

async function writeSimple(
  archive: Archive,
  ids: string[],
  format: ExportFormat,
  options: ExportOptions,
  ctx: ExportContext,
  pending: PendingOutput,
  progress: Progress,
  summary: ExportSummary
): Promise<void> {
  const writer = simpleWriter(format, pending.tmp, ctx)
  const names = new NameAllocator()
  try {
    for await (const entry of loadEntries(archive, ids, { withAttachmentText: format === 'json', withoutNotes: options.withoutNotes, signal: options.signal })) {
      progress.p.current = entry.item.title
      // The HTML catalogue carries copies of the attachments, under files/<item id>/.
      if (format === 'html') {
        for (const a of entry.item.attachments) {
          const folder = `files/${entry.item.id}`
          const rel = `${folder}/${names.take(folder, safeFileName(a.name))}`
          try {
            await fsp.mkdir(path.join(pending.tmp, folder), { recursive: true })
            await fsp.copyFile(archive.files.pathOf(a.sha256), path.join(pending.tmp, rel))
            entry.files[a.id] = rel
            summary.attachments++
            summary.attachmentBytes += a.size
          } catch (err) {
            if (!isMissingFile(err)) throw err
            entry.files[a.id] = null
            summary.missing.push({ itemId: entry.item.id, attachmentId: a.id, name: a.name, sha256: a.sha256 })
          }
          progress.p.bytesDone += a.size
        }
      }
      await writer.add(entry)
      summary.items++
      progress.p.done++
      progress.tick()
    }
    await writer.finish()
  } catch (err) {
    writer.destroy()
    throw err
  }
  if (summary.missing.length > 0)
    summary.warnings.push(`${summary.missing.length} attachment file(s) were missing from the archive and are not in the export.`)
}

const COLLECTION_DIR = 'collection'

async function writeBag(
  archive: Archive,
  cat: Workspace | null,
  ids: string[],
  options: ExportOptions,
  ctx: ExportContext,
  pending: PendingOutput,
  progress: Progress,
  summary: ExportSummary
): Promise<void> {
  const top = path.basename(pending.out).replace(/\.zip$/i, '') || 'bag'
  const sink: BagSink = options.format === 'bagit' ? new FolderBagSink(pending.tmp) : new ZipBagSink(pending.tmp, top)
  const payload = new Map<string, Digests>()
  const names = new NameAllocator()
  const staging = sink.stagingFor(`data/${COLLECTION_DIR}`)
  await fsp.mkdir(staging, { recursive: true })
  // Collection-level metadata in every other format, written as the items stream by.
  const here = (dir: string): ExportContext => ({ ...ctx, href: (rel) => relativeHref(dir, rel) })
  const writers: EntryWriter[] = [
    new CsvWriter(path.join(staging, 'items.csv'), ctx),
    new JsonWriter(path.join(staging, 'items.json'), ctx),
    new JsonLdWriter(path.join(staging, 'items.jsonld'), here(COLLECTION_DIR)),
    new CslWriter(path.join(staging, 'items.csl.json'), ctx),
    new OaiDcWriter(path.join(staging, 'oai_dc'), ctx),
    new HtmlWriter(path.join(staging, 'catalogue'), `${COLLECTION_DIR}/catalogue`, ctx),
    new AnnotationsWriter(path.join(staging, 'annotations.jsonld'), here(COLLECTION_DIR))
  ]
  const index: BagDescription['items'] = []
  const records = cat ? new CatalogueCollector(cat) : null
  try {
    for await (const entry of loadEntries(archive, ids, { withAttachmentText: true, withoutNotes: options.withoutNotes, signal: options.signal })) {
      const item = entry.item
      records?.add(item)
      progress.p.current = item.title
      const folder = names.take('items', itemFolderName(item.title, item.date))
      for (const a of item.attachments) {
        const filesDir = `items/${folder}/files`
        const rel = `${filesDir}/${names.take(filesDir, safeFileName(a.name))}`
        try {
          const d = await sink.copy(`data/${rel}`, archive.files.pathOf(a.sha256), (n) => {
            progress.p.bytesDone += n
            progress.tick()
          })
          payload.set(`data/${rel}`, d)
          entry.files[a.id] = rel
          summary.attachments++
          summary.attachmentBytes += d.size
          if (d.sha256 !== a.sha256)
            summary.warnings.push(
              `The stored file of "${a.name}" (item ${item.id}) does not match its checksum any more: it is damaged in the archive. The bag holds it as it is now.`
            )
        } catch (err) {
          if (!isMissingFile(err)) throw err
          entry.files[a.id] = null
          summary.missing.push({ itemId: item.id, attachmentId: a.id, name: a.name, sha256: a.sha256 })
        }
      }
      const itemFile: BagItemFile = {
        format: ITEM_FILE_FORMAT,
        version: BAG_FORMAT_VERSION,
        item: exportedItemWithoutText(entry),
        attachmentText: entry.attachmentText,
        files: entry.files
      }
      const metaRel = `items/${folder}/item.json`
      index.push({ id: item.id, path: metaRel })
      // The metadata file and the writers touch different files: let the disk work on them together.
      const [meta] = await Promise.all([
        sink.put(`data/${metaRel}`, Buffer.from(JSON.stringify(itemFile, null, 1) + '\n')),
        ...writers.map((w) => w.add(entry))
      ])
      payload.set(`data/${metaRel}`, meta)
      summary.items++
      progress.p.done++
      progress.tick()
    }
    progress.p.phase = 'collection'
    progress.tick(true)
    for (const w of writers) await w.finish()
  } catch (err) {
    for (const w of writers) w.destroy()
    await sink.abort()
    throw err
  }
  try {
    for (const [rel, d] of await sink.adoptFolder(`data/${COLLECTION_DIR}`, staging)) payload.set(rel, d)
    const description: BagDescription = {
      format: BAG_FORMAT,
      version: BAG_FORMAT_VERSION,
      exported: ctx.exported,
      generator: 'Presskeep',
      archive: ctx.archive,
      collection: ctx.collection,
      items: index,
      missing: summary.missing,
      ...(records ? { catalogue: BAG_CATALOGUE_PATH } : {})
    }
    if (records)
      payload.set(`data/${BAG_CATALOGUE_PATH}`, await sink.put(`data/${BAG_CATALOGUE_PATH}`, Buffer.from(JSON.stringify(records.result(), null, 1) + '\n')))
    payload.set('data/presskeep-bag.json', await sink.put('data/presskeep-bag.json', Buffer.from(JSON.stringify(description, null, 1) + '\n')))
    progress.p.phase = 'manifests'
    progress.tick(true)
    const c = ctx.collection
    const generated = `${summary.items} press items${c ? ` of the collection "${c.name}"` : ''}, with ${summary.attachments} attachments, exported by Presskeep from the archive "${ctx.archive.name}".`
    const info: Array<[string, string]> = [
      ['Source-Organization', options.organization?.trim() || ctx.archive.name],
      ['Bagging-Date', ctx.exported.slice(0, 10)],
      ['Bag-Software-Agent', 'Presskeep'],
      ['External-Description', c?.description?.trim() || generated],
      ['Internal-Sender-Identifier', c?.name ?? ''],
      ['Internal-Sender-Description', generated]
    ]
    const extra: Array<{ name: string; text: string }> = []
    if (summary.missing.length > 0) {
      info.push(['Presskeep-Missing-Attachments', String(summary.missing.length)])
      extra.push({
        name: 'missing-attachments.txt',
        text:
          '# Attachments whose stored file was missing from the archive when this bag was made.\n' +
          '# Their records are in the items\' item.json; the files themselves are not in data/.\n' +
          '# item id\tattachment id\tsha256\tname\n' +
          summary.missing.map((m) => `${m.itemId}\t${m.attachmentId}\t${m.sha256}\t${m.name.replace(/[\t\r\n]/g, ' ')}\n`).join('')
      })
      summary.warnings.push(
        `${summary.missing.length} attachment file(s) were missing from the archive; the bag lists them in missing-attachments.txt.`
      )
    }
    await writeTagFiles(sink, payload, info, extra)
    await sink.close()
  } catch (err) {
    await sink.abort()
    throw err
  }
}

/** The item record as the bag keeps it: everything, body included; extracted texts sit beside it. */
function exportedItemWithoutText(entry: ExportEntry): Record<string, unknown> {
  const { attachmentText: _t, ...item } = exportedItem(entry) as Record<string, unknown> & { attachmentText?: unknown }
  return item
}
