// The team archive's schema: numbered SQL files in migrations/ (001_….sql, 002_….sql…),
// applied in order, each in its own transaction with its row in schema_migrations, so a
// database is always at one whole version. A few lines over plain SQL files rather than a
// migration tool: the files are the schema's documentation, and nothing here needs more.
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import type { Pool } from 'pg'
import { CoreError } from '../errors'

export type Migration = { version: number; name: string; sql: string }

/**
 * The folder of the SQL files: beside this module in the sources; from the built CLI
 * (out/main/cli.js, or a chunk in out/main/chunks/), the same folder of the project's sources.
 * Not yet copied into the packaged app: a team archive is opened from the command line.
 */
function migrationsDir(): string {
  const source = ['electron', 'core', 'team', 'migrations']
  const candidates = [path.join(__dirname, 'migrations'), path.resolve(__dirname, '..', '..', ...source), path.resolve(__dirname, '..', '..', '..', ...source)]
  for (const dir of candidates) {
    try {
      if (readdirSync(dir).some((f) => f.endsWith('.sql'))) return dir
    } catch {
      // Not this one.
    }
  }
  throw new Error(`The schema migrations were not found (looked in ${candidates.join(', ')}).`)
}

export function migrations(): Migration[] {
  const dir = migrationsDir()
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), sql: readFileSync(path.join(dir, f), 'utf8') }))
}

/** The newest schema version this Presskeep knows. */
export const latestVersion = (): number => Math.max(0, ...migrations().map((m) => m.version))

/**
 * Brings the database's schema up to date; returns the versions applied. Several server
 * processes may start at once: an advisory lock makes them take turns, and each finds the
 * work done by the first. A database newer than this Presskeep is refused, untouched.
 */
export async function migrateSchema(pool: Pool): Promise<number[]> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(7215001)')
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())')
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
    const known = migrations()
    const newest = Math.max(0, ...done)
    if (newest > Math.max(0, ...known.map((m) => m.version)))
      throw new CoreError(
        'ARCHIVE_TOO_NEW',
        `This team archive's database was set up by a newer Presskeep (schema ${newest}; this version knows up to ${latestVersion()}). Update Presskeep to open it; it was left untouched.`,
        undefined,
        { reason: 'ARCHIVE_TOO_NEW', version: newest, max: latestVersion() }
      )
    const applied: number[] = []
    for (const m of known) {
      if (done.has(m.version)) continue
      try {
        await client.query('BEGIN')
        await client.query(m.sql)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw new CoreError('ARCHIVE_INVALID', `The schema migration ${m.name} failed and was rolled back: ${(err as Error).message}`)
      }
      applied.push(m.version)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock(7215001)').catch(() => {})
    client.release()
  }
}
