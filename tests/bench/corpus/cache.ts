// The realistic corpus as search documents, with its statistics and query mix, kept between
// bench runs under $PRESSKEEP_BENCH_CACHE (default: the system temp folder's presskeep-bench)
// like the generated archives (archiveCache.ts). Generating costs about 12 s of CPU at 100k
// items; reading the cache back, a few seconds. Stored in chunks of 10k documents (V8
// serialisation), since 300k documents are more text than one JavaScript string can hold.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { SearchDoc } from '../../../electron/core/search/types'
import type { ItemCreate } from '../../../shared/model'
import { summarize, type CorpusSummary } from './formStats'
import { MIX, makeQueries, type BenchQuery, type QueryKind } from './queries'
import { CORPUS_VERSION, RealisticCorpus } from './realistic'

/** A generated document: every field present. */
export type BenchDoc = Required<SearchDoc>

export type BenchCorpus = {
  docs: BenchDoc[]
  summary: CorpusSummary
  queries: BenchQuery[]
  /** How many queries of each kind were drawn (a band can hold fewer words than asked). */
  mix: Record<QueryKind, number>
}

const CHUNK = 10_000

export function benchCacheDir(): string {
  return process.env.PRESSKEEP_BENCH_CACHE ?? path.join(tmpdir(), 'presskeep-bench')
}

export function toSearchDoc(item: ItemCreate, i: number): BenchDoc {
  const created = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
  return {
    id: `r${i.toString(36).padStart(8, '0')}`,
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

export function benchCorpus(count: number, log: (s: string) => void = () => {}, seed = 1): BenchCorpus {
  const dir = path.join(benchCacheDir(), `corpus-v${CORPUS_VERSION}-seed${seed}-${count}`)
  const meta = path.join(dir, 'meta.json')
  if (existsSync(path.join(dir, '.complete'))) {
    const t0 = performance.now()
    const docs: BenchDoc[] = []
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.v8')).sort()
    for (const f of chunks) for (const d of deserialize(readFileSync(path.join(dir, f))) as BenchDoc[]) docs.push(d)
    log(`  corpus of ${count} items read from ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    return { docs, ...(JSON.parse(readFileSync(meta, 'utf8')) as Omit<BenchCorpus, 'docs'>) }
  }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const corpus = new RealisticCorpus(seed)
  const docs: BenchDoc[] = []
  for (let i = 0; i < count; i++) docs.push(toSearchDoc(corpus.item(i, true), i))
  const cpu = process.cpuUsage(cpu0)
  log(`  generated ${count} realistic items in ${((performance.now() - t0) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`)
  const queries = makeQueries(docs, corpus.stats)
  const mix = Object.fromEntries(Object.keys(MIX).map((k) => [k, queries.filter((q) => q.kind === k).length])) as Record<QueryKind, number>
  const rest = { summary: summarize(corpus.stats), queries, mix }
  for (let c = 0; c * CHUNK < count; c++) writeFileSync(path.join(dir, `chunk-${String(c).padStart(4, '0')}.v8`), serialize(docs.slice(c * CHUNK, (c + 1) * CHUNK)))
  writeFileSync(meta, JSON.stringify(rest))
  writeFileSync(path.join(dir, '.complete'), String(Date.now()))
  return { docs, ...rest }
}
