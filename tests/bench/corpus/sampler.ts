// Weighted sampling in O(1) per draw (Vose's alias method): the realistic corpus draws about
// 45 million words at 100k items, so a binary search over cumulative weights per draw would
// be the generator's main cost.

/** A sampler over indexes 0..weights.length-1, each drawn with probability ∝ its weight. */
export type Sampler = (r: () => number) => number

export function aliasSampler(weights: ArrayLike<number>): Sampler {
  const n = weights.length
  if (n === 0) throw new Error('aliasSampler: no weights')
  let sum = 0
  for (let i = 0; i < n; i++) sum += weights[i]
  const prob = new Float64Array(n)
  const alias = new Uint32Array(n)
  const scaled = new Float64Array(n)
  const small: number[] = []
  const large: number[] = []
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / sum
    ;(scaled[i] < 1 ? small : large).push(i)
  }
  while (small.length && large.length) {
    const s = small.pop()!
    const l = large.pop()!
    prob[s] = scaled[s]
    alias[s] = l
    scaled[l] = scaled[l] + scaled[s] - 1
    ;(scaled[l] < 1 ? small : large).push(l)
  }
  for (const i of large) prob[i] = 1
  for (const i of small) prob[i] = 1
  return (r) => {
    const x = r() * n
    const i = x | 0
    return x - i < prob[i] ? i : alias[i]
  }
}

/** Zipf–Mandelbrot weights 1 / (rank + q)^s for ranks 1..n: the long tail of word and name use. */
export function zipfWeights(n: number, s = 1, q = 2.7): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(i + 1 + q, s)
  return w
}

/** A seeded Fisher–Yates shuffle (in place). */
export function shuffle<T>(list: T[], r: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    const t = list[i]
    list[i] = list[j]
    list[j] = t
  }
  return list
}
