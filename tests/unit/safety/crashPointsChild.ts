// The child of crashPoints.test.ts: makes one change (to many files, or one edit) and exits, unless the crash
// point named in PRESSKEEP_CRASH_AT kills it first. Prints the crash points it passed (JSON),
// so that the parent can size its kill ranges from a run that was not killed.
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { crashPointCounts } from '../../../electron/core/commit/faults'
import { restoreSnapshot } from '../../../electron/core/safety/backups'

const [op, dir, arg1, arg2] = process.argv.slice(2)

async function main(): Promise<void> {
  if (op === 'restore') {
    // On a closed archive, as `presskeep restore-backup` does.
    await restoreSnapshot(path.resolve(dir), arg1)
    return
  }
  const archive = await Archive.open(dir)
  try {
    // Loaded only by the child that imports: the import code and its packages take longer to
    // load than the rest of the child's work.
    if (op === 'import') await (await import('../../../electron/core/import/files/importPaths')).importPaths(archive, [arg1], { ocr: false })
    else if (op === 'edit') await archive.updateItem(arg1, { notes: arg2 })
    else if (op === 'reindex') {
      await archive.search.ready()
      await archive.search.rebuild().done
    } else {
      const c = await archive.workspace()
      const ids = [...archive.catalog.all()].map((r) => r.id)
      if (op === 'bulk') await c.bulkApply(ids, [{ op: 'addTags', tags: [arg1] }])
      else if (op === 'rename') await c.renameTag(arg1, arg2)
      else if (op === 'undo') await c.undo()
      else if (op === 'redo') await c.redo()
      else throw new Error(`unknown op ${op}`)
    }
  } finally {
    await archive.close()
  }
}

main().then(
  () => {
    process.stdout.write(JSON.stringify(crashPointCounts()) + '\n')
  },
  (err) => {
    process.stderr.write(`crash child failed: ${(err as Error).stack}\n`)
    process.exit(3)
  }
)
