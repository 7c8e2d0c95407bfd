// The CLI's add, edit, attach, detach, list, show, trash, restore: one item at a time.
import * as path from 'node:path'
import { Option } from 'commander'
import type { Input } from '../../../shared/contract'
import { ITEM_STATUSES, type Item, type ListFilter } from '../../../shared/model'
import { CoreError } from '../../core/errors'
import type { CliContext } from '../context'
import { fieldOptions, fieldsFrom, readJsonFile, type FieldOpts } from '../fields'
import { formatItem, formatRow } from '../format'
export function itemCommands({ program, call, print }: CliContext): void {
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

}
