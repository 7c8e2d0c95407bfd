import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { ICO_SIZES, LINUX_SIZES, SOURCE_ICON, staleIcons } from '../../../scripts/icons'
import { ROOT } from './paths'

/** Reads the directory of an .ico file: one entry per image (a width of 0 means 256). */
function icoSizes(ico: Buffer): number[] {
  expect(ico.readUInt16LE(0)).toBe(0) // reserved
  expect(ico.readUInt16LE(2)).toBe(1) // 1 = icon
  const count = ico.readUInt16LE(4)
  const sizes: number[] = []
  for (let i = 0; i < count; i++) {
    const entry = 6 + i * 16
    const w = ico[entry] || 256
    const h = ico[entry + 1] || 256
    expect(h).toBe(w)
    const length = ico.readUInt32LE(entry + 8)
    const offset = ico.readUInt32LE(entry + 12)
    expect(offset + length).toBeLessThanOrEqual(ico.length)
    sizes.push(w)
  }
  return sizes
}

/** Reads the chunk types of an .icns file ('icns', total length, then type + length chunks). */
function icnsTypes(icns: Buffer): string[] {
  expect(icns.toString('latin1', 0, 4)).toBe('icns')
  expect(icns.readUInt32BE(4)).toBe(icns.length)
  const types: string[] = []
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4)
    expect(length).toBeGreaterThan(8)
    types.push(icns.toString('latin1', at, at + 4))
    at += length
  }
  return types
}

describe('application icons', () => {
  it('are up to date with build/icon.svg: regenerating gives the committed icons', async () => {
    expect(await staleIcons(ROOT)).toEqual([])
  })

  describe('the up-to-date check is live', () => {
    let tmp: string
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'presskeep-icons-'))
    })
    afterAll(async () => {
      if (tmp) await rm(tmp, { recursive: true, force: true })
    })

    async function copyBuild(name: string): Promise<string> {
      const root = path.join(tmp, name)
      await cp(path.join(ROOT, 'build'), path.join(root, 'build'), { recursive: true })
      return root
    }

    it('reports every generated file when the source image changes', async () => {
      const root = await copyBuild('changed-svg')
      const svg = await readFile(path.join(root, SOURCE_ICON), 'utf8')
      expect(svg).toContain('#e0643a')
      await writeFile(path.join(root, SOURCE_ICON), svg.replace('#e0643a', '#2a9d55'))
      const stale = await staleIcons(root)
      for (const f of ['build/icon.png', 'build/icon.ico', 'build/icon.icns', 'build/icons/16x16.png', 'build/icons/512x512.png']) expect(stale).toContain(f)
    })

    it('reports a hand-edited or missing file, and only that one', async () => {
      const root = await copyBuild('edited')
      const ico = await readFile(path.join(root, 'build/icon.ico'))
      ico[ico.length - 1] ^= 0xff
      await writeFile(path.join(root, 'build/icon.ico'), ico)
      await rm(path.join(root, 'build/icons/48x48.png'))
      expect((await staleIcons(root)).sort()).toEqual(['build/icon.ico', 'build/icons/48x48.png'])
    })
  })

  it('exist as square RGBA PNGs at every Linux size', async () => {
    for (const size of LINUX_SIZES) {
      const meta = await sharp(path.join(ROOT, `build/icons/${size}x${size}.png`)).metadata()
      expect(meta.format).toBe('png')
      expect([meta.width, meta.height]).toEqual([size, size])
      expect(meta.channels).toBe(4)
    }
    const master = await sharp(path.join(ROOT, 'build/icon.png')).metadata()
    expect([master.width, master.height]).toEqual([1024, 1024])
  })

  it('have transparent corners and an opaque centre (the shape, not a blank square)', async () => {
    const { data, info } = await sharp(path.join(ROOT, 'build/icons/256x256.png')).raw().toBuffer({ resolveWithObject: true })
    const alpha = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3]
    expect(alpha(0, 0)).toBe(0)
    expect(alpha(255, 255)).toBe(0)
    expect(alpha(128, 128)).toBe(255)
  })

  it('exist as a Windows .ico holding every size up to 256', async () => {
    const sizes = icoSizes(await readFile(path.join(ROOT, 'build/icon.ico')))
    expect([...sizes].sort((a, b) => a - b)).toEqual([...ICO_SIZES])
  })

  it('exist as a macOS .icns holding the retina sizes up to 1024', async () => {
    const types = icnsTypes(await readFile(path.join(ROOT, 'build/icon.icns')))
    // ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x), ic13 256@2x, ic14 512@2x.
    for (const t of ['ic07', 'ic08', 'ic09', 'ic10', 'ic13', 'ic14']) expect(types).toContain(t)
  })
})
