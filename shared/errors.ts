// What a refusal carries across every process boundary as data: its code, the reason a person
// is told in their own language with its values, and why an import skipped a file. Apart from
// the contract's methods so that each stays readable.

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'HOST_UNSUPPORTED',
  'ARCHIVE_LOCKED',
  'ARCHIVE_TOO_NEW',
  'ARCHIVE_INVALID',
  'FILE_UNREADABLE',
  'IO_ERROR',
  // The disk (or the user's quota) is full: nothing was written, nothing already kept was lost.
  'DISK_FULL',
  'INTERNAL',
  // A change that would clobber a later one: an undo, a stale bulk preview, an edit made on an older version of an item.
  'CONFLICT',
  // Team archive: the person's role does not allow this (a reader trying to edit).
  'NOT_PERMITTED',
  // Team archive: no session (never signed in, signed out, expired, or the account disabled).
  'SIGNED_OUT',
  // A team archive's database could not be reached for a while: nothing was half-written.
  'DATABASE_UNAVAILABLE'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * The core's messages are English (the CLI and the logs print them). For the interface to say
 * a refusal in its own language, an error carries what went wrong as data: a reason among
 * these and its values. The renderer has a sentence for every code and every reason in each
 * interface language (tests/unit/i18n checks it); an error without a reason is said by its
 * code's sentence, with the core's message beside it.
 */
export const ERROR_REASONS = [
  // A field of an item (or another input) does not hold what it must: {field}, {value}.
  'FIELD_INVALID',
  // An item date that is no date: {value}.
  'DATE_INVALID',
  // The item asked for is not in the archive (deleted in another window?): {id}.
  'ITEM_NOT_FOUND',
  // An export with nothing in it.
  'NOTHING_TO_EXPORT',
  // An export's destination exists and is not to be replaced: {name}.
  'DESTINATION_EXISTS',
  // A name (tag, collection, record) left empty.
  'NAME_EMPTY',
  // Items, attachments and the other things a request names, gone (deleted in another window?).
  'ITEMS_NOT_FOUND', // {n}: some of the items to export
  'ATTACHMENT_NOT_FOUND',
  'COLLECTION_NOT_FOUND',
  'COLLECTION_NAME_UNKNOWN', // {name}
  'COLLECTION_NAME_AMBIGUOUS', // {name}, {paths}
  'TAG_NOT_FOUND', // {name}
  'RECORD_NOT_FOUND',
  'SAVED_SEARCH_NOT_FOUND',
  'JOB_ENDED',
  'EXPORT_GONE',
  'UPLOAD_GONE',
  'IMPORT_EXPIRED',
  'PROPOSAL_GONE',
  'NO_HISTORY',
  // An export scope with nothing in it: {name}.
  'COLLECTION_EMPTY',
  'TAG_UNUSED',
  // Names of tags, collections and records.
  'NAME_CONTROL_CHAR', // {name}
  'NAME_TOO_LONG', // {n}, {max}
  'TAG_SLASHES', // {name}
  'TAG_TOO_DEEP', // {name}, {max}
  'TAG_EXISTS', // {name}, {from}
  'TAG_MERGE_BELOW', // {name}, {into}
  'COLLECTION_EXISTS', // {name}
  'COLLECTION_CYCLE', // {name}, {parent}
  'NOT_IN_COLLECTION', // {title}, {name}
  'NAME_OF_OTHER_RECORD', // {name}, {record}
  'IDENTIFIER_INVALID', // {value}, {scheme}
  'RECORD_KINDS_DIFFER',
  // Merging a thing (tag, record, proposed item) into itself.
  'MERGE_SAME',
  // Editing: sorts, bulk edits, undo, concurrent changes.
  'MANUAL_ORDER_NEEDS_COLLECTION',
  'REGEX_INVALID', // {pattern}
  'BULK_REFUSED', // {n}, {title}
  'PREVIEW_STALE',
  'NOTHING_TO_UNDO',
  'NOTHING_TO_REDO',
  'UNDO_CONFLICT',
  'CHANGED_BY_SOMEONE_ELSE',
  'DEMO_NEEDS_EMPTY', // {n}
  // Team archives: {role} (the caller's), {needed}.
  'ROLE_NOT_ALLOWED',
  // Files given to import, attach or read: {name} (the file's name).
  'FILE_TOO_LARGE', // {name}, {max}
  'VIEW_TOO_LARGE', // {name}, {max}
  'FILE_MISSING',
  'FILE_CANNOT_READ',
  'NOT_A_FILE',
  'NOT_A_FOLDER',
  'FILE_EMPTY',
  'FILE_DAMAGED',
  'NOT_TEXT',
  'FILE_NOT_STORED',
  'FILE_CHANGED_WHILE_COPYING',
  // Imports.
  'NOTHING_TO_IMPORT',
  'IMPORT_ITEM_INVALID', // {n}, {title}, {field}
  'SPLIT_OUT_OF_RANGE', // {title}, {max}
  'COLUMN_UNKNOWN', // {column}
  'BAG_INVALID', // {name}, {detail} (the core's English words on what is wrong)
  'NO_BAG', // {name}
  'BAG_NO_CHECKSUMS', // {name}
  // Exports.
  'FORMAT_UNKNOWN', // {format}
  'DESTINATION_MISSING',
  'DESTINATION_IN_ARCHIVE',
  'WRITE_FAILED', // {name}
  // The archive itself: {path}, {file}.
  'NO_ARCHIVE', // {path}
  'NOT_AN_ARCHIVE', // {path}
  'ARCHIVE_DAMAGED', // {file}
  'ARCHIVE_TOO_NEW', // {version}, {max}
  'ARCHIVE_IN_USE', // {who}, {since}
  'ARCHIVE_BUSY',
  'INDEX_UNAVAILABLE',
  // Backups and repairs.
  'NO_BACKUP',
  'BACKUP_NOT_FOUND', // {name}
  'BACKUP_DAMAGED', // {name}
  'REPAIR_NEEDS_SOURCE',
  'REPAIR_FOLDER_INSIDE',
  // More files and folders than one import or attach takes: {max}.
  'TOO_MANY_PATHS',
  // Something dropped on the window that is no file of this computer (a file inside another program).
  'DROP_NOT_FILES',
  // A native dialog of the desktop app asked for in a browser.
  'DESKTOP_ONLY',
  // Connecting the desktop app to a team archive: the address typed ({value}, {host}).
  'TEAM_ADDRESS_EMPTY',
  'TEAM_ADDRESS_INVALID', // {value}
  'TEAM_ADDRESS_SCHEME', // {value}
  'TEAM_ADDRESS_PLAIN_HTTP', // {host}
  'TEAM_ADDRESS_CREDENTIALS',
  // ...and the server at it: {host}; {detail} is the system's own code (ECONNRESET, CERT_HAS_EXPIRED).
  'TEAM_SERVER_REFUSED',
  'TEAM_SERVER_UNKNOWN',
  'TEAM_SERVER_SILENT',
  'TEAM_SERVER_CERTIFICATE', // {host}, {detail}
  'TEAM_SERVER_UNREACHABLE', // {host}, {detail}
  'TEAM_NOT_A_SERVER'
] as const
export type ErrorReason = (typeof ERROR_REASONS)[number]

/** Why an import skipped a file or failed on it: each line of an import's summary names one (the interface says it in its language). */
export const IMPORT_ISSUES = [
  'UNSUPPORTED',
  'EMPTY',
  'TOO_LARGE',
  'ENCRYPTED',
  'CORRUPT',
  'UNREADABLE',
  'GONE',
  'UNSAFE_NAME',
  'OUTSIDE_FOLDER',
  'ALREADY_IMPORTED',
  'DUPLICATE_IN_BATCH',
  'CANCELLED',
  'INTERNAL'
] as const
export type ImportIssueCode = (typeof IMPORT_ISSUES)[number]
export type ErrorParams = { reason?: ErrorReason } & Record<string, string | number | undefined>
