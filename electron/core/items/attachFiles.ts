// Files attached from disk or from an upload: stored in the attachment store first (content-
// addressed, harmless until a record names them), then attached through the item repository.
import { promises as fsp } from 'node:fs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import type { Item } from '../../../shared/model'
import { CoreError, fsReason } from '../errors'
import type { AttachmentStore, ItemRecordStore } from '../stores'
import type { ItemRepository } from './ItemRepository'
import { sanitiseFileName } from './records'

type Stores = { files: AttachmentStore; catalog: ItemRecordStore }

/** Attaches files from disk. All files are checked before any is stored. */
export async function attachPaths(stores: Stores, items: ItemRepository, itemId: string, paths: string[]): Promise<Item> {
  if (!stores.catalog.get(itemId)) throw new CoreError('NOT_FOUND', `No item with id ${itemId}.`, undefined, { reason: 'ITEM_NOT_FOUND', id: itemId })
  for (const p of paths) {
    try {
      const st = await fsp.stat(p)
      if (!st.isFile()) throw new CoreError('FILE_UNREADABLE', `Cannot attach ${p}: it is not a regular file.`, 'paths', { reason: 'NOT_A_FILE', name: path.basename(p) })
      await fsp.access(p, fs.constants.R_OK)
    } catch (err) {
      if (err instanceof CoreError) throw err
      const code = (err as NodeJS.ErrnoException).code
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err)
      throw new CoreError('FILE_UNREADABLE', `Cannot attach ${p}: ${why}.`, 'paths', fsReason(p, err))
    }
  }
  const stored: Array<{ name: string; sha256: string; size: number; created: boolean }> = []
  try {
    for (const p of paths) stored.push({ name: path.basename(p), ...(await stores.files.putPath(p)) })
    return await items.attach(itemId, stored)
  } catch (err) {
    await dropUnreferenced(stores, stored.filter((s) => s.created).map((s) => s.sha256))
    throw err
  }
}

/** Attaches one file given as a stream (browser upload, an import's source). */
export async function attachStream(stores: Stores, items: ItemRepository, itemId: string, name: string, source: Readable, text?: string): Promise<Item> {
  if (!stores.catalog.get(itemId)) throw new CoreError('NOT_FOUND', `No item with id ${itemId}.`, undefined, { reason: 'ITEM_NOT_FOUND', id: itemId })
  const s = await stores.files.putStream(source)
  return items.attach(itemId, [{ name: sanitiseFileName(name), sha256: s.sha256, size: s.size, text }])
}

async function dropUnreferenced(stores: Stores, shas: string[]): Promise<void> {
  if (shas.length === 0) return
  const used = new Set<string>()
  for (const r of stores.catalog.all()) for (const a of r.attachments) used.add(a.sha256)
  for (const sha of shas) if (!used.has(sha)) await stores.files.remove(sha)
}
