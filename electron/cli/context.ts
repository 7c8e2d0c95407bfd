// What every command group of the CLI shares: the program to register on, one way to call
// the core (through the same dispatcher as the app), and one way to print.
import type { Command } from 'commander'
import type { Input, MethodName, Output } from '../../shared/contract'
import type { Archive } from '../core/Archive'

export type CliIO = { out: (text: string) => void; err: (text: string) => void }

export type GlobalOptions = { archive?: string; json?: boolean }

export type CliContext = {
  program: Command
  io: CliIO
  /** Calls a contract method on the archive, opening it on first use (`create`: make it if missing). */
  call: <M extends MethodName>(m: M, input: Input<M>, create?: boolean) => Promise<Output<M>>
  /** Prints `value` as JSON under --json, else the human text. */
  print: (value: unknown, human: () => string) => void
  /** The archive opened by `call`, or null before the first call. */
  archive: () => Archive | null
  /** Whether --json was given (known once the options are parsed). */
  json: () => boolean
  /** Reads the global options (for commands that work without opening the archive). */
  globalOptions: () => GlobalOptions
  /** Waits until the index has loaded or rebuilt (a window would show partial results meanwhile). */
  searchReady: () => Promise<void>
}

/** Commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[] = []) => [...previous, value]
