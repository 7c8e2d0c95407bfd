import { beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Configuration, FileAssociation, TargetConfiguration } from 'electron-builder'
// electron-builder's own loader and schema check (the same calls `electron-builder` makes first).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { ROOT } from './paths'

async function load(): Promise<Configuration> {
  return getConfig(ROOT, null, null)
}

function validate(config: Configuration): Promise<void> {
  return validateConfiguration(structuredClone(config), new DebugLogger(false))
}

function targetNames(targets: unknown): string[] {
  const list = Array.isArray(targets) ? targets : [targets]
  return list.map((t) => (typeof t === 'string' ? t : (t as TargetConfiguration).target))
}

let config: Configuration

beforeAll(async () => {
  config = await load()
})

describe('electron-builder configuration', () => {
  it('is read from electron-builder.yml and passes electron-builder 26 schema validation', async () => {
    expect(existsSync(path.join(ROOT, 'electron-builder.yml'))).toBe(true)
    await expect(validate(config)).resolves.toBeUndefined()
  })

  it('fails validation on an unknown key, at the top level and nested (the check is live)', async () => {
    await expect(validate({ ...config, fileAssocations: [] } as Configuration)).rejects.toThrow(/unknown property 'fileAssocations'/)
    await expect(validate({ ...config, mac: { ...config.mac, hardenedRuntme: true } } as Configuration)).rejects.toThrow(/configuration\.mac should be/)
    await expect(validate({ ...config, asar: 'yes' } as unknown as Configuration)).rejects.toThrow(/asar/)
  })

  it('names the app', async () => {
    expect(config.appId).toBe('org.presskeep.app')
    expect(config.productName).toBe('Presskeep')
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.main).toBe('out/main/index.js')
  })

  it('builds AppImage and .deb on Linux, NSIS on Windows, dmg on macOS', () => {
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb'])
    expect(targetNames(config.win?.target)).toEqual(['nsis'])
    expect(targetNames(config.mac?.target)).toEqual(['dmg'])
  })

  it('packs only out/ and package.json, in an asar archive', () => {
    // As electron-builder normalises the list: one file set with two patterns.
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }])
    expect(config.asar).toBe(true)
  })

  it('points every platform at an icon generated from build/icon.svg', () => {
    expect(config.directories?.buildResources).toBe('build')
    expect(config.mac?.icon).toBe('build/icon.icns')
    expect(config.win?.icon).toBe('build/icon.ico')
    expect(config.linux?.icon).toBe('build/icons')
    for (const p of ['build/icon.icns', 'build/icon.ico', 'build/icons/256x256.png']) expect(existsSync(path.join(ROOT, p))).toBe(true)
  })

  it('associates .presskeep archive folders: a package document type on macOS, the extension elsewhere', () => {
    const assoc = (Array.isArray(config.fileAssociations) ? config.fileAssociations : [config.fileAssociations]) as FileAssociation[]
    expect(assoc).toHaveLength(1)
    const a = assoc[0]
    expect(a.ext).toBe('presskeep')
    expect(a.name).toBe('Presskeep Archive') // CFBundleTypeName on macOS
    expect(a.isPackage).toBe(true) // LSTypeIsPackage on macOS
    expect(a.role).toBe('Editor')
    expect(a.mimeType).toBe('application/x-presskeep-archive') // .desktop MimeType and shared-mime-info on Linux
    const uti = (config.mac?.extendInfo as Record<string, any>).UTExportedTypeDeclarations[0]
    expect(uti.UTTypeIdentifier).toBe('org.presskeep.archive')
    expect(uti.UTTypeConformsTo).toContain('com.apple.package')
    expect(uti.UTTypeTagSpecification['public.filename-extension']).toEqual(['presskeep'])
  })

  it('signs macOS builds with the hardened runtime and only the JIT entitlement Electron needs', async () => {
    expect(config.mac?.hardenedRuntime).toBe(true)
    expect(config.mac?.entitlements).toBe('build/entitlements.mac.plist')
    expect(config.mac?.entitlementsInherit).toBe('build/entitlements.mac.plist')
    const plist = await readFile(path.join(ROOT, 'build/entitlements.mac.plist'), 'utf8')
    const withoutComments = plist.replace(/<!--[\s\S]*?-->/g, '')
    const entries = [...withoutComments.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\/>/g)].map((m) => [m[1], m[2]])
    expect(entries).toEqual([['com.apple.security.cs.allow-jit', 'true']])
    expect([...withoutComments.matchAll(/<key>/g)]).toHaveLength(1)
  })

  it('sets the six Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })
})
