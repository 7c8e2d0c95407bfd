// How a table's columns are named for remembering a mapping: a key for a set of columns and a
// mapping by normalised column name. Apart from the table reader so that the store of remembered
// mappings (opened with every archive) does not load the file readers and their packages.
import type { ColumnMapping } from './types'

export const normColumn = (s: string) => s.toLowerCase().replace(/[_\s.-]+/g, ' ').trim()

/** The key under which a mapping is remembered: the table's column names, normalised and sorted. */
export function columnsKey(columns: string[]): string {
  return [...new Set(columns.map(normColumn))].sort().join('\u001f')
}

/** A mapping as remembered: by normalised column name, so that "Summary" and "summary" are one column. */
export function toRemembered(mapping: ColumnMapping): ColumnMapping {
  return Object.fromEntries(Object.entries(mapping).map(([c, f]) => [normColumn(c), f]))
}

/** The remembered mapping for a table with these columns, by its own column names, if there is one. */
export function rememberedFor(columns: string[], remembered: Record<string, ColumnMapping> | undefined): ColumnMapping | undefined {
  const m = remembered?.[columnsKey(columns)]
  return m && Object.fromEntries(columns.map((c) => [c, m[normColumn(c)] ?? '']))
}
