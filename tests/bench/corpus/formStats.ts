// What the realistic generator wrote, counted as it writes (no second pass over the text):
// per folded word form, its number of tokens and of items holding it. The bench derives its
// query mix from these document frequencies and prints the corpus' shape from them.
import { fold, tokensOf } from '../../../electron/core/search/normalize'

export class FormStats {
  readonly ids = new Map<string, number>()
  readonly forms: string[] = []
  /** Each form as first written, lower-cased (accents and Arabic letter forms kept): what a person types. */
  readonly surface: string[] = []
  private tokens = new Float64Array(1 << 16)
  private docs = new Uint32Array(1 << 16)
  private lastItem = new Int32Array(1 << 16).fill(-1)
  private nameForms = new Map<string, number[]>()
  items = 0
  totalTokens = 0
  private current = -1

  /** The id of a form (folded here), registered on first use. */
  id(surface: string): number {
    const key = fold(surface)
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.forms.length
      this.ids.set(key, id)
      this.forms.push(key)
      this.surface.push(surface.toLowerCase())
      if (id >= this.tokens.length) this.grow()
    }
    return id
  }

  /** The form ids of a name or a field value (several tokens), cached per value. */
  idsOf(value: string): number[] {
    let ids = this.nameForms.get(value)
    if (!ids) {
      ids = tokensOf(value).map((t) => this.id(t))
      this.nameForms.set(value, ids)
    }
    return ids
  }

  startItem(): void {
    this.current = this.items++
  }

  add(id: number): void {
    this.tokens[id]++
    this.totalTokens++
    if (this.lastItem[id] !== this.current) {
      this.lastItem[id] = this.current
      this.docs[id]++
    }
  }

  addAll(ids: number[]): void {
    for (const id of ids) this.add(id)
  }

  tokenCount(id: number): number {
    return this.tokens[id]
  }

  docCount(id: number): number {
    return this.docs[id]
  }

  /** Forms that occur at least once, by token count, most frequent first. */
  used(): number[] {
    const out: number[] = []
    for (let i = 0; i < this.forms.length; i++) if (this.tokens[i] > 0) out.push(i)
    return out.sort((a, b) => this.tokens[b] - this.tokens[a] || a - b)
  }

  private grow(): void {
    const n = this.tokens.length * 2
    const t = new Float64Array(n)
    t.set(this.tokens)
    const d = new Uint32Array(n)
    d.set(this.docs)
    const l = new Int32Array(n).fill(-1)
    l.set(this.lastItem)
    this.tokens = t
    this.docs = d
    this.lastItem = l
  }
}

export type CorpusSummary = {
  items: number
  tokens: number
  words_per_item: number
  distinct_forms: number
  top10_token_share: number
  top100_token_share: number
  forms_in_one_item_share: number
}

export function summarize(stats: FormStats): CorpusSummary {
  const used = stats.used()
  const share = (k: number) => used.slice(0, k).reduce((s, id) => s + stats.tokenCount(id), 0) / stats.totalTokens
  const once = used.filter((id) => stats.docCount(id) === 1).length
  return {
    items: stats.items,
    tokens: stats.totalTokens,
    words_per_item: Math.round(stats.totalTokens / Math.max(1, stats.items)),
    distinct_forms: used.length,
    top10_token_share: Math.round(share(10) * 1000) / 1000,
    top100_token_share: Math.round(share(100) * 1000) / 1000,
    forms_in_one_item_share: Math.round((once / Math.max(1, used.length)) * 1000) / 1000
  }
}
