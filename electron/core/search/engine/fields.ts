// Field weights: the bit each field sets in a posting's field mask, and how much one
// occurrence in it adds to the weighted term frequency (BM25F-style: title and
// people/organisations weigh more than body).

export const F_TITLE = 1
export const F_DESC = 2
export const F_NOTES = 4
export const F_BODY = 8
export const F_ATT = 16
export const F_PEOPLE = 32
export const F_ORG = 64
export const F_PLACE = 128
export const F_TAG = 256
export const F_OUTLET = 512
export const F_BYLINE = 1024
export const F_COLL = 2048

export const WEIGHT: Record<number, number> = {
  [F_TITLE]: 8,
  [F_DESC]: 3,
  [F_NOTES]: 2,
  [F_BODY]: 1,
  [F_ATT]: 1,
  [F_PEOPLE]: 6,
  [F_ORG]: 6,
  [F_PLACE]: 3,
  [F_TAG]: 4,
  [F_OUTLET]: 2,
  [F_BYLINE]: 3,
  [F_COLL]: 2
}

/** WEIGHT by field bit in a flat array: the analysis reads it once per token, where a keyed object's look-up showed in profiles. */
export const WEIGHT_OF_BIT = new Uint8Array(F_COLL + 1)
for (const [bit, w] of Object.entries(WEIGHT)) WEIGHT_OF_BIT[Number(bit)] = w

/** The fields that come after an item's texts (analysis.ts): a posting without these bits is about its texts alone. */
export const METADATA_FIELDS = F_PEOPLE | F_ORG | F_PLACE | F_TAG | F_OUTLET | F_BYLINE | F_COLL

/** BM25 parameters. */
export const K1 = 1.2
export const B = 0.75

/** dateFrom of an undated item (later than any real day number). */
export const NO_DATE = 2_000_000_000

/** BM25 length normalisation of an item of `tokens` tokens, when the average is `average`. */
export function lengthNorm(tokens: number, average: number): number {
  return K1 * (1 - B + (B * tokens) / average)
}

/** BM25 idf of a term in `df` of `live` items, with the query weight and the (K1 + 1) factor folded in. */
export function bm25Idf(df: number, live: number, weight: number): number {
  const N = Math.max(live, df)
  return Math.log(1 + (N - df + 0.5) / (df + 0.5)) * weight * (K1 + 1)
}
