import * as path from 'node:path'
import { Low } from 'lowdb'
import { DurableJsonFile } from '../DurableJsonFile'
import { CoreError } from '../errors'
import { newId } from '../ids'

export type SavedSearch = {
  id: string
  name: string
  query: string
  sort: 'relevance' | 'date' | 'title' | 'outlet' | 'created'
  order: 'asc' | 'desc'
  fuzzy: boolean
  created: string
}

type Data = { searches: SavedSearch[] }

/**
 * Saved searches (smart collections): the query is stored, not its results, so a smart
 * collection is re-run on every visit and stays up to date with the archive.
 */
export class SavedSearches {
  private readonly db: Low<Data>
  private loaded = false

  constructor(root: string) {
    this.db = new Low<Data>(new DurableJsonFile(path.join(root, 'catalog', 'searches.json'), path.join(root, 'tmp')), { searches: [] })
  }

  private async ready(): Promise<Data> {
    if (!this.loaded) {
      await this.db.read()
      if (!Array.isArray(this.db.data?.searches)) this.db.data = { searches: [] }
      this.loaded = true
    }
    return this.db.data
  }

  async list(): Promise<SavedSearch[]> {
    return [...(await this.ready()).searches].sort((a, b) => a.name.localeCompare(b.name))
  }

  async get(id: string): Promise<SavedSearch> {
    const s = (await this.ready()).searches.find((x) => x.id === id)
    if (!s) throw new CoreError('NOT_FOUND', `No saved search with id ${id}.`, undefined, { reason: 'SAVED_SEARCH_NOT_FOUND' })
    return s
  }

  async save(input: Omit<SavedSearch, 'id' | 'created'>): Promise<SavedSearch> {
    const data = await this.ready()
    const name = input.name.trim()
    const existing = data.searches.find((x) => x.name.toLowerCase() === name.toLowerCase())
    const saved: SavedSearch = { ...input, name, id: existing?.id ?? newId(), created: existing?.created ?? new Date().toISOString() }
    data.searches = [...data.searches.filter((x) => x.id !== saved.id), saved]
    await this.db.write()
    return saved
  }

  async remove(id: string): Promise<void> {
    const data = await this.ready()
    if (!data.searches.some((x) => x.id === id)) throw new CoreError('NOT_FOUND', `No saved search with id ${id}.`, undefined, { reason: 'SAVED_SEARCH_NOT_FOUND' })
    data.searches = data.searches.filter((x) => x.id !== id)
    await this.db.write()
  }
}
