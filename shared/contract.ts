// The one API contract of Presskeep. Every transport (Electron IPC, the preload, the
// loopback HTTP host, the renderer's client, the CLI) is a loop over `api` below:
// adding a method is one entry here plus its implementation in electron/core/handlers.ts.
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
  type ArchiveInfo,
  type Item,
  type ItemSummary
} from './model'

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
  'items:update': method<
    z.ZodObject<{ id: typeof ItemIdSchema; fields: typeof ItemPatchSchema }>,
    Item
  >('Change some fields of an item', z.object({ id: ItemIdSchema, fields: ItemPatchSchema }).strict()),
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
  'attachments:saveAs': method<
    z.ZodObject<{ itemId: typeof ItemIdSchema; attachmentId: typeof AttachmentIdSchema }>,
    { saved: string } | null,
    'host'
  >(
    'Ask the person where to save a copy of an attachment, and write it there',
    z.object({ itemId: ItemIdSchema, attachmentId: AttachmentIdSchema }).strict(),
    'host'
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
  'history:redo': method<typeof Empty, { label: string; ids: string[] }>('Redo the last undone change', Empty)
} as const

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
  'items:changed': null as unknown as { ids: string[]; reason: string },
  'jobs:progress': null as unknown as {
    jobId: string
    kind: string
    done: number
    total: number
    current: string
    state: 'running' | 'done' | 'cancelled' | 'failed'
  }
}
export type Events = typeof events
export type EventName = keyof Events
export const eventNames = Object.keys(events) as EventName[]

/** What crosses every process boundary: a result, or an error as data. */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; message: string; field?: string }

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'HOST_UNSUPPORTED',
  'ARCHIVE_LOCKED',
  'ARCHIVE_TOO_NEW',
  'ARCHIVE_INVALID',
  'FILE_UNREADABLE',
  'IO_ERROR',
  'INTERNAL',
  // Cataloguing workspace: an undo (or a stale bulk preview) that would clobber a later change.
  'CONFLICT'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** The typed client every caller gets, whatever the transport. */
export type Client<M extends MethodName = MethodName> = {
  call<K extends M>(method: K, input: Input<K>): Promise<Output<K>>
}

/** Thrown on the calling side when a Result is an error. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new ApiError(result.code, result.message, result.field)
}

/** IPC channel names, derived from the contract (main and preload loop over them). */
export const channelOf = (method: MethodName): string => `presskeep:${method}`
export const eventChannelOf = (event: EventName): string => `presskeep:event:${event}`

/** What the preload exposes as window.presskeep: one function per renderer method, and events. */
export type Bridge = {
  readonly host: 'electron'
  readonly api: { [K in RendererMethodName]: (input: Input<K>) => Promise<Result<Output<K>>> }
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
