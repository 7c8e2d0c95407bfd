import type { CoreMethodName, Output, ParsedInput } from '../../shared/contract'
import type { Archive } from './Archive'
import { summarise } from './CatalogStore'
import { CoreError } from './errors'
import { startImportJob } from './import/files'
import { cancelJob, jobsFor } from './jobs/JobRunner'
import { clearStaged, stagedPaths } from './staging'
import { SavedSearches } from './search/SavedSearches'
import { importBagFrom, prepareDownload, runExportJob } from './export/service'
import { commitStaged, mergeItems, proposeFile, proposeStaged, proposeText, reenrich, restoreSkippedBlock, splitItem } from './import/press/service'
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

  // —— jobs and file import (issue 6) ——
  'import:paths': (a, { paths, ocr }) => ({ jobId: runImportJob(a, paths, { ocr }).id }),
  'import:staged': async (a, { tokens }) => {
    const paths = await stagedPaths(a, tokens)
    const job = runImportJob(a, paths, {})
    void job.done.then(() => clearStaged(a, tokens))
    return { jobId: job.id }
  },
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
  'import:commit': (a, { token, proposal }) => commitStaged(a, token, proposal),
  'proposal:merge': (_a, { proposal, a: first, b }) => mergeItems(proposal, first, b),
  'proposal:split': (_a, { proposal, key, atParagraph }) => splitItem(proposal, key, atParagraph),
  'proposal:restoreSkipped': (_a, { proposal, index }) => restoreSkippedBlock(proposal, index),
  'proposal:reenrich': (_a, { proposal, key, keep }) => reenrich(proposal, key, keep),

  // —— exports (issue 8) ——
  'export:run': (a, { scope, format, out, overwrite }) => ({ jobId: runExportJob(a, scope, format, out, overwrite).id }),
  'export:prepare': (a, { scope, format }) => prepareDownload(a, scope, format),
  'import:bag': (a, { path: bag }) => importBagFrom(a, bag),

  // —— safety (issue 9) ——
  'archive:check': (a) => runCheck(a),
  'archive:repair': (a, input) => runRepair(a, input),
  'archive:backup': (a) => backupNow(a),
  'archive:backups': (a) => backups(a),
  'archive:restoreBackup': (a, { snapshot, damagedOnly }) => restoreBackup(a, snapshot, damagedOnly),
  'items:history': (a, { id, limit }) => itemHistory(a, id, limit)
}

/** Saved searches are loaded once per archive. */
const savedSearches = new WeakMap<Archive, SavedSearches>()
function searchesOf(a: Archive): SavedSearches {
  let s = savedSearches.get(a)
  if (!s) savedSearches.set(a, (s = new SavedSearches(a.root)))
  return s
}

/** Starts an import job whose outcome is announced as a jobs:finished event. */
export function runImportJob(a: Archive, paths: string[], options: { ocr?: boolean }) {
  const job = startImportJob(a, paths, options)
  void job.done.then((outcome) => a.emit('jobs:finished', { jobId: job.id, kind: job.kind, ...outcome }))
  return job
}
