import type { CoreMethodName, Output, ParsedInput } from '../../shared/contract'
import type { Archive } from './Archive'
import { summarise } from './CatalogStore'
import { CoreError } from './errors'
import { beginImport, continueImport, discardImport, importWithMapping, startImportJob } from './import/files'
import { backupConfig } from './safety/backups'
import { clearStaged, stagedOrigins, stagedPaths } from './staging'
import { importBagFrom, prepareDownload, runExportJob } from './export/service'
import { commitStaged, discardStaged, mergeItems, proposeFile, proposeStaged, proposeText, reenrich, restoreSkippedBlock, splitItem } from './import/press/service'
import { backupNow, backups, itemHistory, restoreBackup, runCheck, runRepair } from './safety/api'
import { attachmentView } from './viewer/view'
import { attachmentHits } from './viewer/hits'
import { attachmentPreview } from './preview'
import { loadDemo } from './demo'

export type Handler<M extends CoreMethodName> = (archive: Archive, input: ParsedInput<M>) => Promise<Output<M>> | Output<M>
export type Handlers = { [M in CoreMethodName]: Handler<M> }

/** The core's implementation of every contract method that is not the host's. */
export const handlers: Handlers = {
  'archive:info': (a) => a.info(),
  // Filters, counts and undo live in the cataloguing workspace (electron/core/workspace).
  'items:list': async (a, input) => (await a.workspace()).list(input),
  'items:get': (a, { id }) => a.showItem(id),
  'items:create': async (a, { fields }) => (await a.workspace()).createItem(fields),
  'items:update': async (a, { id, fields, baseVersion }) => (await a.workspace()).updateItem(id, fields, baseVersion),
  'items:trash': async (a, { ids }) => ({ count: await (await a.workspace()).setTrashed(ids, true) }),
  'items:restore': async (a, { ids }) => ({ count: await (await a.workspace()).setTrashed(ids, false) }),
  'attachments:addFiles': (a, { itemId, paths }) => a.attachPaths(itemId, paths),
  'attachments:remove': (a, { itemId, attachmentId }) => a.removeAttachment(itemId, attachmentId),

  // —— jobs and file import (issue 6) ——
  'import:paths': (a, { paths, ocr, mapping }) => (mapping ? importWithMapping(a, paths, mapping, { ocr }) : { jobId: startImportJob(a, paths, { ocr }).id }),
  'import:staged': async (a, { tokens, ocrLanguages }) =>
    beginImport(a, await stagedPaths(a, tokens), { ocrLanguages, sources: await stagedOrigins(a, tokens) }, () => clearStaged(a, tokens)),
  'import:mapped': (a, { pendingId, mappings }) => continueImport(a, pendingId, mappings),
  'import:discard': async (a, { pendingId }) => ({ discarded: await discardImport(a, pendingId) }),
  'jobs:list': (a) => a.jobs.running(),
  'jobs:cancel': (a, { jobId }) => ({ cancelled: a.jobs.cancel(jobId) }),
  'jobs:wait': async (a, { jobId }) => {
    const job = a.jobs.get(jobId)
    if (!job) throw new CoreError('NOT_FOUND', `No running job ${jobId}.`, undefined, { reason: 'JOB_ENDED' })
    const outcome = await job.done
    return { jobId, kind: job.kind, ...outcome }
  },

  // —— search (issue 4) ——
  'search:query': (a, { q, ...options }) => a.search.query(q, options),
  'search:ids': (a, { q, fuzzy }) => a.search.ids(q, { fuzzy }),
  'search:status': (a) => a.search.status(),
  'search:rebuild': (a) => ({ jobId: a.search.rebuild().id }),
  'searches:list': (a) => a.savedSearches.list(),
  'searches:save': (a, input) => a.savedSearches.save(input),
  'searches:delete': async (a, { id }) => {
    await a.savedSearches.remove(id)
    return { deleted: true }
  },

  // —— press-page import with review (issue 5) ——
  'import:proposeText': (a, { text, sourceName, referenceDate }) => proposeText(a, text, sourceName, referenceDate),
  'import:proposeStaged': (a, { token, referenceDate }) => proposeStaged(a, token, referenceDate),
  'import:proposeFile': (a, { path: file, referenceDate }) => proposeFile(a, file, referenceDate),
  'import:commit': (a, { token, proposal, sourceUrl }) => commitStaged(a, token, proposal, sourceUrl),
  'import:discardPage': (a, { token }) => discardStaged(a, token),
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
  'items:counts': async (a) => (await a.workspace()).counts(),
  'items:ids': async (a, input) => (await a.workspace()).ids(input),
  'tags:list': async (a) => (await a.workspace()).listTags(),
  'tags:set': async (a, { name, colour }) => (await a.workspace()).setTag(name, colour),
  'tags:rename': async (a, { from, to }) => (await a.workspace()).renameTag(from, to),
  'tags:merge': async (a, { sources, into }) => (await a.workspace()).mergeTags(sources, into),
  'tags:delete': async (a, { name }) => (await a.workspace()).deleteTag(name),
  'collections:list': async (a) => (await a.workspace()).listCollections(),
  'collections:create': async (a, input) => (await a.workspace()).createCollection(input),
  'collections:update': async (a, input) => (await a.workspace()).updateCollection(input),
  'collections:delete': async (a, { id }) => (await a.workspace()).deleteCollection(id),
  'collections:reorder': async (a, { id, itemIds }) => (await a.workspace()).reorderCollection(id, itemIds),
  'authorities:list': async (a, { kind }) => (await a.workspace()).listAuthorities(kind),
  'authorities:get': async (a, { id }) => (await a.workspace()).getAuthority(id),
  'authorities:create': async (a, input) => (await a.workspace()).createAuthority(input),
  'authorities:update': async (a, input) => (await a.workspace()).updateAuthority(input),
  'authorities:delete': async (a, { id }) => (await a.workspace()).deleteAuthority(id),
  'authorities:merge': async (a, { sourceId, targetId }) => (await a.workspace()).mergeAuthorities(sourceId, targetId),
  'authorities:duplicates': async (a, { kind }) => (await a.workspace()).duplicates(kind),
  'authorities:reject': async (a, { a: x, b }) => (await a.workspace()).rejectDuplicate(x, b),
  'authorities:fromItems': async (a, { kind }) => (await a.workspace()).authoritiesFromItems(kind),
  'bulk:preview': async (a, { ids, ops }) => (await a.workspace()).bulkPreview(ids, ops),
  'bulk:apply': async (a, { ids, ops, token }) => (await a.workspace()).bulkApply(ids, ops, token),
  'history:state': async (a) => (await a.workspace()).historyState(),
  'history:undo': async (a) => (await a.workspace()).undo(),
  'history:redo': async (a) => (await a.workspace()).redo(),

  // —— attachment previews (issue 6) ——
  'attachments:preview': (a, { itemId, attachmentId }) => attachmentPreview(a, itemId, attachmentId),
  'attachments:view': (a, { itemId, attachmentId }) => attachmentView(a, itemId, attachmentId),
  'attachments:hits': (a, { itemId, attachmentId, query }) => attachmentHits(a, itemId, attachmentId, query),

  // —— first run (issue 10): the demo archive ——
  'archive:loadDemo': (a) => loadDemo(a)
}
