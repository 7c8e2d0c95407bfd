import type { Item } from '../../../shared/model'
import type { Archive } from '../Archive'

// Items read back from a bag keep the ids, created and modified times they already have; the
// item repository writes them as they are (texts, records and journal lines in one batch).

export type VerbatimItem = { item: Item; attachmentText: Record<string, string> }

/** Puts items into the archive as they are, all of them or (on any failure) none. */
export async function putItemsVerbatim(archive: Archive, entries: VerbatimItem[], journal: { op: string; source: string }): Promise<void> {
  await (await archive.items()).putVerbatim(entries, journal)
}
