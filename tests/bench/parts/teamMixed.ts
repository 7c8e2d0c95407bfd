// Team archive figures over HTTP: two real server processes (`presskeep serve --database`) on
// one PostgreSQL database (fsync on), 20 people signed in, each on one process and then the
// other, sending a mix of searches (the search bench's queries), item reads, edits read-then-
// saved from the version read (half of them on a few hot items: deliberate collisions) and tags
// added to a few items. Every request is one operation: `team_mixed_ops_per_s` and its p95
// (`team_mixed_p95_ms`). Then `team_lost_updates`: every acknowledged change must be in the
// database at the end (a title saved over another unseen, a title or a tag missing, each counts
// one); refused ones must have been told CONFLICT. The server processes' CPU time per operation
// is given beside (`team_mixed_server_cpu_ms_per_op`, less sensitive to the load than wall time),
// and the database's (`team_mixed_db_cpu_ms_per_op`).
// `--sizes 10k` picks another size (100k by default, 1k with --quick); PK_BENCH_MIXED_OPS the
// number of operations (4,000 by default); PK_BENCH_SERVER_NODE_ARGS adds arguments to the servers'
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

/** The fields of a process's /proc stat after its name (the first is its state, the second its parent). */
function statFields(pid: number | string): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
}

/** A process's CPU time so far (user + system), in ms, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const f = statFields(pid)
  return (f[11] + f[12]) * 10
}

/**
 * The database's CPU time so far, in ms: its postmaster, the children living (the servers'
 * connections, the WAL writer…) and those ended (counted in the postmaster's children's time).
 */
function clusterCpuMs(postmaster: number): number {
  let ms = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const f = statFields(pid)
      if (f[1] === postmaster) ms += (f[11] + f[12]) * 10
    } catch {
      // Ended meanwhile: its time is in its parent's.
    }
  }
  const f = statFields(postmaster)
  return ms + (f[11] + f[12] + f[13] + f[14]) * 10
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

      // A fixed-seed generator: the same run every time.
      let seed = 7
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
      const hot = Array.from({ length: HOT }, (_, k) => ids[(k * 7919 + 3) % ids.length])
      const queries = corpus.queries
      type TitleAck = { id: string; base: number; version: number; title: string }
      const titleAcks: TitleAck[] = []
      const tagAcks: Array<{ ids: string[]; tag: string }> = []
      const failures: string[] = []
      const latencies: number[] = []
      const byKind: Record<string, number[]> = { search: [], read: [], save: [], tag: [] }
      let conflicts = 0
      let sent = 0
      let measuredFrom = 0
      let cpuAtStart: number[] = []
      let dbCpuAtStart = 0
      const postmaster = Number(readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])

      /** One request; timed once the warm-up is over. */
      const timed = async (kind: string, client: TeamClient, method: string, input: unknown) => {
        const n = ++sent
        if (n === warmup + 1) {
          measuredFrom = performance.now()
          cpuAtStart = servers.map((s) => processCpuMs(s.child.pid!))
          dbCpuAtStart = clusterCpuMs(postmaster)
        }
        const t0 = performance.now()
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
            r = await timed('search', client, 'search:query', { q: pick(queries).q, limit: 50, facets: false, histogram: false })
          } else if (roll < 0.55) {
            r = await timed('read', client, 'items:get', { id: pick(ids) })
          } else if (roll < 0.85) {
            // Read, then save a new title from the version read: on a hot item, others may have saved it meanwhile.
            const id = rand() < 0.5 ? pick(hot) : pick(ids)
            const got = await timed('read', client, 'items:get', { id })
            if (!got.ok) {
              failures.push(`items:get: ${got.code} ${got.message}`)
              continue
            }
            const title = `p${c} #${k}`
            r = await timed('save', client, 'items:update', { id, fields: { title }, baseVersion: got.value.version })
            if (r.ok) titleAcks.push({ id, base: got.value.version, version: r.value.version, title })
          } else {
            const tagged = [pick(hot), pick(ids)]
            const tag = `mixed/p${c}-${k}`
            r = await timed('tag', client, 'bulk:apply', { ids: tagged, ops: [{ op: 'addTags', tags: [tag] }] })
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
      const dbCpu = clusterCpuMs(postmaster) - dbCpuAtStart
      if (failures.length) throw new Error(`${failures.length} operations failed, the first: ${failures[0]}`)

      // What the database holds at the end, against every acknowledged change.
      const db = new pg.Client(database)
      await db.connect()
      const touched = [...new Set([...titleAcks.map((a) => a.id), ...tagAcks.flatMap((a) => a.ids)])]
      const stored = new Map(
        (await db.query<{ id: string; title: string; tags: string[] }>("SELECT id, title, data->'tags' AS tags FROM items WHERE id = ANY($1)", [touched])).rows.map((r) => [r.id, r])
      )
      await db.end()
      let lost = 0
      for (const id of new Set(titleAcks.map((a) => a.id))) {
        const acks = titleAcks.filter((a) => a.id === id).sort((a, b) => a.version - b.version)
        // A title saved from a version older than the previous acknowledged one overwrote it unseen.
        for (let i = 1; i < acks.length; i++) if (acks[i].base < acks[i - 1].version) lost++
        if (stored.get(id)?.title !== acks.at(-1)!.title) lost++
      }
      for (const { ids: tagged, tag } of tagAcks) for (const id of tagged) if (!stored.get(id)?.tags.includes(tag)) lost++
      const measured = latencies.length
      log(
        `  ${measured} operations (after ${warmup} of warm-up) by ${PEOPLE} people on 2 processes in ${seconds.toFixed(1)} s; ` +
          `${titleAcks.length} titles and ${tagAcks.length} tag edits acknowledged, ${conflicts} conflicts reported; ` +
          `p95 search ${round(percentile(byKind.search, 95))} / read ${round(percentile(byKind.read, 95))} / save ${round(percentile(byKind.save, 95))} / tag ${round(percentile(byKind.tag, 95))} ms; ` +
          `servers' CPU ${(serverCpu / 1000).toFixed(1)} s, database's ${(dbCpu / 1000).toFixed(1)} s; load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`
      )
      return {
        team_mixed_ops_per_s: round(measured / seconds, 0),
        team_mixed_p95_ms: round(percentile(latencies, 95)),
        team_mixed_median_ms: round(median(latencies)),
        team_mixed_server_cpu_ms_per_op: round(serverCpu / measured),
        team_mixed_db_cpu_ms_per_op: round(dbCpu / measured),
        team_mixed_conflicts: conflicts,
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
