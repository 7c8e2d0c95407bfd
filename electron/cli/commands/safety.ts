// The CLI's check, backup, backups, restore-backup, history: keeping the archive safe.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { IntegrityReport } from '../../../shared/safety'
import { CoreError } from '../../core/errors'
import { defaultArchivePath } from '../../core/paths'
import { listSnapshots, restoreSnapshot } from '../../core/safety/backups'
import { formatHistoryEntry } from '../../core/safety/history'
import { formatReport } from '../../core/safety/integrity'
import type { CliContext } from '../context'
export function safetyCommands({ program, call, print, globalOptions }: CliContext): void {
  program
    .command('check')
    .description('check every stored file against its SHA-256 and the catalogue against itself (exit 1 on damage)')
    .option('--report <file>', 'also write the full report as JSON to this file')
    .option('--repair-relink <dir>', 'put back missing or changed files found by checksum in this folder')
    .option('--repair-bag <bag>', 'put back missing or changed files from this BagIt bag')
    .option('--repair-references', 'take collections that do not exist off the items filed in them')
    .action(async (opts: { report?: string; repairRelink?: string; repairBag?: string; repairReferences?: boolean }) => {
      let report: IntegrityReport
      if (opts.repairRelink || opts.repairBag || opts.repairReferences) {
        const r = await call('archive:repair', {
          dir: opts.repairRelink ? path.resolve(opts.repairRelink) : undefined,
          bag: opts.repairBag ? path.resolve(opts.repairBag) : undefined,
          references: opts.repairReferences || undefined
        })
        report = r.after
        const actions = [...(r.fromBag?.actions ?? []), ...(r.relinked?.actions ?? [])]
        print(r, () =>
          [
            ...actions.map((x) => `${x.action === 'relinked' ? 'Re-linked' : 'Restored from the bag'}: ${x.sha256} from ${x.from}${x.replacedDamaged ? ' (the damaged copy was moved to backups/corrupt-…)' : ''}`),
            ...(opts.repairRelink || opts.repairBag ? [actions.length === 0 ? 'No missing or changed file was found there.' : `${actions.length} file(s) put back.`] : []),
            ...(r.references ? [`Took missing collections off ${r.references.items.length} item(s).`] : []),
            '',
            formatReport(r.after)
          ].join('\n')
        )
      } else {
        report = await call('archive:check', {})
        print(report, () => formatReport(report))
      }
      if (opts.report) writeFileSync(path.resolve(opts.report), JSON.stringify(report, null, 2) + '\n')
      if (!report.ok) throw new CoreError('ARCHIVE_INVALID', `The check found ${report.counts.errors} problem(s).`)
    })
  program
    .command('backup')
    .description('snapshot the catalogue now (kept with the rotating backups)')
    .action(async () => {
      const s = await call('archive:backup', {})
      print(s, () => `Backup ${s.name}: ${s.files} catalogue file(s) (${s.method === 'link' ? 'hard links' : s.method}).`)
    })
  program
    .command('backups')
    .description('list the backups of the catalogue, newest first')
    .action(async () => {
      // Not through an open archive, as restore-backup: the list is what a person with a damaged catalogue needs.
      const list = await listSnapshots(path.resolve(globalOptions().archive ?? defaultArchivePath()))
      print(list, () => (list.length === 0 ? 'No backups yet.' : list.map((s) => `${s.name}  ${s.created}  ${String(s.files).padStart(6)} file(s)  ${s.reason}`).join('\n')))
    })
  program
    .command('restore-backup')
    .description('restore the catalogue from a backup (the newest by default); works on an archive that cannot open')
    .argument('[snapshot]', 'backup name (see `presskeep backups`)')
    .option('--damaged-only', 'only replace the catalogue files that are damaged; keep every other change')
    .action(async (snapshot: string | undefined, opts: { damagedOnly?: boolean }) => {
      const o = globalOptions()
      // Not through an open archive: restoring is what makes an archive with a damaged catalogue open again.
      const r = await restoreSnapshot(path.resolve(o.archive ?? defaultArchivePath()), snapshot, { damagedOnly: !!opts.damagedOnly })
      print(r, () =>
        [
          `Restored the catalogue from ${r.snapshot}: ${r.restored.length} file(s) restored, ${r.removed.length} removed.`,
          ...r.setAside.map((f) => `Damaged file kept aside: ${f}`),
          r.safetySnapshot ? `The catalogue as it was before is backup ${r.safetySnapshot} (restore it to undo).` : ''
        ]
          .filter(Boolean)
          .join('\n')
      )
    })
  program
    .command('history')
    .description('the changes of one item: who, when, what, before and after')
    .argument('<item>', 'item id')
    .action(async (id: string) => {
      const list = await call('items:history', { id })
      print(list, () => list.map(formatHistoryEntry).join('\n'))
    })

}
