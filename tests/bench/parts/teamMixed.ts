// Team archive figures over HTTP: two real server processes (`presskeep serve --database`) on
// one PostgreSQL database (fsync on), 20 people signed in, each on one process and then the
// other, sending a mix of searches (the search bench's queries), item reads, edits read-then-
// saved from the version read (half of them on a few hot items: deliberate collisions) and tags
// added to a few items. Every request is one operation: `team_mixed_ops_per_s` and its p95
// (`team_mixed_p95_ms`). Then `team_lost_updates`: every acknowledged change must be in the
// database at the end (a title saved over another unseen, a title or a tag missing, each counts
// one); refused ones must have been told CONFLICT. The server processes' CPU time per operation
// is given beside (`team_mixed_server_cpu_ms_per_op`, less sensitive to the load than wall time),
// and the database's (`team_mixed_db_cpu_ms_per_op`: every process of the cluster), with the WAL
// written per operation and each table's updates, HOT or not.
// A second run paces the same mix at 400 operations per second in all (`PK_BENCH_MIXED_RATE`),
// timed from when each request was due: `team_mixed_p95_ms_at_400` is the latency at that rate,
// where the first run's p95 is mostly queueing (20 people always waiting: 20 / ops per second on
// average, whatever the servers do).
// `--sizes 10k` picks another size (100k by default, 1k with --quick); PK_BENCH_MIXED_OPS the
// number of operations (4,000 by default); the larger server's memory after both runs is `team_mixed_server_rss_mb`; PK_BENCH_SERVER_NODE_ARGS adds arguments to the servers'
// node (`--cpu-prof --cpu-prof-dir=DIR` to profile them).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { startLocalCluster } from '../../../electron/core/team/localCluster'
import { migrateFolderToTeam } from '../../../electron/core/team/migrateArchive'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { TeamDatabase } from '../../../electron/core/team/TeamDatabase'
import { cacheBase } from '../../../electron/core/team/workingFolder'
import { PgAccountStore } from '../../../electron/server/pgAccounts'
import { TeamClient } from '../../unit/server/teamClient'
import { startServerProcess, type ServerProcess } from '../../unit/server/serverProcesses'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { benchCorpus } from '../corpus/cache'
import { median, percentile, round } from '../stats'

const PEOPLE = 20
const HOT = 8
const PASSWORD = 'a long enough password'
/** The rate of the paced run: the issue's operations per second. */
const PACED_RATE = Number(process.env.PK_BENCH_MIXED_RATE) || 400

/** A process's CPU time so far (user + system), in ms, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** A process's resident memory now, in MB. */
function processRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : 0
}

/**
 * The database's CPU time so far, in ms: the postmaster, its live children (the connections'
 * backends, WAL writer, checkpointer…) and the children it has already reaped.
 */
function clusterCpuMs(dir: string): number {
  const postmaster = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
  let ticks = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue // Gone meanwhile.
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
    if (Number(name) === postmaster) ticks += f[11] + f[12] + f[13] + f[14]
    else if (f[1] === postmaster) ticks += f[11] + f[12]
  }
  return ticks * 10
}

type DbCounters = { walBytes: number; tables: Map<string, { upd: number; hot: number }> }

/** WAL written so far and each table's updates (HOT or not), from the statistics views. */
async function dbCounters(db: pg.Client): Promise<DbCounters> {
  const wal = await db.query<{ b: string }>('SELECT wal_bytes::text AS b FROM pg_stat_wal')
  const t = await db.query<{ relname: string; upd: string; hot: string }>('SELECT relname, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables')
  return { walBytes: Number(wal.rows[0].b), tables: new Map(t.rows.map((r) => [r.relname, { upd: Number(r.upd), hot: Number(r.hot) }])) }
}

/**
 * What the database did during a run: WAL bytes per operation, updates per table and how many
 * were HOT (no index touched), and with pg_stat_statements loaded (PK_PG_OPTIONS='-c
 * shared_preload_libraries=pg_stat_statements') the statements that took its time.
 */
async function dbReport(db: pg.Client, before: DbCounters, ops: number, log: (line: string) => void) {
  // The backends send their counters at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const after = await dbCounters(db)
  const tables = [...after.tables]
    .map(([name, a]) => ({ name, upd: a.upd - (before.tables.get(name)?.upd ?? 0), hot: a.hot - (before.tables.get(name)?.hot ?? 0) }))
    .filter((t) => t.upd > 0)
    .map((t) => `${t.name} ${t.upd} (${t.hot} HOT)`)
  log(`  database: ${Math.round((after.walBytes - before.walBytes) / ops)} WAL bytes per operation; updates ${tables.join(', ')}`)
  const has = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")
  if (!has.rowCount) return
  const top = await db.query<{ calls: string; plans: string; total: string; plan: string; mean: string; rows: string; dirtied: string; wal: string; query: string }>(
    `SELECT calls::text, plans::text, round(total_exec_time::numeric, 0)::text AS total, round(total_plan_time::numeric, 0)::text AS plan,
            round(mean_exec_time::numeric, 3)::text AS mean, rows::text, shared_blks_dirtied::text AS dirtied, wal_bytes::text AS wal, query
       FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`
  )
  // Planning is counted only with pg_stat_statements.track_planning=on; the times include waits for locks.
  for (const r of top.rows)
    log(`    ${r.total} ms (+${r.plan} ms planning in ${r.plans} plans), ${r.calls} calls, ${r.mean} ms each, ${r.rows} rows, ${r.dirtied} pages dirtied, ${r.wal} WAL bytes: ${r.query.replace(/\s+/g, ' ').slice(0, 160)}`)
}

const part: BenchPart = {
  name: 'team-mixed',
  description: 'team archive over HTTP: 2 server processes, 20 people, mixed operations with collisions, lost updates',
  async run({ quick, sizes, log }) {
    const count = sizes?.[0] ?? (quick ? 1_000 : Number(process.env.PK_BENCH_TEAM_ITEMS) || 100_000)
    const totalOps = Number(process.env.PK_BENCH_MIXED_OPS) || (quick ? 1_000 : 4_000)
    const warmup = Math.round(totalOps / 10)
    const source = await generatedArchive(count, log)
    const corpus = benchCorpus(count, log)
    const cluster = await startLocalCluster({ durable: true })
    const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-mixed-'))
    const servers: ServerProcess[] = []
    try {
      const admin = new pg.Client(cluster.url)
      await admin.connect()
      await admin.query('CREATE DATABASE mixed')
      await admin.end()
      const database = cluster.urlOf('mixed')
      const files = path.join(work, 'files')
      await migrateFolderToTeam({ from: source, to: database, files })
      const teamDb = new TeamDatabase(database)
      // A cheap hash: twenty sign-ins are not what is measured.
      const accounts = new PgAccountStore(teamDb, { N: 1 << 10, r: 8, p: 1 })
      for (let i = 0; i < PEOPLE; i++) await accounts.add(`p${i}`, 'cataloguer', PASSWORD)
      await teamDb.close()

      // The servers' working folders, their search index built once here (what a server that
      // ran before finds at start): the figure is about serving, not about the first build.
      const xdg = path.join(work, 'xdg')
      process.env.XDG_CACHE_HOME = xdg
      const manifest = JSON.parse(readFileSync(path.join(source, 'archive.json'), 'utf8')) as { id: string }
      const slots = path.join(cacheBase(), manifest.id.replace(/[^\w-]/g, '_'))
      const first = await openTeamArchive({ database, files, state: path.join(slots, '1') })
      await first.search.ready()
      const ids = [...first.catalog.all()].filter((r) => r.trashed === null).map((r) => r.id)
      await first.close()
      cpSync(path.join(slots, '1'), path.join(slots, '2'), { recursive: true })
      const renderer = path.join(work, 'renderer')
      mkdirSync(renderer)
      writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Presskeep</title>')
      servers.push(...(await Promise.all([0, 1].map(() => startServerProcess(database, files, renderer, { XDG_CACHE_HOME: xdg }, (process.env.PK_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean))))))

      // Each person signs in once; the session is good on both processes.
      const people = await Promise.all(
        Array.from({ length: PEOPLE }, async (_, i) => {
          const [a, b] = servers.map((s) => new TeamClient(s.url))
          const r = await a.signIn(`p${i}`, PASSWORD)
          if (r.status !== 200) throw new Error(`p${i} could not sign in: ${r.body}`)
          b.cookie = a.cookie
          b.csrf = a.csrf
          return [a, b]
        })
      )

      // A fixed-seed generator: the same runs every time.
      let seed = 7
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
      const hot = Array.from({ length: HOT }, (_, k) => ids[(k * 7919 + 3) % ids.length])
      const queries = corpus.queries
      type TitleAck = { id: string; base: number; version: number; title: string }
      const titleAcks: TitleAck[] = []
      const tagAcks: Array<{ ids: string[]; tag: string }> = []
      const failures: string[] = []

      /**
       * One run of the mix. Unpaced, each person sends the next request as soon as the answer to
       * the last one comes (the servers' most operations per second; at that rate the latency is
       * mostly the wait behind the other 19: 20 people / ops per second on average). Paced at
       * `rate` operations per second in all, each person sends one every 20 / rate s, and a
       * request's time counts from when it was due, so one that waited behind a slow answer is
       * counted with that wait (no coordinated omission).
       */
      const runMix = async (rate: number | null) => {
        const latencies: number[] = []
        const byKind: Record<string, number[]> = { search: [], read: [], save: [], tag: [] }
        let conflicts = 0
        let sent = 0
        let measuredFrom = 0
        let cpuAtStart: number[] = []
        let dbCpuAtStart = 0
        const start = performance.now()
        const interval = rate ? (1000 * PEOPLE) / rate : 0
        const due = people.map((_, c) => start + (c * interval) / PEOPLE)

        /** One request; timed once the warm-up is over. */
        const timed = async (kind: string, c: number, client: TeamClient, method: string, input: unknown) => {
          const n = ++sent
          if (n === warmup + 1) {
            measuredFrom = performance.now()
            cpuAtStart = servers.map((s) => processCpuMs(s.child.pid!))
            dbCpuAtStart = clusterCpuMs(cluster.dir)
          }
          let t0 = performance.now()
          if (rate) {
            if (due[c] > t0) await new Promise((resolve) => setTimeout(resolve, due[c] - t0))
            t0 = due[c]
            due[c] += interval
          }
          const r = await client.api(method, input)
          if (n > warmup) {
            const ms = performance.now() - t0
            latencies.push(ms)
            byKind[kind].push(ms)
          }
          return r
        }

        const runPerson = async (c: number) => {
          for (let k = 0; sent < totalOps; k++) {
            const client = people[c][k % 2]
            const roll = rand()
            let r: any
            if (roll < 0.3) {
              // The page of results as the search screen asks for it (its facets come in a second request).
              r = await timed('search', c, client, 'search:query', { q: pick(queries).q, limit: 50, facets: false, histogram: false })
            } else if (roll < 0.55) {
              r = await timed('read', c, client, 'items:get', { id: pick(ids) })
            } else if (roll < 0.85) {
              // Read, then save a new title from the version read: on a hot item, others may have saved it meanwhile.
              const id = rand() < 0.5 ? pick(hot) : pick(ids)
              const got = await timed('read', c, client, 'items:get', { id })
              if (!got.ok) {
                failures.push(`items:get: ${got.code} ${got.message}`)
                continue
              }
              const title = `p${c} #${k}${rate ? ' paced' : ''}`
              r = await timed('save', c, client, 'items:update', { id, fields: { title }, baseVersion: got.value.version })
              if (r.ok) titleAcks.push({ id, base: got.value.version, version: r.value.version, title })
            } else {
              const tagged = [pick(hot), pick(ids)]
              const tag = `mixed/p${c}-${k}${rate ? '-paced' : ''}`
              r = await timed('tag', c, client, 'bulk:apply', { ids: tagged, ops: [{ op: 'addTags', tags: [tag] }] })
              if (r.ok) tagAcks.push({ ids: tagged, tag })
            }
            if (r.ok) continue
            if (r.code === 'CONFLICT') conflicts++
            else failures.push(`${r.code}: ${r.message}`)
          }
        }
        const load0 = loadavg()[0]
        await Promise.all(people.map((_, c) => runPerson(c)))
        const seconds = (performance.now() - measuredFrom) / 1000
        const serverCpu = servers.reduce((sum, s, i) => sum + processCpuMs(s.child.pid!) - cpuAtStart[i], 0)
        const dbCpu = clusterCpuMs(cluster.dir) - dbCpuAtStart
        if (failures.length) throw new Error(`${failures.length} operations failed, the first: ${failures[0]}`)
        log(
          `  ${rate ? `paced at ${rate} operations/s` : 'unpaced'}: ${latencies.length} operations (after ${warmup} of warm-up) by ${PEOPLE} people on 2 processes in ${seconds.toFixed(1)} s; ` +
            `${conflicts} conflicts reported; p50 ${round(median(latencies))} ms; ` +
            `p95 search ${round(percentile(byKind.search, 95))} / read ${round(percentile(byKind.read, 95))} / save ${round(percentile(byKind.save, 95))} / tag ${round(percentile(byKind.tag, 95))} ms; ` +
            `servers' CPU ${(serverCpu / 1000).toFixed(1)} s, database's ${(dbCpu / 1000).toFixed(1)} s; load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`
        )
        return { opsPerS: latencies.length / seconds, p95: percentile(latencies, 95), median: median(latencies), cpuPerOp: serverCpu / latencies.length, dbCpuPerOp: dbCpu / latencies.length, conflicts }
      }
      const stats = new pg.Client(database)
      await stats.connect()
      const preload = (await stats.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries')).rows[0].shared_preload_libraries
      if (preload.includes('pg_stat_statements')) {
        await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
        await stats.query('SELECT pg_stat_statements_reset()')
      }
      const before = await dbCounters(stats)
      const unpaced = await runMix(null)
      await dbReport(stats, before, totalOps, log)
      await stats.end()
      const paced = await runMix(PACED_RATE)
      const rss = Math.max(...servers.map((s) => processRssMb(s.child.pid!)))

      // What the database holds at the end, against every acknowledged change.
      const db = new pg.Client(database)
      await db.connect()
      const touched = [...new Set([...titleAcks.map((a) => a.id), ...tagAcks.flatMap((a) => a.ids)])]
      const stored = new Map(
        (await db.query<{ id: string; title: string; tags: string[]; version: string }>("SELECT id, title, data->'tags' AS tags, version FROM items WHERE id = ANY($1)", [touched])).rows.map((r) => [r.id, r])
      )
      await db.end()
      // Each loss named (the first few in the log): what was acknowledged, what the database holds.
      const losses: string[] = []
      for (const id of new Set(titleAcks.map((a) => a.id))) {
        const acks = titleAcks.filter((a) => a.id === id).sort((a, b) => a.version - b.version)
        // A title saved from a version older than the previous acknowledged one overwrote it unseen.
        for (let i = 1; i < acks.length; i++)
          if (acks[i].base < acks[i - 1].version) losses.push(`${id}: “${acks[i].title}” saved from v${acks[i].base} as v${acks[i].version} over “${acks[i - 1].title}” v${acks[i - 1].version}`)
        const last = acks.at(-1)!
        if (stored.get(id)?.title !== last.title) losses.push(`${id}: holds “${stored.get(id)?.title}” v${stored.get(id)?.version}, the last title acknowledged “${last.title}” v${last.version}`)
      }
      for (const { ids: tagged, tag } of tagAcks)
        for (const id of tagged) if (!stored.get(id)?.tags.includes(tag)) losses.push(`${id}: tag ${tag} (of ${tagged.join(' + ')}) missing at v${stored.get(id)?.version}`)
      const lost = losses.length
      for (const l of losses.slice(0, 5)) log(`  lost: ${l}`)
      log(`  ${titleAcks.length} titles and ${tagAcks.length} tag edits acknowledged in both runs, ${lost} lost`)
      return {
        team_mixed_ops_per_s: round(unpaced.opsPerS, 0),
        team_mixed_p95_ms: round(unpaced.p95),
        team_mixed_median_ms: round(unpaced.median),
        team_mixed_server_cpu_ms_per_op: round(unpaced.cpuPerOp),
        team_mixed_server_rss_mb: round(rss, 0),
        team_mixed_db_cpu_ms_per_op: round(unpaced.dbCpuPerOp),
        team_mixed_conflicts: unpaced.conflicts,
        [`team_mixed_p95_ms_at_${PACED_RATE}`]: round(paced.p95),
        [`team_mixed_median_ms_at_${PACED_RATE}`]: round(paced.median),
        team_lost_updates: lost
      }
    } finally {
      for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM')
      await Promise.all(servers.map((s) => s.exited))
      cluster.stop()
      rmSync(work, { recursive: true, force: true })
    }
  }
}
export default part
