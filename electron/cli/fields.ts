// The item fields as CLI options (shared by `add` and `edit`), and the files they may be read from.
import { closeSync, openSync, readSync } from 'node:fs'
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

/** Text files given on the command line are read up to this many bytes: /dev/zero or a huge log never fills the memory. */
export const CLI_TEXT_FILE_BYTES = 64 * 1024 * 1024

export function readText(file: string): string {
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
