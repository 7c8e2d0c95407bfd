// The CLI's tags: list, colour, rename, merge, delete.
import type { CliContext } from '../context'
export function tagCommands({ program, call, print }: CliContext): void {
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

}
