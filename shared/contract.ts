// The one API contract of Presskeep. Every transport (Electron IPC, the preload, the
// loopback HTTP host, the renderer's client, the CLI) is a loop over `api` below:
// adding a method is one entry here plus its implementation in electron/core/handlers.ts.
import type { ErrorCode, ErrorParams } from './errors'
import { z } from 'zod'
import {
  AttachmentIdSchema,
  AuthorityIdSchema,
  AuthorityIdentifierSchema,
  AuthorityKindSchema,
  BulkOpSchema,
  CollectionIdSchema,
  ColourSchema,
  ListFilterSchema,
  type AuthorityInfo,
  type AuthorityRecord,
  type BulkPreview,
  type Collection,
  type CollectionInfo,
  type DuplicateProposal,
  type HistoryState,
  type ItemCounts,
  type TagInfo,
  type TagRecord,
  ItemCreateSchema,
  ItemIdSchema,
  ItemPatchSchema,
  LIMITS,
  MAPPABLE_FIELDS,
  OCR_LANGUAGE_CODES,
  type ArchiveInfo,
  type Item,
  type ItemConflict,
  type ItemSummary
} from './model'
import { ProposalSchema, type Proposal } from './proposal'
import { EXPORT_FORMATS } from './exportFormats'
import { LANGUAGES } from './interfaceLanguage'
import type { HistoryEntry, IntegrityReport, RepairResult, RestoreResult, Snapshot } from './safety'

/**
 * Who may call a method:
 * - `app`: every transport, the renderer included.
 * - `trusted`: only in-process callers (CLI, main, tests): these take file-system paths,
 *   which are never taken from the renderer.
 * - `host`: implemented by the shell that hosts the renderer (native dialogs); a host
 *   without one answers HOST_UNSUPPORTED.
 */
export type Exposure = 'app' | 'trusted' | 'host'

export type MethodSpec<I extends z.ZodType, O, E extends Exposure = Exposure> = {
  input: I
  exposure: E
  summary: string
  /** Phantom: carries the result type. */
  output?: O
}

function method<I extends z.ZodType, O, E extends Exposure = 'app'>(
  summary: string,
  input: I,
  exposure: E = 'app' as E
): MethodSpec<I, O, E> {
  return { input, exposure, summary }
}

const Empty = z.object({}).strict()
const Ids = z.array(ItemIdSchema).min(1).max(LIMITS.idsPerCall)
/** baseVersion: the version of the item the edit was made on (the editor sends it; scripts may leave it out and win). */
const ItemUpdate = z.object({ id: ItemIdSchema, fields: ItemPatchSchema, baseVersion: z.number().int().positive().optional() }).strict()

export const ListInputSchema = z
  .object({
    view: z.enum(['all', 'trash']).default('all'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(100),
    // type, status and language sort, and the manual order inside a collection: cataloguing workspace.
    sort: z.enum(['modified', 'created', 'date', 'title', 'outlet', 'type', 'status', 'language', 'manual']).default('modified'),
    order: z.enum(['asc', 'desc']).default('desc'),
    filter: ListFilterSchema.optional()
  })
  .strict()
export type ListInput = z.input<typeof ListInputSchema>

export type ListResult = { total: number; offset: number; items: ItemSummary[] }

export const SEARCH_SORTS = ['relevance', 'date', 'title', 'outlet', 'created'] as const
export const SearchInputSchema = z
  .object({
    q: z.string().max(10_000),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(1000).default(50),
    fuzzy: z.boolean().default(false),
    facets: z.boolean().default(true),
    histogram: z.boolean().default(true)
  })
  .strict()
export type SearchInput = z.input<typeof SearchInputSchema>

export const SearchIdsInputSchema = z.object({ q: z.string().max(10_000), fuzzy: z.boolean().default(false) }).strict()

export const SavedSearchInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    query: z.string().max(10_000),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    order: z.enum(['asc', 'desc']).default('desc'),
    fuzzy: z.boolean().default(false)
  })
  .strict()

export type SavedSearch = z.output<typeof SavedSearchInputSchema> & { id: string; created: string }

export type FacetValue = { value: string; count: number }
export type FacetName = 'tag' | 'year' | 'type' | 'language' | 'outlet' | 'collection' | 'person' | 'place' | 'organisation'
export type SnippetField = 'body' | 'title' | 'description' | 'notes' | 'attachment' | 'region'
export type Snippet = {
  field: SnippetField
  attachmentId?: string
  attachmentName?: string
  /** A hit in a region drawn on an attachment (its title, note or tags). */
  regionId?: string
  regionTitle?: string
  text: string
  /** [start, end) offsets in `text` of the words that matched. */
  highlights: Array<[number, number]>
}
export type SearchHit = { id: string; score: number; snippet?: Snippet }
/** What the search index answers. */
export type SearchResult = {
  total: number
  hits: SearchHit[]
  facets: Record<FacetName, FacetValue[]> | null
  /** Per month ('2022-11') when the results span at most 4 years, else per year ('2022'). */
  histogram: Array<{ period: string; count: number }>
  histogramUnit: 'month' | 'year'
  /** Parts of the query that were not understood, each with a hint. */
  ignored: string[]
  /** Milliseconds spent (excluding the wait for snippet texts). */
  took: number
}
/** What the API answers: the index's result with the hits' summaries. */
export type SearchAnswer = SearchResult & {
  /** The summaries of the hits, in the same order. */
  items: ItemSummary[]
  /** Set while the index is being rebuilt: results may be incomplete. */
  rebuilding?: { done: number; total: number }
  /** Set while a change of many items is being merged into the index: they are found as they were before it until it ends. */
  updating?: { items: number }
}

const TokenSchema = z.string().regex(/^[0-9a-z]{8,40}$/)
export const ProposeTextSchema = z
  .object({
    text: z.string().min(1, 'is empty: paste the text of a page').max(32 * 1024 * 1024),
    sourceName: z.string().max(255).optional(),
    referenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional()
  })
  .strict()
export type StagedProposal = Proposal & { token: string; sourceName: string }
/** The address a pasted page came from, as the person typed it in the review. */
export const PageUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/\S+$/i, 'must be a web address (http:// or https://)')

export const BackupSettingsSchema = z
  .object({ keep: z.number().int().min(1).max(1000), intervalMinutes: z.number().int().min(0).max(7 * 24 * 60) })
  .strict()
export type BackupSettings = z.infer<typeof BackupSettingsSchema>

/** A CSV/JSON table of an import, waiting for its column mapping to be confirmed. */
export type TableToMap = {
  /** Names the table within its pending import. */
  key: string
  name: string
  format: 'csv' | 'json'
  columns: string[]
  /** The first rows, cells as text. */
  rows: Array<Record<string, string>>
  totalRows: number
  /** Column → item field ('' ignores the column): remembered for these columns, else guessed. */
  mapping: Record<string, string>
  remembered: boolean
  warnings: string[]
}
/** An import started as a job, or waiting for the mapping of its tables (import:mapped). */
export type ImportStart = { jobId: string } | { pendingId: string; tables: TableToMap[] }
/** The person's import preferences, sent with each import (they are per user, not per archive). */
const ImportPrefs = { ocrLanguages: z.array(z.enum(OCR_LANGUAGE_CODES)).max(OCR_LANGUAGE_CODES.length).optional() }
export const ImportPreferencesSchema = z.object(ImportPrefs).strict()
export type ImportPreferences = z.infer<typeof ImportPreferencesSchema>
const ColumnMappingSchema = z
  .record(z.string().max(1000), z.enum(['', ...MAPPABLE_FIELDS]))
  .refine((m) => Object.keys(m).length <= 2000, 'has too many columns')

export const ExportFormatSchema = z.enum(EXPORT_FORMATS)
export const ExportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('query'), q: z.string().max(10_000) }).strict(),
  // `name`: the collection's id, name or path ("Events/Fez 2022"); its sub-collections' items come along unless told not to.
  z.object({ kind: z.literal('collection'), name: z.string().min(1).max(LIMITS.shortText), withSubcollections: z.boolean().optional() }).strict(),
  // A tag, and the tags below it.
  z.object({ kind: z.literal('tag'), name: z.string().min(1).max(LIMITS.shortText) }).strict(),
  z.object({ kind: z.literal('ids'), ids: z.array(ItemIdSchema).min(1).max(LIMITS.idsPerCall) }).strict()
])
export type ExportScope = z.infer<typeof ExportScopeSchema>
// --- Safety (issue 9): inputs of the methods appended at the end of `api` ---
const SafePath = z.string().min(1).max(4096)
export const RepairInputSchema = z.object({ dir: SafePath.optional(), bag: SafePath.optional(), references: z.boolean().optional() }).strict()
export type RepairOutput = {
  before: IntegrityReport
  relinked: RepairResult | null
  fromBag: RepairResult | null
  /** Items whose references to missing collections were taken off. */
  references: { items: string[] } | null
  after: IntegrityReport
}
export const RestoreBackupInputSchema = z
  .object({
    snapshot: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d+)?$/, 'is not the name of a backup')
      .optional(),
    damagedOnly: z.boolean().default(false)
  })
  .strict()
export const HistoryInputSchema = z.object({ id: ItemIdSchema, limit: z.number().int().min(1).max(10_000).default(1_000) }).strict()
// --- Cataloguing workspace (issue 7): input schemas ---
const CollectionCreate = z
  .object({
    name: z.string().max(1000),
    parentId: CollectionIdSchema.nullable().optional(),
    description: z.string().max(LIMITS.longText).optional(),
    notes: z.string().max(LIMITS.longText).optional()
  })
  .strict()
const CollectionUpdate = CollectionCreate.partial().extend({ id: CollectionIdSchema }).strict()
const AuthorityCreate = z
  .object({
    kind: AuthorityKindSchema,
    preferred: z.string().max(1000),
    variants: z.array(z.string().max(1000)).max(LIMITS.listEntries).optional(),
    note: z.string().max(LIMITS.longText).optional(),
    identifiers: z.array(AuthorityIdentifierSchema).max(50).optional()
  })
  .strict()
const AuthorityUpdate = AuthorityCreate.omit({ kind: true }).partial().extend({ id: AuthorityIdSchema }).strict()
const IdsInput = ListInputSchema.omit({ offset: true, limit: true }).strict()
const BulkInput = z.object({ ids: Ids, ops: z.array(BulkOpSchema).min(1).max(20) }).strict()
const BulkApply = BulkInput.extend({ token: z.string().max(64).optional() }).strict()

export const api = {
  'archive:info': method<typeof Empty, ArchiveInfo>('Describe the open archive', Empty),
  'items:list': method<typeof ListInputSchema, ListResult>(
    'A page of items, sorted',
    ListInputSchema
  ),
  'items:get': method<z.ZodObject<{ id: typeof ItemIdSchema }>, Item>(
    'One whole item, with its body text',
    z.object({ id: ItemIdSchema }).strict()
  ),
  'items:create': method<z.ZodObject<{ fields: typeof ItemCreateSchema }>, Item>(
    'Create an item',
    z.object({ fields: ItemCreateSchema }).strict()
  ),
  'items:update': method<typeof ItemUpdate, Item>(
    'Change some fields of an item (with baseVersion: refused as a CONFLICT when a field it changes was changed since that version)',
    ItemUpdate
  ),
  'items:trash': method<z.ZodObject<{ ids: typeof Ids }>, { count: number }>(
    'Move items to the trash',
    z.object({ ids: Ids }).strict()
  ),
  'items:restore': method<z.ZodObject<{ ids: typeof Ids }>, { count: number }>(
    'Take items back out of the trash',
    z.object({ ids: Ids }).strict()
  ),
  'attachments:addFiles': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; paths: z.ZodArray<z.ZodString> }>,
    Item,
    'trusted'
  >(
    'Attach files from disk to an item (streamed, stored once by SHA-256)',
    z
      .object({
        itemId: ItemIdSchema,
        paths: z.array(z.string().min(1).max(4096)).min(1).max(LIMITS.pathsPerCall)
      })
      .strict(),
    'trusted'
  ),
  'attachments:remove': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    Item
  >(
    'Detach a file from an item (the stored file is kept while anything refers to it)',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict()
  ),
  'attachments:pick': method<z.ZodObject<{ itemId: typeof ItemIdSchema }>, Item | null, 'host'>(
    'Ask the person for files with a native dialog and attach them',
    z.object({ itemId: ItemIdSchema }).strict(),
    'host'
  ),
  'attachments:open': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    { opened: boolean },
    'host'
  >(
    "Open a copy of an attachment in the system's default application",
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict(),
    'host'
  ),
  'viewer:openWindow': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema; regionId: z.ZodOptional<z.ZodString> }>,
    { opened: boolean },
    'host'
  >(
    'Open the reader for an attachment in a window of its own (desktop app)',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema, regionId: z.string().regex(/^[0-9a-z]{8,40}$/).optional() }).strict(),
    'host'
  ),
  'attachments:saveAs': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    { saved: string } | null,
    'host'
  >(
    'Ask the person where to save a copy of an attachment, and write it there',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict(),
    'host'
  ),

  // —— jobs and file import (issue 6) ——
  'import:paths': method<
    z.ZodObject<{ paths: z.ZodArray<z.ZodString>; ocr: z.ZodOptional<z.ZodBoolean>; mapping: z.ZodOptional<typeof ColumnMappingSchema> }>,
    { jobId: string },
    'trusted'
  >(
    'Import files and folders from disk as a job (one item per file, source attached, text extracted; `mapping` for CSV/JSON tables, remembered)',
    z
      .object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(LIMITS.pathsPerCall), ocr: z.boolean().optional(), mapping: ColumnMappingSchema.optional() })
      .strict(),
    'trusted'
  ),
  'import:staged': method<z.ZodObject<{ tokens: z.ZodArray<z.ZodString>; ocrLanguages: typeof ImportPrefs.ocrLanguages }>, ImportStart>(
    'Import files the browser uploaded to the staging area, as a job (CSV/JSON tables first wait for their column mapping)',
    z.object({ tokens: z.array(z.string().regex(/^[0-9a-z]{8,40}$/)).min(1).max(LIMITS.pathsPerCall), ...ImportPrefs }).strict()
  ),
  'import:pick': method<z.ZodObject<{ mode: z.ZodEnum<{ files: 'files'; folder: 'folder' }>; ocrLanguages: typeof ImportPrefs.ocrLanguages }>, ImportStart | null, 'host'>(
    'Ask the person for files or a folder with a native dialog and import them (CSV/JSON tables first wait for their column mapping)',
    z.object({ mode: z.enum(['files', 'folder']), ...ImportPrefs }).strict(),
    'host'
  ),
  'import:mapped': method<
    z.ZodObject<{ pendingId: z.ZodString; mappings: z.ZodArray<z.ZodObject<{ key: z.ZodString; mapping: typeof ColumnMappingSchema }>> }>,
    { jobId: string }
  >(
    'Run an import that waited for its tables: each table with its confirmed column mapping (remembered for the same columns)',
    z
      .object({
        pendingId: z.string().regex(/^[0-9a-z]{8,40}$/),
        mappings: z.array(z.object({ key: z.string().max(20), mapping: ColumnMappingSchema }).strict()).max(LIMITS.pathsPerCall)
      })
      .strict()
  ),
  'import:discard': method<z.ZodObject<{ pendingId: z.ZodString }>, { discarded: boolean }>(
    'Drop an import that waited for its column mapping',
    z.object({ pendingId: z.string().regex(/^[0-9a-z]{8,40}$/) }).strict()
  ),
  'jobs:list': method<typeof Empty, Array<Events['jobs:progress']>>('The jobs running now', Empty),
  'jobs:cancel': method<z.ZodObject<{ jobId: z.ZodString }>, { cancelled: boolean }>(
    'Cancel a running job (what it finished stays; running it again continues)',
    z.object({ jobId: z.string().uuid() }).strict()
  ),
  'jobs:wait': method<z.ZodObject<{ jobId: z.ZodString }>, JobOutcome, 'trusted'>(
    'Wait for a job to end and return its outcome',
    z.object({ jobId: z.string().uuid() }).strict(),
    'trusted'
  ),

  // —— search (issue 4) ——
  'search:query': method<typeof SearchInputSchema, SearchAnswer>(
    'Search the whole archive (metadata, body, notes, attachment text) with the query language',
    SearchInputSchema
  ),
  'search:ids': method<typeof SearchIdsInputSchema, string[]>(
    'Every item a search finds (for selecting all the results), best first',
    SearchIdsInputSchema
  ),
  'search:status': method<
    typeof Empty,
    { ready: boolean; loading: boolean; size: number; rebuilding: { jobId: string; done: number; total: number } | null; failed: string | null }
  >(
    'Whether the search index is ready, being rebuilt, or could not be rebuilt (failed: why)',
    Empty
  ),
  'search:rebuild': method<typeof Empty, { jobId: string }>('Rebuild the search index from the catalogue, as a job', Empty),
  'searches:list': method<typeof Empty, SavedSearch[]>('The saved searches (smart collections)', Empty),
  'searches:save': method<typeof SavedSearchInputSchema, SavedSearch>(
    'Save a search as a smart collection (a saved name replaces the search of that name)',
    SavedSearchInputSchema
  ),
  'searches:delete': method<z.ZodObject<{ id: z.ZodString }>, { deleted: boolean }>(
    'Delete a saved search',
    z.object({ id: z.string().regex(/^[0-9a-z]{8,40}$/) }).strict()
  ),

  // —— press-page import with review (issue 5) ——
  'import:proposeText': method<typeof ProposeTextSchema, StagedProposal>(
    'Split pasted text or HTML into proposed items for review (nothing is written to the catalogue)',
    ProposeTextSchema
  ),
  'import:proposeStaged': method<z.ZodObject<{ token: typeof TokenSchema; referenceDate: z.ZodOptional<z.ZodString> }>, StagedProposal>(
    'Split an uploaded .txt or .html page into proposed items for review',
    z.object({ token: TokenSchema, referenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict()
  ),
  'import:proposeFile': method<z.ZodObject<{ path: z.ZodString; referenceDate: z.ZodOptional<z.ZodString> }>, StagedProposal, 'trusted'>(
    'Split a saved page (.txt, .html) from disk into proposed items for review',
    z.object({ path: z.string().min(1).max(4096), referenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    'trusted'
  ),
  'import:pickPage': method<typeof Empty, StagedProposal | null, 'host'>(
    'Ask the person for a saved page (.txt, .html) with a native dialog and propose its items',
    Empty,
    'host'
  ),
  'import:commit': method<z.ZodObject<{ token: typeof TokenSchema; proposal: typeof ProposalSchema; sourceUrl: z.ZodOptional<typeof PageUrlSchema> }>, { ids: string[] }>(
    'Create the reviewed items, each with the original page attached and its provenance (the page\'s address, when given, names the source)',
    z.object({ token: TokenSchema, proposal: ProposalSchema, sourceUrl: PageUrlSchema.optional() }).strict()
  ),
  'import:discardPage': method<z.ZodObject<{ token: typeof TokenSchema }>, { discarded: boolean }>(
    'Drop a proposed page that will not be imported (the review closed, or another page proposed instead): its staged copy goes',
    z.object({ token: TokenSchema }).strict()
  ),
  'proposal:merge': method<z.ZodObject<{ proposal: typeof ProposalSchema; a: z.ZodString; b: z.ZodString }>, Proposal>(
    'Merge two proposed items into one',
    z.object({ proposal: ProposalSchema, a: z.string().max(64), b: z.string().max(64) }).strict()
  ),
  'proposal:split': method<z.ZodObject<{ proposal: typeof ProposalSchema; key: z.ZodString; atParagraph: z.ZodNumber }>, Proposal>(
    'Split a proposed item in two before the given paragraph',
    z.object({ proposal: ProposalSchema, key: z.string().max(64), atParagraph: z.number().int().min(1) }).strict()
  ),
  'proposal:restoreSkipped': method<z.ZodObject<{ proposal: typeof ProposalSchema; index: z.ZodNumber }>, Proposal>(
    'Bring a skipped block back as a proposed item',
    z.object({ proposal: ProposalSchema, index: z.number().int().min(0) }).strict()
  ),
  'proposal:reenrich': method<z.ZodObject<{ proposal: typeof ProposalSchema; key: z.ZodString; keep: z.ZodArray<z.ZodString> }>, Proposal>(
    'Find dates, names and warnings again in an edited item, keeping the fields set by hand',
    z.object({ proposal: ProposalSchema, key: z.string().max(64), keep: z.array(z.string().max(40)).max(50) }).strict()
  ),

  // —— exports (issue 8) ——
  'export:run': method<
    z.ZodObject<{ scope: typeof ExportScopeSchema; format: typeof ExportFormatSchema; out: z.ZodString; overwrite: z.ZodOptional<z.ZodBoolean>; withoutNotes: z.ZodOptional<z.ZodBoolean> }>,
    { jobId: string },
    'trusted'
  >(
    'Export items (everything, a search, a collection or chosen ids) to a file or folder, as a job (withoutNotes: the items\' private notes left out)',
    z.object({ scope: ExportScopeSchema, format: ExportFormatSchema, out: z.string().min(1).max(4096), overwrite: z.boolean().optional(), withoutNotes: z.boolean().optional() }).strict(),
    'trusted'
  ),
  'export:pick': method<z.ZodObject<{ scope: typeof ExportScopeSchema; format: typeof ExportFormatSchema; withoutNotes: z.ZodOptional<z.ZodBoolean> }>, { jobId: string; out: string } | null, 'host'>(
    'Ask where to export with a native dialog, then export as a job',
    z.object({ scope: ExportScopeSchema, format: ExportFormatSchema, withoutNotes: z.boolean().optional() }).strict(),
    'host'
  ),
  'export:prepare': method<z.ZodObject<{ scope: typeof ExportScopeSchema; format: typeof ExportFormatSchema; withoutNotes: z.ZodOptional<z.ZodBoolean> }>, { jobId: string; token: string }>(
    'Export for a download (browser): a job whose result is fetched by its token',
    z.object({ scope: ExportScopeSchema, format: ExportFormatSchema, withoutNotes: z.boolean().optional() }).strict()
  ),
  'import:bag': method<z.ZodObject<{ path: z.ZodString }>, unknown, 'trusted'>(
    'Import a Presskeep bag (folder or .zip) back, every checksum verified first',
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    'trusted'
  ),
  'import:pickBag': method<typeof Empty, unknown, 'host'>('Ask for a bag with a native dialog and import it', Empty, 'host'),
  // --- Safety (issue 9): integrity check, repairs, backups, item history ---
  'archive:check': method<typeof Empty, IntegrityReport>(
    'Check every stored file against its SHA-256 and the catalogue against itself (progress as jobs:progress)',
    Empty
  ),
  'archive:repair': method<typeof RepairInputSchema, RepairOutput, 'trusted'>(
    'Put back missing or changed files found by checksum in a folder (re-link) or a bag, or take references to missing collections off items; then check again',
    RepairInputSchema,
    'trusted'
  ),
  'archive:backup': method<typeof Empty, Snapshot>('Snapshot the catalogue now', Empty),
  'archive:backupSettings': method<typeof Empty, BackupSettings>('How the catalogue of this archive is backed up', Empty),
  'archive:setBackupSettings': method<typeof BackupSettingsSchema, BackupSettings>(
    'Set how many catalogue snapshots this archive keeps and how often one is taken (0 minutes: only when it opens)',
    BackupSettingsSchema
  ),
  'archive:choose': method<z.ZodObject<{ create: z.ZodBoolean }>, { opened: boolean }, 'host'>(
    'Open another archive, or create one, with a native dialog (the window then shows it)',
    z.object({ create: z.boolean() }).strict(),
    'host'
  ),
  'archive:connectTeam': method<z.ZodObject<{ url: z.ZodString }>, { connected: true }, 'host'>(
    'Open a team archive in a window of its own: the server at this address, checked first, shows its sign-in page (desktop app)',
    z.object({ url: z.string().min(1).max(2000) }).strict(),
    'host'
  ),
  'app:setLanguage': method<z.ZodObject<{ lang: z.ZodEnum<{ en: 'en'; fr: 'fr'; ar: 'ar' }> }>, { applied: true }, 'host'>(
    "Say the interface language to the desktop shell, whose menus and dialogs then speak it (kept for the next start)",
    z.object({ lang: z.enum(LANGUAGES) }).strict(),
    'host'
  ),
  'archive:backups': method<typeof Empty, Snapshot[]>('The snapshots of the catalogue, newest first', Empty),
  'archive:restoreBackup': method<typeof RestoreBackupInputSchema, RestoreResult>(
    'Restore the catalogue from a snapshot (the newest by default); the current one is snapshotted first',
    RestoreBackupInputSchema
  ),
  'items:history': method<typeof HistoryInputSchema, HistoryEntry[]>(
    'The changes of one item from the journal (who, when, what, before and after), oldest first',
    HistoryInputSchema
  ),

  // --- Cataloguing workspace (issue 7): tags, collections, authorities, bulk edit, undo ---
  'items:counts': method<typeof Empty, ItemCounts>('How many items each library view and status holds', Empty),
  'items:ids': method<typeof IdsInput, string[]>('The ids of every item a list shows, in its order (select all, ranges)', IdsInput),
  'tags:list': method<typeof Empty, TagInfo[]>('Every tag with its colour and counts (its own, and with the tags below it)', Empty),
  'tags:set': method<z.ZodObject<{ name: z.ZodString; colour: z.ZodNullable<typeof ColourSchema> }>, TagRecord>(
    "Create a tag, or change a tag's colour (null: none)",
    z.object({ name: z.string().max(1000), colour: ColourSchema.nullable() }).strict()
  ),
  'tags:rename': method<z.ZodObject<{ from: z.ZodString; to: z.ZodString }>, { items: number }>(
    'Rename a tag (and the tags below it) on every item at once',
    z.object({ from: z.string().max(1000), to: z.string().max(1000) }).strict()
  ),
  'tags:merge': method<z.ZodObject<{ sources: z.ZodArray<z.ZodString>; into: z.ZodString }>, { items: number }>(
    'Merge tags into one, on every item at once',
    z.object({ sources: z.array(z.string().max(1000)).min(1).max(LIMITS.listEntries), into: z.string().max(1000) }).strict()
  ),
  'tags:delete': method<z.ZodObject<{ name: z.ZodString }>, { items: number }>(
    'Remove a tag (and the tags below it) from every item',
    z.object({ name: z.string().max(1000) }).strict()
  ),
  'collections:list': method<typeof Empty, CollectionInfo[]>('Every collection with its item count', Empty),
  'collections:create': method<typeof CollectionCreate, Collection>('Create a collection', CollectionCreate),
  'collections:update': method<typeof CollectionUpdate, Collection>(
    'Rename, move (parentId), describe or annotate a collection',
    CollectionUpdate
  ),
  'collections:delete': method<z.ZodObject<{ id: typeof CollectionIdSchema }>, { items: number }>(
    'Delete a collection (its items stay; its sub-collections move up)',
    z.object({ id: CollectionIdSchema }).strict()
  ),
  'collections:reorder': method<z.ZodObject<{ id: typeof CollectionIdSchema; itemIds: typeof Ids }>, Collection>(
    'Set the manual order of items in a collection',
    z.object({ id: CollectionIdSchema, itemIds: Ids }).strict()
  ),
  'authorities:list': method<z.ZodObject<{ kind: z.ZodOptional<typeof AuthorityKindSchema> }>, AuthorityInfo[]>(
    'Authority records (people, organisations, places) with how many items mention each',
    z.object({ kind: AuthorityKindSchema.optional() }).strict()
  ),
  'authorities:get': method<z.ZodObject<{ id: typeof AuthorityIdSchema }>, AuthorityInfo>(
    'One authority record',
    z.object({ id: AuthorityIdSchema }).strict()
  ),
  'authorities:create': method<typeof AuthorityCreate, AuthorityRecord>('Create an authority record', AuthorityCreate),
  'authorities:update': method<typeof AuthorityUpdate, AuthorityRecord>(
    'Change the preferred form, variants, note or identifiers of a record',
    AuthorityUpdate
  ),
  'authorities:delete': method<z.ZodObject<{ id: typeof AuthorityIdSchema }>, { deleted: string }>(
    'Delete an authority record (items keep the names they hold)',
    z.object({ id: AuthorityIdSchema }).strict()
  ),
  'authorities:merge': method<z.ZodObject<{ sourceId: typeof AuthorityIdSchema; targetId: typeof AuthorityIdSchema }>, AuthorityRecord>(
    'Merge one record into another: its names become variants of the other',
    z.object({ sourceId: AuthorityIdSchema, targetId: AuthorityIdSchema }).strict()
  ),
  'authorities:duplicates': method<z.ZodObject<{ kind: z.ZodOptional<typeof AuthorityKindSchema> }>, DuplicateProposal[]>(
    'Pairs of records that are likely the same, to confirm (merge) or reject',
    z.object({ kind: AuthorityKindSchema.optional() }).strict()
  ),
  'authorities:reject': method<z.ZodObject<{ a: typeof AuthorityIdSchema; b: typeof AuthorityIdSchema }>, { rejected: string[] }>(
    'Say two records are not the same, so they are not proposed again',
    z.object({ a: AuthorityIdSchema, b: AuthorityIdSchema }).strict()
  ),
  'authorities:fromItems': method<z.ZodObject<{ kind: z.ZodOptional<typeof AuthorityKindSchema> }>, { created: number }>(
    'Create a record for every name in the items that no record covers yet',
    z.object({ kind: AuthorityKindSchema.optional() }).strict()
  ),
  'bulk:preview': method<typeof BulkInput, BulkPreview>('Every change a bulk edit would make, without making it', BulkInput),
  'bulk:apply': method<typeof BulkApply, { selected: number; changed: number }>(
    'Apply a bulk edit (with the preview token: refused if the items changed since)',
    BulkApply
  ),
  'history:state': method<typeof Empty, HistoryState>('What undo and redo would do now', Empty),
  'history:undo': method<typeof Empty, { label: string; ids: string[] }>('Undo the last change', Empty),
  'history:redo': method<typeof Empty, { label: string; ids: string[] }>('Redo the last undone change', Empty),

  // —— attachment previews (issue 6) ——
  'attachments:preview': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    AttachmentPreview
  >(
    'What the app can show of an attachment without leaving it: its extracted text (e-mail, Word, PDF, OCR), and whether a thumbnail exists',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict()
  ),
  'attachments:view': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    AttachmentView
  >(
    'What the in-app viewer shows of an attachment: its kind (PDF pages and images are fetched by id), an e-mail parsed into headers, body and attachments, a saved page as its HTML (sanitised by the viewer)',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict()
  ),
  'attachments:hits': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema; query: z.ZodString }>,
    AttachmentHits
  >(
    "Where the archive search's words are on an attachment: the words and phrases to find on PDF pages, and the OCR word boxes of a scan that the search matched",
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema, query: z.string().max(4000) }).strict()
  ),
  // --- First run (issue 10): the demo archive ---
  'archive:loadDemo': method<typeof Empty, { ids: string[]; collectionId: string }>(
    'Fill an empty archive with the demo items (press items from one news page, with the page as their source, and a few generated items); refused if the archive holds any item',
    Empty
  )
} as const

export type AttachmentPreview = {
  kind: 'image' | 'pdf' | 'text' | 'email' | 'other'
  /** Extracted or plain text, at most 200,000 characters. */
  text: string
  truncated: boolean
  hasThumbnail: boolean
}

type ViewBase = { name: string; type: string; size: number }
export type AttachmentView =
  | (ViewBase & { kind: 'pdf' | 'other' })
  | (ViewBase & { kind: 'image'; /** pages with OCR word boxes (0 when the image was not OCR'd) */ ocrPages: number })
  | (ViewBase & { kind: 'html'; html: string })
  | (ViewBase & { kind: 'text'; text: string })
  | (ViewBase & {
      kind: 'email'
      from: string
      to: string
      cc: string
      date: string
      subject: string
      text: string
      html: string
      /** The message's attachments; attachmentId when the item holds that file (it opens in the viewer). */
      attachments: Array<{ name: string; type: string; size: number; attachmentId: string | null }>
    })

export type AttachmentHits = {
  /** Words and phrases of the search to find on PDF pages with a text layer. */
  terms: string[]
  /** OCR word boxes the search matched, as fractions of the page (x0, y0, x1, y1); pages 1-based. */
  boxes: Array<{ page: number; box: [number, number, number, number]; text: string }>
}

export type Api = typeof api
export type MethodName = keyof Api
export type Input<M extends MethodName> = z.input<Api[M]['input']>
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>
export type Output<M extends MethodName> = Exclude<Api[M]['output'], undefined>

export const methodNames = Object.keys(api) as MethodName[]
export type CoreMethodName = { [K in MethodName]: Api[K]['exposure'] extends 'host' ? never : K }[MethodName]
export type RendererMethodName = {
  [K in MethodName]: Api[K]['exposure'] extends 'trusted' ? never : K
}[MethodName]
export const rendererMethodNames = methodNames.filter((m) => api[m].exposure !== 'trusted') as RendererMethodName[]

/** Push events, past tense. */
export const events = {
  'archive:opened': null as unknown as { path: string },
  /** A menu command of the desktop shell for the window to carry out (open a view, a dialog); connect-team may name the server (a recent team archive). */
  'app:command': null as unknown as { command: AppCommand; url?: string },
  /** `fields`: the item fields the change touched, when known (absent: any field may have changed). */
  'items:changed': null as unknown as { ids: string[]; reason: string; fields?: string[] },
  'jobs:progress': null as unknown as {
    jobId: string
    kind: string
    done: number
    total: number
    current: string
    state: 'running' | 'done' | 'cancelled' | 'failed'
    /** Seconds left at the current pace, or null while unknown. */
    etaSeconds?: number | null
    elapsedMs?: number
    startedAt?: string
    error?: string
    /** Why a failed job failed, when the error is one the interface says in its own words. */
    code?: ErrorCode
  },
  /** A job ended: its outcome, with the job's own summary (e.g. an ImportSummary). */
  'jobs:finished': null as unknown as JobOutcome,
  /** A scheduled catalogue backup came due: the snapshot taken, or null when nothing had changed since the last. */
  'backups:scheduled': null as unknown as { snapshot: string | null; error?: string }
}

export type JobOutcome = {
  jobId: string
  kind: string
  state: 'done' | 'cancelled' | 'failed'
  result?: unknown
  error?: string
  code?: ErrorCode
  /** A failure's reason and values (see ERROR_REASONS), for the interface to say it in its language. */
  params?: ErrorParams
}
export const APP_COMMANDS = ['new-item', 'import-page', 'export', 'check-archive', 'find', 'connect-team'] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

export type Events = typeof events
export type EventName = keyof Events
export const eventNames = Object.keys(events) as EventName[]

/** What crosses every process boundary: a result, or an error as data. */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; message: string; field?: string; conflict?: ItemConflict; params?: ErrorParams }

// Error codes, reasons and import issues: what a refusal carries as data (shared/errors.ts).
export * from './errors'

/** The typed client every caller gets, whatever the transport. */
export type Client<M extends MethodName = MethodName> = {
  call<K extends M>(method: K, input: Input<K>): Promise<Output<K>>
}

/** Thrown on the calling side when a Result is an error. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** With CONFLICT on an item's update: the item as it is now and the fields both changes touched. */
    readonly conflict?: ItemConflict,
    readonly params?: ErrorParams
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new ApiError(result.code, result.message, result.field, result.conflict, result.params)
}

/** IPC channel names, derived from the contract (main and preload loop over them). */
export const channelOf = (method: MethodName): string => `presskeep:${method}`
export const eventChannelOf = (event: EventName): string => `presskeep:event:${event}`

/**
 * The one channel outside the method loop: files dropped on the desktop window. The preload
 * reads their paths from the dropped File objects itself (Electron's webUtils.getPathForFile),
 * so the renderer never sees or names a path; a File made in page script has no path.
 */
export const DROP_CHANNEL = 'presskeep:drop-files'

/** What the preload exposes as window.presskeep: one function per renderer method, and events. */
export type Bridge = {
  readonly host: 'electron'
  readonly api: { [K in RendererMethodName]: (input: Input<K>) => Promise<Result<Output<K>>> }
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /** Import files or folders dropped on the window, as one job (null: nothing to import). */
  importDropped(files: readonly unknown[], prefs?: ImportPreferences): Promise<Result<ImportStart | null>>
}
