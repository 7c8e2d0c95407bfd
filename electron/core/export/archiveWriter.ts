import type { Item } from '../../../shared/model'
import type { Archive } from '../Archive'
import { toRecord } from '../Archive'
import type { ItemTexts } from '../TextStore'

// Writes whole records with the ids, created and modified times they already have (a bag
// read back), through the archive's own stores. Archive.createItems cannot: it gives new
// ids and times. Kept here, not in Archive.ts, until the lead moves it there.

export { toRecord }

export type VerbatimItem = { item: Item; attachmentText: Record<string, string> }

/**
 * Puts items into the archive as they are. Texts go first (invisible until their record
 * exists), then the catalogue in one put, then the journal. When the catalogue write
 * fails the texts are put back as they were, so nothing is left half-written.
 */
export async function putItemsVerbatim(
  archive: Archive,
  entries: VerbatimItem[],
  journal: { op: string; source: string }
): Promise<void> {
  if (entries.length === 0) return
  const previous = new Map<string, ItemTexts | null>()
  for (const { item } of entries) previous.set(item.id, archive.catalog.get(item.id) ? await archive.texts.get(item.id) : null)
  try {
    for (const { item, attachmentText } of entries) {
      const hadTexts = previous.get(item.id) !== null
      if (item.body || item.description || item.notes || Object.keys(attachmentText).length > 0 || hadTexts)
        await archive.texts.put(item.id, { body: item.body, description: item.description, notes: item.notes, attachments: attachmentText })
    }
    await archive.catalog.put(entries.map((e) => toRecord(e.item)))
  } catch (err) {
    for (const [id, texts] of previous) {
      if (texts) await archive.texts.put(id, texts).catch(() => {})
      else await archive.texts.remove(id).catch(() => {})
    }
    throw err
  }
  for (const { item } of entries) await archive.journal.append({ op: journal.op, id: item.id, after: item, source: journal.source })
  archive.emit('items:changed', { ids: entries.map((e) => e.item.id), reason: journal.op })
}
