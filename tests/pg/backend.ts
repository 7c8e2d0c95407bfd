// The back end the core tests run against: the archive folder (default) or, with
// PK_BACKEND=postgres, a team archive in a fresh database of the run's cluster. Helpers that
// open archives for the core tests go through here, so the same tests check both.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import pg from 'pg'
import { Archive } from '../../electron/core/Archive'
import { openTeamArchive } from '../../electron/core/team/openTeamArchive'
import { newArchivePath, tempDir } from '../unit/helpers'
import { freshDatabase } from './database'

export const BACKEND: 'folder' | 'postgres' = process.env.PK_BACKEND === 'postgres' ? 'postgres' : 'folder'

/** A team archive's database, and the working folder its last opening used (an index kept there). */
type Team = { database: string; state: string; open: Archive | null }

/** The team archives opened so far, by the `where` their tests hold (the files folder). */
const teams = new Map<string, Team>()

export type TestArchiveOptions = {
  /**
   * A folder the test owns and removes itself: the archive goes inside it and outlives the
   * test that opened it (tests that share one archive open it in beforeAll; tempDir's folders
   * are removed after each test).
   */
  under?: string
}

/**
 * Opens a new test archive, or again the one at `where` (what an earlier call returned): a
 * folder, or a team archive whose `where` is its files folder (its database remembered here).
 * A team archive opened again after it was closed gets its working folder back, as a server
 * restarted on the same machine does (its saved search index with it).
 */
export async function openTestArchive(where?: string, options: TestArchiveOptions = {}): Promise<{ archive: Archive; where: string }> {
  const folder = (prefix: string) => (options.under ? mkdtempSync(path.join(options.under, prefix)) : tempDir(prefix))
  if (BACKEND === 'folder') {
    const dir = where ?? (options.under ? path.join(folder('archive-'), 'Test.presskeep') : newArchivePath())
    return { archive: await Archive.open(dir), where: dir }
  }
  const files = where ?? folder('pk-team-files-')
  let team = teams.get(files)
  if (!team) teams.set(files, (team = { database: await freshDatabase(), state: folder('pk-team-state-'), open: null }))
  // Two processes on one archive at once each have a working folder of their own.
  const state = team.open && !team.open.closed ? folder('pk-team-state-') : team.state
  const archive = await openTeamArchive({ database: team.database, files, state })
  if (state === team.state) team.open = archive
  return { archive, where: files }
}

async function rows<T>(where: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(teams.get(where)?.database)
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

/** The folder the archive's attachment files are kept in (content-addressed under sha256/). */
export function filesFolderOf(where: string): string {
  return BACKEND === 'postgres' ? where : path.join(where, 'files')
}

/**
 * A set (tags, collections, authorities) exactly as stored, to compare before and after: the
 * file's text ('' when there is none), or its rows and what the set keeps beside them.
 */
export async function storedSetText(where: string, kind: 'tags' | 'collections' | 'authorities'): Promise<string> {
  if (BACKEND === 'folder') {
    try {
      return readFileSync(path.join(where, 'catalog', `${kind}.json`), 'utf8')
    } catch {
      return ''
    }
  }
  const records = await rows(where, 'SELECT id, data::text FROM records WHERE kind = $1 ORDER BY id', [kind])
  const extras = await rows(where, 'SELECT data::text FROM record_set_extras WHERE kind = $1', [kind])
  return JSON.stringify({ records, extras })
}

/**
 * What the archive stores, by name: every file under the folder's files/ and catalog/, or
 * every stored file and every row's key (items, texts, journal, records, undo). Equal before
 * and after shows that nothing was written.
 */
export async function storedNames(where: string): Promise<string[]> {
  const filesIn = (dir: string, rel = ''): string[] =>
    readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      const r = rel ? `${rel}/${e.name}` : e.name
      return e.isDirectory() ? filesIn(dir, r) : [r]
    })
  if (BACKEND === 'folder') return [...filesIn(path.join(where, 'files')).map((f) => `files/${f}`), ...filesIn(path.join(where, 'catalog')).map((f) => `catalog/${f}`)].sort()
  const keys = await rows<{ key: string }>(
    where,
    `SELECT 'items/' || id AS key FROM items UNION ALL SELECT 'texts/' || id FROM item_texts UNION ALL SELECT 'journal/' || seq FROM journal
     UNION ALL SELECT 'records/' || kind || '/' || id FROM records UNION ALL SELECT 'undo/' || seq FROM undo_entries`
  )
  return [...filesIn(where).map((f) => `files/${f}`), ...keys.map((k) => k.key)].sort()
}
