// Bulk edits planned as data: what every selected item would become, before anything is written.
import {
  BulkOpSchema,
  ItemFieldsSchema,
  LIMITS,
  type BulkChange,
  type BulkOp
} from '../../../shared/model'
import type { ErrorParams } from '../../../shared/contract'
import type { ItemRecord } from '../CatalogStore'
import { CoreError } from '../errors'
import { normaliseTagName } from './names'

export type ParsedBulkOp = ReturnType<typeof BulkOpSchema.parse>

/** A prepared op: names normalised, values and patterns checked once for the whole selection. */
type Prepared =
  | { op: 'addTags' | 'removeTags'; tags: string[] }
  | { op: 'addCollections' | 'removeCollections'; collections: string[] }
  | { op: 'setField'; field: string; value: unknown }
  | { op: 'replace'; field: string; pattern: RegExp; replace: string; literal: boolean }

export type ItemPlan = { id: string; title: string; before: Record<string, unknown>; after: Record<string, unknown> }

const EXCERPT_CHARS = 240
/** The long texts of an item: in the text store, not in its catalogue record. */
export const TEXT_FIELDS = ['body', 'description', 'notes'] as const
export type Texts = { body: string; description: string; notes: string }
export const isTextField = (k: string): k is keyof Texts => (TEXT_FIELDS as readonly string[]).includes(k)

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function prepareOps(ops: ParsedBulkOp[], collectionExists: (id: string) => boolean): Prepared[] {
  return ops.map((op, i): Prepared => {
    const field = `ops.${i}`
    switch (op.op) {
      case 'addTags':
      case 'removeTags':
        return { op: op.op, tags: [...new Set(op.tags.map((t) => normaliseTagName(t, `${field}.tags`)))] }
      case 'addCollections':
      case 'removeCollections':
        for (const c of op.collections)
          if (!collectionExists(c)) throw new CoreError('NOT_FOUND', `There is no collection with id ${c}.`, `${field}.collections`, { reason: 'COLLECTION_NOT_FOUND' })
        return { op: op.op, collections: [...new Set(op.collections)] }
      case 'setField': {
        const schema = ItemFieldsSchema.shape[op.field]
        const parsed = schema.safeParse(op.value)
        if (!parsed.success)
          throw new CoreError('INVALID_INPUT', `${op.field} cannot be set to “${clip(op.value, 60)}”: it ${parsed.error.issues[0].message}.`, `${field}.value`, {
            reason: op.field === 'date' ? 'DATE_INVALID' : 'FIELD_INVALID',
            field: op.field,
            value: clip(op.value, 60)
          })
        return { op: 'setField', field: op.field, value: parsed.data }
      }
      case 'replace': {
        let pattern: RegExp
        try {
          pattern = new RegExp(op.regex ? op.find : escapeRegExp(op.find), `gu${op.caseSensitive ? '' : 'i'}`)
        } catch (err) {
          throw new CoreError('INVALID_INPUT', `“${clip(op.find, 60)}” is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}.`, `${field}.find`, { reason: 'REGEX_INVALID', pattern: clip(op.find, 60) })
        }
        return { op: 'replace', field: op.field, pattern, replace: op.replace, literal: !op.regex }
      }
    }
  })
}

function replaceIn(text: string, p: Extract<Prepared, { op: 'replace' }>): string {
  p.pattern.lastIndex = 0
  // A literal replacement must not expand `$1` or `$&`.
  return p.literal ? text.replace(p.pattern, () => p.replace) : text.replace(p.pattern, p.replace)
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

/** What one item becomes; `error` when the result would not be a valid item. */
export function planItem(rec: ItemRecord, texts: Texts | undefined, ops: Prepared[]): ItemPlan | { id: string; title: string; error: string; params: ErrorParams } | null {
  const next: Record<string, unknown> = {}
  const get = (k: string): unknown => (k in next ? next[k] : isTextField(k) ? texts?.[k] : (rec as Record<string, unknown>)[k])
  for (const op of ops) {
    switch (op.op) {
      case 'addTags':
        next.tags = [...new Set([...(get('tags') as string[]), ...op.tags])]
        break
      case 'removeTags':
        next.tags = (get('tags') as string[]).filter((t) => !op.tags.includes(t))
        break
      case 'addCollections':
        next.collections = [...new Set([...(get('collections') as string[]), ...op.collections])]
        break
      case 'removeCollections':
        next.collections = (get('collections') as string[]).filter((c) => !op.collections.includes(c))
        break
      case 'setField':
        next[op.field] = op.value
        break
      case 'replace': {
        const value = get(op.field)
        if (Array.isArray(value)) {
          const entries = (value as string[]).map((v) => replaceIn(v, op).replace(/\s+/g, ' ').trim()).filter(Boolean)
          next[op.field] = [...new Set(entries)]
        } else next[op.field] = replaceIn(String(value ?? ''), op)
        break
      }
    }
  }
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(next)) {
    const old = isTextField(k) ? texts?.[k] : (rec as Record<string, unknown>)[k]
    if (same(old, v)) continue
    const schema = ItemFieldsSchema.shape[k as keyof typeof ItemFieldsSchema.shape]
    const parsed = schema.safeParse(v)
    if (!parsed.success)
      return {
        id: rec.id,
        title: rec.title,
        error: `${k} would become “${clip(display(v), 80)}”, which ${parsed.error.issues[0].message}`,
        params: { reason: k === 'date' ? 'DATE_INVALID' : 'FIELD_INVALID', field: k, value: clip(display(v), 80) }
      }
    before[k] = old
    after[k] = v
  }
  if (Object.keys(after).length === 0) return null
  if ('body' in after) {
    before.bodyLength = rec.bodyLength
    after.bodyLength = (after.body as string).length
  }
  return { id: rec.id, title: rec.title, before, after }
}

export function display(v: unknown): string {
  if (Array.isArray(v)) return v.join('; ')
  if (v === null || v === undefined) return ''
  return String(v)
}

function clip(v: unknown, n: number): string {
  const s = String(v)
  return s.length > n ? s.slice(0, n) + '…' : s
}

/** Long texts are shown around their first difference, not whole. */
function around(before: string, after: string): [string, string] {
  const MAX = 300
  if (before.length <= MAX && after.length <= MAX) return [before, after]
  let i = 0
  while (i < before.length && i < after.length && before[i] === after[i]) i++
  const start = Math.max(0, i - 80)
  let tail = 0
  while (tail < before.length - i && tail < after.length - i && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++
  const cut = (s: string) => {
    const end = Math.min(s.length, Math.max(s.length - tail + 80, i + 80), start + MAX)
    return (start > 0 ? '…' : '') + s.slice(start, end) + (end < s.length ? '…' : '')
  }
  return [cut(before), cut(after)]
}

export const PREVIEW_MAX = LIMITS.pageSize * 5

export function changesOf(plans: ItemPlan[]): { changes: BulkChange[]; more: number } {
  const changes: BulkChange[] = []
  let more = 0
  for (const p of plans)
    for (const field of Object.keys(p.after)) {
      if (field === 'bodyLength') continue
      if (changes.length >= PREVIEW_MAX) {
        more++
        continue
      }
      const [before, after] = around(display(p.before[field]), display(p.after[field]))
      changes.push({ id: p.id, title: p.title, field, before, after })
    }
  return { changes, more }
}

export type { BulkOp }
