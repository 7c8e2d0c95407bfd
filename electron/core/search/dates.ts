// Partial dates ("2022", "2022-11", "2022-11-23") and ranges as inclusive spans of days
// since 1970-01-01, which is what date filters, sorting and the histogram compare.

const PARTIAL = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/

export type DaySpan = { from: number; to: number }

function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000)
}

/** "2022-11" → the days of November 2022; null when it is not a real date. */
export function partialDateSpan(value: string): DaySpan | null {
  const m = PARTIAL.exec(value.trim())
  if (!m) return null
  const y = Number(m[1])
  if (!m[2]) return { from: dayNumber(y, 1, 1), to: dayNumber(y, 12, 31) }
  const mo = Number(m[2])
  if (mo < 1 || mo > 12) return null
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (!m[3]) return { from: dayNumber(y, mo, 1), to: dayNumber(y, mo, last) }
  const d = Number(m[3])
  if (d < 1 || d > last) return null
  const day = dayNumber(y, mo, d)
  return { from: day, to: day }
}

/** An item's date field ('' , a partial date, or "A/B") → its span, or null. */
export function itemDateSpan(value: string | undefined | null): DaySpan | null {
  if (!value) return null
  const parts = value.split('/')
  if (parts.length === 1) return partialDateSpan(parts[0])
  if (parts.length !== 2) return null
  const a = partialDateSpan(parts[0])
  const b = partialDateSpan(parts[1])
  if (!a || !b || a.from > b.to) return null
  return { from: a.from, to: b.to }
}

/** Day number → { year, month (1-12) }. */
export function yearMonthOf(day: number): { year: number; month: number } {
  const d = new Date(day * 86_400_000)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
}

export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}
