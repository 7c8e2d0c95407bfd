import type { CoreMethodName, Output, ParsedInput } from '../../shared/contract'
import type { Archive } from './Archive'
import { summarise } from './CatalogStore'
import { CoreError } from './errors'
import { beginImport, continueImport, discardImport, importWithMapping, startImportJob } from './import/files'
import { backupConfig } from './safety/backups'
import { cancelJob, jobsFor } from './jobs/JobRunner'
import { clearStaged, stagedPaths } from './staging'
import { SavedSearches } from './search/SavedSearches'
import { importBagFrom, prepareDownload, runExportJob } from './export/service'
import { commitStaged, mergeItems, proposeFile, proposeStaged, proposeText, reenrich, restoreSkippedBlock, splitItem } from './import/press/service'
import { backupNow, backups, itemHistory, restoreBackup, runCheck, runRepair } from './safety/api'
import { catalogueOf } from './catalogue'
import { attachmentView } from './viewer/view'
import { attachmentHits } from './viewer/hits'
import { attachmentPreview } from './preview'
import { loadDemo } from './demo'

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

  // —— jobs and file import (issue 6) ——
  'import:paths': (a, { paths, ocr, mapping }) => (mapping ? importWithMapping(a, paths, mapping, { ocr }) : { jobId: startImportJob(a, paths, { ocr }).id }),
  'import:staged': async (a, { tokens, ocrLanguages }) => beginImport(a, await stagedPaths(a, tokens), { ocrLanguages }, () => clearStaged(a, tokens)),
  'import:mapped': (a, { pendingId, mappings }) => continueImport(a, pendingId, mappings),
  'import:discard': async (a, { pendingId }) => ({ discarded: await discardImport(a, pendingId) }),
  'jobs:list': (a) => jobsFor(a).running(),
  'jobs:cancel': (a, { jobId }) => ({ cancelled: cancelJob(a, jobId) }),
  'jobs:wait': async (a, { jobId }) => {
    const job = jobsFor(a).get(jobId)
    if (!job) throw new CoreError('NOT_FOUND', `No running job ${jobId}.`)
    const outcome = await job.done
    return { jobId, kind: job.kind, ...outcome }
  },

  // —— search (issue 4) ——
  'search:query': (a, { q, ...options }) => a.search.query(q, options),
  'search:ids': (a, { q, fuzzy }) => a.search.ids(q, { fuzzy }),
  'search:status': (a) => a.search.status(),
  'search:rebuild': (a) => ({ jobId: a.search.rebuild().id }),
  'searches:list': (a) => searchesOf(a).list(),
  'searches:save': (a, input) => searchesOf(a).save(input),
  'searches:delete': async (a, { id }) => {
    await searchesOf(a).remove(id)
    return { deleted: true }
  },

  // —— press-page import with review (issue 5) ——
  'import:proposeText': (a, { text, sourceName, referenceDate }) => proposeText(a, text, sourceName, referenceDate),
  'import:proposeStaged': (a, { token, referenceDate }) => proposeStaged(a, token, referenceDate),
  'import:proposeFile': (a, { path: file, referenceDate }) => proposeFile(a, file, referenceDate),
  'import:commit': (a, { token, proposal, sourceUrl }) => commitStaged(a, token, proposal, sourceUrl),
  'proposal:merge': (_a, { proposal, a: first, b }) => mergeItems(proposal, first, b),
  'proposal:split': (_a, { proposal, key, atParagraph }) => splitItem(proposal, key, atParagraph),
  'proposal:restoreSkipped': (_a, { proposal, index }) => restoreSkippedBlock(proposal, index),
  'proposal:reenrich': (_a, { proposal, key, keep }) => reenrich(proposal, key, keep),

  // —— exports (issue 8) ——
  'export:run': (a, { scope, format, out, overwrite, withoutNotes }) => ({ jobId: runExportJob(a, scope, format, out, { overwrite, withoutNotes }).id }),
  'export:prepare': (a, { scope, format, withoutNotes }) => prepareDownload(a, scope, format, { withoutNotes }),
  'import:bag': (a, { path: bag }) => importBagFrom(a, bag),

  // —— safety (issue 9) ——
  'archive:check': (a) => runCheck(a),
  'archive:repair': (a, input) => runRepair(a, input),
  'archive:backup': (a) => backupNow(a),
  'archive:backupSettings': (a) => backupConfig(a.manifest),
  'archive:setBackupSettings': (a, config) => {
    a.setBackupConfig(config)
    return backupConfig(a.manifest)
  },
  'archive:backups': (a) => backups(a),
  'archive:restoreBackup': (a, { snapshot, damagedOnly }) => restoreBackup(a, snapshot, damagedOnly),
  'items:history': (a, { id, limit }) => itemHistory(a, id, limit),

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
  'history:redo': async (a) => (await catalogueOf(a)).redo(),

  // —— attachment previews (issue 6) ——
  'attachments:preview': (a, { itemId, attachmentId }) => attachmentPreview(a, itemId, attachmentId),
  'attachments:view': (a, { itemId, attachmentId }) => attachmentView(a, itemId, attachmentId),
  'attachments:hits': (a, { itemId, attachmentId, query }) => attachmentHits(a, itemId, attachmentId, query),

  // —— first run (issue 10): the demo archive ——
  'archive:loadDemo': (a) => loadDemo(a)
}

/** Saved searches are loaded once per archive. */
const savedSearches = new WeakMap<Archive, SavedSearches>()
function searchesOf(a: Archive): SavedSearches {
  let s = savedSearches.get(a)
  if (!s) savedSearches.set(a, (s = new SavedSearches(a.root)))
  return s
}
