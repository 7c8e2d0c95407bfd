// The other process of the team bench (parts/team.ts): opens the same team archive, says when
// it is ready, then edits the items it was given one at a time, a pause between them, and
// reports the moment each edit was saved (committed), on stdout, one JSON line each.
import { openTeamArchive } from '../../electron/core/team/openTeamArchive'

async function main(): Promise<void> {
  const { url, files, state, ids, gapMs } = JSON.parse(process.env.PK_BENCH_EDITOR!) as { url: string; files: string; state: string; ids: string[]; gapMs: number }
  const team = await openTeamArchive({ database: url, files, state })
  await team.search.ready()
  process.stdout.write(JSON.stringify({ ready: true }) + '\n')
  for (const [k, id] of ids.entries()) {
    await new Promise((resolve) => setTimeout(resolve, gapMs))
    await team.updateItem(id, { notes: `seen elsewhere ${k}` })
    process.stdout.write(JSON.stringify({ id, at: performance.timeOrigin + performance.now() }) + '\n')
  }
  await team.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
