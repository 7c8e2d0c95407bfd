import type { HistoryEntry } from '../../../shared/safety'

const OPS: Record<string, string> = {
  create: 'created',
  update: 'changed',
  trash: 'moved to the trash',
  restore: 'taken out of the trash',
  attach: 'file(s) attached',
  detach: 'file detached'
}

function short(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value)
  const flat = (s ?? '').replace(/\s+/g, ' ')
  return flat.length > 80 ? flat.slice(0, 79) + '…' : flat
}

/** One journal entry as a person reads it: when, who, what, before → after. */
export function formatHistoryEntry(e: HistoryEntry): string {
  const head = `${e.t}  ${e.user}${e.host ? `@${e.host}` : ''}  ${OPS[e.op] ?? e.op}`
  const lines = [head]
  if (e.op === 'update' && e.after && typeof e.after === 'object') {
    const before = (e.before ?? {}) as Record<string, unknown>
    for (const [k, v] of Object.entries(e.after as Record<string, unknown>)) lines.push(`    ${k}: ${short(before[k])} → ${short(v)}`)
  } else if (e.op === 'attach' && Array.isArray(e.after)) {
    for (const a of e.after as Array<{ name: string; sha256: string }>) lines.push(`    + ${a.name}  sha256:${a.sha256}`)
  } else if (e.op === 'detach' && e.before && typeof e.before === 'object') {
    const a = e.before as { name: string; sha256: string; regions?: Array<{ title: string }> }
    lines.push(`    - ${a.name}  sha256:${a.sha256}`)
    for (const r of a.regions ?? []) lines.push(`    - region ${short(r.title)}`)
  } else if (e.op === 'create' && e.after && typeof e.after === 'object') {
    lines.push(`    title: ${short((e.after as { title?: string }).title)}`)
  }
  return lines.join('\n')
}
