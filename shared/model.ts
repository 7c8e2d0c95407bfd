// The data model of a Presskeep archive: Dublin Core, extended for the press.
// Imports nothing local: every process (core, main, preload, renderer, CLI) reads it.
import { z } from 'zod'

export const ITEM_TYPES = [
  'press-release',
  'article',
  'interview',
  'speech',
  'statement',
  'photo',
  'report',
  'other'
] as const
export const ItemTypeSchema = z.enum(ITEM_TYPES)
export type ItemType = z.infer<typeof ItemTypeSchema>

/** Languages the offline OCR reads (tesseract codes; the data ships in @tesseract.js-data packages). */
export const OCR_LANGUAGE_CODES = ['eng', 'fra', 'ara'] as const
export type OcrLanguageCode = (typeof OCR_LANGUAGE_CODES)[number]

/** Item fields a column of an imported CSV/JSON table may fill ('' in a mapping: the column is ignored). */
export const MAPPABLE_FIELDS = [
  'title', 'date', 'type', 'language', 'outlet', 'section', 'page', 'edition', 'byline', 'releaseNumber',
  'sourceUrl', 'description', 'body', 'notes', 'subjects', 'people', 'organisations', 'places', 'tags',
  'collections', 'rights', 'identifier', 'embargo'
] as const
export type MappableField = (typeof MAPPABLE_FIELDS)[number]

export const ITEM_STATUSES = ['new', 'in-progress', 'catalogued', 'needs-review'] as const
export const ItemStatusSchema = z.enum(ITEM_STATUSES)

/** Limits on what enters through the API (also enforced on CLI and import input). */
export const LIMITS = {
  shortText: 1_000,
  longText: 20_000_000,
  listEntries: 500,
  idsPerCall: 100_000,
  pageSize: 1_000,
  pathsPerCall: 10_000
} as const

// A date as archivists write it: a year, a month, a day, or a range of those ("2022-11-22/2022-11-25").
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

export function isValidPartialDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value)
  if (!m) return false
  const month = m[2] ? Number(m[2]) : 1
  const day = m[3] ? Number(m[3]) : 1
  if (month < 1 || month > 12) return false
  const daysInMonth = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()
  return day >= 1 && day <= daysInMonth
}

export function isValidItemDate(value: string): boolean {
  const parts = value.split('/')
  if (parts.length > 2) return false
  if (!parts.every(isValidPartialDate)) return false
  return parts.length === 1 || parts[0] <= parts[1]
}

export const ItemDateSchema = z
  .string()
  .max(64) // a range of two full dates is 21 characters; limits checked in issue 9
  .trim()
  .refine((v) => v === '' || isValidItemDate(v), {
    message: 'must be a date like 2022, 2022-11, 2022-11-23 or a range 2022-11-22/2022-11-25'
  })

// BCP 47, loosely: "en", "fr", "ar", "pt-BR", "zh-Hans". Empty means unknown.
export const LanguageSchema = z
  .string()
  .max(64)
  .trim()
  .refine((v) => v === '' || /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v), {
    message: 'must be a language tag like en, fr, ar or pt-BR'
  })

/**
 * Half of a UTF-16 surrogate pair alone (cut from an emoji, or from a broken decoder) cannot
 * be written as UTF-8: files and bags would carry U+FFFD where the record holds the half, and
 * no longer match it. Text is repaired at input, each lone half becoming U+FFFD.
 */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

const shortText = z.string().max(LIMITS.shortText).overwrite(wellFormed)
const longText = z.string().max(LIMITS.longText).overwrite(wellFormed)
const nameList = z.array(z.string().trim().min(1).max(LIMITS.shortText).overwrite(wellFormed)).max(LIMITS.listEntries)

export const WarningSchema = z.object({
  code: z.string().max(64),
  /** English, with its values in place (the CLI, exports, older readers). */
  message: shortText,
  /** The values of the message, for the interface to say it in its own language. */
  params: z.record(z.string().max(40), z.union([z.string().max(LIMITS.shortText), z.number()])).optional()
})
export type Warning = z.infer<typeof WarningSchema>

export const ProvenanceSchema = z.object({
  method: shortText,
  source: shortText.optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  importedAt: z.string().max(64).optional(),
  /** Names as the source wrote them, where a merge of authority records put the preferred form in their place. */
  spellings: z.array(shortText).max(LIMITS.listEntries).optional()
})
export type Provenance = z.infer<typeof ProvenanceSchema>

/**
 * A region: a rectangle drawn on one page of a PDF or on an image, with its own title, note and
 * tags. Coordinates are in the document's own units, so zoom and rotation never change them:
 * image pixels for images; for PDFs, PDF points (1/72 in) of the page as it is stored (its
 * rotation not applied), measured from the page's top-left corner.
 */
export const RegionSchema = z
  .object({
    id: z.string().regex(/^[0-9a-z]{8,40}$/, 'is not a region id'),
    attachmentId: z.string().regex(/^[0-9a-z]{8,40}$/, 'is not an attachment id'),
    /** 1-based page of a PDF; null on an image. */
    page: z.number().int().min(1).max(1_000_000).nullable(),
    x: z.number().finite().min(0).max(1e7),
    y: z.number().finite().min(0).max(1e7),
    w: z.number().finite().positive().max(1e7),
    h: z.number().finite().positive().max(1e7),
    title: z.string().trim().max(LIMITS.shortText).overwrite(wellFormed),
    note: z.string().max(100_000).overwrite(wellFormed),
    tags: nameList,
    created: z.string().max(64)
  })
  .strict()
export type Region = z.infer<typeof RegionSchema>

/** Every field a person (or an importer) may set on an item. */
export const ItemFieldsSchema = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(LIMITS.shortText).overwrite(wellFormed),
  date: ItemDateSchema,
  dateInferred: z.boolean(),
  dateSource: shortText,
  type: ItemTypeSchema,
  language: LanguageSchema,
  outlet: shortText,
  section: shortText,
  page: shortText,
  edition: shortText,
  byline: shortText,
  releaseNumber: shortText,
  embargo: ItemDateSchema,
  sourceUrl: shortText,
  description: longText,
  body: longText,
  notes: longText,
  subjects: nameList,
  people: nameList,
  organisations: nameList,
  places: nameList,
  tags: nameList,
  collections: nameList,
  status: ItemStatusSchema,
  rights: shortText,
  identifier: shortText,
  warnings: z.array(WarningSchema).max(100),
  provenance: ProvenanceSchema.nullable(),
  regions: z.array(RegionSchema).max(LIMITS.listEntries)
})
export type ItemFields = z.infer<typeof ItemFieldsSchema>

/** Fields as given when creating: only the title is required. */
export const ItemCreateSchema = ItemFieldsSchema.partial().required({ title: true }).strict()
export type ItemCreate = z.infer<typeof ItemCreateSchema>
export const ItemPatchSchema = ItemFieldsSchema.partial().strict()
export type ItemPatch = z.infer<typeof ItemPatchSchema>

export const EDITABLE_TEXT_FIELDS = [
  'title',
  'date',
  'type',
  'language',
  'outlet',
  'byline',
  'description',
  'body',
  'notes',
  'rights',
  'identifier'
] as const

export const ItemIdSchema = z.string().regex(/^[0-9a-z]{8,40}$/, 'is not an item id')
export const AttachmentIdSchema = z.string().regex(/^[0-9a-z]{8,40}$/, 'is not an attachment id')

export const AttachmentSchema = z.object({
  id: AttachmentIdSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  type: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  added: z.string()
})
export type Attachment = z.infer<typeof AttachmentSchema>

/**
 * A file of the item that could not be read, named as the archive check names it: the item is
 * shown (and its other fields edited) without what the file held, never with an error instead.
 */
export type ItemDamage = { kind: 'text-unreadable'; path: string; message: string }

export type Item = ItemFields & {
  /** Present only when a file of the item is damaged: its long texts are then shown empty. */
  damage?: ItemDamage[]
  id: string
  /** 1 when created, one more with every committed change; an archive written before versions reads as 1. */
  version: number
  created: string
  modified: string
  /** ISO time it was moved to the trash, or null. */
  trashed: string | null
  attachments: Attachment[]
}

/**
 * A change refused because it was made on an older version of the item and changes a field
 * that another change changed since: the item as it is now, the fields both changed
 * (`fields`), and every field changed since the version the change started from (`touched`).
 */
export type ItemConflict = { current: Item; fields: string[]; touched: string[]; baseVersion: number }

/** What the list shows: everything but the long texts. */
export type ItemSummary = Omit<Item, 'body' | 'notes' | 'description'>

export const ITEM_DEFAULTS: Omit<ItemFields, 'title'> = {
  date: '',
  dateInferred: false,
  dateSource: '',
  type: 'article',
  language: '',
  outlet: '',
  section: '',
  page: '',
  edition: '',
  byline: '',
  releaseNumber: '',
  embargo: '',
  sourceUrl: '',
  description: '',
  body: '',
  notes: '',
  subjects: [],
  people: [],
  organisations: [],
  places: [],
  tags: [],
  collections: [],
  status: 'new',
  rights: '',
  identifier: '',
  warnings: [],
  provenance: null,
  regions: []
}

export const ARCHIVE_FORMAT = 'presskeep-archive'
export const ARCHIVE_FORMAT_VERSION = 1

export type ArchiveInfo = {
  path: string
  name: string
  id: string
  format: string
  version: number
  created: string
  counts: { items: number; trashed: number; attachments: number }
}

// ---------------------------------------------------------------------------------------------
// Cataloguing workspace (issue 7): tags, collections, authority records, bulk edit, undo.
// ---------------------------------------------------------------------------------------------

export const TAG_MAX_CHARS = 200
export const TAG_MAX_LEVELS = 10
export const ColourSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb')
  .transform((c) => c.toLowerCase())

/** A tag's own record (its colour); the tag itself exists as long as an item or a record names it. */
export type TagRecord = { name: string; colour: string | null }
/** A tag as the tag pane shows it: `count` items carry it, `total` carry it or a tag below it. */
export type TagInfo = TagRecord & { count: number; total: number }

export const CollectionIdSchema = z.string().regex(/^[0-9a-z]{8,40}$/, 'is not a collection id')
export type Collection = {
  id: string
  name: string
  parentId: string | null
  description: string
  notes: string
  /** Manual order of item ids within the collection (items not listed come after, newest first). */
  order: string[]
  created: string
  modified: string
}
/** `count`: the collection's own items; `total`: with the items of the collections below it (each item once). */
export type CollectionInfo = Collection & { count: number; total: number }

export const AUTHORITY_KINDS = ['person', 'organisation', 'place'] as const
export const AuthorityKindSchema = z.enum(AUTHORITY_KINDS)
export type AuthorityKind = z.infer<typeof AuthorityKindSchema>
/** Which item field holds the names an authority record of each kind resolves. */
export const AUTHORITY_FIELD = { person: 'people', organisation: 'organisations', place: 'places' } as const

export const IDENTIFIER_SCHEMES = ['wikidata', 'viaf', 'isni', 'geonames', 'other'] as const
export const AuthorityIdentifierSchema = z.object({
  scheme: z.enum(IDENTIFIER_SCHEMES),
  value: z.string().trim().min(1, 'must not be empty').max(200)
})
export type AuthorityIdentifier = z.infer<typeof AuthorityIdentifierSchema>
export const AuthorityIdSchema = z.string().regex(/^[0-9a-z]{8,40}$/, 'is not an authority record id')

export type AuthorityRecord = {
  id: string
  kind: AuthorityKind
  preferred: string
  variants: string[]
  note: string
  identifiers: AuthorityIdentifier[]
  created: string
  modified: string
}
export type AuthorityInfo = AuthorityRecord & { count: number }
export type DuplicateProposal = { a: AuthorityRecord; b: AuthorityRecord; score: number; reason: string }

/** Filters of the list, as the sidebar sets them. They combine (AND). */
export const ListFilterSchema = z
  .object({
    /** A tag, and every tag below it (`region` matches `region/africa`). */
    tag: z.string().max(1000).optional(),
    collection: CollectionIdSchema.optional(),
    /** With `collection`: also the items of the collections below it (a parent rolls up its children). */
    withSubcollections: z.boolean().optional(),
    /** Items in no collection. */
    unfiled: z.boolean().optional(),
    status: ItemStatusSchema.optional(),
    /** Items with quality warnings. */
    warnings: z.boolean().optional(),
    /** Items that mention an authority record (through its preferred form or any variant). */
    authority: AuthorityIdSchema.optional()
  })
  .strict()
export type ListFilter = z.infer<typeof ListFilterSchema>

/** Fields a bulk edit may set to one value. */
export const BULK_SET_FIELDS = [
  'title', 'date', 'type', 'language', 'outlet', 'section', 'page', 'edition', 'byline', 'releaseNumber',
  'embargo', 'sourceUrl', 'description', 'notes', 'status', 'rights', 'identifier'
] as const
/** Fields a bulk find-and-replace may change (in list fields, each entry). */
export const BULK_REPLACE_FIELDS = [
  'title', 'date', 'language', 'outlet', 'section', 'page', 'edition', 'byline', 'releaseNumber', 'sourceUrl',
  'description', 'body', 'notes', 'rights', 'identifier', 'subjects', 'people', 'organisations', 'places'
] as const

const tagList = z.array(z.string().max(1000)).min(1).max(LIMITS.listEntries)
export const BulkOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('addTags'), tags: tagList }).strict(),
  z.object({ op: z.literal('removeTags'), tags: tagList }).strict(),
  z.object({ op: z.literal('addCollections'), collections: z.array(CollectionIdSchema).min(1).max(LIMITS.listEntries) }).strict(),
  z.object({ op: z.literal('removeCollections'), collections: z.array(CollectionIdSchema).min(1).max(LIMITS.listEntries) }).strict(),
  z.object({ op: z.literal('setField'), field: z.enum(BULK_SET_FIELDS), value: z.string().max(LIMITS.longText) }).strict(),
  z
    .object({
      op: z.literal('replace'),
      field: z.enum(BULK_REPLACE_FIELDS),
      find: z.string().min(1, 'must not be empty').max(LIMITS.shortText),
      replace: z.string().max(LIMITS.shortText),
      regex: z.boolean().default(false),
      caseSensitive: z.boolean().default(true)
    })
    .strict()
])
export type BulkOp = z.input<typeof BulkOpSchema>

export type BulkChange = { id: string; title: string; field: string; before: string; after: string }
export type BulkPreview = {
  /** Identifies this exact plan: applying with it refuses if the items changed since. */
  token: string
  /** Items in the selection. */
  selected: number
  /** Items that would change. */
  changed: number
  /** Every change, field by field (the first `LIMITS.pageSize * 5`; `more` counts the rest). */
  changes: BulkChange[]
  more: number
  /** Items the edit cannot apply to, and why (nothing is applied while there are any). */
  /** params: the reason and values (see ERROR_REASONS in the contract), for the interface to say it in its language. */
  errors: Array<{ id: string; title: string; message: string; params?: Record<string, string | number | undefined> }>
}

export type HistoryState = {
  undo: string | null
  redo: string | null
  undoDepth: number
  redoDepth: number
  /** Said when the saved history was found damaged at open (and set aside). */
  notice?: string
}
export type ItemCounts = {
  all: number
  unfiled: number
  trash: number
  warnings: number
  statuses: Record<(typeof ITEM_STATUSES)[number], number>
}
