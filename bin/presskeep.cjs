#!/usr/bin/env node
// The installed `presskeep` command: runs the built CLI (out/main/cli.js), building it first if needed.
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const built = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  console.error('presskeep: the command line is not built yet; run `npm run build` in ' + join(__dirname, '..'))
  process.exit(1)
}
// A server runs with its own Node.js flags (serverFlags.cjs): started again with them when not given.
const { SERVER_NODE_FLAGS } = require('./serverFlags.cjs')
// `serve` after global options and their values (`--archive DIR serve`); a stray match only adds the flags.
const serving = process.argv.slice(2).includes('serve')
if (serving && !SERVER_NODE_FLAGS.every((f) => process.execArgv.includes(f))) {
  const { spawn } = require('node:child_process')
  const child = spawn(process.execPath, [...process.execArgv, ...SERVER_NODE_FLAGS, __filename, ...process.argv.slice(2)], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else require(built)
