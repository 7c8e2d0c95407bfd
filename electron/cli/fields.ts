// The item fields as CLI options (shared by `add` and `edit`), and the files they may be read from.
import { readFileSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { ITEM_TYPES, MAPPABLE_FIELDS } from '../../shared/model'
import { CoreError } from '../core/errors'
import type { ColumnMapping } from '../core/import/files'
import { collect } from './context'

/** Options shared by `add` and `edit`, one per field. */
export function fieldOptions(cmd: Command): Command {
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

export type FieldOpts = Record<string, string | string[] | undefined>

export function fieldsFrom(opts: FieldOpts): Record<string, unknown> {
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

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new CoreError('FILE_UNREADABLE', `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`)
  }
}

/** `--map Headline=title --map Notes=` → { Headline: 'title', Notes: '' } (the column name may hold '='). */
export function parseColumnMap(pairs: string[]): ColumnMapping {
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

export function readJsonFile(file: string): unknown {
  const text = readText(file)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CoreError('INVALID_INPUT', `${file} is not valid JSON: ${(err as Error).message}`)
  }
}
