// The CLI's import: files, folders and saved press pages.
import * as path from 'node:path'
import type { Input } from '../../../shared/contract'
import { MAPPABLE_FIELDS } from '../../../shared/model'
import { CoreError } from '../../core/errors'
import type { ImportSummary } from '../../core/import/files'
import type { CliContext } from '../context'
import { parseColumnMap } from '../fields'
import { formatPageProposal, formatProposal, proposeFiles } from '../proposal'
export function importCommands({ program, call, print, io, archive, json }: CliContext): void {
  program
    .command('import')
    .description('import files and folders: without --yes, show what would be imported; with --yes, import it')
    .argument('<paths...>', 'files or folders (PDF, Word, e-mail, images, RSS/Atom, CSV/JSON, text, HTML)')
    .option('--yes', 'import for real (otherwise nothing is written)')
    .option('--no-ocr', 'do not OCR images and scanned PDFs')
    .option('--map <COLUMN=FIELD>', `CSV/JSON: the item field a column fills (repeatable; FIELD '' skips the column): ${MAPPABLE_FIELDS.join(', ')}`, (v: string, prev: string[] = []) => [...prev, v])
    .action(async (paths: string[], opts: { yes?: boolean; ocr: boolean; map?: string[] }) => {
      const absolute = paths.map((p) => path.resolve(p))
      const mapping = opts.map ? parseColumnMap(opts.map) : undefined
      // One saved page (.txt, .html): split into press items, as the review screen does.
      if (absolute.length === 1 && /\.(txt|html?)$/i.test(absolute[0])) {
        const proposal = await call('import:proposeFile', { path: absolute[0] }, true)
        if (!opts.yes) {
          print(proposal, () => formatPageProposal(proposal))
          return
        }
        const { token, sourceName: _s, ...reviewed } = proposal
        const done = await call('import:commit', { token, proposal: reviewed })
        print(done, () => `Imported ${done.ids.length} item(s) from ${path.basename(absolute[0])}, each with the page attached:\n${done.ids.join('\n')}`)
        return
      }
      if (!opts.yes) {
        await call('archive:info', {}, true)
        const proposal = await proposeFiles(absolute, { ocr: opts.ocr, mapping, remembered: await archive()!.columnMappings.all() })
        print(proposal, () => formatProposal(proposal))
        return
      }
      const { jobId } = await call('import:paths', { paths: absolute, ocr: opts.ocr, ...(mapping ? { mapping: mapping as Input<'import:paths'>['mapping'] } : {}) }, true)
      let last = ''
      const off = archive()!.on('jobs:progress', (p) => {
        const line = `  ${p.done}/${p.total}${p.current ? `  ${path.basename(p.current)}` : ''}`
        if (p.jobId === jobId && !json() && p.state === 'running' && p.total && line !== last) io.err((last = line))
      })
      const outcome = await call('jobs:wait', { jobId })
      off()
      if (outcome.state === 'failed') throw new CoreError(outcome.code ?? 'INTERNAL', `The import failed: ${outcome.error}`)
      const s = outcome.result as ImportSummary
      print(s, () =>
        [
          `Imported ${s.imported} of ${s.total} file(s): ${s.itemIds.length} item(s) created${s.cancelled ? ' (cancelled)' : ''}.`,
          ...s.skipped.map((l) => `  skipped  ${l.message}`),
          ...s.failed.map((l) => `  failed   ${l.message}`),
          ...s.duplicates.map((d) => `  possible duplicate  ${path.basename(d.path)} → item ${d.itemId} looks like ${d.similarTo}`)
        ].join('\n')
      )
      if (s.failed.length > 0 && s.imported === 0) throw new CoreError('FILE_UNREADABLE', `Nothing could be imported (${s.failed.length} file(s) failed).`)
    })

}
