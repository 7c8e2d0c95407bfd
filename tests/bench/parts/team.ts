// Team archive figures (storage and core): an archive folder of generated items (the realistic
// corpus) migrated into PostgreSQL (`migrate_items_per_s`; a throwaway cluster, fsync on), the
// first open that builds the search index (`team_first_open_s_<size>`), the open of a server
// that kept its working folder while another process edited (`team_open_s_<size>`: until its
// search answers), a durable edit (`team_edit_p95_ms`), the search query mix with snippets
// (`team_search_p95_ms_<size>`), and how long a change made in another process takes to reach
// this one (`team_change_visible_ms`). Figures over HTTP with many clients: teamMixed.ts.
// `--sizes 10k` picks another size (100k by default, 1k with --quick).
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { startLocalCluster } from '../../../electron/core/team/localCluster'
import { migrateFolderToTeam } from '../../../electron/core/team/migrateArchive'
import { openTeamArchive, type TeamArchive } from '../../../electron/core/team/openTeamArchive'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { benchCorpus } from '../corpus/cache'
import { median, percentile, round } from '../stats'

const sizeLabel = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n))
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000

/** Opens the archive and waits until its search answers; seconds. */
async function timedOpen(url: string, files: string, state: string): Promise<{ team: TeamArchive; seconds: number; cpuSeconds: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const team = await openTeamArchive({ database: url, files, state })
  await team.search.ready()
  await team.search.query('minister', {})
  return { team, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuMs(process.cpuUsage(c0)) / 1000 }
}

/** Runs the editor child (../teamEditor.ts) on the same database; it edits `count` items, one every `gapMs`, and reports each save. */
function editorChild(url: string, files: string, state: string, ids: string[], gapMs: number): { saved: Promise<Map<string, number>>; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'teamEditor.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PK_BENCH_EDITOR: JSON.stringify({ url, files, state, ids, gapMs }) }
  })
  const savedAt = new Map<string, number>()
  let onReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => (onReady = resolve))
  let buffer = ''
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as { ready?: true; id?: string; at?: number }
      buffer = buffer.slice(nl + 1)
      if (msg.ready) onReady()
      else if (msg.id) savedAt.set(msg.id, msg.at!)
    }
  })
  const saved = new Promise<Map<string, number>>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(savedAt) : reject(new Error(`the editor process ended with code ${code}`))))
  })
  return { saved, ready }
}

const part: BenchPart = {
  name: 'team',
  description: 'team archive in PostgreSQL: migrate, open, durable edit, search, a change seen by another process',
  async run({ quick, sizes, log }) {
    const count = sizes?.[0] ?? (quick ? 1_000 : Number(process.env.PK_BENCH_TEAM_ITEMS) || 100_000)
    const size = sizeLabel(count)
    const source = await generatedArchive(count, log)
    const cluster = await startLocalCluster({ durable: true })
    const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-team-'))
    const runs = quick ? 2 : 3
    const figures: Record<string, number> = {}
    try {
      // Migrate, a few times into fresh databases; the first one is kept for the rest.
      const rates: number[] = []
      for (let r = 0; r < runs; r++) {
        const admin = new pg.Client(cluster.url)
        await admin.connect()
        await admin.query(`CREATE DATABASE bench${r}`)
        await admin.end()
        const c0 = process.cpuUsage()
        const report = await migrateFolderToTeam({ from: source, to: cluster.urlOf(`bench${r}`), files: path.join(work, `files${r}`) })
        rates.push(report.items / report.seconds)
        log(`  migrated ${report.items} items in ${report.seconds.toFixed(1)} s (this process's CPU ${(cpuMs(process.cpuUsage(c0)) / 1000).toFixed(1)} s)`)
        if (r > 0) {
          const admin2 = new pg.Client(cluster.url)
          await admin2.connect()
          await admin2.query(`DROP DATABASE bench${r}`)
          await admin2.end()
        }
      }
      figures.migrate_items_per_s = round(median(rates), 0)
      const url = cluster.urlOf('bench0')
      const files = path.join(work, 'files0')
      const state = path.join(work, 'state')

      // The first open builds the index (on every core) and saves it in the working folder.
      const first = await timedOpen(url, files, state)
      figures[`team_first_open_s_${size}`] = round(first.seconds, 2)
      log(`  first open (index built): ${first.seconds.toFixed(1)} s, CPU ${first.cpuSeconds.toFixed(1)} s`)
      const ids = [...first.team.catalog.all()].filter((r) => r.trashed === null).map((r) => r.id)
      await first.team.close()

      // Reopen while another process edits (a server restarted while its colleagues work): the
      // saved index is brought up to date with their changes.
      const otherState = path.join(work, 'state-other')
      cpSync(state, otherState, { recursive: true })
      const opens: number[] = []
      const openCpu: number[] = []
      let team: TeamArchive | null = null
      for (let r = 0; r < runs; r++) {
        const editor = await openTeamArchive({ database: url, files, state: otherState })
        for (let k = 0; k < 50; k++) await editor.updateItem(ids[(r * 50 + k) % ids.length], { notes: `edited while closed ${r}.${k}` })
        await editor.close()
        const o = await timedOpen(url, files, state)
        opens.push(o.seconds)
        openCpu.push(o.cpuSeconds)
        if (r < runs - 1) await o.team.close()
        else team = o.team
      }
      figures[`team_open_s_${size}`] = round(median(opens), 2)
      figures[`team_open_cpu_s_${size}`] = round(median(openCpu), 2)
      const t = team!

      // A durable edit through the core (one transaction: row, texts, journal, undo, change feed).
      const edits: number[] = []
      for (let k = 0; k < (quick ? 60 : 200); k++) {
        const id = ids[(k * 7919) % ids.length]
        const t0 = performance.now()
        await t.updateItem(id, { title: `${t.catalog.get(id)!.title.replace(/ \(rev \d+\)$/, '')} (rev ${k})` })
        edits.push(performance.now() - t0)
      }
      figures.team_edit_p95_ms = round(percentile(edits.slice(10), 95))

      // The search query mix (as the search bench draws it), a page of 50 with snippets.
      const corpus = benchCorpus(count, log)
      const queries = corpus.queries
      const wall: number[][] = queries.map(() => [])
      const cpu: number[][] = queries.map(() => [])
      for (let pass = 0; pass < 4; pass++)
        for (let i = 0; i < queries.length; i++) {
          const c0 = process.cpuUsage()
          const t0 = performance.now()
          await t.search.query(queries[i].q, { limit: 50, facets: false, histogram: false, prefix: queries[i].kind === 'prefix' })
          if (pass === 0) continue
          wall[i].push(performance.now() - t0)
          cpu[i].push(cpuMs(process.cpuUsage(c0)))
        }
      figures[`team_search_p95_ms_${size}`] = round(percentile(wall.map((w) => median(w)), 95))
      figures[`team_search_cpu_p95_ms_${size}`] = round(percentile(cpu.map((c) => median(c)), 95))

      // A change saved in another process, until this one announces it.
      const seenAt = new Map<string, number>()
      const off = t.on('items:changed', ({ ids: changed, reason }) => {
        if (reason !== 'remote') return
        const now = performance.timeOrigin + performance.now()
        for (const id of changed) if (!seenAt.has(id)) seenAt.set(id, now)
      })
      const watched = Array.from({ length: quick ? 20 : 60 }, (_, k) => ids[(k * 104729 + 17) % ids.length])
      const child = editorChild(url, files, otherState, watched, 100)
      await child.ready
      const savedAt = await child.saved
      await t.storage.feed.catchUp()
      off()
      const visible = watched.map((id) => (seenAt.has(id) && savedAt.has(id) ? seenAt.get(id)! - savedAt.get(id)! : Infinity))
      figures.team_change_visible_ms = round(percentile(visible, 95))
      figures.team_change_visible_median_ms = round(median(visible))
      await t.close()
      return figures
    } finally {
      cluster.stop()
      rmSync(work, { recursive: true, force: true })
    }
  }
}
export default part
