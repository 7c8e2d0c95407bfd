import type { ListInput } from '../../../shared/contract'
import type { MessageKey } from '../i18n'

export type SortKey = NonNullable<ListInput['sort']>
export const COLUMN_KEYS = ['title', 'date', 'type', 'outlet', 'status', 'language', 'tags', 'attachments', 'created', 'modified'] as const
export type ColumnKey = (typeof COLUMN_KEYS)[number]

export const COLUMNS: Record<ColumnKey, { label: MessageKey; sort: SortKey | null; width: number }> = {
  title: { label: 'col.title', sort: 'title', width: 0 },
  date: { label: 'col.date', sort: 'date', width: 100 },
  type: { label: 'col.type', sort: 'type', width: 100 },
  outlet: { label: 'col.outlet', sort: 'outlet', width: 120 },
  status: { label: 'col.status', sort: 'status', width: 100 },
  language: { label: 'col.language', sort: 'language', width: 64 },
  tags: { label: 'col.tags', sort: null, width: 160 },
  attachments: { label: 'col.attachments', sort: null, width: 56 },
  created: { label: 'col.created', sort: 'created', width: 140 },
  modified: { label: 'col.modified', sort: 'modified', width: 140 }
}
export const DEFAULT_COLUMNS: ColumnKey[] = ['title', 'date', 'type', 'status']
export const isColumnList = (v: unknown) => Array.isArray(v) && v.every((c) => (COLUMN_KEYS as readonly string[]).includes(c)) && v.includes('title')

export const ITEM_MIME = 'application/x-presskeep-items'
