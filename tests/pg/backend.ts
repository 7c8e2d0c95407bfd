// The back end the core tests run against: the archive folder (default) or, with
// PK_BACKEND=postgres, a team archive in a fresh database of the run's cluster. Helpers that
// open archives for the core tests go through here, so the same tests check both.
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import pg from 'pg'
import { Archive } from '../../electron/core/Archive'
import { openTeamArchive } from '../../electron/core/team/openTeamArchive'
import { newArchivePath, tempDir } from '../unit/helpers'
import { freshDatabase } from './database'

export const BACKEND: 'folder' | 'postgres' = process.env.PK_BACKEND === 'postgres' ? 'postgres' : 'folder'

/** The team archives opened so far, by the `where` their tests hold (the files folder). */
const teams = new Map<string, string>()

/**
 * Opens a new test archive, or again the one at `where` (what an earlier call returned): a
 * folder, or a team archive whose `where` is its files folder (its database remembered here).
 */
export async function openTestArchive(where?: string): Promise<{ archive: Archive; where: string }> {
  if (BACKEND === 'folder') {
    const dir = where ?? newArchivePath()
    return { archive: await Archive.open(dir), where: dir }
  }
  const files = where ?? tempDir('pk-team-files-')
  let database = teams.get(files)
  if (!database) teams.set(files, (database = await freshDatabase()))
  return { archive: await openTeamArchive({ database, files, state: tempDir('pk-team-state-') }), where: files }
}

async function rows<T>(where: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(teams.get(where))
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Every journal line of the archive at `where`, oldest first, parsed. */
export async function journalOf(where: string): Promise<Array<Record<string, unknown>>> {
  if (BACKEND === 'postgres') return (await rows<{ line: string }>(where, 'SELECT line FROM journal ORDER BY seq')).map((r) => JSON.parse(r.line))
  return readdirSync(path.join(where, 'journal'))
    .sort()
    .flatMap((f) => readFileSync(path.join(where, 'journal', f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l))
}

/** The records of a set (tags, collections, authorities) as stored: the file, or the rows. */
export async function storedSet(where: string, kind: 'tags' | 'collections' | 'authorities'): Promise<Record<string, unknown>> {
  if (BACKEND === 'postgres')
    return Object.fromEntries((await rows<{ id: string; data: unknown }>(where, 'SELECT id, data FROM records WHERE kind = $1', [kind])).map((r) => [r.id, r.data]))
  return JSON.parse(readFileSync(path.join(where, 'catalog', `${kind}.json`), 'utf8')).records
}
