// The CLI's authorities: people, organisations and places.
import { Argument, Option, type Command } from 'commander'
import { AUTHORITY_KINDS, IDENTIFIER_SCHEMES, type AuthorityIdentifier, type AuthorityKind } from '../../../shared/model'
import { CoreError } from '../../core/errors'
import { collect, type CliContext } from '../context'
export function authorityCommands({ program, call, print }: CliContext): void {
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

}
