// A search document made from the bench's generated item (tests/bench/generate.ts): realistic
// text and metadata for the index's tests, each test adding the fields it needs beside.
import type { SearchDoc } from '../../../electron/core/search/types'
import { generateItem } from '../../bench/generate'

/** Generated item i of `seed`, about `words` words of body: every field the generator fills. */
export function generatedDoc(i: number, seed: number, words: number): SearchDoc {
  const g = generateItem(i, seed, words)
  return {
    id: `d${i}`,
    title: g.title,
    body: g.body ?? '',
    description: g.description ?? '',
    outlet: g.outlet ?? '',
    byline: g.byline ?? '',
    type: g.type ?? 'article',
    language: g.language ?? '',
    date: g.date ?? '',
    tags: g.tags ?? [],
    people: g.people ?? [],
    organisations: g.organisations ?? [],
    places: g.places ?? []
  }
}
