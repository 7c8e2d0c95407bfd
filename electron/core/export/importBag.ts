import * as path from 'node:path'
import { z } from 'zod'
import { AttachmentSchema, ItemFieldsSchema, ItemIdSchema, type Item } from '../../../shared/model'
import type { Archive } from '../Archive'
import { itemFromRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { putItemsVerbatim, type VerbatimItem } from './archiveWriter'
import { isSafeRelPath, openBag, readText, verifyBag, type BagSource } from './bagRead'
import { BagCatalogueSchema, checkBagCatalogue, legacyCollections, planRecords, type ParsedBagCatalogue, type RecordsOutcome } from './catalogueRecords'
import { BAG_FORMAT, BAG_FORMAT_VERSION, ITEM_FILE_FORMAT } from './exportItems'
import type { CollectionInfo, ImportBagOptions, ImportBagSummary, MissingAttachment } from './types'

const BagDescriptionSchema = z.object({
  format: z.literal(BAG_FORMAT),
  version: z.number().int().positive(),
  collection: z.object({ name: z.string(), description: z.string().optional() }).nullable().optional(),
  items: z.array(z.object({ id: ItemIdSchema, path: z.string() })),
  catalogue: z.string().optional()
})

// loose(): a record keeps the fields this version does not know (a later Presskeep's), so nothing is lost.
const BagItemSchema = ItemFieldsSchema.extend({
  id: ItemIdSchema,
  created: z.string().min(1),
  modified: z.string().min(1),
  trashed: z.string().nullable(),
  attachments: z.array(AttachmentSchema)
}).loose()

const BagItemFileSchema = z.object({
  format: z.literal(ITEM_FILE_FORMAT),
  version: z.number().int().positive(),
  item: z.record(z.string(), z.unknown()),
  attachmentText: z.record(z.string(), z.string()).default({}),
  files: z.record(z.string(), z.string().nullable()).default({})
})

const quoteName = (s: string) => `“${s.length > 80 ? '…' + s.slice(-80) : s}”`

function refuse(location: string, why: string): CoreError {
  return new CoreError('INVALID_INPUT', `Cannot import ${location}: ${why} Nothing was imported.`, 'path', {
    reason: 'BAG_INVALID',
    name: path.basename(location),
    detail: why.replace(/\.$/, '')
  })
}

/** JSON with sorted keys, to compare two records whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v
  )
}

function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'record'} ${i.message}`)
    .join('; ')
}

type Planned = VerbatimItem & { files: Record<string, string | null>; state: 'new' | 'replace' }
type Parsed = VerbatimItem & { files: Record<string, string | null> }

/**
 * Reads a Presskeep bag (a folder or a .zip) back into an archive. The whole bag is
 * verified first (every checksum, the Payload-Oxum, every record); a bag that fails is
 * refused and nothing is written. Items keep their ids, so importing the same bag twice
 * adds nothing the second time.
 */
export async function importBag(archive: Archive, location: string, options: ImportBagOptions = {}): Promise<ImportBagSummary> {
  const source = await openBag(location)
  try {
    return await importFrom(archive, source, options)
  } finally {
    await source.close()
  }
}

async function importFrom(archive: Archive, source: BagSource, options: ImportBagOptions): Promise<ImportBagSummary> {
  const loc = source.location
  const progress = options.onProgress
  const verified = await verifyBag(source, (done, total, current) => progress?.({ phase: 'verify', done, total, current }))
  options.signal?.throwIfAborted()
  if (!source.files.has('data/presskeep-bag.json'))
    throw refuse(loc, 'it is a valid BagIt bag, but not one made by Presskeep (there is no data/presskeep-bag.json).')
  let description: z.infer<typeof BagDescriptionSchema>
  try {
    const raw = JSON.parse(await readText(source, 'data/presskeep-bag.json'))
    if (raw?.format === BAG_FORMAT && typeof raw.version === 'number' && raw.version > BAG_FORMAT_VERSION)
      throw refuse(loc, `it was made by a newer Presskeep (bag format ${raw.version}; this version reads up to ${BAG_FORMAT_VERSION}).`)
    const parsed = BagDescriptionSchema.safeParse(raw)
    if (!parsed.success) throw refuse(loc, `its data/presskeep-bag.json is not valid (${issues(parsed.error)}).`)
    description = parsed.data
  } catch (err) {
    if (err instanceof CoreError) throw err
    throw refuse(loc, `its data/presskeep-bag.json is not valid JSON (${(err as Error).message}).`)
  }

  let records: ParsedBagCatalogue | null = null
  if (description.catalogue !== undefined) {
    const rel = `data/${description.catalogue}`
    if (!isSafeRelPath(description.catalogue) || !source.files.has(rel)) throw refuse(loc, `its catalogue records file ${rel} is not in the bag.`)
    try {
      const parsed = BagCatalogueSchema.safeParse(JSON.parse(await readText(source, rel, 256 * 1024 * 1024)))
      if (!parsed.success) throw refuse(loc, `its ${rel} is not valid (${issues(parsed.error)}).`)
      records = checkBagCatalogue(parsed.data, (why) => refuse(loc, why))
    } catch (err) {
      if (err instanceof CoreError) throw err
      throw refuse(loc, `its ${rel} is not valid JSON (${(err as Error).message}).`)
    }
  }

  const sha256s = verified.manifests.get('sha256')
  const parsedItems: Parsed[] = []
  const seen = new Set<string>()
  const missing: MissingAttachment[] = []
  for (const ref of description.items) {
    if (seen.has(ref.id)) throw refuse(loc, `it lists item ${ref.id} twice.`)
    seen.add(ref.id)
    const rel = `data/${ref.path}`
    if (!isSafeRelPath(ref.path) || !source.files.has(rel)) throw refuse(loc, `the metadata file ${ref.path} of item ${ref.id} is not in the bag.`)
    let file: z.infer<typeof BagItemFileSchema>
    try {
      const parsed = BagItemFileSchema.safeParse(JSON.parse(await readText(source, rel, 64 * 1024 * 1024)))
      if (!parsed.success) throw refuse(loc, `${rel} is not a Presskeep item file (${issues(parsed.error)}).`)
      file = parsed.data
    } catch (err) {
      if (err instanceof CoreError) throw err
      throw refuse(loc, `${rel} is not valid JSON (${(err as Error).message}).`)
    }
    if (file.version > BAG_FORMAT_VERSION) throw refuse(loc, `${rel} was written by a newer Presskeep.`)
    const checked = BagItemSchema.safeParse(file.item)
    if (!checked.success) throw refuse(loc, `the record in ${rel} is not valid (${issues(checked.error)}).`)
    // The record as written, not as parsed: fields unknown to this version are kept.
    const item = file.item as unknown as Item
    if (item.id !== ref.id) throw refuse(loc, `${rel} holds item ${item.id}, not ${ref.id}.`)
    for (const a of item.attachments) {
      const p = file.files[a.id]
      if (p === undefined || p === null) {
        if (!(await archive.files.has(a.sha256))) missing.push({ itemId: item.id, attachmentId: a.id, name: a.name, sha256: a.sha256 })
        continue
      }
      if (!isSafeRelPath(p) || !source.files.has(`data/${p}`))
        throw refuse(loc, `the attachment "${a.name}" of item ${item.id} should be at data/${p}, which is not in the bag.`)
      const listed = sha256s?.get(`data/${p}`)
      if (listed && listed !== a.sha256)
        throw refuse(loc, `the file data/${p} is not the attachment "${a.name}" of item ${item.id} (its SHA-256 differs from the record's).`)
    }
    parsedItems.push({ item, attachmentText: file.attachmentText, files: file.files })
  }
  options.signal?.throwIfAborted()

  // The bag is whole and valid. Its catalogue records go in first, so that the items never
  // point at a collection that is not there. They go through the catalogue (Workspace.putRecords)
  // rather than straight into its files: the catalogue keeps those files in memory, queues every
  // change, journals it and makes it undoable, and a write beside it would be lost or undone
  // blindly by its next change. The items themselves are written verbatim (archiveWriter).
  const catalogue = await archive.workspace()
  // A version-1 bag has no records; names its items kept as collections become collections.
  const legacy = description.version < 2 && !records
  const bagRecords: ParsedBagCatalogue = records ?? {
    format: 'presskeep-catalogue',
    version: 1,
    collections: legacy ? legacyCollections(catalogue, parsedItems.map((p) => p.item)) : [],
    tags: [],
    authorities: []
  }
  const label = `Import the catalogue records of the bag ${quoteName(loc)}`
  const applied = await catalogue.putRecords(label, 'import-bag-records', () => planRecords(catalogue, bagRecords, legacy))
  const { map, outcome } = applied.result
  const undoRecords = async () => {
    if (applied.undoSeq !== null && catalogue.history.top.undo?.seq === applied.undoSeq) await catalogue.undo().catch(() => {})
  }

  const planned: Planned[] = []
  const unchanged: string[] = []
  const conflicts: string[] = []
  const dangling = new Set<string>()
  try {
    for (const p of parsedItems) {
      // An item of a collection merged into one of the archive's carries that one's id.
      const remapped = [...new Set(p.item.collections.map((c) => map.get(c) ?? c))]
      const item = remapped.length === p.item.collections.length && remapped.every((c, i) => c === p.item.collections[i]) ? p.item : { ...p.item, collections: remapped }
      for (const c of item.collections) if (!catalogue.collections.get(c)) dangling.add(c)
      const existing = archive.catalog.get(item.id)
      if (existing) {
        const texts = await archive.texts.get(item.id)
        const current = itemFromRecord(existing, texts)
        const currentText = texts.attachments
        // The version counts changes in each archive: the same record at another count is the same record.
        if (canonical({ ...current, version: 0 }) === canonical({ ...item, version: 0 }) && canonical(currentText) === canonical(p.attachmentText)) {
          unchanged.push(item.id)
          continue
        }
        if ((options.onConflict ?? 'keep') === 'keep') {
          conflicts.push(item.id)
          continue
        }
      }
      planned.push({ item, attachmentText: p.attachmentText, files: p.files, state: existing ? 'replace' : 'new' })
    }
    options.signal?.throwIfAborted()
  } catch (err) {
    await undoRecords()
    throw err
  }

  // Files first (content-addressed: harmless until a record refers to them), then records.
  const created: string[] = []
  let filesAdded = 0
  try {
    let done = 0
    for (const p of planned) {
      for (const a of p.item.attachments) {
        const rel = p.files[a.id]
        if (!rel || (await archive.files.holds(a.sha256, a.size))) continue
        options.signal?.throwIfAborted()
        progress?.({ phase: 'import', done, total: planned.length, current: a.name })
        const stored = await archive.files.putStream(await source.open(`data/${rel}`))
        if (stored.created) created.push(stored.sha256)
        if (stored.sha256 !== a.sha256)
          throw refuse(loc, `the file data/${rel} changed while it was being imported (its SHA-256 is not the record's).`)
        filesAdded += stored.created ? 1 : 0
      }
      done++
    }
    options.signal?.throwIfAborted()
    await putItemsVerbatim(archive, planned, { op: 'import-bag', source: loc })
  } catch (err) {
    for (const sha of created) await archive.files.remove(sha).catch(() => {})
    await undoRecords()
    throw err
  }
  progress?.({ phase: 'import', done: planned.length, total: planned.length, current: '' })
  const collection: CollectionInfo | null = description.collection ?? null
  const warnings: string[] = []
  if (conflicts.length > 0)
    warnings.push(`${conflicts.length} item(s) already in the archive differ from the bag and were left as they are in the archive.`)
  if (missing.length > 0) warnings.push(`${missing.length} attachment file(s) are missing from the bag and from this archive.`)
  if (dangling.size > 0)
    warnings.push(`${dangling.size} collection(s) the items are in have no record in the bag or in this archive (${[...dangling].slice(0, 3).join(', ')}${dangling.size > 3 ? ', …' : ''}); the items keep them as they were.`)
  return {
    source: loc,
    imported: planned.map((p) => p.item.id),
    unchanged,
    conflicts,
    filesAdded,
    collection,
    records: outcome,
    missing,
    warnings
  }
}
