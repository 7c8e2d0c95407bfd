// Search figures on the realistic generated corpus (tests/bench/corpus/): our index against
// SQLite FTS5 set up by the book (tests/bench/fts5/peer.ts) on the same query mix, drawn by
// document frequency. 100k items by default, 5k with --quick; --scale adds the curve at
// 10k, 100k and 300k items (build, open, memory, search and prefix p95, one edit at each).
import { mkdtempSync, rmSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { BenchOptions, BenchPart } from '../run'
import { benchCorpus } from '../corpus/cache'
import { MIX, type QueryKind } from '../corpus/queries'
import { compareTotals } from '../fts5/agreement'
import { Fts5Peer } from '../fts5/peer'
import { pageOptions, runOurs } from '../search/ours'
import { p95Of, r2, timeEach } from '../search/timing'

type Figures = Record<string, number | string | boolean | null>

const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n))

async function atSize(N: number, withPeer: boolean, log: (s: string) => void): Promise<Figures> {
  const s = label(N)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'presskeep-search-bench-'))
  try {
    const corpus = benchCorpus(N, log)
    const { docs, queries, summary } = corpus
    log(`  corpus ${s}: ${JSON.stringify(summary)}`)
    const kinds = Object.keys(MIX) as QueryKind[]
    const ofKind = (k: QueryKind) => queries.flatMap((q, i) => (q.kind === k ? [i] : []))
    const prefixIdx = ofKind('prefix')
    const ours = await runOurs(docs, queries, dir, log, withPeer ? 3 : 2)
    const figures: Figures = {
      [`index_build_s_${s}`]: r2(ours.buildSeconds),
      [`index_build_cpu_s_${s}`]: r2(ours.buildCpuSeconds),
      [`search_p50_ms_${s}`]: r2(ours.page.p50),
      [`search_p95_ms_${s}`]: r2(ours.page.p95),
      [`search_cpu_p95_ms_${s}`]: r2(ours.page.cpuP95),
      [`prefix_p95_ms_${s}`]: r2(p95Of(ours.page, prefixIdx)),
      [`index_update_ms_${s}`]: r2(ours.editMs),
      [`index_open_ms_${s}`]: r2(ours.open.open_ms),
      [`index_open_cpu_ms_${s}`]: r2(ours.open.open_cpu_ms),
      [`search_rss_mb_${s}`]: Math.round(ours.open.rss_mb),
      // What opening the index added to the fresh process (rss_mb less the process before it).
      [`search_index_rss_mb_${s}`]: Math.round(ours.open.rss_mb - ours.open.rss_base_mb),
      [`search_heap_mb_${s}`]: Math.round(ours.open.heap_mb)
    }
    if (!withPeer) return figures

    // The full picture at the main size: the corpus' shape, each kind's share of the archive,
    // the app's second call (facets and histogram), and FTS5 on the same questions.
    Object.assign(figures, Object.fromEntries(Object.entries(summary).map(([k, v]) => [`corpus_${k}`, v])))
    for (const k of kinds) {
      const idx = ofKind(k)
      const shares = idx.map((i) => ours.totals[i] / N).sort((a, b) => a - b)
      figures[`search_p95_ms_${k}`] = r2(p95Of(ours.page, idx))
      figures[`match_share_${k}`] = shares.length ? Math.round(shares[Math.floor(shares.length / 2)] * 1e4) / 1e4 : null
    }
    const index = ours.index
    const facets = timeEach(queries, (q) => index.searchSync(q.q, { limit: 1, facets: true, histogram: true, prefix: q.kind === 'prefix' }))
    figures[`search_p95_ms_${s}_facets_call`] = r2(facets.p95)
    const page = pageOptions(docs)
    const bare = timeEach(queries, (q) => index.searchSync(q.q, { ...page, getTexts: undefined, prefix: q.kind === 'prefix' }))
    figures[`search_p95_ms_${s}_no_snippets`] = r2(bare.p95)

    let peer: Fts5Peer
    try {
      peer = await Fts5Peer.build(docs, dir)
    } catch (err) {
      log(`  FTS5 skipped: better-sqlite3 does not load (${(err as Error).message})`)
      return { ...figures, [`search_p95_ms_${s}_fts5`]: null }
    }
    log(`  FTS5 built in ${peer.buildSeconds.toFixed(1)} s (${peer.buildCpuSeconds.toFixed(1)} s CPU, ${peer.dbMegabytes} MB)`)
    const ftsTotals: number[] = []
    const fts = timeEach(queries, (q, i) => {
      ftsTotals[i] = peer.page(q).total
    })
    peer.close()
    const agree = compareTotals(queries, ours.totals, ftsTotals)
    for (const reason of Object.keys(agree.reasons)) {
      for (const d of agree.differ.filter((x) => x.reason === reason).slice(0, 4)) log(`  totals differ (${reason}): ${d.kind} ${JSON.stringify(d.q)}: ours ${d.ours}, FTS5 ${d.fts5}`)
    }
    for (const k of kinds) figures[`search_p95_ms_${k}_fts5`] = r2(p95Of(fts, ofKind(k)))
    Object.assign(figures, {
      [`index_build_s_${s}_fts5`]: r2(peer.buildSeconds),
      [`index_build_cpu_s_${s}_fts5`]: r2(peer.buildCpuSeconds),
      [`search_p50_ms_${s}_fts5`]: r2(fts.p50),
      [`search_p95_ms_${s}_fts5`]: r2(fts.p95),
      [`search_cpu_p95_ms_${s}_fts5`]: r2(fts.cpuP95),
      [`prefix_p95_ms_${s}_fts5`]: r2(p95Of(fts, prefixIdx)),
      ours_vs_fts5_p95: r2(ours.page.p95 / fts.p95),
      totals_agree_share: r2(agree.agreeShare),
      totals_compared: agree.compared,
      totals_agree_share_all: r2(agree.agreeShareAll),
      totals_differ_why: Object.entries(agree.reasons)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    })
    return figures
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const part: BenchPart = {
  name: 'search',
  description:
    'full-text search on a realistic corpus: build, query mix by document frequency (page of 50 + exact total + snippets), prefix, one edit, open, memory; SQLite FTS5 tuned, on the same questions, totals compared; --scale: 10k/100k/300k',
  async run({ quick, scale, sizes, log }: BenchOptions) {
    const main = quick ? 5_000 : 100_000
    log(`  query mix: ${Object.entries(MIX).map(([k, v]) => `${k} ×${v.count}: ${v.rule}`).join('; ')}`)
    const figures: Figures = { items: main }
    if (scale && !quick) {
      for (const n of sizes ?? [10_000, 100_000, 300_000]) {
        const at = await atSize(n, n === main, log)
        // Each size's figures as soon as they are known: the curve takes long enough to be stopped.
        log(`  at ${label(n)}: ${JSON.stringify(at)}`)
        Object.assign(figures, at)
      }
    } else {
      Object.assign(figures, await atSize(main, true, log))
    }
    figures.load_average = Math.round(os.loadavg()[0] * 10) / 10
    return figures
  }
}

export default part
