// Small helpers the item repository and the cataloguing workspace share: comparing stored
// values, the texts of an item, and the wording of undo labels.
import type { Texts } from '../workspace/bulk'

/** Whether two stored values are the same (missing and null alike). */
export const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
export const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en')} ${n === 1 ? one : many}`
/** A name as an undo label quotes it, cut at 80 characters. */
export const quote = (s: string) => `“${s.length > 80 ? s.slice(0, 80) + '…' : s}”`
/** An item's own texts, without its attachments' texts. */
export const textsOf = (t: Texts): Texts => ({ body: t.body, description: t.description, notes: t.notes })
