import * as fs from 'node:fs'
import * as path from 'node:path'
import { localRequire } from '../import/files/resolve'

/**
 * How to start a worker whose source is `<name>.ts` beside the caller: the built `<name>.js`
 * next to the main bundle in the app, or the TypeScript source through tsx's require hook in
 * development and tests (Node 20 does not apply --import loaders inside worker threads).
 */
export function workerScriptFor(dir: string, name: string): { script: string; eval: boolean } {
  for (const candidate of [path.join(dir, `${name}.js`), path.join(__dirname, `${name}.js`)])
    if (fs.existsSync(candidate)) return { script: candidate, eval: false }
  const ts = path.join(dir, `${name}.ts`)
  const tsx = localRequire.resolve('tsx/cjs')
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)})`, eval: true }
}
