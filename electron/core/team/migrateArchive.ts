// `presskeep migrate`: moves an archive from a folder into a team archive's database (and its
// files folder) and back, losslessly: every item record, text, attachment file (copied and
// checked by SHA-256), journal line (byte for byte), undo entry, tag, collection, authority
// record, saved search and column mapping. The source is not changed: its stores alone are opened
// (FolderStores: neither its search index nor a snapshot, which the copy does not need). The target must be empty
// (a new database or one without items; a new or empty folder): migrating never merges.
// Into a database, everything is written in one transaction: a failure leaves it empty.
import { promises as fsp, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive, type ArchiveManifest } from '../Archive'
import { FolderStores } from '../ArchiveFolder'
import type { ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { FileStore } from '../FileStore'
import { explainOpenFailure } from '../safety/backups'
import type { SavedSearch } from '../search/SavedSearches'
import type { ItemTexts } from '../TextStore'
import type { UndoEntry } from '../workspace/UndoStack'
import { copyRecords, recordFromRow, type ItemRow } from './PgItemRecordStore'
import { copyJournalRows, journalRow, type JournalLine, type JournalRow } from './PgJournal'
import { writeRecordSet } from './PgRecordSet'
import { writeSavedSearches } from './PgSavedSearches'
import { copyTexts } from './PgTextStore'
import { writeUndoEntries, writeUndoState, type UndoState } from './PgUndoLog'
import { migrateSchema } from './schema'
import { isConnectionError, TeamDatabase } from './TeamDatabase'

export type MigrationReport = { items: number; texts: number; files: number; journalLines: number; undoEntries: number; records: Record<string, number>; savedSearches: number; seconds: number }

/** The record sets an archive keeps, by their file in catalog/ and the format named in it. */
const SETS = [
  { kind: 'tags', file: 'tags.json', format: 'presskeep-tags' },
  { kind: 'collections', file: 'collections.json', format: 'presskeep-collections' },
  { kind: 'authorities', file: 'authorities.json', format: 'presskeep-authorities' },
  { kind: 'column-mappings', file: 'column-mappings.json', format: 'presskeep-column-mappings' }
] as const

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as T
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new CoreError('ARCHIVE_INVALID', `${file} cannot be read (${(err as Error).message}); nothing was migrated.`)
  }
}

/**
 * The journal's rows, oldest file first, each line as written (a torn line keeps its file's
 * month), read a file at a time as the COPY asks for them: the lines of 100k items are never
 * all in memory, and the database takes in one file while the next is read.
 */
function* folderJournal(root: string): Generator<JournalRow> {
  const dir = path.join(root, 'journal')
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    // No journal yet.
  }
  for (const name of names.filter((f) => /^\d{4}-\d{2}\.jsonl$/.test(f)).sort()) {
    const month = name.slice(0, 7)
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) if (line) yield journalRow(line, month, month)
  }
}

async function openDatabase(url: string): Promise<TeamDatabase> {
  const db = new TeamDatabase(url)
  try {
    await db.query('SELECT 1')
    await migrateSchema(db.pool)
    return db
  } catch (err) {
    await db.close().catch(() => {})
    throw isConnectionError(err) ? db.unavailable(err) : err
  }
}

/** An archive folder into an empty team archive database; attachment files into `files`. */
export async function migrateFolderToTeam(options: { from: string; to: string; files: string }): Promise<MigrationReport> {
  const started = performance.now()
  const archive = await FolderStores.open(options.from).catch(async (err: unknown) => {
    // A damaged catalogue file is named, with the last good snapshot to restore, as at any open.
    throw await explainOpenFailure(path.resolve(options.from), err)
  })
  const db = await openDatabase(options.to).catch(async (err) => {
    archive.close()
    throw err
  })
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM items')
    if (Number(rows[0].n) > 0) throw new CoreError('INVALID_INPUT', `The database ${redact(options.to)} already holds a team archive (${rows[0].n} items); migrate into an empty database.`, 'to')
    const records = [...archive.catalog.all()]
    // Files first, each stored and checked by its SHA-256: the rows never name a missing file.
    const target = new FileStore(options.files)
    const shas = new Set(records.flatMap((r) => r.attachments.map((a) => a.sha256)))
    for (const sha of shas) {
      const stored = await target.putPath(archive.files.pathOf(sha)).catch((err: Error) => {
        throw new CoreError('FILE_UNREADABLE', `The attachment file ${sha} cannot be copied (${err.message}); nothing was migrated.`)
      })
      if (stored.sha256 !== sha) throw new CoreError('ARCHIVE_INVALID', `The stored file ${sha} is damaged (its content hashes to ${stored.sha256}); run \`presskeep check\` on the archive first.`)
    }
    // Read together and synchronously (the folder's bulk read), as the COPY asks for them; a file
    // that gives an error is read again alone, so its error names it.
    const texts = (function* (): Generator<[string, ItemTexts]> {
      for (let i = 0; i < records.length; i += 256) {
        const ids = records.slice(i, i + 256).map((r) => r.id)
        const read = archive.texts.getManySync(ids)
        for (let k = 0; k < ids.length; k++) {
          const got = read[k]
          const t = got instanceof Error ? archive.texts.getSync(ids[k]) : got
          if (t.body || t.description || t.notes || Object.keys(t.attachments).length) yield [ids[k], t]
        }
      }
    })()
    const undoState = await readJson<UndoState>(path.join(archive.root, 'undo', 'state.json'))
    const undoEntries: UndoEntry[] = []
    for (const ref of [...(undoState?.undo ?? []), ...(undoState?.redo ?? [])]) {
      const e = await readJson<UndoEntry>(path.join(archive.root, 'undo', `${String(ref.seq).padStart(8, '0')}.json`))
      if (e) undoEntries.push(e)
    }
    const sets: Record<string, { records: Record<string, unknown>; extras: Record<string, unknown> }> = {}
    for (const s of SETS) {
      const data = await readJson<{ format: string; records: Record<string, unknown> }>(path.join(archive.root, 'catalog', s.file))
      if (!data) continue
      const { format: _f, records: recs, ...extras } = data
      sets[s.kind] = { records: recs ?? {}, extras }
    }
    const searches = (await readJson<{ searches: SavedSearch[] }>(path.join(archive.root, 'catalog', 'searches.json')))?.searches ?? []
    let textCount = 0
    let journalLines = 0
    await db.transaction(async (tx, token) => {
      await tx.query("INSERT INTO archive_settings (key, value) VALUES ('manifest', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [JSON.stringify(archive.manifest)])
      // COPY rather than statements: the database is empty (checked above), so nothing is to be merged.
      await copyRecords(tx, records)
      textCount = await copyTexts(tx, texts)
      journalLines = await copyJournalRows(tx, folderJournal(archive.root))
      if (undoState) await writeUndoState(tx, undoState)
      await writeUndoEntries(tx, undoEntries)
      for (const [kind, s] of Object.entries(sets)) await writeRecordSet(tx, kind, s.records, s.extras)
      await writeSavedSearches(tx, searches)
      await tx.query("INSERT INTO changes (token, origin, kinds, ids) VALUES ($1, 'migrate', '{items}', '{}')", [token])
    })
    return {
      items: records.length,
      texts: textCount,
      files: shas.size,
      journalLines,
      undoEntries: undoEntries.length,
      records: Object.fromEntries(Object.entries(sets).map(([k, s]) => [k, Object.keys(s.records).length])),
      savedSearches: searches.length,
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    await db.close()
    archive.close()
  }
}

/** A team archive (database and files) into a new archive folder. */
export async function migrateTeamToFolder(options: { from: string; files: string; to: string }): Promise<MigrationReport> {
  const started = performance.now()
  const root = path.resolve(options.to)
  const existing = await fsp.readdir(root).catch(() => null)
  if (existing && existing.length > 0) throw new CoreError('INVALID_INPUT', `${root} is not empty; migrate into a new or empty folder.`, 'to')
  const db = await openDatabase(options.from)
  try {
    // One snapshot of the whole database: a change made meanwhile by a server is in all of it or none.
    const client = await db.pool.connect()
    let read: Awaited<ReturnType<typeof readTeam>>
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      read = await readTeam((sql) => client.query(sql).then((r) => r.rows))
      await client.query('COMMIT')
    } finally {
      client.release()
    }
    const source = new FileStore(options.files)
    const shas = new Set(read.records.flatMap((r) => r.attachments.map((a) => a.sha256)))
    for (const sha of shas)
      if (!(await source.has(sha))) throw new CoreError('FILE_UNREADABLE', `The attachment file ${sha} is not in ${options.files}; nothing was migrated.`)
    await fsp.mkdir(root, { recursive: true })
    // The archive.json first, so the archive keeps its identity (id, name, created).
    await fsp.writeFile(path.join(root, 'archive.json'), JSON.stringify(read.manifest, null, 2) + '\n')
    for (const sub of ['catalog/items', 'text', 'files/sha256', 'index', 'journal', 'backups', 'tmp', 'undo']) await fsp.mkdir(path.join(root, sub), { recursive: true })
    const archive = await Archive.open(root, { create: false })
    try {
      for (const sha of shas) {
        const stored = await archive.files.putPath(source.pathOf(sha))
        if (stored.sha256 !== sha) throw new CoreError('ARCHIVE_INVALID', `The stored file ${sha} in ${options.files} is damaged (its content hashes to ${stored.sha256}).`)
      }
      const batch = archive.newBatch(`migrate ${read.records.length} items`)
      for (const [id, t] of read.texts) archive.texts.stage(batch, id, t)
      await archive.catalog.put(read.records, batch)
      await batch.commit()
    } finally {
      await archive.close()
    }
    // Written as the folder's own stores write them: lines by month, one file per undo entry.
    const months = new Map<string, string[]>()
    for (const { t, line } of read.journal) {
      const m = t.slice(0, 7)
      if (!months.has(m)) months.set(m, [])
      months.get(m)!.push(line)
    }
    for (const [m, lines] of months) await fsp.writeFile(path.join(root, 'journal', `${m}.jsonl`), lines.map((l) => l + '\n').join(''))
    if (read.undoState) await fsp.writeFile(path.join(root, 'undo', 'state.json'), JSON.stringify(read.undoState))
    for (const e of read.undoEntries) await fsp.writeFile(path.join(root, 'undo', `${String(e.seq).padStart(8, '0')}.json`), JSON.stringify(e))
    for (const s of SETS) {
      const set = read.sets.get(s.kind)
      if (set) await fsp.writeFile(path.join(root, 'catalog', s.file), JSON.stringify({ format: s.format, records: set.records, ...set.extras }))
    }
    if (read.searches.length) await fsp.writeFile(path.join(root, 'catalog', 'searches.json'), JSON.stringify({ searches: read.searches }))
    return {
      items: read.records.length,
      texts: read.texts.length,
      files: shas.size,
      journalLines: read.journal.length,
      undoEntries: read.undoEntries.length,
      records: Object.fromEntries([...read.sets].map(([k, s]) => [k, Object.keys(s.records).length])),
      savedSearches: read.searches.length,
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    await db.close()
  }
}

async function readTeam(q: (sql: string) => Promise<any[]>) {
  const manifest = ((await q("SELECT value FROM archive_settings WHERE key = 'manifest'"))[0]?.value ?? null) as ArchiveManifest | null
  if (!manifest) throw new CoreError('NOT_FOUND', 'This database holds no team archive (no manifest in archive_settings).')
  const records = ((await q('SELECT * FROM items ORDER BY id')) as ItemRow[]).map(recordFromRow) as ItemRecord[]
  const texts = ((await q('SELECT * FROM item_texts ORDER BY id')) as Array<{ id: string } & ItemTexts>).map(
    (r) => [r.id, { body: r.body, description: r.description, notes: r.notes, attachments: r.attachments }] as [string, ItemTexts]
  )
  const journal = (await q('SELECT t, line FROM journal ORDER BY seq')) as JournalLine[]
  const undoState = ((await q("SELECT state FROM undo_state WHERE person = ''"))[0]?.state ?? null) as UndoState | null
  const undoEntries = ((await q("SELECT entry FROM undo_entries WHERE person = '' ORDER BY seq")) as Array<{ entry: UndoEntry }>).map((r) => r.entry)
  const sets = new Map<string, { records: Record<string, unknown>; extras: Record<string, unknown> }>()
  for (const r of (await q('SELECT kind, id, data FROM records ORDER BY kind, id')) as Array<{ kind: string; id: string; data: unknown }>) {
    if (!sets.has(r.kind)) sets.set(r.kind, { records: {}, extras: {} })
    sets.get(r.kind)!.records[r.id] = r.data
  }
  for (const r of (await q('SELECT kind, data FROM record_set_extras')) as Array<{ kind: string; data: Record<string, unknown> }>) {
    if (!sets.has(r.kind)) sets.set(r.kind, { records: {}, extras: {} })
    sets.get(r.kind)!.extras = r.data
  }
  const searches = ((await q('SELECT data FROM saved_searches ORDER BY id')) as Array<{ data: SavedSearch }>).map((r) => r.data)
  return { manifest, records, texts, journal, undoState, undoEntries, sets, searches }
}

/** A connection string without its password, to name in messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'the database'
  }
}
