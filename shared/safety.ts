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
  | 'index-stale' // the search index is older than the catalogue
  | 'index-missing'

export type Repair = 'relink' | 'restore-from-bag' | 'restore-snapshot' | 'rebuild-index' | 'reopen'

export type Issue = {
  severity: Severity
  kind: IssueKind
  message: string
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
