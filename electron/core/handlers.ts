import type { CoreMethodName, Output, ParsedInput } from '../../shared/contract'
import type { Archive } from './Archive'
import { catalogueOf } from './catalogue'

export type Handler<M extends CoreMethodName> = (archive: Archive, input: ParsedInput<M>) => Promise<Output<M>> | Output<M>
export type Handlers = { [M in CoreMethodName]: Handler<M> }

/** The core's implementation of every contract method that is not the host's. */
export const handlers: Handlers = {
  'archive:info': (a) => a.info(),
  // Filters, counts and undo live in the cataloguing workspace (electron/core/catalogue).
  'items:list': async (a, input) => (await catalogueOf(a)).list(input),
  'items:get': (a, { id }) => a.getItem(id),
  'items:create': async (a, { fields }) => (await catalogueOf(a)).createItem(fields),
  'items:update': async (a, { id, fields }) => (await catalogueOf(a)).updateItem(id, fields),
  'items:trash': async (a, { ids }) => ({ count: await (await catalogueOf(a)).setTrashed(ids, true) }),
  'items:restore': async (a, { ids }) => ({ count: await (await catalogueOf(a)).setTrashed(ids, false) }),
  'attachments:addFiles': (a, { itemId, paths }) => a.attachPaths(itemId, paths),
  'attachments:remove': (a, { itemId, attachmentId }) => a.removeAttachment(itemId, attachmentId),

  // --- Cataloguing workspace (issue 7) ---
  'items:counts': async (a) => (await catalogueOf(a)).counts(),
  'items:ids': async (a, input) => (await catalogueOf(a)).ids(input),
  'tags:list': async (a) => (await catalogueOf(a)).listTags(),
  'tags:set': async (a, { name, colour }) => (await catalogueOf(a)).setTag(name, colour),
  'tags:rename': async (a, { from, to }) => (await catalogueOf(a)).renameTag(from, to),
  'tags:merge': async (a, { sources, into }) => (await catalogueOf(a)).mergeTags(sources, into),
  'tags:delete': async (a, { name }) => (await catalogueOf(a)).deleteTag(name),
  'collections:list': async (a) => (await catalogueOf(a)).listCollections(),
  'collections:create': async (a, input) => (await catalogueOf(a)).createCollection(input),
  'collections:update': async (a, input) => (await catalogueOf(a)).updateCollection(input),
  'collections:delete': async (a, { id }) => (await catalogueOf(a)).deleteCollection(id),
  'collections:reorder': async (a, { id, itemIds }) => (await catalogueOf(a)).reorderCollection(id, itemIds),
  'authorities:list': async (a, { kind }) => (await catalogueOf(a)).listAuthorities(kind),
  'authorities:get': async (a, { id }) => (await catalogueOf(a)).getAuthority(id),
  'authorities:create': async (a, input) => (await catalogueOf(a)).createAuthority(input),
  'authorities:update': async (a, input) => (await catalogueOf(a)).updateAuthority(input),
  'authorities:delete': async (a, { id }) => (await catalogueOf(a)).deleteAuthority(id),
  'authorities:merge': async (a, { sourceId, targetId }) => (await catalogueOf(a)).mergeAuthorities(sourceId, targetId),
  'authorities:duplicates': async (a, { kind }) => (await catalogueOf(a)).duplicates(kind),
  'authorities:reject': async (a, { a: x, b }) => (await catalogueOf(a)).rejectDuplicate(x, b),
  'authorities:fromItems': async (a, { kind }) => (await catalogueOf(a)).authoritiesFromItems(kind),
  'bulk:preview': async (a, { ids, ops }) => (await catalogueOf(a)).bulkPreview(ids, ops),
  'bulk:apply': async (a, { ids, ops, token }) => (await catalogueOf(a)).bulkApply(ids, ops, token),
  'history:state': async (a) => (await catalogueOf(a)).historyState(),
  'history:undo': async (a) => (await catalogueOf(a)).undo(),
  'history:redo': async (a) => (await catalogueOf(a)).redo()
}
