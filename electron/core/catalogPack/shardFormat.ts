// The catalogue's shard files as they are on disk (catalog/items/<xyz>.json, lowdb JSON): a
// record leaves out every field still at its default, and is filled in again when read.
import { ITEM_DEFAULTS, type Item } from '../../../shared/model'

/** An item as the catalogue keeps it: long texts live in the TextStore, not here. */
export type ItemRecord = Omit<Item, 'body' | 'description' | 'notes'> & { bodyLength: number }

// On disk a record leaves out every field that still has its default value: about half the
// bytes of a typical record, so opening 100k items reads and parses half as much.
export const SPARSE_DEFAULTS: Record<string, unknown> = (() => {
  const { description: _d, notes: _n, body: _b, ...rest } = ITEM_DEFAULTS as Record<string, unknown>
  // version 1 is left out like any default: a record written before versions existed reads as 1.
  return { ...rest, trashed: null, attachments: [], bodyLength: 0, version: 1 }
})()
const SPARSE_KEYS = Object.keys(SPARSE_DEFAULTS)

function isDefault(key: string, value: unknown): boolean {
  const d = SPARSE_DEFAULTS[key]
  if (Array.isArray(d)) return Array.isArray(value) && value.length === 0
  return value === d
}

export function toDisk(data: ShardData): string {
  return JSON.stringify(data, function (key, value) {
    // Only the fields of a record (this = the record) are thinned, never nested values.
    if (this && typeof this === 'object' && 'id' in this && 'created' in this && key in SPARSE_DEFAULTS && isDefault(key, value))
      return undefined
    return value
  })
}

export function fillDefaults(rec: Record<string, unknown>): void {
  for (const key of SPARSE_KEYS) {
    if (!(key in rec)) {
      const d = SPARSE_DEFAULTS[key]
      rec[key] = Array.isArray(d) ? [] : d
    }
  }
}

export type ShardData = { items: Record<string, ItemRecord> }

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * What is wrong with a parsed catalogue shard, or null when it has the shape of one: valid
 * JSON of another shape (an array, a record that is a number) must be named as damage, not
 * fail later in code that trusts it. Used at load, by the integrity check and by restore.
 */
export function shardProblem(data: unknown): string | null {
  if (!isPlainObject(data)) return 'not a JSON object'
  if (!isPlainObject(data.items)) return 'no "items" object'
  for (const [id, rec] of Object.entries(data.items)) {
    const where = `record ${JSON.stringify(id.slice(0, 40))}`
    if (!isPlainObject(rec)) return `${where} is not an object`
    if (rec.id !== id) return `${where} holds another id`
    for (const key of ['title', 'created', 'modified'])
      if (typeof rec[key] !== 'string') return `${where} has no ${key}`
    for (const key of SPARSE_KEYS) if (key in rec && Array.isArray(SPARSE_DEFAULTS[key]) && !Array.isArray(rec[key])) return `${where} has a ${key} that is not a list`
  }
  return null
}

