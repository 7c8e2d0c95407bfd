// The `presskeep` command line: a direct transport over the same dispatcher as the app.
// Each command group registers its commands from its own file under commands/.
import * as path from 'node:path'
import { Command, CommanderError } from 'commander'
import { ApiError, type Input, type MethodName, type Output, unwrap } from '../../shared/contract'
import { Archive } from '../core/Archive'
import { CoreError } from '../core/errors'
import { createDispatcher } from '../core/dispatcher'
import { defaultArchivePath } from '../core/paths'
import type { CliContext, CliIO, GlobalOptions } from './context'
import { archiveCommands } from './commands/archive'
import { itemCommands } from './commands/items'
import { searchCommands } from './commands/search'
import { exchangeCommands } from './commands/exchange'
import { importCommands } from './commands/import'
import { safetyCommands } from './commands/safety'
import { tagCommands } from './commands/tags'
import { collectionCommands } from './commands/collections'
import { authorityCommands } from './commands/authorities'
import { bulkCommands } from './commands/bulk'
import { undoCommands } from './commands/undo'
import { teamCommands } from './commands/team'
import { migrateCommands } from './commands/migrate'

export type { CliIO } from './context'

/** The command groups, in the order `presskeep --help` lists them. */
const COMMAND_GROUPS = [
  archiveCommands,
  itemCommands,
  searchCommands,
  exchangeCommands,
  importCommands,
  safetyCommands,
  tagCommands,
  collectionCommands,
  authorityCommands,
  bulkCommands,
  undoCommands,
  teamCommands,
  migrateCommands
]

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

  const globalOptions = (): GlobalOptions => {
    const opts = program.opts<GlobalOptions>()
    json = !!opts.json
    return opts
  }
  const dispatcher = () => createDispatcher(() => archive!, { allow: ['app', 'trusted'] })
  const call = async <M extends MethodName>(m: M, input: Input<M>, create = false): Promise<Output<M>> => {
    if (!archive) archive = await Archive.open(path.resolve(globalOptions().archive ?? defaultArchivePath()), { create })
    return unwrap(await dispatcher()(m, input)) as Output<M>
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
  const context: CliContext = {
    program,
    io,
    call,
    // The options are read here too: a command that opens no archive has not read them yet.
    print: (value, human) => io.out(globalOptions().json ? JSON.stringify(value, null, 2) : human()),
    archive: () => archive,
    json: () => json,
    globalOptions,
    searchReady
  }
  for (const register of COMMAND_GROUPS) register(context)

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
