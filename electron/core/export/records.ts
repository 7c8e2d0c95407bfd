import type { Archive } from '../Archive'
import { CoreError } from '../errors'
import type { ExportEntry } from './types'

/** Checks every id before anything is written, so that a typo fails fast and whole. */
export function checkIds(archive: Archive, ids: string[]): void {
  if (ids.length === 0) throw new CoreError('INVALID_INPUT', 'There is nothing to export: no items were chosen.', 'ids')
  const unknown = ids.filter((id) => !archive.catalog.get(id))
  if (unknown.length > 0)
    throw new CoreError(
      'NOT_FOUND',
      `${unknown.length} of the items to export are not in the archive (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}).`,
      'ids'
    )
}

/** The same ids once each, in the order given. */
export function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids)]
}

/**
 * Yields whole items in the order given, reading ahead a few at a time: each item's long
 * text is its own small file, and reading them one after the other would make the export
 * wait on the disk for every item.
 */
export async function* loadEntries(
  archive: Archive,
  ids: string[],
  opts: { withAttachmentText: boolean; concurrency?: number; signal?: AbortSignal }
): AsyncGenerator<ExportEntry> {
  const ahead = opts.concurrency ?? 32
  const load = async (id: string): Promise<ExportEntry> => {
    const item = await archive.getItem(id)
    const attachmentText =
      opts.withAttachmentText && item.attachments.length > 0 ? (await archive.texts.get(id)).attachments : {}
    return { item, attachmentText, files: {} }
  }
  const queue: Array<Promise<ExportEntry>> = []
  let next = 0
  const enqueue = () => {
    const p = load(ids[next++])
    // Read-ahead failures surface when their turn comes; until then they must not count as unhandled.
    p.catch(() => {})
    queue.push(p)
  }
  while (next < ids.length && queue.length < ahead) enqueue()
  while (queue.length > 0) {
    opts.signal?.throwIfAborted()
    const entry = await queue.shift()!
    if (next < ids.length) enqueue()
    yield entry
  }
}
