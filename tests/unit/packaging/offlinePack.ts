/**
 * Runs the real electron-builder packing step offline: a Linux `dir` build of a temporary copy
 * of the project, with a stand-in Electron distribution (`electronDist`) in place of the binary
 * that cannot be downloaded here. electron-builder then does everything it does for a release up
 * to the installer: applies `files`, collects the production node_modules, writes app.asar and
 * burns the fuses into the executable.
 */
import { spawn } from 'node:child_process'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
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

function standInBinary(): Buffer {
  const wire = Buffer.from(Object.keys(STAND_IN_WIRE).map((k) => STAND_IN_WIRE[Number(k)]))
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests"\n'),
    Buffer.alloc(256),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    wire,
    Buffer.alloc(256)
  ])
}

async function electronVersion(): Promise<string> {
  return JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version
}

/** An unpacked "Electron for Linux x64" folder whose executable only carries a fuse wire. */
export async function makeStandInElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true })
  await writeFile(path.join(dir, 'electron'), standInBinary(), { mode: 0o755 })
  await writeFile(path.join(dir, 'version'), await electronVersion())
}

function infoPlist(executable: string, id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleExecutable</key><string>${executable}</string>
<key>CFBundleIdentifier</key><string>${id}</string>
<key>CFBundleName</key><string>${executable}</string>
<key>CFBundleIconFile</key><string>electron.icns</string>
</dict></plist>
`
}

/**
 * An unpacked "Electron for macOS" folder: Electron.app with its Info.plist, one helper, and
 * an Electron Framework binary (where macOS Electron keeps the fuse wire) that only carries it.
 */
export async function makeStandInElectronApp(dir: string): Promise<void> {
  const contents = path.join(dir, 'Electron.app/Contents')
  const helper = path.join(contents, 'Frameworks/Electron Helper.app/Contents')
  const framework = path.join(contents, 'Frameworks/Electron Framework.framework')
  for (const d of [path.join(contents, 'MacOS'), path.join(contents, 'Resources'), path.join(helper, 'MacOS'), framework]) await mkdir(d, { recursive: true })
  await writeFile(path.join(contents, 'Info.plist'), infoPlist('Electron', 'com.github.Electron'))
  await writeFile(path.join(helper, 'Info.plist'), infoPlist('Electron Helper', 'com.github.Electron.helper'))
  await writeFile(path.join(contents, 'MacOS/Electron'), '#!/bin/sh\n', { mode: 0o755 })
  await writeFile(path.join(helper, 'MacOS/Electron Helper'), '#!/bin/sh\n', { mode: 0o755 })
  await writeFile(path.join(contents, 'Resources/electron.icns'), 'stand-in')
  await writeFile(path.join(framework, 'Electron Framework'), standInBinary())
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
  await linkNodeModules(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
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

/**
 * Gives the copy a real node_modules folder. A symlink to the project's would be simpler, but
 * npm (which electron-builder asks for the production dependency tree) then resolves every
 * package outside the project and drops the transitive ones from the tree. Hard links make
 * the copy in about a second (nothing in the run rewrites an existing file there, which would
 * change the project's too); a full copy is the fallback across file systems.
 */
async function linkNodeModules(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-al', from, to], ROOT, 120_000)
  } catch {
    await rm(to, { recursive: true, force: true })
    await cp(from, to, { recursive: true, verbatimSymlinks: true })
  }
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
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${output}`))
    })
  })
}

/**
 * Packs the staged project as a folder (electron-builder's `dir` target) for Linux x64 or
 * macOS arm64; returns the folder electron-builder wrote the app to. Code signing is skipped
 * (electron-builder signs only on macOS, and only with a certificate).
 */
export async function packDir(projectDir: string, platform: 'linux' | 'mac', electronDist: string, outputDir: string): Promise<string> {
  const target = platform === 'linux' ? Platform.LINUX.createTarget('dir', Arch.x64) : Platform.MAC.createTarget('dir', Arch.arm64)
  await build({
    projectDir,
    targets: target,
    publish: 'never',
    // Only what the offline build needs differs from electron-builder.yml (which is still loaded).
    // `mac.identity: null` keeps a run on a Mac from signing with a certificate it finds.
    config: { electronDist, directories: { output: outputDir }, ...(platform === 'mac' ? { mac: { identity: null } } : {}) }
  })
  return path.join(outputDir, platform === 'linux' ? 'linux-unpacked' : 'mac-arm64')
}
