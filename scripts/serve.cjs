// `npm run serve [-- --listen HOST:PORT] [--no-demo]`: a team server on a throwaway local
// PostgreSQL database, set up from nothing: installs what is missing (npm packages; the
// Debian package postgresql-15 when run as root), builds the interface when it is not built,
// then runs scripts/serveTeam.ts, which starts the cluster, serves, and removes it all on Ctrl+C.
const { spawnSync, spawn } = require('node:child_process')
const { existsSync, readdirSync, statSync } = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const run = (cmd, argv, opts = {}) => spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts })
const fail = (message) => {
  console.error(message)
  process.exit(1)
}

const lock = path.join(root, 'node_modules', '.package-lock.json')
if (!existsSync(lock) || statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(lock).mtimeMs) {
  console.log('Installing dependencies…')
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } }).status !== 0) process.exit(1)
}

const hasPostgres = () => {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) => existsSync(path.join('/usr/lib/postgresql', v, 'bin', 'initdb')))
  } catch {
    return false
  }
}
if (!hasPostgres()) {
  if (process.getuid?.() !== 0) fail('A team archive needs PostgreSQL: install the Debian package postgresql-15 (sudo apt-get install postgresql-15), then run `npm run serve` again.')
  console.log('Installing PostgreSQL (postgresql-15) from Debian…')
  run('apt-get', ['update', '-qq'])
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-15'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status !== 0)
    fail('PostgreSQL could not be installed (apt-get install postgresql-15 failed above).')
}

// A --renderer given names a built interface already; else the project's own, built when missing.
if (!args.includes('--renderer') && !existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  console.log('Building the interface…')
  if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1)
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serveTeam.ts'), ...args], { cwd: root, stdio: 'inherit' })
// Ctrl+C (or a SIGTERM sent to this process alone) reaches the server, which cleans up before it ends.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
