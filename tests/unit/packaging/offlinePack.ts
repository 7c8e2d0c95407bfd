/**
 * Runs the real electron-builder packing step offline: a Linux `dir` build of a temporary copy
 * of the project, with a stand-in Electron distribution (`electronDist`) in place of the binary
 * that cannot be downloaded here. electron-builder then does everything it does for a release up
 * to the installer: applies `files`, collects the production node_modules, writes app.asar and
 * burns the fuses into the executable.
 */
import { spawn } from 'node:child_process'
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { build, Platform, Arch } from 'electron-builder'
import { FuseV1Options } from '@electron/fuses'

import { ROOT } from './paths'

export { ROOT }

/** Electron's fuse sentinel (from @electron/fuses): the wire follows it in the binary. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ENABLED = 0x31
const DISABLED = 0x30

/**
 * The stand-in binary starts with every fuse we configure set the *other* way, so a test that
 * reads the packed binary proves each flip happened.
 */
export const STAND_IN_WIRE: Record<number, number> = {
  [FuseV1Options.RunAsNode]: ENABLED,
  [FuseV1Options.EnableCookieEncryption]: DISABLED,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: ENABLED,
  [FuseV1Options.EnableNodeCliInspectArguments]: ENABLED,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: DISABLED,
  [FuseV1Options.OnlyLoadAppFromAsar]: DISABLED,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: DISABLED,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: ENABLED
}

/** An unpacked "Electron for Linux x64" folder whose executable only carries a fuse wire. */
export async function makeStandInElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true })
  const wire = Buffer.from(Object.keys(STAND_IN_WIRE).map((k) => STAND_IN_WIRE[Number(k)]))
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests"\n'),
    Buffer.alloc(256),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    wire,
    Buffer.alloc(256)
  ])
  await writeFile(path.join(dir, 'electron'), binary, { mode: 0o755 })
  await writeFile(path.join(dir, 'version'), JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version)
}

/** Folders that are never part of a copy of the sources (installed or generated). */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', 'test-results', 'playwright-report', '.cache', 'bench-results'])

export interface StagedProject {
  dir: string
  /** How out/ was produced: the real electron-vite build, or a stand-in tree when the project has no electron-vite config yet. */
  out: 'electron-vite' | 'stand-in'
  /** Paths (relative) that exist in the staged project and must not be packed. */
  decoys: string[]
}

/**
 * Copies the project (sources, tests, docs, configs: everything a careless `files` would pack)
 * into `dir`, links node_modules, adds a copy of a corpus file, and produces out/.
 */
export async function stageProject(dir: string): Promise<StagedProject> {
  await cp(ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(ROOT, src)
      return rel === '' || !NOT_COPIED.has(rel.split(path.sep)[0])
    }
  })
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  // The corpus lives outside the project (../shared/corpus); a copy inside must still not ship.
  await mkdir(path.join(dir, 'corpus'), { recursive: true })
  await writeFile(path.join(dir, 'corpus/seed-press-page.txt'), 'A press page copied into the project by mistake.\n')

  let out: StagedProject['out']
  if (existsSync(path.join(dir, 'electron.vite.config.ts'))) {
    await run(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], dir, 180_000)
    out = 'electron-vite'
  } else {
    await fakeOut(dir)
    out = 'stand-in'
  }
  const decoys = ['tests', 'electron', 'renderer', 'shared', 'scripts', 'build', 'docs', 'security', 'corpus', 'tsconfig.json', 'vitest.config.ts', 'electron-builder.yml', 'package-lock.json']
  return { dir, out, decoys: decoys.filter((d) => existsSync(path.join(dir, d))) }
}

/** The shape electron-vite writes, for a worktree where the build config does not exist yet. */
async function fakeOut(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'out/main/index.js': "'use strict'\nrequire('electron')\n",
    'out/preload/index.js': "'use strict'\nrequire('electron')\n",
    'out/renderer/index.html': '<!doctype html><html><head><script type="module" src="./assets/index-stand-in.js"></script></head><body></body></html>\n',
    'out/renderer/assets/index-stand-in.js': 'console.log("renderer")\n'
  }
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
    await writeFile(path.join(dir, rel), text)
  }
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (${code}):\n${output}`))
    })
  })
}

/** Packs the staged project for Linux x64 as a folder; returns the unpacked app folder. */
export async function packLinuxDir(projectDir: string, electronDist: string, outputDir: string): Promise<string> {
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    // Only what the offline build needs differs from electron-builder.yml (which is still loaded).
    config: { electronDist, directories: { output: outputDir } }
  })
  return path.join(outputDir, 'linux-unpacked')
}
