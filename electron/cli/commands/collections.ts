// The CLI's collections: list, create, edit, order, delete.
import type { Command } from 'commander'
import type { CliContext } from '../context'
export function collectionCommands({ program, call, print }: CliContext): void {
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

}
