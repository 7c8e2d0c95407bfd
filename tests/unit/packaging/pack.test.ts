import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { existsSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import asar from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { parsePlistFile } from 'app-builder-lib/out/util/plist'
import { Archive } from '../../../electron/core/Archive'
import { builtWorkerCandidates } from '../../../electron/core/jobs/workerScript'
import { makeStandInElectron, makeStandInElectronApp, packDir, ROOT, stageProject, STAND_IN_WIRE, type StagedProject } from './offlinePack'

interface LockPackage {
  dev?: boolean
  devOptional?: boolean
  optional?: boolean
}

let tmp: string
let staged: StagedProject
let appOutDir: string
let macOutDir: string
let packed: string[]

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'presskeep-pack-'))
  staged = await stageProject(path.join(tmp, 'project'))
  await makeStandInElectron(path.join(tmp, 'electron-linux'))
  await makeStandInElectronApp(path.join(tmp, 'electron-mac'))
  // One after the other: electron-builder keeps some state per process.
  appOutDir = await packDir(staged.dir, 'linux', path.join(tmp, 'electron-linux'), path.join(tmp, 'dist'))
  macOutDir = await packDir(staged.dir, 'mac', path.join(tmp, 'electron-mac'), path.join(tmp, 'dist'))
  packed = asar.listPackage(path.join(appOutDir, 'resources/app.asar'), { isPack: false }).map((p) => p.split(path.sep).join('/'))
}, 240_000)

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

/** '/node_modules/a/node_modules/@s/b/lib/x.js' -> 'node_modules/a/node_modules/@s/b' */
function packageOf(file: string): string | null {
  const m = /^\/((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(file)
  // A scope folder on its own (node_modules/@scope) is not a package.
  if (!m || /node_modules\/@[^/]+$/.test(m[1])) return null
  return m[1]
}

describe('files packed into app.asar by a real (offline) electron-builder run', () => {
  it('had sources, tests, corpus and configs in the project to leave out', () => {
    // Otherwise the assertions below would pass vacuously.
    for (const d of ['tests', 'electron', 'shared', 'scripts', 'build', 'corpus', 'electron-builder.yml']) expect(staged.decoys).toContain(d)
    // Once the project has its electron-vite config, the real build output is what gets packed.
    expect(staged.out).toBe(existsSync(path.join(ROOT, 'electron.vite.config.ts')) ? 'electron-vite' : 'stand-in')
  })

  it('packs the electron-vite output and package.json, whose main entry is in the archive', async () => {
    expect(packed).toContain('/package.json')
    const pkg = JSON.parse(asar.extractFile(path.join(appOutDir, 'resources/app.asar'), 'package.json').toString('utf8'))
    expect(pkg.main).toBe('out/main/index.js')
    expect(packed).toContain('/' + pkg.main)
    expect(packed.some((p) => p.startsWith('/out/preload/'))).toBe(true)
    expect(packed).toContain('/out/renderer/index.html')
  })

  it('packs nothing of the app itself but out/ and package.json', () => {
    const own = packed.filter((p) => !p.startsWith('/node_modules'))
    const strays = own.filter((p) => p !== '/package.json' && p !== '/out' && !p.startsWith('/out/'))
    expect(strays).toEqual([])
    // The same, said the way a reviewer would look for it.
    expect(own.filter((p) => /(^|\/)(tests?|corpus|fixtures)(\/|$)|\.test\.|\.spec\./.test(p))).toEqual([])
    expect(own.filter((p) => /\.(ts|tsx)$/.test(p))).toEqual([])
    expect(own.filter((p) => /^\/(electron|renderer|shared|scripts|build|docs|security)(\/|$)/.test(p))).toEqual([])
  })

  it('packs production dependencies only: every packed module is a non-dev package of the lockfile', async () => {
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> }
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }
    const modules = new Set(packed.map(packageOf).filter((m): m is string => m !== null))
    expect(modules.size).toBeGreaterThan(0)
    // electron-builder may place a package at another depth than npm did: match those by name.
    const lockNames = new Set(Object.keys(lock.packages).map((k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length)))
    const notInLock = [...modules].filter((m) => !(m in lock.packages) && !lockNames.has(m.slice(m.lastIndexOf('node_modules/') + 'node_modules/'.length)))
    expect(notInLock).toEqual([])
    // electron-builder hoists nested production packages (mammoth's own argparse, say) to the
    // top, where the lockfile may list a dev package of the same name: those are not dev code.
    const nameOf = (m: string) => m.slice(m.lastIndexOf('node_modules/') + 'node_modules/'.length)
    const productionNames = new Set(
      Object.entries(lock.packages).filter(([k, v]) => k !== '' && v.dev !== true).map(([k]) => nameOf(k))
    )
    // Nested copies (css-select's own domutils, say) follow electron-builder's production tree,
    // which can differ from the lockfile's dev flags for the same path; top-level ones must not.
    const devOnly = [...modules].filter((m) => m.split('node_modules/').length === 2 && lock.packages[m]?.dev === true && !productionNames.has(nameOf(m)))
    expect(devOnly).toEqual([])
    const topLevel = [...modules].filter((m) => m.split('node_modules/').length === 2).map((m) => m.slice('node_modules/'.length))
    for (const dev of Object.keys(pkg.devDependencies)) expect(topLevel).not.toContain(dev)
    // And what the app needs at run time is there: every production package of the lockfile,
    // direct or transitive.
    for (const dep of Object.keys(pkg.dependencies)) expect(topLevel).toContain(dep)
    const production = Object.entries(lock.packages).filter(([k, v]) => k !== '' && v.dev !== true && v.optional !== true && v.devOptional !== true).map(([k]) => k)
    // electron-builder may hoist a nested dependency (mammoth's own argparse, say) to the top:
    // what matters is that every production package is packed somewhere.
    const packedNames = new Set([...modules].map(nameOf))
    expect(production.filter((m) => !packedNames.has(nameOf(m)))).toEqual([])
  })
})

describe('worker threads and native code in the packed app', () => {
  it('packs every worker entry beside the main entry, where workerScriptFor looks from a chunk', () => {
    for (const worker of ['buildWorker', 'extractWorker']) {
      expect(packed).toContain(`/out/main/${worker}.js`)
      const fromChunk = builtWorkerCandidates(path.join(appOutDir, 'resources/app.asar/out/main/chunks'), worker)
      expect(fromChunk.map((p) => '/' + path.relative(path.join(appOutDir, 'resources/app.asar'), p).split(path.sep).join('/'))).toContain(`/out/main/${worker}.js`)
    }
    expect(packed.some((p) => /^\/out\/main\/chunks\/.+\.js$/.test(p))).toBe(true)
  })

  it("unpacks sharp's addon and the libvips it loads by a path relative to itself", () => {
    const unpacked = path.join(appOutDir, 'resources/app.asar.unpacked/node_modules/@img')
    expect(readdirSync(unpacked).some((n) => /^sharp-libvips-/.test(n))).toBe(true)
    const libvips = readdirSync(unpacked).filter((n) => /^sharp-libvips-/.test(n)).flatMap((n) => readdirSync(path.join(unpacked, n, 'lib')))
    expect(libvips.some((n) => /^libvips-cpp\.(so|dylib|dll)/.test(n) || /\.so\.\d/.test(n))).toBe(true)
    expect(readdirSync(unpacked).some((n) => /^sharp-(linux|darwin|win32)-/.test(n))).toBe(true)
  })

  it('rebuilds a large index with nothing but the packed files (the app.asar tree, run under Node)', async () => {
    // Extracted, the packed tree is what the app's main process sees (Electron reads app.asar
    // like a folder): the CLI bundle in it must find its worker and every production module.
    const tree = path.join(tmp, 'extracted')
    asar.extractAll(path.join(appOutDir, 'resources/app.asar'), tree)
    const dir = path.join(tmp, 'Large.presskeep')
    const a = await Archive.open(dir)
    await a.createItems(Array.from({ length: 2100 }, (_, i) => ({ title: `Item ${i}`, body: i === 7 ? 'quetzalcoatl' : 'text' })))
    await a.close()
    await rm(path.join(dir, 'index'), { recursive: true, force: true })
    const r = spawnSync(process.execPath, [path.join(tree, 'out/main/cli.js'), '--archive', dir, '--json', 'search', 'quetzalcoatl'], { encoding: 'utf8', timeout: 180_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).items.map((i: { title: string }) => i.title)).toEqual(['Item 7'])
  }, 240_000)
})

/** Reads the fuse wire of a packed executable as '0' / '1' per fuse. */
async function fuses(exe: string): Promise<Record<string, string>> {
  const wire = await getCurrentFuseWire(exe)
  const names = [
    FuseV1Options.RunAsNode,
    FuseV1Options.EnableCookieEncryption,
    FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    FuseV1Options.EnableNodeCliInspectArguments,
    FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    FuseV1Options.OnlyLoadAppFromAsar
  ]
  return Object.fromEntries(names.map((o) => [FuseV1Options[o], String.fromCharCode(wire[o] as number)]))
}

const EXPECTED_FUSES = {
  RunAsNode: '0',
  EnableCookieEncryption: '1',
  EnableNodeOptionsEnvironmentVariable: '0',
  EnableNodeCliInspectArguments: '0',
  EnableEmbeddedAsarIntegrityValidation: '1',
  OnlyLoadAppFromAsar: '1'
}

describe('Electron fuses', () => {
  it('are burnt into the packed Linux executable as configured', async () => {
    const exe = path.join(appOutDir, 'presskeep')
    expect(existsSync(exe)).toBe(true)
    expect(await fuses(exe)).toEqual(EXPECTED_FUSES)
    // Fuses we do not configure keep Electron's value.
    const wire = await getCurrentFuseWire(exe)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(STAND_IN_WIRE[FuseV1Options.GrantFileProtocolExtraPrivileges])
  })

  it('are burnt into the Electron Framework of the packed macOS app', async () => {
    expect(await fuses(path.join(macOutDir, 'Presskeep.app'))).toEqual(EXPECTED_FUSES)
  })
})

describe('the packed macOS app', () => {
  let info: Record<string, any>
  beforeAll(async () => {
    info = await parsePlistFile<Record<string, any>>(path.join(macOutDir, 'Presskeep.app/Contents/Info.plist'))
  })

  it('has the app identity', () => {
    expect(info.CFBundleIdentifier).toBe('org.presskeep.app')
    expect(info.CFBundleName).toBe('Presskeep')
    expect(info.CFBundleExecutable).toBe('Presskeep')
  })

  it('declares .presskeep folders as a package document type it owns', () => {
    expect(info.CFBundleDocumentTypes).toEqual([
      expect.objectContaining({
        CFBundleTypeName: 'Presskeep Archive',
        CFBundleTypeExtensions: ['presskeep'],
        CFBundleTypeRole: 'Editor',
        LSHandlerRank: 'Owner',
        LSTypeIsPackage: true
      })
    ])
    expect(info.UTExportedTypeDeclarations[0]).toMatchObject({
      UTTypeIdentifier: 'org.presskeep.archive',
      UTTypeConformsTo: expect.arrayContaining(['com.apple.package'])
    })
  })

  it('records the hash of app.asar that the integrity fuse checks', async () => {
    const integrity = info.ElectronAsarIntegrity['Resources/app.asar']
    expect(integrity.algorithm).toBe('SHA256')
    expect(integrity.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('carries the generated .icns as its icon', async () => {
    const icon = await readFile(path.join(macOutDir, 'Presskeep.app/Contents/Resources', info.CFBundleIconFile))
    expect(icon.equals(await readFile(path.join(ROOT, 'build/icon.icns')))).toBe(true)
  })
})
