// Saved searches (smart collections) of a team archive: one row each in `saved_searches`,
// names unique regardless of case (saving under a name that exists replaces that search).
import { CoreError } from '../errors'
import { newId } from '../ids'
import type { SavedSearch } from '../search/SavedSearches'
import { PgBatch } from './PgBatch'
import type { TeamDatabase, Tx } from './TeamDatabase'

export async function writeSavedSearches(tx: Tx, searches: SavedSearch[]): Promise<void> {
  for (const s of searches)
    await tx.query(
      'INSERT INTO saved_searches (id, name, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, data = EXCLUDED.data',
      [s.id, s.name, JSON.stringify(s)]
    )
}

export class PgSavedSearches {
  constructor(private readonly db: TeamDatabase) {}

  async list(): Promise<SavedSearch[]> {
    const { rows } = await this.db.query<{ data: SavedSearch }>('SELECT data FROM saved_searches')
    return rows.map((r) => r.data).sort((a, b) => a.name.localeCompare(b.name))
  }

  async save(input: Omit<SavedSearch, 'id' | 'created'>): Promise<SavedSearch> {
    const name = input.name.trim()
    let saved!: SavedSearch
    const batch = new PgBatch(this.db, 'save a search')
    batch.step('saved-searches', [], async (tx) => {
      const { rows } = await tx.query<{ data: SavedSearch }>('SELECT data FROM saved_searches WHERE lower(name) = lower($1) FOR UPDATE', [name])
      const existing = rows[0]?.data
      saved = { ...input, name, id: existing?.id ?? newId(), created: existing?.created ?? new Date().toISOString() }
      await writeSavedSearches(tx, [saved])
    })
    await batch.commit()
    return saved
  }

  async remove(id: string): Promise<void> {
    const batch = new PgBatch(this.db, 'remove a saved search')
    batch.step('saved-searches', [], async (tx) => {
      const r = await tx.query('DELETE FROM saved_searches WHERE id = $1', [id])
      if (r.rowCount === 0) throw new CoreError('NOT_FOUND', `No saved search with id ${id}.`, undefined, { reason: 'SAVED_SEARCH_NOT_FOUND' })
    })
    await batch.commit()
  }
}
