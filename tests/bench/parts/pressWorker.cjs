// Worker of the press bench: imports saved HTML pages through the real importer.
// Plain CommonJS so that it starts without a TypeScript loader of its own: tsx's
// register() makes the .ts sources requirable here.
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
require('tsx/cjs/api').register()
const { proposeFromBytes } = require('../../../electron/core/import/press/index.ts')

let items = 0
for (const file of workerData.files) {
  const p = proposeFromBytes(readFileSync(file), { sourceName: file })
  items += p.items.length
}
parentPort.postMessage({ items })
