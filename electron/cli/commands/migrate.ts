// The CLI's migrate: an archive folder into a team archive (PostgreSQL and a files folder), or back.
import * as path from 'node:path'
import { CoreError } from '../../core/errors'
import { migrateFolderToTeam, migrateTeamToFolder, redact, type MigrationReport } from '../../core/team/migrateArchive'
import type { CliContext } from '../context'

const isDatabase = (s: string) => /^postgres(ql)?:\/\//i.test(s)

export function migrateCommands({ program, print, globalOptions }: CliContext): void {
  program
    .command('migrate')
    .description('move an archive into a team archive (PostgreSQL) or back into a folder, losslessly')
    .requiredOption('--from <source>', 'an archive folder, or postgres://… (a team archive)')
    .requiredOption('--to <target>', 'postgres://… (an empty database), or a new archive folder')
    .requiredOption('--files <dir>', "the team archive's attachment files folder")
    .addHelpText(
      'after',
      '\nExamples:\n  presskeep migrate --from ~/Press.presskeep --to postgres://archivist@db/press --files /srv/press-files\n  presskeep migrate --from postgres://archivist@db/press --files /srv/press-files --to ~/Press-copy.presskeep'
    )
    .action(async (o: { from: string; to: string; files: string }) => {
      globalOptions()
      const files = path.resolve(o.files)
      let report: MigrationReport
      let where: string
      if (!isDatabase(o.from) && isDatabase(o.to)) {
        report = await migrateFolderToTeam({ from: path.resolve(o.from), to: o.to, files })
        where = `${redact(o.to)} (files in ${files})`
      } else if (isDatabase(o.from) && !isDatabase(o.to)) {
        report = await migrateTeamToFolder({ from: o.from, files, to: path.resolve(o.to) })
        where = path.resolve(o.to)
      } else throw new CoreError('INVALID_INPUT', 'One of --from and --to must be a postgres:// address and the other an archive folder.')
      print(report, () =>
        [
          `Migrated to ${where} in ${report.seconds.toFixed(1)} s:`,
          `  ${report.items} items, ${report.texts} with texts, ${report.files} attachment files (checked by SHA-256)`,
          `  ${report.journalLines} journal lines, ${report.undoEntries} undo entries, ${report.savedSearches} saved searches`,
          `  ${Object.entries(report.records).map(([k, n]) => `${n} ${k}`).join(', ') || 'no tags, collections or authorities'}`
        ].join('\n')
      )
    })
}
