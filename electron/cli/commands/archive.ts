// The CLI's init, info: create and describe the archive.
import type { CliContext } from '../context'
export function archiveCommands({ program, call, print }: CliContext): void {
  program
    .command('init')
    .description('create the archive folder (or check an existing one)')
    .action(async () => {
      const info = await call('archive:info', {}, true)
      print(info, () => `Archive ${info.name} at ${info.path}: ${info.counts.items} item(s).`)
    })
  program
    .command('info')
    .description('describe the archive')
    .action(async () => {
      const info = await call('archive:info', {})
      print(info, () =>
        [
          `${info.name}  (${info.path})`,
          `  format      ${info.format} v${info.version}`,
          `  created     ${info.created}`,
          `  items       ${info.counts.items}`,
          `  trashed     ${info.counts.trashed}`,
          `  attachments ${info.counts.attachments}`
        ].join('\n')
      )
    })
}
