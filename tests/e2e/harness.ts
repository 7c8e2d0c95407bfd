// The browser harness in a child process (the core does not load inside Playwright's test
// loader): the built renderer and the real core serving one archive on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process'
import * as path from 'node:path'

const root = path.resolve(__dirname, '..', '..')
export type Host = { url: string; origin: string; secret: string; child: ChildProcess }

/** Serves the archive in `dir` (created if new); resolves with the address the harness prints. */
export function serveArchive(dir: string, secret?: string): Promise<Host> {
  const args = ['electron/web/index.ts', '--archive', dir, '--port', '0', ...(secret ? ['--secret', secret] : [])]
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`the web harness did not start: ${out}`)), 60_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /Open (http:\/\/\S+) in your browser/.exec(out)
      if (m) {
        clearTimeout(timer)
        const url = new URL(m[1])
        resolve({ url: m[1], origin: url.origin, secret: url.searchParams.get('k') ?? '', child })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the web harness exited (${code}): ${out}`)))
  })
}

export function stopHarness(host: Host | undefined): void {
  // The harness's own process group (tsx and its node child), started above.
  if (host?.child.pid) process.kill(-host.child.pid, 'SIGTERM')
}
