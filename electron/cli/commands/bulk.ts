// The CLI's bulk: edit many items at once.
import { Option } from 'commander'
import { BULK_REPLACE_FIELDS, BULK_SET_FIELDS, ITEM_STATUSES, type BulkOp, type ListFilter } from '../../../shared/model'
import { CoreError } from '../../core/errors'
import { collect, type CliContext } from '../context'
export function bulkCommands({ program, call, print }: CliContext): void {
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

}
