// The `presskeep` command line: a direct transport over the same dispatcher as the app.
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Argument, Command, CommanderError, Option } from 'commander'
import { ApiError, type Input, type MethodName, type Output, unwrap } from '../../shared/contract'
import {
  AUTHORITY_KINDS,
  BULK_REPLACE_FIELDS,
  BULK_SET_FIELDS,
  IDENTIFIER_SCHEMES,
  ITEM_STATUSES,
  ITEM_TYPES,
  MAPPABLE_FIELDS,
  type AuthorityIdentifier,
  type AuthorityKind,
  type BulkOp,
  type Item,
  type ItemSummary,
  type ListFilter
} from '../../shared/model'
import { Archive } from '../core/Archive'
import { CoreError } from '../core/errors'
import { createDispatcher } from '../core/dispatcher'
import { defaultArchivePath } from '../core/paths'
import { mappingsOf, type ColumnMapping, type ImportSummary } from '../core/import/files'
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/exportFormats'
import type { ExportScope } from '../../shared/contract'
import { proposeFiles, formatProposal, formatPageProposal } from './proposal'
import { listSnapshots, restoreSnapshot } from '../core/safety/backups'
import { formatHistoryEntry } from '../core/safety/history'
import { formatReport } from '../core/safety/integrity'
import type { IntegrityReport } from '../../shared/safety'

export type CliIO = { out: (text: string) => void; err: (text: string) => void }

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** Options shared by `add` and `edit`, one per field. */
function fieldOptions(cmd: Command): Command {
  return cmd
    .option('--title <text>', 'title')
    .option('--date <date>', 'date: 2022, 2022-11, 2022-11-23 or 2022-11-22/2022-11-25')
    .addOption(new Option('--type <type>', 'type of item').choices([...ITEM_TYPES]))
    .option('--language <tag>', 'language (BCP 47: en, fr, ar…)')
    .option('--outlet <name>', 'publisher or outlet')
    .option('--byline <text>', 'byline / creator')
    .option('--description <text>', 'description or summary')
    .option('--body <text>', 'body text')
    .option('--body-file <file>', 'read the body text from a UTF-8 file')
    .option('--notes <text>', 'cataloguer notes')
    .option('--rights <text>', 'rights statement')
    .option('--identifier <text>', 'identifier')
    .option('--source-url <url>', 'source URL or citation')
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--person <name>', 'a person mentioned (repeatable)', collect)
    .option('--org <name>', 'an organisation mentioned (repeatable)', collect)
    .option('--place <name>', 'a place mentioned (repeatable)', collect)
    .option('--from <file.json>', 'all fields from a JSON file (an object, or an array for several items)')
}

type FieldOpts = Record<string, string | string[] | undefined>

function fieldsFrom(opts: FieldOpts): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  const map: Record<string, string> = {
    title: 'title',
    date: 'date',
    type: 'type',
    language: 'language',
    outlet: 'outlet',
    byline: 'byline',
    description: 'description',
    body: 'body',
    notes: 'notes',
    rights: 'rights',
    identifier: 'identifier',
    sourceUrl: 'sourceUrl',
    tag: 'tags',
    person: 'people',
    org: 'organisations',
    place: 'places'
  }
  for (const [opt, field] of Object.entries(map)) if (opts[opt] !== undefined) fields[field] = opts[opt]
  if (typeof opts.bodyFile === 'string') fields.body = readText(opts.bodyFile)
  return fields
}

/** Text files given on the command line are read up to this many bytes: /dev/zero or a huge log never fills the memory. */
export const CLI_TEXT_FILE_BYTES = 64 * 1024 * 1024

function readText(file: string): string {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    // Read in chunks up to the bound rather than trusting the size (a device or a pipe has none).
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, CLI_TEXT_FILE_BYTES + 1 - total))
      const n = readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      chunks.push(buf.subarray(0, n))
      total += n
      if (total > CLI_TEXT_FILE_BYTES)
        throw new CoreError('INVALID_INPUT', `${file} is larger than ${CLI_TEXT_FILE_BYTES / 1024 / 1024} MB; Presskeep reads text files given on the command line up to that size.`)
    }
    return Buffer.concat(chunks).toString('utf8')
  } catch (err) {
    if (err instanceof CoreError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** `--map Headline=title --map Notes=` → { Headline: 'title', Notes: '' } (the column name may hold '='). */
function parseColumnMap(pairs: string[]): ColumnMapping {
  const out: ColumnMapping = {}
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=')
    const column = at > 0 ? pair.slice(0, at).trim() : ''
    const field = at > 0 ? pair.slice(at + 1).trim() : ''
    if (!column) throw new CoreError('INVALID_INPUT', `--map ${JSON.stringify(pair)}: write COLUMN=FIELD, e.g. --map Headline=title.`)
    if (field && !(MAPPABLE_FIELDS as readonly string[]).includes(field))
      throw new CoreError('INVALID_INPUT', `--map ${JSON.stringify(pair)}: "${field}" is not a field; use one of ${MAPPABLE_FIELDS.join(', ')} (or nothing to skip the column).`)
    out[column] = field
  }
  return out
}

function readJsonFile(file: string): unknown {
  const text = readText(file)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CoreError('INVALID_INPUT', `${file} is not valid JSON: ${(err as Error).message}`)
  }
}

function formatItem(item: Item): string {
  const lines = [`${item.title}`, `  id          ${item.id}`]
  const show = (label: string, value: unknown) => {
    if (value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return
    lines.push(`  ${label.padEnd(12)}${Array.isArray(value) ? value.join('; ') : String(value)}`)
  }
  show('date', item.date)
  show('type', item.type)
  show('language', item.language)
  show('outlet', item.outlet)
  show('byline', item.byline)
  show('identifier', item.identifier)
  show('rights', item.rights)
  show('tags', item.tags)
  show('people', item.people)
  show('organisations', item.organisations)
  show('places', item.places)
  show('status', item.status)
  show('trashed', item.trashed)
  show('created', item.created)
  show('modified', item.modified)
  show('description', item.description)
  for (const w of item.warnings) lines.push(`  warning     ${w.message}`)
  for (const a of item.attachments)
    lines.push(`  attachment  ${a.id}  ${a.name}  ${a.size} bytes  ${a.type}  sha256:${a.sha256}`)
  if (item.notes) lines.push('', 'Notes:', item.notes)
  if (item.body) lines.push('', item.body)
  return lines.join('\n')
}

function formatRow(i: ItemSummary): string {
  const date = (i.date || '').padEnd(10)
  return `${i.id}  ${date}  ${i.type.padEnd(13)}  ${i.title}${i.attachments.length ? `  [${i.attachments.length} file(s)]` : ''}`
}

/** Runs one command line; returns the exit code. Never calls process.exit. */
export async function runCli(argv: string[], io: CliIO = { out: console.log, err: console.error }): Promise<number> {
  let archive: Archive | null = null
  let json = false
  const program = new Command()
    .name('presskeep')
    .description('Presskeep: catalogue, search and export an archive of press items.')
    .option('--archive <dir>', 'the archive folder (default: Presskeep.presskeep in your Documents folder)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showSuggestionAfterError()

  const open = async (create = true) => {
    const opts = program.opts<{ archive?: string; json?: boolean }>()
    json = !!opts.json
    archive = await Archive.open(path.resolve(opts.archive ?? defaultArchivePath()), { create })
    return createDispatcher(() => archive!, { allow: ['app', 'trusted'] })
  }
  const call = async <M extends MethodName>(m: M, input: Input<M>, create = false): Promise<Output<M>> => {
    const dispatch = await (archive ? Promise.resolve(createDispatcher(() => archive!, { allow: ['app', 'trusted'] })) : open(create))
    return unwrap(await dispatch(m, input)) as Output<M>
  }
  // The CLI waits for the index to load or rebuild (a window would show partial results
  // meanwhile): on the rebuild job itself, so a rebuild that fails ends the wait with its reason.
  const searchReady = async () => {
    let s = await call('search:status', {})
    while (s.loading) {
      await new Promise((r) => setTimeout(r, 100))
      s = await call('search:status', {})
    }
    if (s.rebuilding) {
      // A job that ended just before is no longer listed: its end is in the status below.
      await call('jobs:wait', { jobId: s.rebuilding.jobId }).catch(() => undefined)
      s = await call('search:status', {})
    }
    if (s.failed !== null) throw new CoreError('INTERNAL', `The search index could not be rebuilt: ${s.failed}`)
  }
  const print = (value: unknown, human: () => string) => io.out(json ? JSON.stringify(value, null, 2) : human())

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
  fieldOptions(program.command('add').description('add an item (each field as an option, or --from FILE.json)')).action(
    async (opts: FieldOpts) => {
      const records: Record<string, unknown>[] = []
      if (typeof opts.from === 'string') {
        const data = readJsonFile(opts.from)
        const list = Array.isArray(data) ? data : [data]
        for (const d of list) {
          if (!d || typeof d !== 'object') throw new CoreError('INVALID_INPUT', `${opts.from} must hold an object or an array of objects.`)
          records.push({ ...(d as Record<string, unknown>), ...fieldsFrom(opts) })
        }
      } else records.push(fieldsFrom(opts))
      const created: Item[] = []
      for (const fields of records)
        created.push(await call('items:create', { fields: fields as Input<'items:create'>['fields'] }, true))
      print(created.length === 1 && typeof opts.from !== 'string' ? created[0] : created, () =>
        created.map((i) => `Added ${i.id}  ${i.title}`).join('\n')
      )
    }
  )
  fieldOptions(program.command('edit').argument('<item>', 'item id').description('change fields of an item')).action(
    async (id: string, opts: FieldOpts) => {
      const fields = typeof opts.from === 'string' ? { ...(readJsonFile(opts.from) as object), ...fieldsFrom(opts) } : fieldsFrom(opts)
      if (Object.keys(fields).length === 0) throw new CoreError('INVALID_INPUT', 'Nothing to change: give at least one field option (see `presskeep edit --help`).')
      const item = await call('items:update', { id, fields: fields as Input<'items:update'>['fields'] })
      print(item, () => `Saved ${item.id}  ${item.title}`)
    }
  )
  program
    .command('attach')
    .description('attach files to an item (stored once by SHA-256)')
    .argument('<item>', 'item id')
    .argument('<files...>', 'files to attach')
    .action(async (id: string, files: string[]) => {
      const item = await call('attachments:addFiles', { itemId: id, paths: files.map((f) => path.resolve(f)) })
      print(item, () => item.attachments.map((a) => `${a.id}  ${a.name}  ${a.size} bytes  sha256:${a.sha256}`).join('\n'))
    })
  program
    .command('detach')
    .description('remove an attachment from an item')
    .argument('<item>', 'item id')
    .argument('<attachment>', 'attachment id')
    .action(async (id: string, attachmentId: string) => {
      const item = await call('attachments:remove', { itemId: id, attachmentId })
      print(item, () => `Removed ${attachmentId} from ${item.id}`)
    })
  program
    .command('list')
    .description('list items')
    .option('--trash', 'list the trash instead')
    .addOption(new Option('--sort <field>', 'sort by').choices(['modified', 'created', 'date', 'title', 'outlet', 'type', 'status', 'language', 'manual']).default('modified'))
    .addOption(new Option('--order <order>', 'order').choices(['asc', 'desc']).default('desc'))
    .option('--limit <n>', 'how many', '100')
    .option('--offset <n>', 'from', '0')
    // Filters of the cataloguing workspace.
    .option('--tag <tag>', 'only items with this tag (or one below it)')
    .option('--collection <id>', 'only items in this collection')
    .option('--unfiled', 'only items in no collection')
    .addOption(new Option('--status <status>', 'only items with this cataloguing status').choices([...ITEM_STATUSES]))
    .option('--warnings', 'only items with quality warnings')
    .option('--authority <id>', 'only items that mention this authority record')
    .action(async (opts: { trash?: boolean; sort: 'modified'; order: 'asc' | 'desc'; limit: string; offset: string } & ListFilter) => {
      const filter: ListFilter = {}
      for (const k of ['tag', 'collection', 'unfiled', 'status', 'warnings', 'authority'] as const) if (opts[k] !== undefined) Object.assign(filter, { [k]: opts[k] })
      const page = await call('items:list', {
        filter: Object.keys(filter).length ? filter : undefined,
        view: opts.trash ? 'trash' : 'all',
        sort: opts.sort,
        order: opts.order,
        limit: Number(opts.limit),
        offset: Number(opts.offset)
      })
      print(page, () =>
        page.items.length === 0
          ? opts.trash
            ? 'The trash is empty.'
            : 'No items.'
          : [...page.items.map(formatRow), `(${page.items.length} of ${page.total})`].join('\n')
      )
    })
  program
    .command('show')
    .description('show one item whole')
    .argument('<item>', 'item id')
    .action(async (id: string) => {
      const item = await call('items:get', { id })
      print(item, () => formatItem(item))
    })
  for (const [name, method, verb] of [
    ['trash', 'items:trash', 'Moved to the trash'],
    ['restore', 'items:restore', 'Restored']
  ] as const)
    program
      .command(name)
      .description(name === 'trash' ? 'move items to the trash' : 'take items out of the trash')
      .argument('<items...>', 'item ids')
      .action(async (ids: string[]) => {
        const r = await call(method, { ids })
        print(r, () => `${verb}: ${r.count} item(s).`)
      })

  // —— search (issue 4) ——
  program
    .command('search')
    .description('search the archive (see the README for the query language)')
    .argument('<query...>', 'the query, e.g. migration "press conference" -draft date:2022-11 person:AlMalik')
    .addOption(new Option('--sort <sort>', 'order of results').choices(['relevance', 'date', 'title', 'outlet', 'created']).default('relevance'))
    .addOption(new Option('--order <order>', 'asc or desc').choices(['asc', 'desc']))
    .option('--limit <n>', 'how many results', '20')
    .option('--offset <n>', 'from', '0')
    .option('--fuzzy', 'tolerate typos')
    .option('--save <name>', 'also save the search as a smart collection of that name')
    .action(async (words: string[], opts: { sort: 'relevance'; order?: 'asc' | 'desc'; limit: string; offset: string; fuzzy?: boolean; save?: string }) => {
      const q = words.join(' ')
      await searchReady()
      const r = await call('search:query', { q, sort: opts.sort, order: opts.order, limit: Number(opts.limit), offset: Number(opts.offset), fuzzy: !!opts.fuzzy })
      if (opts.save) await call('searches:save', { name: opts.save, query: q, sort: opts.sort, order: opts.order ?? 'desc', fuzzy: !!opts.fuzzy })
      print(r, () => {
        const lines = [`${r.total} result(s) for ${JSON.stringify(q)}${r.ignored.length ? `  (ignored: ${r.ignored.join('; ')})` : ''}`]
        r.hits.forEach((h, i) => {
          const item = r.items[i]
          lines.push(`${item.id}  ${(item.date || '').padEnd(10)}  ${item.title}  [${h.score.toFixed(2)}]`)
          if (h.snippet) {
            let text = ''
            let at = 0
            for (const [s, e] of h.snippet.highlights) {
              text += h.snippet.text.slice(at, s) + '[' + h.snippet.text.slice(s, e) + ']'
              at = e
            }
            text += h.snippet.text.slice(at)
            lines.push(`    ${h.snippet.field === 'attachment' ? `(${h.snippet.attachmentName}) ` : ''}${text.replace(/\s+/g, ' ')}`)
          }
        })
        if (r.facets)
          for (const [name, values] of Object.entries(r.facets))
            if (values.length) lines.push(`${name}: ${values.slice(0, 8).map((v) => `${v.value} (${v.count})`).join(', ')}`)
        if (opts.save) lines.push(`Saved as the smart collection ${JSON.stringify(opts.save)}.`)
        return lines.join('\n')
      })
    })
  program
    .command('reindex')
    .description('rebuild the search index from the catalogue')
    .action(async () => {
      const { jobId } = await call('search:rebuild', {})
      // A rebuild that fails at once (its worker cannot start) has ended before this wait: the
      // status below then holds the reason.
      const outcome = await call('jobs:wait', { jobId }).catch(() => null)
      const status = await call('search:status', {})
      if (status.failed !== null) throw new CoreError('INTERNAL', `Rebuilding the index failed: ${status.failed}`)
      if (outcome && outcome.state !== 'done') throw new CoreError('INTERNAL', `Rebuilding the index ${outcome.state}: ${outcome.error ?? ''}`)
      print(status, () => `The search index holds ${status.size} item(s).`)
    })

  // —— exports and bags (issue 8) ——
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

  // —— import (issues 5 and 6) ——
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
        const proposal = await proposeFiles(absolute, { ocr: opts.ocr, mapping, remembered: await mappingsOf(archive!).all() })
        print(proposal, () => formatProposal(proposal))
        return
      }
      const { jobId } = await call('import:paths', { paths: absolute, ocr: opts.ocr, ...(mapping ? { mapping: mapping as Input<'import:paths'>['mapping'] } : {}) }, true)
      let last = ''
      const off = archive!.on('jobs:progress', (p) => {
        const line = `  ${p.done}/${p.total}${p.current ? `  ${path.basename(p.current)}` : ''}`
        if (p.jobId === jobId && !json && p.state === 'running' && p.total && line !== last) io.err((last = line))
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

  // --- Safety (issue 9): check, backup, backups, restore-backup, history ---
  program
    .command('check')
    .description('check every stored file against its SHA-256 and the catalogue against itself (exit 1 on damage)')
    .option('--report <file>', 'also write the full report as JSON to this file')
    .option('--repair-relink <dir>', 'put back missing or changed files found by checksum in this folder')
    .option('--repair-bag <bag>', 'put back missing or changed files from this BagIt bag')
    .action(async (opts: { report?: string; repairRelink?: string; repairBag?: string }) => {
      let report: IntegrityReport
      if (opts.repairRelink || opts.repairBag) {
        const r = await call('archive:repair', {
          dir: opts.repairRelink ? path.resolve(opts.repairRelink) : undefined,
          bag: opts.repairBag ? path.resolve(opts.repairBag) : undefined
        })
        report = r.after
        const actions = [...(r.fromBag?.actions ?? []), ...(r.relinked?.actions ?? [])]
        print(r, () =>
          [
            ...actions.map((x) => `${x.action === 'relinked' ? 'Re-linked' : 'Restored from the bag'}: ${x.sha256} from ${x.from}${x.replacedDamaged ? ' (the damaged copy was moved to backups/corrupt-…)' : ''}`),
            actions.length === 0 ? 'No missing or changed file was found there.' : `${actions.length} file(s) put back.`,
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
      const o = program.opts<{ archive?: string; json?: boolean }>()
      json = !!o.json
      // Not through an open archive, as restore-backup: the list is what a person with a damaged catalogue needs.
      const list = await listSnapshots(path.resolve(o.archive ?? defaultArchivePath()))
      print(list, () => (list.length === 0 ? 'No backups yet.' : list.map((s) => `${s.name}  ${s.created}  ${String(s.files).padStart(6)} file(s)  ${s.reason}`).join('\n')))
    })
  program
    .command('restore-backup')
    .description('restore the catalogue from a backup (the newest by default); works on an archive that cannot open')
    .argument('[snapshot]', 'backup name (see `presskeep backups`)')
    .option('--damaged-only', 'only replace the catalogue files that are damaged; keep every other change')
    .action(async (snapshot: string | undefined, opts: { damagedOnly?: boolean }) => {
      const o = program.opts<{ archive?: string; json?: boolean }>()
      json = !!o.json
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

  // --- Cataloguing workspace (issue 7): tags, collections, authorities, bulk edit, undo ---
  const tags = program.command('tags').description('list, colour, rename, merge and delete tags')
  tags
    .command('list', { isDefault: true })
    .description('every tag with its counts (own / with the tags below it)')
    .action(async () => {
      const list = await call('tags:list', {})
      print(list, () =>
        list.length === 0
          ? 'No tags.'
          : list.map((t) => `${'  '.repeat(t.name.split('/').length - 1)}${t.name}  ${t.count}/${t.total}${t.colour ? `  ${t.colour}` : ''}`).join('\n')
      )
    })
  tags
    .command('colour')
    .description('give a tag a colour (#rrggbb), or `none`; creates the tag if needed')
    .argument('<tag>')
    .argument('<colour>')
    .action(async (name: string, colour: string) => {
      const t = await call('tags:set', { name, colour: colour === 'none' ? null : colour })
      print(t, () => `Tag ${t.name}: ${t.colour ?? 'no colour'}`)
    })
  tags
    .command('rename')
    .description('rename a tag (and the tags below it) on every item')
    .argument('<from>')
    .argument('<to>')
    .action(async (from: string, to: string) => {
      const r = await call('tags:rename', { from, to })
      print(r, () => `Renamed ${from} to ${to} on ${r.items} item(s).`)
    })
  tags
    .command('merge')
    .description('merge tags into one on every item')
    .argument('<into>', 'the tag that stays')
    .argument('<sources...>', 'the tags merged into it')
    .action(async (into: string, sources: string[]) => {
      const r = await call('tags:merge', { sources, into })
      print(r, () => `Merged ${sources.join(', ')} into ${into} on ${r.items} item(s).`)
    })
  tags
    .command('delete')
    .description('remove a tag (and the tags below it) from every item')
    .argument('<tag>')
    .action(async (name: string) => {
      const r = await call('tags:delete', { name })
      print(r, () => `Removed ${name} from ${r.items} item(s).`)
    })

  const collections = program.command('collections').description('list, create, edit, order and delete collections')
  collections
    .command('list', { isDefault: true })
    .description('the collections as a tree, with item counts')
    .action(async () => {
      const list = await call('collections:list', {})
      const lines: string[] = []
      const walk = (parent: string | null, depth: number) => {
        for (const c of list.filter((x) => x.parentId === parent)) {
          lines.push(`${c.id}  ${'  '.repeat(depth)}${c.name}  (${c.count})`)
          walk(c.id, depth + 1)
        }
      }
      walk(null, 0)
      print(list, () => (lines.length ? lines.join('\n') : 'No collections.'))
    })
  const collectionOptions = (cmd: Command) =>
    cmd
      .option('--parent <id>', 'the collection it sits in (`none`: top level)')
      .option('--description <text>', 'description')
      .option('--notes <text>', 'notes')
  collectionOptions(collections.command('create').description('create a collection').argument('<name>')).action(
    async (name: string, opts: { parent?: string; description?: string; notes?: string }) => {
      const c = await call('collections:create', {
        name,
        parentId: opts.parent && opts.parent !== 'none' ? opts.parent : null,
        description: opts.description,
        notes: opts.notes
      })
      print(c, () => `Created collection ${c.id}  ${c.name}`)
    }
  )
  collectionOptions(collections.command('edit').description('rename, move or describe a collection').argument('<id>').option('--name <name>', 'new name')).action(
    async (id: string, opts: { name?: string; parent?: string; description?: string; notes?: string }) => {
      const c = await call('collections:update', {
        id,
        name: opts.name,
        parentId: opts.parent === undefined ? undefined : opts.parent === 'none' ? null : opts.parent,
        description: opts.description,
        notes: opts.notes
      })
      print(c, () => `Saved collection ${c.id}  ${c.name}`)
    }
  )
  collections
    .command('order')
    .description('set the manual order of items in a collection')
    .argument('<id>')
    .argument('<items...>')
    .action(async (id: string, itemIds: string[]) => {
      const c = await call('collections:reorder', { id, itemIds })
      print(c, () => `Ordered ${c.order.length} item(s) in ${c.name}.`)
    })
  collections
    .command('delete')
    .description('delete a collection (its items stay, its sub-collections move up)')
    .argument('<id>')
    .action(async (id: string) => {
      const r = await call('collections:delete', { id })
      print(r, () => `Deleted the collection; ${r.items} item(s) left it.`)
    })

  const kindOption = () => new Option('--kind <kind>', 'person, organisation or place').choices([...AUTHORITY_KINDS])
  const parseIdentifier = (v: string): AuthorityIdentifier => {
    const i = v.indexOf(':')
    const scheme = v.slice(0, i) as AuthorityIdentifier['scheme']
    if (i < 1 || !(IDENTIFIER_SCHEMES as readonly string[]).includes(scheme))
      throw new CoreError('INVALID_INPUT', `--id takes scheme:value with a scheme among ${IDENTIFIER_SCHEMES.join(', ')} (for example wikidata:Q42); got “${v}”.`)
    return { scheme, value: v.slice(i + 1) }
  }
  const authorities = program.command('authorities').description('authority records for people, organisations and places')
  authorities
    .command('list', { isDefault: true })
    .description('records with their variants and how many items mention each')
    .addOption(kindOption())
    .action(async (opts: { kind?: AuthorityKind }) => {
      const list = await call('authorities:list', { kind: opts.kind })
      print(list, () =>
        list.length === 0
          ? 'No authority records.'
          : list
              .map((a) => `${a.id}  ${a.kind.padEnd(12)}  ${a.preferred}  (${a.count})${a.variants.length ? `\n${' '.repeat(36)}also: ${a.variants.join('; ')}` : ''}`)
              .join('\n')
      )
    })
  const authorityOptions = (cmd: Command) =>
    cmd
      .option('--variant <name>', 'a variant name (repeatable)', collect)
      .option('--note <text>', 'a short note')
      .option('--id <scheme:value>', 'an identifier such as wikidata:Q42 or viaf:102333412 (repeatable)', collect)
  authorityOptions(
    authorities.command('add').description('create a record').addArgument(new Argument('<kind>').choices([...AUTHORITY_KINDS])).argument('<preferred>', 'the preferred form')
  ).action(async (kind: AuthorityKind, preferred: string, opts: { variant?: string[]; note?: string; id?: string[] }) => {
    const a = await call('authorities:create', { kind, preferred, variants: opts.variant, note: opts.note, identifiers: opts.id?.map(parseIdentifier) })
    print(a, () => `Created ${a.kind} ${a.id}  ${a.preferred}`)
  })
  authorityOptions(authorities.command('edit').description('change a record (variants and ids given replace the old ones)').argument('<id>').option('--preferred <name>', 'new preferred form')).action(
    async (id: string, opts: { preferred?: string; variant?: string[]; note?: string; id?: string[] }) => {
      const a = await call('authorities:update', { id, preferred: opts.preferred, variants: opts.variant, note: opts.note, identifiers: opts.id?.map(parseIdentifier) })
      print(a, () => `Saved ${a.kind} ${a.id}  ${a.preferred}`)
    }
  )
  authorities
    .command('merge')
    .description('merge a record into another (its names become variants)')
    .argument('<source>', 'the record that goes')
    .argument('<target>', 'the record that stays')
    .action(async (sourceId: string, targetId: string) => {
      const a = await call('authorities:merge', { sourceId, targetId })
      print(a, () => `Merged into ${a.preferred}; variants: ${a.variants.join('; ') || 'none'}`)
    })
  authorities
    .command('duplicates')
    .description('likely duplicates to confirm (merge) or reject')
    .addOption(kindOption())
    .action(async (opts: { kind?: AuthorityKind }) => {
      const list = await call('authorities:duplicates', { kind: opts.kind })
      print(list, () =>
        list.length === 0
          ? 'No likely duplicates.'
          : list.map((d) => `${d.score.toFixed(2)}  ${d.a.id} ${d.a.preferred}  =  ${d.b.id} ${d.b.preferred}  (${d.reason})`).join('\n')
      )
    })
  authorities
    .command('reject')
    .description('say two records are not the same')
    .argument('<a>')
    .argument('<b>')
    .action(async (a: string, b: string) => {
      const r = await call('authorities:reject', { a, b })
      print(r, () => 'They will not be proposed again.')
    })
  authorities
    .command('from-items')
    .description('create a record for every name in the items that has none')
    .addOption(kindOption())
    .action(async (opts: { kind?: AuthorityKind }) => {
      const r = await call('authorities:fromItems', { kind: opts.kind })
      print(r, () => `Created ${r.created} record(s).`)
    })
  authorities
    .command('delete')
    .description('delete a record (items keep their names)')
    .argument('<id>')
    .action(async (id: string) => {
      const r = await call('authorities:delete', { id })
      print(r, () => `Deleted ${r.deleted}.`)
    })

  program
    .command('bulk')
    .description('edit many items at once; --dry-run shows every change without making it')
    .argument('[items...]', 'item ids (or select with --where-…)')
    .option('--where-tag <tag>', 'select the items with this tag (or one below it)')
    .option('--where-collection <id>', 'select the items of this collection')
    .addOption(new Option('--where-status <status>', 'select the items with this status').choices([...ITEM_STATUSES]))
    .option('--add-tag <tag>', 'add a tag (repeatable)', collect)
    .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect)
    .option('--add-to <collection>', 'add to a collection (repeatable)', collect)
    .option('--remove-from <collection>', 'remove from a collection (repeatable)', collect)
    .option('--set <field=value>', `set a field (repeatable): ${BULK_SET_FIELDS.join(', ')}`, collect)
    .addOption(new Option('--replace <field>', 'find and replace in this field').choices([...BULK_REPLACE_FIELDS]))
    .option('--find <text>', 'what to find (with --replace)')
    .option('--with <text>', 'what to put instead (with --replace)', '')
    .option('--regex', '--find is a regular expression ($1 in --with refers to its groups)')
    .option('--ignore-case', 'find without regard to case')
    .option('--dry-run', 'show every change, change nothing')
    .action(async (given: string[], o: Record<string, string | string[] | boolean | undefined>) => {
      let ids = given
      const filter: ListFilter = {}
      if (typeof o.whereTag === 'string') filter.tag = o.whereTag
      if (typeof o.whereCollection === 'string') filter.collection = o.whereCollection
      if (typeof o.whereStatus === 'string') filter.status = o.whereStatus as ListFilter['status']
      if (Object.keys(filter).length) {
        ids = [...ids]
        for (let offset = 0; ; offset += 1000) {
          const page = await call('items:list', { filter, offset, limit: 1000 })
          ids.push(...page.items.map((i) => i.id))
          if (offset + 1000 >= page.total) break
        }
      }
      if (ids.length === 0) throw new CoreError('INVALID_INPUT', 'No items selected: give item ids, or select with --where-tag, --where-collection or --where-status.')
      const ops: BulkOp[] = []
      if (Array.isArray(o.addTag)) ops.push({ op: 'addTags', tags: o.addTag })
      if (Array.isArray(o.removeTag)) ops.push({ op: 'removeTags', tags: o.removeTag })
      if (Array.isArray(o.addTo)) ops.push({ op: 'addCollections', collections: o.addTo })
      if (Array.isArray(o.removeFrom)) ops.push({ op: 'removeCollections', collections: o.removeFrom })
      for (const s of Array.isArray(o.set) ? o.set : []) {
        const i = s.indexOf('=')
        const field = s.slice(0, i) as (typeof BULK_SET_FIELDS)[number]
        if (i < 1 || !(BULK_SET_FIELDS as readonly string[]).includes(field))
          throw new CoreError('INVALID_INPUT', `--set takes field=value with a field among ${BULK_SET_FIELDS.join(', ')}; got “${s}”.`)
        ops.push({ op: 'setField', field, value: s.slice(i + 1) })
      }
      if (typeof o.replace === 'string') {
        if (typeof o.find !== 'string') throw new CoreError('INVALID_INPUT', '--replace needs --find (and --with).')
        ops.push({ op: 'replace', field: o.replace as (typeof BULK_REPLACE_FIELDS)[number], find: o.find, replace: String(o.with ?? ''), regex: !!o.regex, caseSensitive: !o.ignoreCase })
      }
      if (ops.length === 0) throw new CoreError('INVALID_INPUT', 'Nothing to do: give --add-tag, --remove-tag, --add-to, --remove-from, --set or --replace.')
      const preview = await call('bulk:preview', { ids, ops })
      const describe = () => [
        ...preview.changes.map((c) => `${c.id}  ${c.field}: “${c.before}” → “${c.after}”`),
        ...(preview.more ? [`… and ${preview.more} more change(s)`] : []),
        ...preview.errors.map((e) => `${e.id}  cannot apply: ${e.message}`)
      ]
      if (o.dryRun) {
        print(preview, () => [...describe(), `Would change ${preview.changed} of ${preview.selected} item(s) (dry run: nothing was changed).`].join('\n'))
        return
      }
      const r = await call('bulk:apply', { ids, ops, token: preview.token })
      print(r, () => `Changed ${r.changed} of ${r.selected} item(s). \`presskeep undo\` takes it back.`)
    })

  program
    .command('undo')
    .description('undo the last change (refused if the items changed since)')
    .action(async () => {
      const r = await call('history:undo', {})
      print(r, () => `Undone: ${r.label}`)
    })
  program
    .command('redo')
    .description('redo the last undone change')
    .action(async () => {
      const r = await call('history:redo', {})
      print(r, () => `Redone: ${r.label}`)
    })
  program
    .command('undo-state')
    .description('what undo and redo would do now')
    .action(async () => {
      const s = await call('history:state', {})
      print(s, () => [`undo: ${s.undo ?? '(nothing)'}  (${s.undoDepth} change(s))`, `redo: ${s.redo ?? '(nothing)'}  (${s.redoDepth})`, ...(s.notice ? [s.notice] : [])].join('\n'))
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    const message = err instanceof ApiError || err instanceof CoreError ? err.message : `Unexpected error: ${(err as Error).message}`
    if (json && err instanceof ApiError) io.err(JSON.stringify({ ok: false, code: err.code, message, field: err.field }))
    else io.err(`presskeep: ${message}`)
    return 1
  } finally {
    if (archive) await (archive as Archive).close()
  }
}
