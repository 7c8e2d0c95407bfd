// `npm start [-- --archive DIR]`: installs what is missing, builds, and opens the desktop app on
// the default archive (or the one named). Where the Electron binary cannot be had (offline
// machines such as our build machines), it says so and names the browser alternative.
const { spawnSync, spawn } = require('node:child_process')
const { existsSync, readFileSync, statSync } = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })

const lock = path.join(root, 'node_modules', '.package-lock.json')
if (!existsSync(lock) || statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(lock).mtimeMs) {
  console.log('Installing dependencies…')
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } }).status !== 0) process.exit(1)
}
if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1)

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(dir, 'path.txt')
  const binary = () => existsSync(pathFile) && path.join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  if (binary() && existsSync(binary())) return binary()
  // electron@45 downloads its binary lazily; give it one bounded try.
  console.log('Fetching the Electron binary…')
  spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: 'ignore', timeout: 300_000 })
  return binary() && existsSync(binary()) ? binary() : null
}

const electron = electronBinary()
if (!electron) {
  console.error(
    'The Electron binary could not be downloaded on this machine (it is offline or the download is blocked), so the desktop window cannot open; run `npm run web` to use the same Presskeep interface in your browser.'
  )
  process.exit(1)
}
const child = spawn(electron, [path.join(root, 'out', 'main', 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
