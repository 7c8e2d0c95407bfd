// The people of a team archive: name, role, password hash, enabled or not. For a folder archive
// they are kept in one JSON file inside it (<archive>/server/accounts.json), written durably
// (temp file, fsync, rename); a PostgreSQL team archive keeps them in its database
// (pgAccounts.ts), where every server process reads the same. The
// `presskeep users` command changes it while a server runs: the server notices at its next
// request (the file's size and modification time are checked on each), so a disabled account
// is refused at once.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { CoreError } from '../core/errors'
import { writeFileAtomic } from '../core/fsutil'
import { isRole, type Role } from '../../shared/roles'
import { DEFAULT_COST, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type ScryptCost } from './passwords'

export type Account = {
  name: string
  role: Role
  disabled: boolean
  passwordHash: string
  created: string
  /** Sessions begun before this instant are over (set on a new password, a role change, disabling). */
  sessionsValidFrom: string
}

/** What is shown of an account (never its hash). */
export type AccountInfo = Omit<Account, 'passwordHash'>

type AccountsFile = { version: 1; accounts: Account[] }

export const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u

export function accountsFileOf(stateDir: string): string {
  return path.join(stateDir, 'server', 'accounts.json')
}

/** Where the accounts are kept: the folder archive's file, or the team archive's database. */
export interface AccountBook {
  /** The scrypt cost of new hashes (each hash keeps its own). */
  readonly cost: ScryptCost
  get(name: string): Promise<Account | undefined>
  list(): Promise<AccountInfo[]>
  add(name: string, role: Role, password: string): Promise<AccountInfo>
  update(name: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<AccountInfo>
}

export class AccountStore implements AccountBook {
  private cache: { key: string; accounts: Map<string, Account> } | null = null

  constructor(
    readonly file: string,
    /** The scrypt cost of new hashes (each hash keeps its own). Tests that sign in dozens of times lower it. */
    readonly cost: ScryptCost = DEFAULT_COST
  ) {}

  /** The accounts as the file holds them now (read again only when it changed). */
  async load(): Promise<Map<string, Account>> {
    let key: string
    try {
      const st = await fsp.stat(this.file)
      key = `${st.size}:${st.mtimeMs}:${st.ino}`
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
      throw err
    }
    if (this.cache?.key === key) return this.cache.accounts
    let data: AccountsFile
    try {
      data = JSON.parse(await fsp.readFile(this.file, 'utf8'))
    } catch (err) {
      throw new CoreError('ARCHIVE_INVALID', `The accounts file ${this.file} is damaged (${(err as Error).message}); it was left untouched.`)
    }
    if (!data || data.version !== 1 || !Array.isArray(data.accounts))
      throw new CoreError('ARCHIVE_INVALID', `The accounts file ${this.file} is not one Presskeep wrote; it was left untouched.`)
    const accounts = new Map<string, Account>()
    for (const a of data.accounts) if (a && typeof a.name === 'string' && isRole(a.role)) accounts.set(a.name.toLowerCase(), a)
    this.cache = { key, accounts }
    return accounts
  }

  async get(name: string): Promise<Account | undefined> {
    return (await this.load()).get(name.toLowerCase())
  }

  async list(): Promise<AccountInfo[]> {
    return [...(await this.load()).values()].map(({ passwordHash: _, ...info }) => info).sort((a, b) => a.name.localeCompare(b.name))
  }

  async add(name: string, role: Role, password: string): Promise<AccountInfo> {
    checkName(name)
    if ((await this.load()).has(name.toLowerCase())) throw new CoreError('INVALID_INPUT', `There is already an account named ${name}.`)
    const now = new Date().toISOString()
    const account: Account = { name, role, disabled: false, passwordHash: await hashPassword(checkPassword(password), this.cost), created: now, sessionsValidFrom: now }
    await this.change((all) => all.set(name.toLowerCase(), account))
    const { passwordHash: _, ...info } = account
    return info
  }

  async update(name: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<AccountInfo> {
    const hash = patch.password === undefined ? undefined : await hashPassword(checkPassword(patch.password), this.cost)
    let updated: Account | undefined
    await this.change((all) => {
      const old = all.get(name.toLowerCase())
      if (!old) throw new CoreError('NOT_FOUND', `There is no account named ${name}.`)
      updated = {
        ...old,
        role: patch.role ?? old.role,
        disabled: patch.disabled ?? old.disabled,
        passwordHash: hash ?? old.passwordHash,
        // Whatever changed about a person's access ends the sessions they have open.
        sessionsValidFrom: new Date().toISOString()
      }
      all.set(old.name.toLowerCase(), updated)
    })
    const { passwordHash: _, ...info } = updated!
    return info
  }

  private async change(fn: (all: Map<string, Account>) => void): Promise<void> {
    const all = new Map(await this.load())
    fn(all)
    const data: AccountsFile = { version: 1, accounts: [...all.values()] }
    await fsp.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 })
    await writeFileAtomic(this.file, JSON.stringify(data, null, 1) + '\n')
    // Only the server's own account reads it: the hashes are not for other users of the machine.
    await fsp.chmod(this.file, 0o600).catch(() => {})
    this.cache = null
  }
}

export function checkName(name: string): void {
  if (!NAME_PATTERN.test(name))
    throw new CoreError('INVALID_INPUT', `"${name.slice(0, 80)}" cannot be an account name: letters, digits, . _ @ - (at most 64), starting with a letter or digit.`)
}

export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw new CoreError('INVALID_INPUT', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  if (password.length > MAX_PASSWORD_LENGTH) throw new CoreError('INVALID_INPUT', `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`)
  return password
}
