// The item list's filters, orders and counts, over the catalogue's records: what the
// workspace's list, ids and counts are made of (the workspace keeps the caching).
import { AUTHORITY_FIELD, ITEM_STATUSES, type AuthorityRecord, type Collection, type ItemCounts, type ListFilter } from '../../../shared/model'
import type { ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { withDescendants } from './collectionPaths'
import { isSameOrBelow, normaliseTagName } from './names'

type MatchContext = {
  collections: () => Collection[]
  authority: (id: string) => AuthorityRecord | undefined
  /** A name as names are compared (case, accents and spacing aside). */
  key: (name: string) => string
}

/** The test a record must pass to be in the filtered list, or null when nothing filters. */
export function listMatcher(filter: ListFilter, ctx: MatchContext): ((r: ItemRecord) => boolean) | null {
  const tests: Array<(r: ItemRecord) => boolean> = []
  if (filter.tag !== undefined) {
    const tag = normaliseTagName(filter.tag, 'filter.tag')
    tests.push((r) => r.tags.some((t) => isSameOrBelow(t, tag)))
  }
  if (filter.collection !== undefined) {
    const c = filter.collection
    if (filter.withSubcollections) {
      const wanted = withDescendants(ctx.collections(), [c])
      tests.push((r) => r.collections.some((id) => wanted.has(id)))
    } else tests.push((r) => r.collections.includes(c))
  }
  if (filter.unfiled) tests.push((r) => r.collections.length === 0)
  if (filter.status !== undefined) {
    const s = filter.status
    tests.push((r) => r.status === s)
  }
  if (filter.warnings) tests.push((r) => r.warnings.length > 0)
  if (filter.authority !== undefined) {
    const a = ctx.authority(filter.authority)
    if (!a) throw new CoreError('NOT_FOUND', `There is no authority record with id ${filter.authority}.`, 'filter.authority', { reason: 'RECORD_NOT_FOUND' })
    const keys = new Set([a.preferred, ...a.variants].map((n) => ctx.key(n)))
    const field = AUTHORITY_FIELD[a.kind]
    tests.push((r) => r[field].some((n) => keys.has(ctx.key(n))))
  }
  if (tests.length === 0) return null
  return (r) => tests.every((t) => t(r))
}

/** Items placed by hand first, in their order; the others after, in the order they came. */
export function inManualOrder(rows: ItemRecord[], placed: readonly string[], desc: boolean): ItemRecord[] {
  const pos = new Map(placed.map((id, i) => [id, i]))
  const last = Number.MAX_SAFE_INTEGER
  const sorted = [...rows].sort((a, b) => (pos.get(a.id) ?? last) - (pos.get(b.id) ?? last))
  return desc ? sorted.reverse() : sorted
}

/** Statuses in the order of the work (new → needs review), not alphabetically. */
export function inStatusOrder(rows: ItemRecord[], desc: boolean): ItemRecord[] {
  const rank = new Map<string, number>(ITEM_STATUSES.map((st, i) => [st, i]))
  const sorted = [...rows].sort((a, b) => (rank.get(a.status) ?? 9) - (rank.get(b.status) ?? 9))
  return desc ? sorted.reverse() : sorted
}

export function countItems(records: Iterable<ItemRecord>): ItemCounts {
  const statuses = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as ItemCounts['statuses']
  const c: ItemCounts = { all: 0, unfiled: 0, trash: 0, warnings: 0, statuses }
  for (const r of records) {
    if (r.trashed) {
      c.trash++
      continue
    }
    c.all++
    if (r.collections.length === 0) c.unfiled++
    if (r.warnings.length > 0) c.warnings++
    if (r.status in statuses) statuses[r.status]++
  }
  return c
}
