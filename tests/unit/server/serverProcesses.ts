// Team server processes for the tests that need real ones: `presskeep serve --database …` in a
// child process, its address read from what it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { projectRoot, tempDir } from '../helpers'

/** A stand-in for the built interface: these tests are about the API, not the pages. */
export function stubRenderer(): string {
  const dir = tempDir()
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Presskeep</title>')
  return dir
}

export type ServerProcess = { url: string; child: ChildProcess; output: () => string; exited: Promise<number | null> }

/** `nodeArgs` go to Node before the CLI (the bench profiles its servers with them). */
export function startServerProcess(database: string, files: string, renderer: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(projectRoot, 'electron/cli/index.ts'), 'serve', '--database', database, '--files', files, '--listen', '127.0.0.1:0', '--renderer', renderer],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }
  )
  let out = ''
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      const m = /to the team at (http:\/\/\S+\/)/.exec(out)
      if (m) resolve({ url: m[1], child, output: () => out, exited })
    })
    void exited.then((code) => reject(new Error(`The server ended (${code}) before serving:\n${out}`)))
  })
}
