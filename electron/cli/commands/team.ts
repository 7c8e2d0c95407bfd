// The CLI's team archive commands: `serve` (the team server) and `users` (its accounts).
import { existsSync, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import * as readline from 'node:readline'
import { Writable } from 'node:stream'
import { Option } from 'commander'
import { ROLES, isRole, type Role } from '../../../shared/roles'
import { Archive } from '../../core/Archive'
import { CoreError } from '../../core/errors'
import { defaultArchivePath } from '../../core/paths'
import { migrateSchema } from '../../core/team/schema'
import { openTeamArchive } from '../../core/team/openTeamArchive'
import { isConnectionError, TeamDatabase } from '../../core/team/TeamDatabase'
import { AccountStore, accountsFileOf, type AccountBook } from '../../server/accounts'
import { PgAccountStore, teamServerBooks } from '../../server/pgAccounts'
import { listenRefusal, startTeamServer } from '../../server/teamServer'
import type { CliContext } from '../context'

type StateOptions = { files?: string; database?: string }

/** The built renderer: beside the built CLI (out/main → out/renderer), or the project's out/ from the sources. */
function rendererDir(given?: string): string {
  const candidates = given ? [given] : [path.join(__dirname, '..', 'renderer'), path.join(__dirname, '..', '..', '..', 'out', 'renderer')]
  for (const dir of candidates) if (existsSync(path.join(dir, 'index.html'))) return path.resolve(dir)
  throw new CoreError('NOT_FOUND', `The interface is not built (no index.html in ${candidates.join(' or ')}): run \`npm run build\` first.`)
}

/** HOST:PORT, [IPv6]:PORT, HOST (port 8443) or PORT (on 127.0.0.1). */
export function parseListen(value: string): { host: string; port: number } {
  const v = value.trim()
  const m = /^(\d+)$/.exec(v) ?? /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(v) ?? /^([^:\s]+):(\d+)$/.exec(v) ?? /^([^:\s]+)$/.exec(v)
  const [host, port] = !m ? ['', NaN] : m.length === 2 && /^\d+$/.test(m[1]) ? ['127.0.0.1', Number(m[1])] : [m[1], m[2] === undefined ? 8443 : Number(m[2])]
  if (!host || !Number.isInteger(port) || port > 65535) throw new CoreError('INVALID_INPUT', `--listen ${value}: give HOST:PORT, e.g. 127.0.0.1:8443 or 0.0.0.0:8443.`)
  return { host, port }
}

/** Where the accounts of the archive named by the options live. */
function stateDir(ctx: CliContext, opts: StateOptions): string {
  if (opts.files) return path.resolve(opts.files)
  return path.resolve(ctx.globalOptions().archive ?? defaultArchivePath())
}

/**
 * Runs fn on the accounts of the archive the options name: a team archive's database
 * (--database, its schema brought up to date first), else the folder archive's file.
 */
async function withAccounts<T>(ctx: CliContext, opts: StateOptions, fn: (accounts: AccountBook) => Promise<T>): Promise<T> {
  if (!opts.database) return fn(new AccountStore(accountsFileOf(stateDir(ctx, opts))))
  const db = new TeamDatabase(opts.database)
  try {
    try {
      await migrateSchema(db.pool)
    } catch (err) {
      throw isConnectionError(err) ? db.unavailable(err) : err
    }
    return await fn(new PgAccountStore(db))
  } finally {
    await db.close()
  }
}

/** An account for a folder archive that does not exist yet makes the archive first (its accounts live inside it). */
async function ensureArchive(ctx: CliContext, opts: StateOptions): Promise<void> {
  if (opts.files || opts.database) return
  const dir = stateDir(ctx, opts)
  if (existsSync(path.join(dir, 'archive.json'))) return
  const archive = await Archive.open(dir, { create: true })
  await archive.close()
}

async function readSecret(prompt: string, file?: string): Promise<string> {
  if (file) {
    const text = await fsp.readFile(file, 'utf8')
    return text.split(/\r?\n/)[0]
  }
  if (!process.stdin.isTTY) {
    // Piped in: the first line.
    const rl = readline.createInterface({ input: process.stdin })
    for await (const line of rl) {
      rl.close()
      return line
    }
    throw new CoreError('INVALID_INPUT', 'No password given: type one, pipe one in, or give --password-file.')
  }
  // Typed at a terminal: not echoed.
  let muted = false
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk)
      cb()
    }
  })
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output, terminal: true })
      muted = false
      rl.question(q, (answer) => {
        rl.close()
        process.stdout.write('\n')
        resolve(answer)
      })
      muted = true
    })
  const first = await ask(prompt)
  if ((await ask('Again: ')) !== first) throw new CoreError('INVALID_INPUT', 'The two passwords differ; nothing was changed.')
  return first
}

type ServerOptions = Parameters<typeof startTeamServer>[0]
type Served = { archive: Archive; accounts: AccountBook; sessionBook?: ServerOptions['sessionBook']; lockoutBook?: ServerOptions['lockoutBook']; name: string }

/** The archive `serve` serves: the PostgreSQL team archive (--database, --files), or the folder archive. */
async function openServed(ctx: CliContext, opts: StateOptions): Promise<Served> {
  if (opts.database) {
    const archive = await openTeamArchive({ database: opts.database, files: path.resolve(opts.files!) })
    // Sessions kept in memory between requests, dropped on the change feed's notifications.
    const { accounts, sessionBook, lockoutBook } = teamServerBooks(archive.storage.db, archive.storage.feed)
    return { archive, accounts, sessionBook, lockoutBook, name: `the team archive ${redacted(opts.database)}` }
  }
  const dir = stateDir(ctx, opts)
  return { archive: await Archive.open(dir), accounts: new AccountStore(accountsFileOf(dir)), name: dir }
}

/** A database address as it may be printed: without its password. */
export function redacted(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

export function teamCommands(ctx: CliContext): void {
  const { program, io, print } = ctx
  const roleOption = () => new Option('--role <role>', 'reader, cataloguer or admin').choices(ROLES as unknown as string[])
  const filesOption = () => new Option('--files <dir>', "a team archive's files folder (its accounts live there); else --archive's folder")

  program
    .command('serve')
    .description('serve the archive to a team: the interface and the API, each person signed in with their account')
    .addOption(new Option('--database <url>', 'the PostgreSQL archive (postgres://…), with --files'))
    .addOption(filesOption())
    .option('--listen <host:port>', 'where to listen', '127.0.0.1:8443')
    .option('--tls-cert <file>', 'TLS certificate (PEM)')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--behind-proxy', 'a reverse proxy (nginx, Caddy) in front does TLS: trust its X-Forwarded-* headers')
    .option('--renderer <dir>', 'the built interface (default: the one built with this program)')
    .action(async (opts: StateOptions & { listen: string; tlsCert?: string; tlsKey?: string; behindProxy?: boolean; renderer?: string }) => {
      const { host, port } = parseListen(opts.listen)
      if (!!opts.tlsCert !== !!opts.tlsKey) throw new CoreError('INVALID_INPUT', 'TLS needs both --tls-cert and --tls-key.')
      const refusal = listenRefusal(host, !!opts.tlsCert, !!opts.behindProxy)
      if (refusal) throw new CoreError('INVALID_INPUT', refusal)
      if (opts.database && !opts.files) throw new CoreError('INVALID_INPUT', 'A team archive needs --files DIR beside --database: the folder its attachment files are kept in.')
      const tls = opts.tlsCert ? { cert: await fsp.readFile(opts.tlsCert), key: await fsp.readFile(opts.tlsKey!) } : undefined
      const ui = rendererDir(opts.renderer)
      const served = await openServed(ctx, opts)
      const { archive, accounts } = served
      let server
      try {
        server = await startTeamServer({ archive, accounts, sessionBook: served.sessionBook, lockoutBook: served.lockoutBook, rendererDir: ui, host, port, tls, behindProxy: opts.behindProxy })
      } catch (err) {
        await archive.close()
        throw err
      }
      const dir = served.name
      const people = await accounts.list()
      io.out(`Presskeep is serving ${dir} to the team at ${server.url}`)
      if (!people.some((p) => p.role === 'admin' && !p.disabled))
        io.out(`No administrator account yet: add one with \`presskeep users add NAME --role admin${opts.database ? ' --database URL' : ''}\`.`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await server.close()
      await archive.close()
    })

  const databaseOption = () => new Option('--database <url>', "a PostgreSQL team archive's database (postgres://…): its accounts live there")
  const users = program.command('users').description("the accounts of a team archive: who may sign in, and with which role")
  users
    .command('add <name>')
    .description('add an account (the password is asked for, piped in, or read from --password-file)')
    .addOption(roleOption().makeOptionMandatory())
    .option('--password-file <file>', 'read the password from the first line of this file')
    .addOption(filesOption())
    .addOption(databaseOption())
    .action(async (name: string, opts: StateOptions & { role: Role; passwordFile?: string }) => {
      const password = await readSecret(`Password for ${name}: `, opts.passwordFile)
      await ensureArchive(ctx, opts)
      const info = await withAccounts(ctx, opts, (store) => store.add(name, opts.role, password))
      print(info, () => `Added ${info.name} (${info.role}).`)
    })
  users
    .command('list')
    .description('every account, its role and whether it is disabled')
    .addOption(filesOption())
    .addOption(databaseOption())
    .action(async (opts: StateOptions) => {
      const list = await withAccounts(ctx, opts, (store) => store.list())
      print(list, () => (list.length ? list.map((a) => `${a.name}\t${a.role}${a.disabled ? '\tdisabled' : ''}`).join('\n') : 'No accounts yet.'))
    })
  const change = (command: string, description: string, patch: (opts: { role?: string }) => { role?: Role; disabled?: boolean }, withRole = false) => {
    const c = users.command(`${command} <name>`).description(description).addOption(filesOption()).addOption(databaseOption())
    if (withRole) c.addOption(roleOption().makeOptionMandatory())
    c.action(async (name: string, opts: StateOptions & { role?: string }) => {
      const info = await withAccounts(ctx, opts, (store) => store.update(name, patch(opts)))
      print(info, () => `${info.name}: ${info.role}${info.disabled ? ', disabled' : ''}. Their open sessions are ended.`)
    })
  }
  change('disable', 'disable an account: its sessions end at once, and it cannot sign in', () => ({ disabled: true }))
  change('enable', 'enable a disabled account', () => ({ disabled: false }))
  change('set-role', "change an account's role (its sessions end; the person signs in again)", (o) => ({ role: isRole(o.role) ? o.role : undefined }), true)
  users
    .command('passwd <name>')
    .description("set an account's password (its sessions end)")
    .option('--password-file <file>', 'read the password from the first line of this file')
    .addOption(filesOption())
    .addOption(databaseOption())
    .action(async (name: string, opts: StateOptions & { passwordFile?: string }) => {
      const info = await withAccounts(ctx, opts, async (store) => {
        if (!(await store.get(name))) throw new CoreError('NOT_FOUND', `There is no account named ${name}.`)
        return store.update(name, { password: await readSecret(`New password for ${name}: `, opts.passwordFile) })
      })
      print(info, () => `New password set for ${info.name}. Their open sessions are ended.`)
    })
}
