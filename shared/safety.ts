// Types of the safety features (issue 9) that cross the API: the integrity report, backups,
// item history. Types only: the behaviour lives in electron/core/safety.

export type Severity = 'error' | 'warning'

export type IssueKind =
  | 'file-missing' // an attachment whose stored file is gone
  | 'file-changed' // a stored file whose content no longer matches its SHA-256
  | 'file-size' // a stored file whose size differs from the catalogue's
  | 'file-unreadable'
  | 'file-orphan' // a stored file no item refers to (kept: detach never deletes)
  | 'file-stray' // something under files/sha256 that is not a content-addressed file
  | 'shard-unreadable' // a catalogue file that does not parse
  | 'record-invalid' // a catalogue record lacking what every item has
  | 'record-misplaced' // a record in a shard that is not the one its id maps to
  | 'text-orphan' // a text file without an item (an interrupted create leaves one)
  | 'text-unreadable'
  | 'temp-debris' // temp files a crash left (cleared at the next open)
  | 'journal-torn' // a journal line that does not parse (a crash mid-append)
  | 'change-interrupted' // a change to many files that a crash interrupted, finished or rolled back at the next open
  | 'index-stale' // the search index is older than the catalogue
  | 'index-missing'
  | 'reference-dangling' // an item filed in a collection that does not exist
  | 'pack-unusable' // the catalogue pack (a copy of the catalogue files, read at open) is damaged or disagrees with them

export type Repair = 'relink' | 'restore-from-bag' | 'restore-snapshot' | 'rebuild-index' | 'reopen' | 'drop-references'

export type Issue = {
  severity: Severity
  kind: IssueKind
  /** For people and logs, in English; the interface says the finding in its language from kind and name. */
  message: string
  /** What the finding is about as a person knows it: an attachment's file name, an item's title (else its path says it). */
  name?: string
  path?: string
  itemId?: string
  attachmentId?: string
  sha256?: string
  /** What could fix it, if the person asks (never done by the check itself). */
  repairs?: Repair[]
}

export type IntegrityReport = {
  archive: string
  archiveId: string
  started: string
  finished: string
  /** True when the check finished and no issue is an error (warnings are debris, not damage). */
  ok: boolean
  cancelled: boolean
  counts: {
    items: number
    attachments: number
    storedFiles: number
    bytesHashed: number
    shards: number
    texts: number
    journalLines: number
    errors: number
    warnings: number
  }
  issues: Issue[]
}

export type RepairAction = { sha256: string; from: string; action: 'relinked' | 'restored-from-bag'; replacedDamaged: boolean }
export type RepairResult = { actions: RepairAction[]; stillMissing: string[]; scanned: number }

export type Snapshot = {
  name: string
  created: string
  reason: string
  files: number
  /** How the files were taken: linked to the previous snapshot's copy (unchanged), or copied. */
  method: 'link' | 'copy' | 'mixed'
  /** A fingerprint of the journal: a snapshot is skipped when nothing changed since. */
  journalMark: string
}

export type RestoreResult = {
  snapshot: string
  restored: string[]
  removed: string[]
  /** Damaged files moved aside (relative to the archive), never overwritten or deleted. */
  setAside: string[]
  /** The snapshot of the catalogue as it was just before the restore (to undo it). */
  safetySnapshot: string | null
}

/** One change of an item, as the journal keeps it. */
export type HistoryEntry = {
  t: string
  user: string
  host?: string
  op: string
  id?: string
  ids?: string[]
  before?: unknown
  after?: unknown
}

export const KIND_TITLES: Record<IssueKind, string> = {
  'file-missing': 'Missing files',
  'file-changed': 'Changed files',
  'file-size': 'Files of the wrong size',
  'file-unreadable': 'Unreadable files',
  'file-orphan': 'Files no item refers to',
  'file-stray': 'Unexpected files in the file store',
  'shard-unreadable': 'Damaged catalogue files',
  'record-invalid': 'Incomplete catalogue records',
  'record-misplaced': 'Catalogue records in the wrong file',
  'text-orphan': 'Texts without an item',
  'text-unreadable': 'Damaged text files',
  'temp-debris': 'Temporary files left by a crash',
  'journal-torn': 'Cut-off journal lines',
  'change-interrupted': 'Changes interrupted by a crash (completed or rolled back)',
  'index-stale': 'Search index out of date',
  'index-missing': 'Search index unreadable',
  'reference-dangling': 'Items filed in collections that do not exist',
  'pack-unusable': 'Catalogue pack not usable'
}

export const REPAIR_HINTS: Record<Repair, string> = {
  relink: 'presskeep check --repair-relink FOLDER finds the file by its checksum in a folder you name',
  'restore-from-bag': 'presskeep check --repair-bag BAG restores it from an exported bag',
  'restore-snapshot': 'presskeep restore-backup restores the catalogue from the last good backup',
  'rebuild-index': 'presskeep reindex (or Rebuild index in the app) rebuilds the search index from the catalogue',
  reopen: 'cleared the next time the archive opens',
  'drop-references': 'presskeep check --repair-references takes the missing collections off those items (undo takes it back)'
}

/** The report as a person reads it (also what `presskeep check` prints). */
export function formatReport(report: IntegrityReport): string {
  const c = report.counts
  const lines = [
    `Integrity check of ${report.archive}`,
    `  ${report.started} – ${report.finished}${report.cancelled ? '  (cancelled: the check did not finish)' : ''}`,
    `  ${c.items} item(s), ${c.attachments} attachment(s), ${c.storedFiles} stored file(s) (${c.bytesHashed} bytes hashed), ${c.shards} catalogue file(s), ${c.texts} text file(s), ${c.journalLines} journal line(s)`,
    ''
  ]
  if (report.issues.length === 0) lines.push(report.cancelled ? 'No problem found so far.' : 'Everything checks out: every stored file matches its checksum.')
  else {
    lines.push(
      report.ok
        ? `No damage. ${c.warnings} note(s):`
        : `${c.errors} problem(s) need attention${c.warnings ? `, and ${c.warnings} note(s)` : ''}:`
    )
    const byKind = new Map<IssueKind, Issue[]>()
    for (const i of report.issues) {
      let list = byKind.get(i.kind)
      if (!list) byKind.set(i.kind, (list = []))
      list.push(i)
    }
    for (const [kind, list] of byKind) {
      lines.push('', `${list[0].severity === 'error' ? 'PROBLEM' : 'note'}: ${KIND_TITLES[kind]} (${list.length})`)
      for (const i of list.slice(0, 50)) lines.push(`  - ${i.message}`)
      if (list.length > 50) lines.push(`  … and ${list.length - 50} more (see the JSON report)`)
      const repairs = [...new Set(list.flatMap((i) => i.repairs ?? []))]
      for (const r of repairs) lines.push(`  To repair: ${REPAIR_HINTS[r]}.`)
    }
  }
  return lines.join('\n')
}
