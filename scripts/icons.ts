/**
 * Generates every platform icon from the one source image build/icon.svg:
 *   build/icon.png            1024 px, the master raster
 *   build/icons/NxN.png       Linux (AppImage, .deb) sizes
 *   build/icon.ico            Windows (NSIS, the .exe)
 *   build/icon.icns           macOS (the .app, the dmg)
 *
 *   npx tsx scripts/icons.ts           write the files
 *   npx tsx scripts/icons.ts --check   exit 1 if a committed file differs from what the source gives
 *
 * sharp renders each PNG size straight from the SVG (crisper small sizes than downscaling a
 * bitmap); png2icons (pure JavaScript, no download) packs .ico and .icns from the 1024 px master.
 * `--check` and tests/unit/packaging/icons.test.ts use staleIcons() below.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import * as png2icons from 'png2icons'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SOURCE_ICON = 'build/icon.svg'
export const MASTER_PNG = 'build/icon.png'
/** The sizes desktop environments look up in hicolor themes, up to the 1024 master. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
/** What png2icons puts in the .ico (it always writes these sizes). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 72, 96, 128, 256] as const

/** Rounding differences between libvips builds stay within this (out of 255). */
const PIXEL_TOLERANCE = 2

export interface IconFile {
  /** Path relative to the project root, with forward slashes. */
  path: string
  data: Buffer
}

/** Renders the SVG at one square size as a PNG with a fixed encoder configuration. */
export async function renderPng(svg: Buffer, size: number): Promise<Buffer> {
  // density scales the SVG's 1024-unit canvas to the target size before rasterising, so every
  // size is drawn from vectors rather than resampled from a larger bitmap.
  const density = Math.max(1, (72 * size) / 1024)
  return sharp(svg, { density })
    .resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer()
}

/** Renders every PNG size from the SVG, in memory. */
export async function generatePngs(svg: Buffer): Promise<IconFile[]> {
  const files: IconFile[] = []
  for (const size of LINUX_SIZES) {
    const data = await renderPng(svg, size)
    if (size === 1024) files.push({ path: MASTER_PNG, data })
    files.push({ path: `build/icons/${size}x${size}.png`, data })
  }
  return files
}

/** Packs the Windows and macOS icon files from the 1024 px master PNG, in memory. */
export function generateContainers(master: Buffer): IconFile[] {
  // Bicubic with full colour (numOfColors 0) and PNG-compressed entries: the best quality the
  // format allows; Windows Vista and later read PNG entries in .ico files.
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, true, true)
  if (ico === null) throw new Error(`png2icons could not build the .ico from ${MASTER_PNG}.`)
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0)
  if (icns === null) throw new Error(`png2icons could not build the .icns from ${MASTER_PNG}.`)
  return [
    { path: 'build/icon.ico', data: ico },
    { path: 'build/icon.icns', data: icns }
  ]
}

/** Computes every icon file from the SVG source, in memory. */
export async function generateIcons(svg: Buffer): Promise<IconFile[]> {
  const pngs = await generatePngs(svg)
  const master = pngs.find((f) => f.path === MASTER_PNG)!.data
  return [...pngs, ...generateContainers(master)]
}

export async function readSource(root = PROJECT_ROOT): Promise<Buffer> {
  return readFile(path.join(root, SOURCE_ICON))
}

/** Largest difference of any channel of any pixel, or Infinity when the images differ in shape. */
async function pixelDistance(a: Buffer, b: Buffer): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).ensureAlpha().raw().toBuffer({ resolveWithObject: true })))
  if (ra.info.width !== rb.info.width || ra.info.height !== rb.info.height || ra.data.length !== rb.data.length) return Infinity
  let max = 0
  for (let i = 0; i < ra.data.length; i++) max = Math.max(max, Math.abs(ra.data[i] - rb.data[i]))
  return max
}

/**
 * Lists the committed files that are missing or not what the source gives.
 * PNGs are compared by pixels (a libvips build on another OS may encode the same pixels into
 * other bytes); .ico and .icns are compared byte for byte with what png2icons, pure JavaScript
 * and so identical everywhere, makes from the committed master PNG. A stale master makes
 * everything packed from it stale too.
 */
export async function staleIcons(root = PROJECT_ROOT): Promise<string[]> {
  const read = (rel: string) => readFile(path.join(root, rel)).catch(() => null)
  const stale: string[] = []
  for (const f of await generatePngs(await readSource(root))) {
    const current = await read(f.path)
    if (current === null || (await pixelDistance(current, f.data)) > PIXEL_TOLERANCE) stale.push(f.path)
  }
  const master = await read(MASTER_PNG)
  for (const f of master === null ? generateContainers(await renderPng(await readSource(root), 1024)) : generateContainers(master)) {
    const current = await read(f.path)
    if (stale.includes(MASTER_PNG) || current === null || !current.equals(f.data)) stale.push(f.path)
  }
  return stale
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleIcons()
    if (stale.length > 0) {
      console.error(`These icons are not up to date with ${SOURCE_ICON}: ${stale.join(', ')}. Run: npx tsx scripts/icons.ts`)
      process.exit(1)
    }
    console.log(`All icons are up to date with ${SOURCE_ICON}.`)
    return
  }
  const files = await generateIcons(await readSource())
  for (const f of files) {
    const out = path.join(PROJECT_ROOT, f.path)
    await mkdir(path.dirname(out), { recursive: true })
    await writeFile(out, f.data)
  }
  console.log(`Wrote ${files.length} icon files from ${SOURCE_ICON}.`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
