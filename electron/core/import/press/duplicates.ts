// Likely duplicates of proposed items among the items already in the archive.
import { createHash } from 'node:crypto'
import type { Archive } from '../../Archive'
import { capWarnings, warning } from './enrich'
import type { Proposal } from './types'

export type Duplicate = {
  key: string
  itemId: string
  title: string
  reason: 'same-text' | 'same-title-and-date'
}

function norm(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()
}

export function textHash(body: string): string {
  return createHash('sha256').update(body.normalize('NFC').replace(/\s+/g, ' ').trim()).digest('hex')
}

/**
 * Same text (hash of the whitespace-normalised body) or same title and date as a live item.
 * Bodies are only read for items whose stored body has a length close to the proposed one.
 */
export async function findDuplicates(proposal: Proposal, archive: Archive): Promise<Duplicate[]> {
  const out: Duplicate[] = []
  const byTitleDate = new Map<string, { id: string; title: string }>()
  const byLength = new Map<number, Array<{ id: string; title: string }>>()
  for (const r of archive.catalog.all()) {
    if (r.trashed) continue
    byTitleDate.set(`${norm(r.title)}|${r.date}`, { id: r.id, title: r.title })
    const list = byLength.get(r.bodyLength) ?? []
    list.push({ id: r.id, title: r.title })
    byLength.set(r.bodyLength, list)
  }
  for (const p of proposal.items) {
    const body = p.fields.body ?? ''
    let found: Duplicate | null = null
    if (body) {
      const hash = textHash(body)
      const candidates = byLength.get(body.length) ?? []
      for (const c of candidates) {
        const stored = await archive.texts.get(c.id)
        if (textHash(stored.body) === hash) {
          found = { key: p.key, itemId: c.id, title: c.title, reason: 'same-text' }
          break
        }
      }
    }
    if (!found && p.fields.date) {
      const hit = byTitleDate.get(`${norm(p.fields.title)}|${p.fields.date}`)
      if (hit) found = { key: p.key, itemId: hit.id, title: hit.title, reason: 'same-title-and-date' }
    }
    if (found) out.push(found)
  }
  return out
}

/** The proposal with a DUPLICATE warning on each item that duplicates an archive item. */
export async function markDuplicates(proposal: Proposal, archive: Archive): Promise<Proposal> {
  const dups = await findDuplicates(proposal, archive)
  if (dups.length === 0) return proposal
  const byKey = new Map(dups.map((d) => [d.key, d]))
  return {
    ...proposal,
    items: proposal.items.map((p) => {
      const d = byKey.get(p.key)
      if (!d) return p
      const why = d.reason === 'same-text' ? 'has the same text as' : 'has the same title and date as'
      const w = warning('DUPLICATE', `This item ${why} “${d.title}” (${d.itemId}), already in the archive.`, { same: d.reason, title: d.title, id: d.itemId })
      return { ...p, fields: { ...p.fields, warnings: capWarnings([w, ...(p.fields.warnings ?? []).filter((x) => x.code !== 'DUPLICATE')]) } }
    })
  }
}
