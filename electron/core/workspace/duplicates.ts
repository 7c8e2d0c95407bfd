// Likely duplicates among authority records, proposed for a person to confirm or reject.
import { distance } from 'fastest-levenshtein'
import type { AuthorityRecord, DuplicateProposal } from '../../../shared/model'
import { matchKey } from './names'

const THRESHOLD = 0.84

function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length)
  return len === 0 ? 0 : 1 - distance(a, b) / len
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`)

/**
 * Compares every pair of records of a kind that share at least one word of three letters or
 * more (blocking keeps this near-linear on thousands of records), by the closest pair of their
 * names: near-identical spellings ("Almami" / "Almamy") and, but for organisations, one name
 * whose words are all in the other ("AlMalik" / "Salim M. AlMalik").
 */
export function proposeDuplicates(records: AuthorityRecord[], rejected: Set<string>): DuplicateProposal[] {
  const names = new Map<string, string[]>()
  for (const r of records) names.set(r.id, [...new Set([r.preferred, ...r.variants].map(matchKey).filter(Boolean))])
  const blocks = new Map<string, AuthorityRecord[]>()
  for (const r of records)
    for (const key of names.get(r.id)!)
      for (const token of key.split(' ')) {
        if (token.length < 3) continue
        // The first three letters group spelling variants of one word ("almami", "almamy").
        const block = `${r.kind}:${token.slice(0, 3)}`
        let list = blocks.get(block)
        if (!list) blocks.set(block, (list = []))
        if (list.at(-1) !== r) list.push(r)
      }
  const seen = new Set<string>()
  const out: DuplicateProposal[] = []
  for (const list of blocks.values()) {
    if (list.length > 400) continue // a word shared by hundreds of records ("united") says nothing
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]
        const b = list[j]
        const key = pairKey(a.id, b.id)
        if (seen.has(key) || rejected.has(key)) continue
        seen.add(key)
        const best = compare(names.get(a.id)!, names.get(b.id)!, a.kind !== 'organisation')
        if (best) out.push({ a, b, ...best })
      }
  }
  return out.sort((x, y) => y.score - x.score || x.a.preferred.localeCompare(y.a.preferred))
}

/**
 * `byWords`: one name whose words are all in the other is a proposal for people ("AlMalik" /
 * "Salim M. AlMalik") and places ("Fez" / "Fez, Kingdom of Morocco"), but not for
 * organisations, whose longer names are most often other bodies ("United Nations" /
 * "United Nations Educational, Scientific and Cultural Organization" is UNESCO).
 */
function compare(as: string[], bs: string[], byWords: boolean): { score: number; reason: string } | null {
  let best: { score: number; reason: string } | null = null
  for (const x of as)
    for (const y of bs) {
      const s = similarity(x, y)
      if (s >= THRESHOLD && (!best || s > best.score)) best = { score: round(s), reason: `similar spelling (“${x}” / “${y}”)` }
      const tx = x.split(' ')
      const ty = y.split(' ')
      const [small, large] = tx.length <= ty.length ? [tx, ty] : [ty, tx]
      const distinctive = small.filter((t) => t.length >= 4)
      if (byWords && distinctive.length > 0 && small.every((t) => large.includes(t)) && small.length < large.length) {
        const score = round(0.7 + 0.2 * (small.length / large.length))
        if (!best || score > best.score) best = { score, reason: `every word of “${small.join(' ')}” is in “${large.join(' ')}”` }
      }
    }
  return best
}

const round = (n: number) => Math.round(n * 100) / 100
