// Column mappings of CSV/JSON imports, remembered per archive by the table's column names:
// the next export from the same tool is mapped the way the person mapped the last one.
import * as path from 'node:path'
import { Low } from 'lowdb'
import { MAPPABLE_FIELDS } from '../../../../shared/model'
import type { Archive } from '../../Archive'
import { DurableJsonFile } from '../../DurableJsonFile'
import { columnsKey, rememberedFor, toRemembered } from './table'
import type { ColumnMapping } from './types'

type Data = { mappings: Record<string, { mapping: ColumnMapping; used: string }> }

const FIELDS = new Set<string>(MAPPABLE_FIELDS)
/** Kept at most; the least recently used go first. */
const KEEP = 200

export class ColumnMappings {
  private readonly db: Low<Data>
  private loaded = false

  constructor(root: string) {
    this.db = new Low<Data>(new DurableJsonFile(path.join(root, 'catalog', 'column-mappings.json'), path.join(root, 'tmp')), { mappings: {} })
  }

  private async ready(): Promise<Data> {
    if (!this.loaded) {
      await this.db.read()
      const m = this.db.data?.mappings
      if (!m || typeof m !== 'object' || Array.isArray(m)) this.db.data = { mappings: {} }
      this.loaded = true
    }
    return this.db.data
  }

  /** Every remembered mapping by columnsKey, by normalised column name (what the extractors are given). */
  async all(): Promise<Record<string, ColumnMapping>> {
    const data = await this.ready()
    return Object.fromEntries(Object.entries(data.mappings).map(([k, v]) => [k, v.mapping]))
  }

  /** The remembered mapping for tables with these columns, by these column names. */
  async get(columns: string[]): Promise<ColumnMapping | undefined> {
    return rememberedFor(columns, await this.all())
  }

  /** Remembers a mapping for tables with these columns; unknown fields are dropped. */
  async remember(columns: string[], mapping: ColumnMapping): Promise<void> {
    const data = await this.ready()
    const clean: ColumnMapping = {}
    for (const c of columns) clean[c] = FIELDS.has(mapping[c]) ? mapping[c] : ''
    data.mappings[columnsKey(columns)] = { mapping: toRemembered(clean), used: new Date().toISOString() }
    const keys = Object.keys(data.mappings)
    if (keys.length > KEEP)
      for (const k of keys.sort((a, b) => data.mappings[a].used.localeCompare(data.mappings[b].used)).slice(0, keys.length - KEEP)) delete data.mappings[k]
    await this.db.write()
  }
}

const loaded = new WeakMap<Archive, ColumnMappings>()
export function mappingsOf(archive: Archive): ColumnMappings {
  let m = loaded.get(archive)
  if (!m) loaded.set(archive, (m = new ColumnMappings(archive.root)))
  return m
}
