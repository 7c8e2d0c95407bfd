// Column mappings of CSV/JSON imports, remembered per archive by the table's column names:
// the next export from the same tool is mapped the way the person mapped the last one.
import * as path from 'node:path'
import { MAPPABLE_FIELDS } from '../../../../shared/model'
import { RecordFile } from '../../workspace/RecordFile'
import { columnsKey, rememberedFor, toRemembered } from './columnKeys'
import type { ColumnMapping } from './types'

import type { RecordSet } from '../../stores'

export type Remembered = { mapping: ColumnMapping; used: string }

const FIELDS = new Set<string>(MAPPABLE_FIELDS)
/** Kept at most; the least recently used go first. */
const KEEP = 200

/** One record per set of columns (by columnsKey), in a catalogue file like the tag and collection records. */
export class ColumnMappings {
  private loading: Promise<void> | null = null

  /** `file`: the set the mappings are kept in (a file in the archive folder, rows in a team archive). */
  constructor(private readonly file: RecordSet<Remembered>) {}

  /** The archive folder's: catalog/column-mappings.json. */
  static inFolder(root: string): ColumnMappings {
    return new ColumnMappings(new RecordFile<Remembered>(path.join(root, 'catalog', 'column-mappings.json'), 'presskeep-column-mappings', path.join(root, 'tmp')))
  }

  private ready(): Promise<void> {
    this.loading ??= this.file.load()
    return this.loading
  }

  /** Every remembered mapping by columnsKey, by normalised column name (what the extractors are given). */
  async all(): Promise<Record<string, ColumnMapping>> {
    await this.ready()
    return Object.fromEntries(Object.entries(this.file.data.records).map(([k, v]) => [k, v.mapping]))
  }

  /** The remembered mapping for tables with these columns, by these column names. */
  async get(columns: string[]): Promise<ColumnMapping | undefined> {
    return rememberedFor(columns, await this.all())
  }

  /** Remembers a mapping for tables with these columns; unknown fields are dropped. */
  async remember(columns: string[], mapping: ColumnMapping): Promise<void> {
    await this.ready()
    const clean: ColumnMapping = {}
    for (const c of columns) clean[c] = FIELDS.has(mapping[c]) ? mapping[c] : ''
    this.file.set(columnsKey(columns), { mapping: toRemembered(clean), used: new Date().toISOString() })
    const records = this.file.data.records
    const keys = Object.keys(records)
    if (keys.length > KEEP)
      for (const k of keys.sort((a, b) => records[a].used.localeCompare(records[b].used)).slice(0, keys.length - KEEP)) this.file.set(k, null)
    await this.file.write()
  }
}
