// The query mix of the search bench, drawn from the generated corpus by document frequency
// (the share of items holding a word), so that "common" and "rare" mean the same thing at
// 10k and at 300k items. Each query comes in our query language and as the same question for
// SQLite FTS5 (a MATCH expression plus conditions on its items table). Deterministic for a
// corpus and a seed.
import { fold, tokensOf } from '../../../electron/core/search/normalize'
import { rng } from '../generate'
import type { BenchDoc } from './cache'
import type { FormStats } from './formStats'

export type QueryKind = 'common' | 'mid' | 'rare' | 'two' | 'three' | 'phrase' | 'prefix' | 'field' | 'date'

export type BenchQuery = {
  kind: QueryKind
  /** In our query language. */
  q: string
  /** The same for FTS5: a MATCH expression (null: none) and conditions on the items table. */
  fts: { match: string | null; where?: string; params?: Array<string | number> }
}

/** How the mix is drawn, printed with the figures. */
export const MIX: Record<QueryKind, { count: number; rule: string }> = {
  common: { count: 60, rule: 'one word in ≥ 10% of items (the 100 most frequent forms, function words, left out)' },
  mid: { count: 70, rule: 'one word in 1–10% of items' },
  rare: { count: 60, rule: 'one word in 3 items to 0.1% of items' },
  two: { count: 70, rule: 'two words (not function words) of one item' },
  three: { count: 50, rule: 'three words (not function words) of one item' },
  phrase: { count: 50, rule: 'two consecutive words of one item\'s body, not both function words, quoted' },
  prefix: { count: 80, rule: 'the first 3 or 4 letters of a word of one item (2 in 3) or of a person\'s surname (1 in 3), as typed' },
  field: { count: 50, rule: 'tag:, outlet:, person: or lang:fr with a word' },
  date: { count: 30, rule: 'a word within one month, or a date range alone' }
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

export function makeQueries(docs: BenchDoc[], stats: FormStats, seed = 424242): BenchQuery[] {
  const r = rng(seed)
  const N = docs.length
  const used = stats.used()
  const functionWords = new Set(used.slice(0, 100))
  const band = (lo: number, hi: number) => used.filter((id) => !functionWords.has(id) && stats.docCount(id) >= lo && stats.docCount(id) < hi)
  const common = band(Math.ceil(0.1 * N), Infinity)
  const mid = band(Math.ceil(0.01 * N), Math.ceil(0.1 * N))
  const rare = band(3, Math.max(4, Math.ceil(0.001 * N)))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]
  const doc = () => docs[Math.floor(r() * N)]
  const content = (text: string) =>
    tokensOf(text)
      .map((t) => t.toLowerCase())
      .filter((t) => {
        const id = stats.ids.get(fold(t))
        return id !== undefined && !functionWords.has(id)
      })
  const out: BenchQuery[] = []
  const add = (kind: QueryKind, make: () => BenchQuery | null) => {
    let made = 0
    for (let tries = 0; made < MIX[kind].count && tries < MIX[kind].count * 50; tries++) {
      const x = make()
      if (x) {
        out.push(x)
        made++
      }
    }
  }
  const single = (kind: QueryKind, list: number[]) => () => {
    if (list.length === 0) return null
    const w = stats.surface[pick(list)]
    return { kind, q: w, fts: { match: quote(w) } }
  }
  add('common', single('common', common))
  add('mid', single('mid', mid))
  add('rare', single('rare', rare))
  const words = (kind: 'two' | 'three', n: number) => () => {
    const d = doc()
    const ws = [...new Set(content(`${d.title} ${d.description} ${d.body}`))]
    if (ws.length < n) return null
    const chosen = new Set<string>()
    while (chosen.size < n) chosen.add(pick(ws))
    const list = [...chosen]
    return { kind, q: list.join(' '), fts: { match: list.map(quote).join(' ') } }
  }
  add('two', words('two', 2))
  add('three', words('three', 3))
  add('phrase', () => {
    const ws = tokensOf(doc().body).map((t) => t.toLowerCase())
    const i = Math.floor(r() * (ws.length - 1))
    const [a, b] = [ws[i], ws[i + 1]]
    if (!a || !b || (functionWords.has(stats.ids.get(fold(a)) ?? -1) && functionWords.has(stats.ids.get(fold(b)) ?? -1))) return null
    return { kind: 'phrase', q: `"${a} ${b}"`, fts: { match: quote(`${a} ${b}`) } }
  })
  add('prefix', () => {
    const d = doc()
    const w = r() < 2 / 3 ? pick(content(d.body)) : (d.people?.[0] ?? '').split(' ').pop()?.toLowerCase()
    if (!w || w.length < 5) return null
    const p = w.slice(0, 3 + Math.floor(r() * 2))
    return { kind: 'prefix', q: p, fts: { match: `${quote(p)} *` } }
  })
  add('field', () => {
    const d = doc()
    const ws = content(d.body)
    if (ws.length === 0) return null
    const w = pick(ws)
    const roll = r()
    if (roll < 0.3) {
      const tag = d.tags.find((t) => t.startsWith('topic/'))
      if (!tag) return null
      return { kind: 'field', q: `tag:${tag} ${w}`, fts: { match: `tags : ${quote(tag.replace('/', ' '))} AND ${quote(w)}` } }
    }
    if (roll < 0.55) {
      const o = d.outlet.split(/[\s-]+/).pop()!.toLowerCase()
      return { kind: 'field', q: `outlet:${o} ${w}`, fts: { match: `outlet : ${quote(o)} AND ${quote(w)}` } }
    }
    if (roll < 0.8) {
      const p = (d.people[0] ?? '').split(' ').pop()!.toLowerCase()
      if (!p) return null
      return { kind: 'field', q: `person:${p} ${w}`, fts: { match: `people : ${quote(p)} AND ${quote(w)}` } }
    }
    const fr = docs[(Math.floor(r() * N) + 0) % N]
    if (fr.language !== 'fr') return null
    const fw = pick(content(fr.body))
    return fw ? { kind: 'field', q: `lang:fr ${fw}`, fts: { match: quote(fw), where: 'language = ?', params: ['fr'] } } : null
  })
  add('date', () => {
    const d = doc()
    const [y, m] = d.date.split('-')
    if (r() < 0.6) {
      const w = pick(content(d.body))
      if (!w) return null
      return { kind: 'date', q: `${w} date:${y}-${m}`, fts: { match: quote(w), where: 'date BETWEEN ? AND ?', params: [`${y}-${m}-01`, `${y}-${m}-31`] } }
    }
    const y2 = Math.min(2025, Number(y) + 1)
    return { kind: 'date', q: `date:${y}..${y2}-06-30`, fts: { match: null, where: 'date BETWEEN ? AND ?', params: [`${y}-01-01`, `${y2}-06-30`] } }
  })
  return out
}
