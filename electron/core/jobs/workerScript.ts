import * as fs from 'node:fs'
import * as path from 'node:path'
import { CoreError } from '../errors'
import { localRequire } from '../import/files/resolve'

export type WorkerScript = { script: string; eval: boolean }

/**
 * Where the built `<name>.js` may be, seen from the folder of the module that starts it.
 * electron-vite builds every worker as an entry of its own beside the entries (out/main/, also
 * inside app.asar, where Electron's worker threads read it like any other file), while the
 * module asking for it is often bundled into a shared chunk one level down (out/main/chunks/,
 * the `chunkFileNames` of electron.vite.config.ts).
 */
export function builtWorkerCandidates(moduleDir: string, name: string): string[] {
  const here = path.join(moduleDir, `${name}.js`)
  return path.basename(moduleDir) === 'chunks' ? [here, path.join(path.dirname(moduleDir), `${name}.js`)] : [here]
}

/**
 * How to start the worker whose source is `<name>.ts` in `sourceDir` (the caller's __dirname):
 * the built `<name>.js` in a bundle (the CLI, the Electron main process, the web harness, the
 * packed app), or the TypeScript source through tsx's require hook when running from source
 * (Node 20 does not apply --import loaders inside worker threads). A script found nowhere is a
 * clear error at once, never a worker that fails later with "Cannot find module".
 */
export function workerScriptFor(sourceDir: string, name: string): WorkerScript {
  const built = builtWorkerCandidates(sourceDir, name)
  for (const candidate of built) if (fs.existsSync(candidate)) return { script: candidate, eval: false }
  const ts = path.join(sourceDir, `${name}.ts`)
  if (fs.existsSync(ts)) {
    const tsx = localRequire.resolve('tsx/cjs')
    return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)})`, eval: true }
  }
  throw new CoreError('INTERNAL', `The ${name} worker of this build is missing (looked for ${[...built, ts].join(', ')}).`)
}
