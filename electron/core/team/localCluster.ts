// A throwaway PostgreSQL cluster on this machine: a fresh data folder in the temp folder, a
// free loopback port, started with Debian's postgresql-15 binaries and removed when stopped.
// The tests start one per run, `npm run serve` one per session. initdb refuses to run as
// root, so as root the binaries run as the `postgres` user the Debian package creates.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

export type LocalCluster = {
  /** Connection string of the cluster's maintenance database (`postgres`), as the superuser `presskeep`. */
  url: string
  port: number
  dir: string
  /** A connection string to another database of this cluster. */
  urlOf(database: string): string
  /** Stops the server, keeping its data (`start` brings it back on the same port). */
  halt(): void
  start(): void
  /** Stops the server and removes its folder. */
  stop(): void
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']

export function postgresBinDir(): string | null {
  return BIN_DIRS.find((d) => existsSync(path.join(d, 'initdb'))) ?? null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts a cluster. `durable: false` (tests, benchmarks of the code rather than the disk) turns
 * off fsync: a crash of the machine may lose the cluster, which is thrown away anyway.
 */
export async function startLocalCluster(options: { durable?: boolean } = {}): Promise<LocalCluster> {
  const bin = postgresBinDir()
  if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql-15: apt-get install postgresql-15).')
  const dir = mkdtempSync(path.join(tmpdir(), 'pk-pg-'))
  const asRoot = process.getuid?.() === 0
  const run = (tool: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : path.join(bin, tool)
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir })
    if (r.status !== 0) throw new Error(`${tool} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`)
  }
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const port = await freePort()
  const data = path.join(dir, 'data')
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'presskeep', '-E', 'UTF8', '--no-locale', ...(options.durable ? [] : ['--no-sync'])])
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const settings = [`-k ${dir}`, '-c listen_addresses=127.0.0.1', `-p ${port}`, '-c max_connections=200']
  if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off')
  // More server settings for a measurement, e.g. PK_PG_OPTIONS='-c shared_preload_libraries=pg_stat_statements'
  // (the team-mixed bench then reports the statements that took the database's time).
  if (process.env.PK_PG_OPTIONS) settings.push(process.env.PK_PG_OPTIONS)
  const start = () => run('pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', path.join(dir, 'log'), '-w', 'start'])
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  try {
    start()
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const urlOf = (db: string) => `postgres://presskeep@127.0.0.1:${port}/${db}`
  let stopped = false
  return {
    url: urlOf('postgres'),
    port,
    dir,
    urlOf,
    halt,
    start,
    stop() {
      if (stopped) return
      stopped = true
      try {
        halt()
      } catch {
        // Already stopped: only the folder is left to remove.
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
