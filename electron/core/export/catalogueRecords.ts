// The catalogue records a bag carries beside its items (data/presskeep-catalogue.json): the
// collections the items are in (with their ancestors), the records of their tags (colours)
// and the authority records that resolve their people, organisations and places. Written on
// export, validated and merged into the target archive's catalogue on import.
import { z } from 'zod'
import {
  AUTHORITY_FIELD,
  AUTHORITY_KINDS,
  AuthorityIdentifierSchema,
  AuthorityKindSchema,
  type AuthorityKind,
  type AuthorityRecord,
  type Collection,
  type Item,
  type TagRecord
} from '../../../shared/model'
import type { Workspace } from '../workspace'
import { ancestorsOf, matchKey, normaliseTagName } from '../workspace/names'
import type { StoreName } from '../workspace/UndoStack'
import { CoreError } from '../errors'
import { newId } from '../ids'

export const BAG_CATALOGUE_FORMAT = 'presskeep-catalogue'
export const BAG_CATALOGUE_VERSION = 1
/** Relative to the bag's data/ folder. */
export const BAG_CATALOGUE_PATH = 'presskeep-catalogue.json'

/** Shown between the levels of a nested collection's name ("Elections › 2023"). */
export const COLLECTION_PATH_SEPARATOR = ' › '

export type BagCatalogue = {
  format: typeof BAG_CATALOGUE_FORMAT
  version: number
  /** Parents before their children. Each manual order lists only items of the bag. */
  collections: Collection[]
  tags: TagRecord[]
  authorities: AuthorityRecord[]
}

const RecordId = z.string().regex(/^[0-9a-z]{8,40}$/, 'is not a record id')
const Name = z.string().trim().min(1, 'must not be empty').max(500)

const CollectionRecordSchema = z
  .object({
    id: RecordId,
    name: Name,
    parentId: RecordId.nullable(),
    description: z.string().max(1_000_000).default(''),
    notes: z.string().max(1_000_000).default(''),
    order: z.array(z.string()).default([]),
    created: z.string().min(1),
    modified: z.string().min(1)
  })
  .loose()

const TagRecordSchema = z.object({ name: z.string(), colour: z.string().regex(/^#[0-9a-f]{6}$/, 'must be a colour like #1f6feb').nullable() })

const AuthorityRecordSchema = z
  .object({
    id: RecordId,
    kind: AuthorityKindSchema,
    preferred: Name,
    variants: z.array(Name).max(1000).default([]),
    note: z.string().max(1_000_000).default(''),
    identifiers: z.array(AuthorityIdentifierSchema).max(100).default([]),
    created: z.string().min(1),
    modified: z.string().min(1)
  })
  .loose()

export const BagCatalogueSchema = z.object({
  format: z.literal(BAG_CATALOGUE_FORMAT),
  version: z.number().int().positive(),
  collections: z.array(CollectionRecordSchema).default([]),
  tags: z.array(TagRecordSchema).default([]),
  authorities: z.array(AuthorityRecordSchema).default([])
})

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** Gathers, as the items stream by, the catalogue records they refer to. */
export class CatalogueCollector {
  private readonly itemIds = new Set<string>()
  private readonly collectionIds = new Set<string>()
  private readonly tagNames = new Set<string>()
  private readonly nameKeys = new Map<AuthorityKind, Set<string>>(AUTHORITY_KINDS.map((k) => [k, new Set<string>()]))

  constructor(private readonly cat: Workspace) {}

  add(item: Item): void {
    this.itemIds.add(item.id)
    for (const c of item.collections) this.collectionIds.add(c)
    for (const t of item.tags) for (const n of [t, ...ancestorsOf(t)]) this.tagNames.add(n)
    for (const kind of AUTHORITY_KINDS) for (const n of item[AUTHORITY_FIELD[kind]]) this.nameKeys.get(kind)!.add(matchKey(n))
  }

  result(): BagCatalogue {
    // The collections the items are in and every ancestor, parents first.
    const wanted = new Map<string, Collection>()
    for (const id of this.collectionIds)
      for (let c = this.cat.collections.get(id); c && !wanted.has(c.id); c = c.parentId ? this.cat.collections.get(c.parentId) : undefined)
        wanted.set(c.id, c)
    const depth = (c: Collection): number => {
      let d = 0
      for (let p = c.parentId; p && d < wanted.size; p = wanted.get(p)?.parentId ?? null) d++
      return d
    }
    const collections = [...wanted.values()]
      .sort((a, b) => depth(a) - depth(b))
      // An order listing items outside the bag would point at nothing in the archive it goes to.
      .map((c) => ({ ...c, order: c.order.filter((id) => this.itemIds.has(id)) }))
    const tags = [...this.tagNames].flatMap((n) => this.cat.tags.get(n) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // Matched as the catalogue matches them: any name of the record, by its match key.
    const authorities = this.cat.authorities
      .all()
      .filter((a) => [a.preferred, ...a.variants].some((n) => this.nameKeys.get(a.kind)!.has(matchKey(n))))
    return { format: BAG_CATALOGUE_FORMAT, version: BAG_CATALOGUE_VERSION, collections, tags, authorities }
  }
}

/**
 * A collection id → the collection's name as people read it, with its parents'
 * ("Elections › 2023"), for the formats that show names. An id the catalogue does not know
 * (an older archive kept names there) is shown as it is.
 */
export function collectionNamer(cat: Workspace | null): (id: string) => string {
  const memo = new Map<string, string>()
  return (id) => {
    let name = memo.get(id)
    if (name !== undefined) return name
    const parts: string[] = []
    const seen = new Set<string>()
    for (let c = cat?.collections.get(id); c && !seen.has(c.id); c = c.parentId ? cat!.collections.get(c.parentId) : undefined) {
      seen.add(c.id)
      parts.unshift(c.name)
    }
    name = parts.length ? parts.join(COLLECTION_PATH_SEPARATOR) : id
    memo.set(id, name)
    return name
  }
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export type ParsedBagCatalogue = z.infer<typeof BagCatalogueSchema>

/**
 * Checks what the schema cannot: tag names as the catalogue writes them, collections whose
 * parents form no cycle. Returns the collections parents first. Throws a sentence for the user.
 */
export function checkBagCatalogue(c: ParsedBagCatalogue, refuse: (why: string) => CoreError): ParsedBagCatalogue {
  for (const t of c.tags) {
    let name: string
    try {
      name = normaliseTagName(t.name)
    } catch (err) {
      throw refuse(`a tag record in ${BAG_CATALOGUE_PATH} is not valid (${(err as Error).message}).`)
    }
    if (name !== t.name) throw refuse(`the tag record "${t.name}" in ${BAG_CATALOGUE_PATH} is not written as Presskeep writes tags.`)
  }
  const byId = new Map(c.collections.map((x) => [x.id, x]))
  if (byId.size !== c.collections.length) throw refuse(`${BAG_CATALOGUE_PATH} lists a collection twice.`)
  const sorted: typeof c.collections = []
  const placed = new Set<string>()
  let pending = c.collections
  while (pending.length > 0) {
    const ready = pending.filter((x) => !x.parentId || !byId.has(x.parentId) || placed.has(x.parentId))
    if (ready.length === 0) throw refuse(`the collections in ${BAG_CATALOGUE_PATH} are each other's parents (a cycle).`)
    for (const x of ready) (sorted.push(x), placed.add(x.id))
    pending = pending.filter((x) => !placed.has(x.id))
  }
  if (new Set(c.authorities.map((a) => a.id)).size !== c.authorities.length) throw refuse(`${BAG_CATALOGUE_PATH} lists an authority record twice.`)
  return { ...c, collections: sorted }
}

/** What a version-1 bag (no catalogue file) kept in item.collections that is not a collection id: a collection name. */
const GENERATED_ID = /^[0-9a-z]{20}$/

/**
 * A version-1 bag carries no collection records. Its items' collections are ids (the
 * archive it came from may be this one) or, from before collections had records, names:
 * a name becomes a top-level collection of that name (an existing one is reused).
 */
export function legacyCollections(cat: Workspace, items: Item[]): ParsedBagCatalogue['collections'] {
  const names = new Set<string>()
  for (const i of items) for (const c of i.collections) if (!cat.collections.get(c) && !GENERATED_ID.test(c) && c.trim()) names.add(c)
  const now = new Date().toISOString()
  return [...names].map((name) => ({ id: name, name: name.trim(), parentId: null, description: '', notes: '', order: [], created: now, modified: now }))
}

/** Records written (created or changed), but for collectionsReused. */
export type RecordsOutcome = {
  collectionsCreated: number
  /** Bag collections that became an existing collection of the same name and parent. */
  collectionsReused: number
  tagsSet: number
  authoritiesCreated: number
  /** Existing records that took in a bag record sharing one of their names (its other names, identifiers, note). */
  authoritiesMerged: number
}

type Doc = { store: StoreName; id: string; value: unknown | null }

/**
 * Decides how a bag's records enter the catalogue. Runs inside the catalogue's queue
 * (Workspace.putRecords), so it sees the state it changes.
 *
 * - Collection: one with the same id is kept as the archive has it. Otherwise one with the
 *   same name (case folded) under the same parent is reused: the bag's items join it and the
 *   bag's manual order is appended to its own. Otherwise it is created with the bag's id.
 *   `map` gives, for every bag collection id, the id its items must carry here.
 * - Tag record: created when the archive has none; a record without a colour takes the bag's.
 * - Authority record: one with the same id is kept. Otherwise, when one of its names
 *   (preferred or variant, compared as the catalogue compares them) is already a name of a
 *   record of the same kind, the bag's record is merged into that one (as mergeAuthorities
 *   does: its other names become variants, identifiers are joined, the note fills an empty
 *   one); otherwise it is created with the bag's id.
 *
 * Importing the same bag again finds everything in place and changes nothing.
 */
export function planRecords(
  cat: Workspace,
  bag: ParsedBagCatalogue,
  /** The collections are a version-1 bag's names (legacyCollections): ids are made here. */
  legacy = false
): { docs: Doc[]; result: { map: Map<string, string>; outcome: RecordsOutcome } } {
  const now = new Date().toISOString()
  const outcome: RecordsOutcome = { collectionsCreated: 0, collectionsReused: 0, tagsSet: 0, authoritiesCreated: 0, authoritiesMerged: 0 }
  const docs = new Map<string, Doc>()
  const put = (store: StoreName, id: string, value: unknown) => docs.set(`${store}:${id}`, { store, id, value })

  const collections = new Map(cat.collections.all().map((c) => [c.id, c]))
  const map = new Map<string, string>()
  for (const c of bag.collections) {
    if (!legacy && collections.has(c.id)) {
      map.set(c.id, c.id)
      continue
    }
    const parentId = c.parentId ? (map.get(c.parentId) ?? (collections.has(c.parentId) ? c.parentId : null)) : null
    const folded = c.name.toLocaleLowerCase()
    const same = [...collections.values()].find((x) => x.parentId === parentId && x.name.toLocaleLowerCase() === folded)
    if (same) {
      map.set(c.id, same.id)
      const order = [...same.order, ...c.order.filter((id) => !same.order.includes(id))]
      if (order.length !== same.order.length) {
        const next = { ...same, order, modified: now }
        collections.set(same.id, next)
        put('collections', same.id, next)
      }
      outcome.collectionsReused++
      continue
    }
    const id = legacy ? newId() : c.id
    const next = { ...c, id, parentId } as Collection
    collections.set(id, next)
    map.set(c.id, id)
    put('collections', id, next)
    outcome.collectionsCreated++
  }

  for (const t of bag.tags) {
    const have = cat.tags.get(t.name)
    if (!have || (have.colour === null && t.colour !== null)) {
      put('tags', t.name, { name: t.name, colour: t.colour })
      outcome.tagsSet++
    }
  }

  const authorities = new Map(cat.authorities.all().map((a) => [a.id, a]))
  const owner = (kind: AuthorityKind, key: string): AuthorityRecord | undefined => {
    for (const a of authorities.values()) if (a.kind === kind && [a.preferred, ...a.variants].some((n) => matchKey(n) === key)) return a
    return undefined
  }
  for (const b of bag.authorities) {
    if (authorities.has(b.id)) continue
    const names = [b.preferred, ...b.variants]
    const target = owner(b.kind, matchKey(b.preferred)) ?? names.map((n) => owner(b.kind, matchKey(n))).find(Boolean)
    if (!target) {
      // Variants the catalogue would hold once each: none with the preferred form's key or another's.
      const keys = new Set([matchKey(b.preferred)])
      const variants = b.variants.filter((v) => !keys.has(matchKey(v)) && !owner(b.kind, matchKey(v)) && keys.add(matchKey(v)))
      const rec = { ...b, variants } as AuthorityRecord
      authorities.set(rec.id, rec)
      put('authorities', rec.id, rec)
      outcome.authoritiesCreated++
      continue
    }
    const variants = [...target.variants]
    const known = new Set([target.preferred, ...variants].map(matchKey))
    for (const n of names) {
      const k = matchKey(n)
      // A name that is already another record's stays that record's: the catalogue never gives one name to two records.
      if (!known.has(k) && !owner(b.kind, k)) (variants.push(n), known.add(k))
    }
    const identifiers = [...target.identifiers]
    for (const i of b.identifiers) if (!identifiers.some((x) => x.scheme === i.scheme && x.value === i.value)) identifiers.push(i)
    const note = target.note.trim() ? target.note : b.note
    if (variants.length !== target.variants.length || identifiers.length !== target.identifiers.length || note !== target.note) {
      const next = { ...target, variants, identifiers, note, modified: now }
      authorities.set(next.id, next)
      put('authorities', next.id, next)
      outcome.authoritiesMerged++
    }
  }
  return { docs: [...docs.values()], result: { map, outcome } }
}
