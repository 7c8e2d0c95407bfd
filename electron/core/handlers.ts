import type { CoreMethodName, Output, ParsedInput } from '../../shared/contract'
import type { Archive } from './Archive'
import { summarise } from './CatalogStore'
import { backupNow, backups, itemHistory, restoreBackup, runCheck, runRepair } from './safety/api'

export type Handler<M extends CoreMethodName> = (archive: Archive, input: ParsedInput<M>) => Promise<Output<M>> | Output<M>
export type Handlers = { [M in CoreMethodName]: Handler<M> }

/** The core's implementation of every contract method that is not the host's. */
export const handlers: Handlers = {
  'archive:info': (a) => a.info(),
  'items:list': (a, { view, offset, limit, sort, order }) => {
    const all = a.catalog.sorted(view, sort, order)
    return { total: all.length, offset, items: all.slice(offset, offset + limit).map(summarise) }
  },
  'items:get': (a, { id }) => a.getItem(id),
  'items:create': (a, { fields }) => a.createItem(fields),
  'items:update': (a, { id, fields }) => a.updateItem(id, fields),
  'items:trash': async (a, { ids }) => ({ count: await a.setTrashed(ids, true) }),
  'items:restore': async (a, { ids }) => ({ count: await a.setTrashed(ids, false) }),
  'attachments:addFiles': (a, { itemId, paths }) => a.attachPaths(itemId, paths),
  'attachments:remove': (a, { itemId, attachmentId }) => a.removeAttachment(itemId, attachmentId),

  // --- Safety (issue 9) ---
  'archive:check': (a) => runCheck(a),
  'archive:repair': (a, input) => runRepair(a, input),
  'archive:backup': (a) => backupNow(a),
  'archive:backups': (a) => backups(a),
  'archive:restoreBackup': (a, { snapshot, damagedOnly }) => restoreBackup(a, snapshot, damagedOnly),
  'items:history': (a, { id, limit }) => itemHistory(a, id, limit)
}
