// No lost update: a change made on an older version of an item than the one stored is checked
// against what happened since. The journal is the record of what happened: every item line
// names the version it made, so the fields touched since the version the person started from
// are the fields of the lines after it. Read only when a change arrives on an old version.
import type { Item, ItemConflict } from '../../../shared/model'
import type { ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import type { ChangeJournal } from '../stores'

/** The fields changed since `baseVersion`, and those of them this change also changes. */
export async function conflictOf(
  journal: ChangeJournal,
  rec: ItemRecord,
  baseVersion: number,
  mine: string[]
): Promise<{ touched: string[]; fields: string[] }> {
  const touched = new Set<string>()
  for (const e of await journal.history(rec.id)) {
    if (e.id !== rec.id || typeof e.version !== 'number' || e.version <= baseVersion) continue
    for (const side of [e.before, e.after])
      if (side && typeof side === 'object' && !Array.isArray(side)) for (const k of Object.keys(side)) touched.add(k)
    // Attach and detach lines hold attachment records, not fields.
    if (e.op === 'attach' || e.op === 'detach') touched.add('attachments')
  }
  touched.delete('modified')
  return { touched: [...touched], fields: mine.filter((k) => touched.has(k)) }
}

/**
 * Refusal of a change made on an old version that changes a field another change changed
 * since. It carries the item as it is now and the fields involved, so that the editor can
 * show them side by side and save again on the current version.
 */
export class ItemConflictError extends CoreError {
  readonly conflict: ItemConflict
  constructor(current: Item, fields: string[], touched: string[], baseVersion: number) {
    const names = fields.length ? fields.join(', ') : 'the item'
    super(
      'CONFLICT',
      `“${current.title.slice(0, 80)}” was changed by someone else while you edited it (it is now at version ${current.version}, your edit started from version ${baseVersion}), and both changes touch ${names}. Nothing was saved: choose, field by field, what to keep.`,
      fields[0] ? `fields.${fields[0]}` : undefined
    )
    this.conflict = { current, fields, touched, baseVersion }
  }
}

/**
 * Refusal of a change whose items another process changed while it was made (a row not at the
 * version the change was based on, or a record the change feed replaced meanwhile): nothing of it
 * was saved.
 */
export function changedMeanwhile(ids: string[]): CoreError {
  return new CoreError(
    'CONFLICT',
    `${ids.length === 1 ? `Item ${ids[0]} was` : `${ids.length} items (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}) were`} changed by someone else in the meantime; nothing of this change was saved. Look at the item again and redo the change.`,
    undefined,
    { reason: 'CHANGED_BY_SOMEONE_ELSE' }
  )
}
