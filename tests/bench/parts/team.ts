// Issue 15 figures (storage half): `migrate_items_per_s`, an archive folder of generated items
// into a team archive (PostgreSQL in a throwaway cluster here, fsync on), and the time a team
// archive of that size takes to open until its search answers (`team_open_s_<size>`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { startLocalCluster } from '../../../electron/core/team/localCluster'
import { migrateFolderToTeam } from '../../../electron/core/team/migrateArchive'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { median, round } from '../stats'

const part: BenchPart = {
  name: 'team',
  description: 'team archive storage: migrate into PostgreSQL, open (issue 15)',
  async run({ quick, log }) {
    const count = quick ? 1_000 : Number(process.env.PK_BENCH_TEAM_ITEMS) || 100_000
    const source = await generatedArchive(count, log)
    const cluster = await startLocalCluster({ durable: true })
    const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-team-'))
    try {
      const rates: number[] = []
      const opens: number[] = []
      const runs = quick ? 2 : 3
      for (let r = 0; r < runs; r++) {
        const admin = new pg.Client(cluster.url)
        await admin.connect()
        await admin.query(`CREATE DATABASE bench${r}`)
        await admin.end()
        const report = await migrateFolderToTeam({ from: source, to: cluster.urlOf(`bench${r}`), files: path.join(work, `files${r}`) })
        rates.push(report.items / report.seconds)
        log(`  migrated ${report.items} items in ${report.seconds.toFixed(1)} s`)
        const t0 = performance.now()
        const team = await openTeamArchive({ database: cluster.urlOf(`bench${r}`), files: path.join(work, `files${r}`), state: path.join(work, `state${r}`) })
        await team.search.ready()
        await team.search.query('minister', {})
        opens.push((performance.now() - t0) / 1000)
        await team.close()
      }
      const size = count >= 1000 ? `${Math.round(count / 1000)}k` : String(count)
      return { migrate_items_per_s: round(median(rates)), [`team_open_s_${size}`]: round(median(opens), 2) }
    } finally {
      cluster.stop()
      rmSync(work, { recursive: true, force: true })
    }
  }
}
export default part
