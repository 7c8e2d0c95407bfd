// One way to read an item with its long texts, for every reader (the editor's read-back after a
// save, items:get): a damaged text file is named on the item, as the archive check names it,
// instead of failing the read. A change to the long texts still reads the file and is refused.
import type { Item } from '../../../shared/model'
import { itemFromRecord, type ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import type { ItemTextStore } from '../stores'

export async function readItem(rec: ItemRecord, texts: Pick<ItemTextStore, 'get'>): Promise<Item> {
  try {
    return itemFromRecord(rec, await texts.get(rec.id))
  } catch (err) {
    const params = err instanceof CoreError ? err.params : undefined
    if (params?.reason !== 'ARCHIVE_DAMAGED' || params.kind !== 'text-unreadable') throw err
    const damage = [{ kind: 'text-unreadable' as const, path: String(params.file), message: (err as Error).message }]
    return { ...itemFromRecord(rec, { body: '', description: '', notes: '' }), damage }
  }
}
