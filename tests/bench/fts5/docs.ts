// Generated press items as search documents, built in memory (no archive needed for
// the search figures): the same items tests/bench/generate.ts gives the other benches.
import { generateItem } from '../generate'
import type { SearchDoc } from '../../../electron/core/search/types'

export function benchDoc(i: number): SearchDoc {
  const item = generateItem(i)
  const created = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
  return {
    id: `g${i.toString(36).padStart(8, '0')}`,
    title: item.title,
    body: item.body ?? '',
    description: item.description ?? '',
    notes: '',
    outlet: item.outlet ?? '',
    byline: item.byline ?? '',
    type: item.type ?? 'article',
    language: item.language ?? '',
    date: item.date ?? '',
    created,
    modified: created,
    tags: item.tags ?? [],
    people: item.people ?? [],
    organisations: item.organisations ?? [],
    places: item.places ?? [],
    collections: i % 50 === 0 ? ['Selected'] : [],
    attachments: []
  }
}

export function* benchDocs(count: number): Generator<SearchDoc> {
  for (let i = 0; i < count; i++) yield benchDoc(i)
}
