// What the change feed reads: the changes after the last one seen, then, in one more
// statement, what this process needs to apply those other processes made: the rows of the items
// they changed, their texts (which the search index reads next: read here, searches waiting for
// the index wait for no further round trip) and, when someone's undo stacks changed, the stacks.
// PostgreSQL builds each part as one JSON value, which the driver hands over as one string
// for JSON.parse instead of converting row by row; and one snapshot holds them all, so the
// texts are those of the rows read with them.
import type { ItemTexts } from '../TextStore'
import type { TeamChange } from './ChangeFeed'
import type { ItemRow } from './PgItemRecordStore'
import type { UndoState } from './PgUndoLog'
import { prepared, type TeamDatabase } from './TeamDatabase'

/**
 * Texts read with the changes for at most this many items (a bulk edit of thousands leaves
 * them to the search index, which reads them a page at a time): kept in memory beside the
 * last ones read or written (PgTextStore keeps 512), they do not push all of those out.
 */
export const TEXTS_READ_WITH_CHANGES_MAX = 200

/** The changes' kinds whose items' rows (and texts) are read with them. */
const ITEM_KINDS = ['items', 'texts']

const CHANGES_READ = 'SELECT seq, origin, kinds, ids, at FROM changes WHERE seq > $1 AND seq <> ALL($2::bigint[]) ORDER BY seq LIMIT 5000'

const CHANGED_READ = `
SELECT
  (SELECT coalesce(json_agg(json_build_object('id', i.id, 'type', i.type, 'date', i.date, 'title', i.title, 'language', i.language,
     'created', i.created, 'modified', i.modified, 'trashed', i.trashed, 'version', i.version, 'data', i.data)), '[]')
     FROM items i WHERE i.id = ANY($1::text[])) AS items,
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'body', t.body, 'description', t.description, 'notes', t.notes, 'attachments', t.attachments)), '[]')
     FROM item_texts t WHERE t.id = ANY($2::text[])) AS texts,
  (SELECT json_agg(json_build_object('person', u.person, 'state', u.state)) FROM undo_state u WHERE $3) AS undo`

export type ChangesRead = {
  changes: TeamChange[]
  /** The items other processes changed (kinds items or texts): their ids, and the rows of those that still exist. */
  itemIds: string[]
  rows: ItemRow[]
  /** Their texts, when there were at most TEXTS_READ_WITH_CHANGES_MAX of them (an item without a row of texts has none). */
  texts: Map<string, ItemTexts> | null
  /** Everyone's undo stacks, when another process changed someone's. */
  undo: Array<{ person: string; state: UndoState }> | null
}

type TextsJson = { id: string; body: string; description: string; notes: string; attachments: Record<string, string> }

/** The ids of items that changes of other processes changed, as the statement picks them. */
export function itemsChangedBy(changes: TeamChange[]): string[] {
  const ids = new Set<string>()
  for (const c of changes) if (c.kinds.some((k) => ITEM_KINDS.includes(k))) for (const id of c.ids) ids.add(id)
  return [...ids]
}

/**
 * Reads the changes numbered above `after` (except `skip`, seen already), and what their items
 * are now. Straight from the pool, without the wait for a database that is away: the feed tries
 * again at its next poll.
 */
export async function readChanges(db: TeamDatabase, after: number, skip: number[]): Promise<ChangesRead> {
  type ChangeRow = { seq: string; origin: string; kinds: string[]; ids: string[]; at: Date }
  const { rows } = await db.pool.query<ChangeRow>(prepared({ text: CHANGES_READ, values: [after, skip] }))
  const changes = rows.map((r) => ({ seq: Number(r.seq), origin: r.origin, kinds: r.kinds, ids: r.ids, at: r.at.toISOString() }))
  const theirs = changes.filter((c) => c.origin !== db.origin)
  const itemIds = itemsChangedBy(theirs)
  const withTexts = itemIds.length <= TEXTS_READ_WITH_CHANGES_MAX
  const undoChanged = theirs.some((c) => c.kinds.includes('undo'))
  if (itemIds.length === 0 && !undoChanged) return { changes, itemIds, rows: [], texts: null, undo: null }
  const changed = await db.pool.query<{ items: ItemRow[]; texts: TextsJson[]; undo: ChangesRead['undo'] }>(
    prepared({ text: CHANGED_READ, values: [itemIds, withTexts ? itemIds : [], undoChanged] })
  )
  const r = changed.rows[0]
  let texts: Map<string, ItemTexts> | null = null
  if (withTexts) {
    texts = new Map()
    for (const t of r.texts) texts.set(t.id, { body: t.body, description: t.description, notes: t.notes, attachments: t.attachments })
  }
  return { changes, itemIds, rows: r.items, texts, undo: undoChanged ? (r.undo ?? []) : null }
}
