#!/usr/bin/env node
// The installed `presskeep` command: runs the built CLI (out/main/cli.js), building it first if needed.
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const built = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  console.error('presskeep: the command line is not built yet; run `npm run build` in ' + join(__dirname, '..'))
  process.exit(1)
}
require(built)
