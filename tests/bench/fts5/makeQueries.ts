// Writes queries.json: the fixed mix of 500 queries the search bench runs against our
// index and against SQLite FTS5. Deterministic; run it again only to change the mix
// (`npx tsx tests/bench/fts5/makeQueries.ts`), and say so with the figures.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { generateItem, rng } from '../generate'

export type BenchQuery = {
  kind: 'common' | 'rare' | 'two' | 'three' | 'phrase' | 'prefix' | 'field' | 'date'
  /** In our query language. */
  q: string
  /** The same for FTS5: a MATCH expression (null: none) and extra SQL conditions on the items table. */
  fts: { match: string | null; where?: string; params?: Array<string | number> }
}

const EN_COMMON = ['minister', 'government', 'cooperation', 'development', 'health', 'education', 'climate', 'refugees', 'agreement', 'delegation', 'summit', 'budget', 'energy', 'employment', 'conference', 'security']
const RARE = ['sécheresse', 'préfecture', 'hôpital', 'université', 'mémorandum', 'réfugiés', 'الوزير', 'الحكومة', 'مدرسة', 'جامعة', 'Nairobi', 'Hammami', 'Dakar', 'AlMalik', 'Brussels', 'hiver']
const TAGS = ['migration', 'health', 'education', 'climate', 'economy', 'culture', 'youth', 'women', 'water']
const OUTLETS = ['Reuters', 'Guardian', 'Hespress', 'Monde']
const PEOPLE = ['Diallo', 'Dupont', 'Garcia', 'Benali', 'Rossi']

function q(s: string): string {
  return `"${s.replace(/"/g, '""')}"`
}

export function makeQueries(): BenchQuery[] {
  const r = rng(424242)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]
  const words = (): string[] => {
    // Words taken from real generated bodies, so that multi-word queries do match.
    const item = generateItem(Math.floor(r() * 100_000))
    return (item.body ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3)
  }
  const out: BenchQuery[] = []
  const add = (kind: BenchQuery['kind'], n: number, make: () => BenchQuery | null) => {
    let made = 0
    while (made < n) {
      const x = make()
      if (x) {
        out.push(x)
        made++
      }
    }
  }
  add('common', 80, () => {
    const w = pick(EN_COMMON)
    return { kind: 'common', q: w, fts: { match: q(w) } }
  })
  add('rare', 60, () => {
    const w = pick(RARE)
    return { kind: 'rare', q: w, fts: { match: q(w) } }
  })
  add('two', 80, () => {
    const ws = words()
    const a = pick(ws)
    const b = pick(ws)
    if (a === b) return null
    return { kind: 'two', q: `${a} ${b}`, fts: { match: `${q(a)} ${q(b)}` } }
  })
  add('three', 60, () => {
    const ws = words()
    const [a, b, c] = [pick(ws), pick(ws), pick(ws)]
    if (new Set([a, b, c]).size < 3) return null
    return { kind: 'three', q: `${a} ${b} ${c}`, fts: { match: `${q(a)} ${q(b)} ${q(c)}` } }
  })
  add('phrase', 60, () => {
    const item = generateItem(Math.floor(r() * 100_000))
    const ws = (item.body ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean)
    const i = Math.floor(r() * (ws.length - 2))
    const p = `${ws[i]} ${ws[i + 1]}`.toLowerCase()
    return { kind: 'phrase', q: `"${p}"`, fts: { match: q(p) } }
  })
  add('prefix', 60, () => {
    const w = pick(words())
    const p = w.slice(0, 3 + Math.floor(r() * 2))
    return { kind: 'prefix', q: p, fts: { match: `${q(p)}*` } }
  })
  add('field', 60, () => {
    const roll = r()
    const w = pick(EN_COMMON)
    if (roll < 0.3) {
      const t = pick(TAGS)
      return { kind: 'field', q: `tag:${t} ${w}`, fts: { match: `tags : ${q(t)} AND ${q(w)}` } }
    }
    if (roll < 0.55) {
      const o = pick(OUTLETS)
      return { kind: 'field', q: `outlet:${o} ${w}`, fts: { match: `outlet : ${q(o)} AND ${q(w)}` } }
    }
    if (roll < 0.8) {
      const p = pick(PEOPLE)
      return { kind: 'field', q: `person:${p} ${w}`, fts: { match: `people : ${q(p)} AND ${q(w)}` } }
    }
    return { kind: 'field', q: `lang:fr ${pick(['ministre', 'coopération', 'santé', 'école'])}`, fts: { match: null, where: 'language = ?', params: ['fr'] } }
  })
  add('date', 40, () => {
    const y = 2000 + Math.floor(r() * 24)
    const m = 1 + Math.floor(r() * 12)
    const mm = String(m).padStart(2, '0')
    if (r() < 0.5) {
      const w = pick(EN_COMMON)
      return { kind: 'date', q: `${w} date:${y}-${mm}`, fts: { match: q(w), where: 'date BETWEEN ? AND ?', params: [`${y}-${mm}-01`, `${y}-${mm}-31`] } }
    }
    return { kind: 'date', q: `date:${y}..${y + 1}-06-30`, fts: { match: null, where: 'date BETWEEN ? AND ?', params: [`${y}-01-01`, `${y + 1}-06-30`] } }
  })
  // The lang:fr queries carry their word in `q`; give FTS5 the same word.
  for (const x of out) {
    if (x.kind === 'field' && x.fts.match === null) x.fts.match = q(x.q.split(' ')[1])
  }
  return out
}

if (require.main === module) {
  const file = path.join(__dirname, 'queries.json')
  writeFileSync(file, JSON.stringify(makeQueries(), null, 1) + '\n')
  console.log(`wrote ${file}`)
}
