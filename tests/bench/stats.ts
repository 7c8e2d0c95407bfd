export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  return s[i]
}
export const median = (values: number[]) => percentile(values, 50)
export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits
