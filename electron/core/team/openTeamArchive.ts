// Opens a team archive: the schema brought up to date, the catalogue loaded into memory, the
// change feed followed, and the same Archive object the dispatcher and handlers use for a
// folder. A server (`presskeep serve`) opens one per process; several processes may open one
// database at once.
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION } from '../../../shared/model'
import { Archive, type ArchiveManifest } from '../Archive'
import { CoreError } from '../errors'
import type { ChangeListener } from './ChangeFeed'
import { PgStorage } from './PgStorage'
import { claimWorkingFolder } from './workingFolder'
import { migrateSchema } from './schema'
import { isConnectionError, TeamDatabase } from './TeamDatabase'

export type TeamArchiveOptions = {
  /** postgres://user:password@host:port/database */
  database: string
  /** The folder of attachment files (content-addressed by SHA-256, as an archive folder's files/). */
  files: string
  /**
   * This process's working folder (its search index, temp files). By default one kept for this
   * archive under the user's cache folder (workingFolder.ts), so the index is not built again at
   * every start; a temp folder when all of those are in use.
   */
  state?: string
  /** The archive's name, when the database is new. */
  name?: string
}

/** An open team archive: an Archive, with its storage and change feed at hand. */
export type TeamArchive = Archive & { readonly storage: PgStorage }

/** The archive's manifest, kept in archive_settings (made once, by whichever process comes first). */
async function manifestOf(db: TeamDatabase, name: string | undefined): Promise<ArchiveManifest> {
  const fresh: ArchiveManifest = { format: ARCHIVE_FORMAT, version: ARCHIVE_FORMAT_VERSION, id: randomUUID(), created: new Date().toISOString(), name: name ?? 'Team archive' }
  await db.query("INSERT INTO archive_settings (key, value) VALUES ('manifest', $1) ON CONFLICT (key) DO NOTHING", [JSON.stringify(fresh)])
  const { rows } = await db.query<{ value: ArchiveManifest }>("SELECT value FROM archive_settings WHERE key = 'manifest'")
  return rows[0].value
}

export async function openTeamArchive(options: TeamArchiveOptions): Promise<TeamArchive> {
  const db = new TeamDatabase(options.database)
  let archive: Archive | null = null
  let releaseOnFailure: (() => void) | undefined
  try {
    try {
      await db.query('SELECT 1')
      await migrateSchema(db.pool)
    } catch (err) {
      if (isConnectionError(err)) throw db.unavailable(err)
      throw err
    }
    const manifest = await manifestOf(db, options.name)
    const claimed = options.state ? null : claimWorkingFolder(manifest.id)
    const state = options.state ?? claimed?.dir ?? mkdtempSync(path.join(tmpdir(), 'pk-team-'))
    for (const sub of ['index', 'tmp']) mkdirSync(path.join(state, sub), { recursive: true })
    mkdirSync(path.join(options.files, 'sha256'), { recursive: true })
    let open: Archive | null = null
    const storage = new PgStorage(db, options.files, (ids) => open?.emit('items:changed', { ids, reason: 'remote' }))
    if (claimed) storage.afterClose.push(claimed.release)
    releaseOnFailure = claimed?.release
    // The feed's mark before the load: a change made in between is applied again, never missed.
    await storage.feed.mark()
    await Promise.all([storage.catalog.load()])
    archive = Archive.openOn(state, manifest, storage)
    open = archive
    await storage.feed.start()
    return archive as TeamArchive
  } catch (err) {
    releaseOnFailure?.()
    if (archive) await archive.close().catch(() => {})
    else await db.close().catch(() => {})
    throw err instanceof CoreError ? err : new CoreError('ARCHIVE_INVALID', `The team archive could not be opened: ${(err as Error).message}`)
  }
}

/** Follows every change made to a team archive, by any process (this one's included). */
export function onTeamChange(archive: TeamArchive, fn: ChangeListener): () => void {
  return archive.storage.feed.subscribe(fn)
}
