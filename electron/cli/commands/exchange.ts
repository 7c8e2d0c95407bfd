// The CLI's export and import-bag: items out of the archive and back.
import * as path from 'node:path'
import { Option } from 'commander'
import type { ExportScope } from '../../../shared/contract'
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/exportFormats'
import { CoreError } from '../../core/errors'
import type { CliContext } from '../context'
export function exchangeCommands({ program, call, print, searchReady }: CliContext): void {
  program
    .command('export')
    .description('export items: everything (--all), a collection, a tag, a search (--query) or chosen items (--ids)')
    .option('--collection <name>', 'the items of a collection, named by its name, its path ("Events/Fez 2022") or its id, with its sub-collections')
    .option('--no-subcollections', "with --collection: only the collection's own items")
    .option('--tag <tag>', 'the items with a tag (or a tag below it)')
    .option('--query <q>', 'the results of a search')
    .option('--ids <ids...>', 'these items')
    .option('--all', 'every item not in the trash')
    .addOption(new Option('--format <format>', 'the format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <path>', 'where to write (a file or a new folder, depending on the format)')
    .option('--overwrite', 'replace an existing file')
    .option('--without-notes', "leave out the items' private notes")
    .action(async (opts: { collection?: string; subcollections: boolean; tag?: string; query?: string; ids?: string[]; all?: boolean; format: ExportFormat; out: string; overwrite?: boolean; withoutNotes?: boolean }) => {
      const scopes = [opts.collection, opts.tag, opts.query, opts.ids, opts.all].filter((x) => x !== undefined)
      if (scopes.length !== 1) throw new CoreError('INVALID_INPUT', 'Say what to export with exactly one of --all, --collection NAME, --tag TAG, --query Q or --ids ID...')
      if (!opts.subcollections && opts.collection === undefined) throw new CoreError('INVALID_INPUT', '--no-subcollections goes with --collection NAME.')
      const scope: ExportScope = opts.all
        ? { kind: 'all' }
        : opts.collection !== undefined
          ? { kind: 'collection', name: opts.collection, withSubcollections: opts.subcollections }
          : opts.tag !== undefined
            ? { kind: 'tag', name: opts.tag }
            : opts.query !== undefined
              ? { kind: 'query', q: opts.query }
              : { kind: 'ids', ids: opts.ids! }
      if (scope.kind === 'query') {
        await searchReady()
      }
      const { jobId } = await call('export:run', { scope, format: opts.format, out: path.resolve(opts.out), overwrite: !!opts.overwrite, withoutNotes: !!opts.withoutNotes })
      const outcome = await call('jobs:wait', { jobId })
      if (outcome.state !== 'done') throw new CoreError(outcome.state === 'failed' ? 'INVALID_INPUT' : 'INTERNAL', `The export ${outcome.state === 'failed' ? 'failed' : outcome.state}: ${outcome.error ?? ''}`.trim())
      const s = outcome.result as { out: string; items: number; attachments: number; attachmentBytes: number; missing: unknown[]; warnings: string[] }
      print(s, () =>
        [
          `Exported ${s.items} item(s) and ${s.attachments} attachment(s) (${s.attachmentBytes} bytes) as ${opts.format} to ${s.out}`,
          ...s.warnings.map((w) => `  warning: ${w}`),
          ...(s.missing.length ? [`  ${s.missing.length} attachment file(s) were missing; the export says which.`] : [])
        ].join('\n')
      )
    })
  program
    .command('import-bag')
    .description('import a Presskeep bag (folder or .zip) back; every checksum is verified first')
    .argument('<bag>', 'the bag folder or .zip')
    .action(async (bag: string) => {
      const s = (await call('import:bag', { path: path.resolve(bag) }, true)) as {
        imported: string[]
        unchanged: string[]
        conflicts: string[]
        filesAdded: number
        warnings: string[]
        records?: Record<string, number>
      }
      const records = Object.entries(s.records ?? {}).filter(([, n]) => n > 0)
      print(s, () =>
        [
          `Imported ${s.imported.length} item(s) and ${s.filesAdded} file(s); ${s.unchanged.length} already here unchanged; ${s.conflicts.length} kept as edited here.`,
          ...(records.length ? [`Catalogue records: ${records.map(([k, n]) => `${k} ${n}`).join(', ')}.`] : []),
          ...s.warnings.map((w) => `  warning: ${w}`)
        ].join('\n')
      )
    })

}
