import { execFile } from 'node:child_process'
import { promises as fsp, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { extractFile } from '../../../electron/core/import/files/extract'
import { terminateOcr } from '../../../electron/core/import/files/ocr'
import { charAccuracy, pngHeaderOnly, renderTextImage, tempDir } from './helpers'

const run = promisify(execFile)
let dir: string
afterAll(async () => {
  await terminateOcr()
  if (dir) await fsp.rm(dir, { recursive: true, force: true })
})

const LINES = [
  'The Minister of Health announced a new vaccination campaign',
  'across the northern provinces on Wednesday, 23 November 2022.',
  'Le ministre a annoncé une coopération élargie avec les régions.'
]

describe('images', () => {
  it('reads rendered English and French text back by OCR with high character accuracy, with EXIF and a thumbnail', async () => {
    dir = await tempDir()
    const png = await renderTextImage(LINES, { format: 'jpeg' })
    const withExif = await sharp(png)
      .withExif({ IFD0: { ImageDescription: 'Press conference, Geneva', Artist: 'Jane Photographer' }, IFD2: { DateTimeOriginal: '2022:11:23 10:15:00' } } as never)
      .jpeg()
      .toBuffer()
    const file = path.join(dir, 'scan.jpg')
    await fsp.writeFile(file, withExif)
    const x = await extractFile(file, { ocrLanguages: ['eng', 'fra'] })
    const acc = charAccuracy(LINES.join('\n'), x.text)
    expect(acc).toBeGreaterThan(0.97)
    expect(x.text).toContain('coopération élargie')
    expect(x.fields).toMatchObject({ date: '2022-11-23', dateSource: 'EXIF', description: 'Press conference, Geneva', byline: 'Jane Photographer' })
    const thumb = await sharp(x.thumbnail!).metadata()
    expect(Math.max(thumb.width!, thumb.height!)).toBe(256)
  })

  it('OCRs offline: with no network at all (empty network namespace) it still reads the image, and writes no data file', async () => {
    dir ??= await tempDir()
    const file = path.join(dir, 'offline.png')
    await fsp.writeFile(file, await renderTextImage(['Offline archive test'], { width: 700 }))
    const cwd = await fsp.mkdtemp(path.join(dir, 'cwd-'))
    // `unshare -n` (root) gives the process a network namespace with no interface: any
    // attempt to reach a CDN fails, and the OCR with it.
    const script = path.resolve('tests/unit/files/fixtures/ocrOffline.ts')
    const tsx = path.resolve('node_modules/.bin/tsx')
    const { stdout } = await run('unshare', ['-n', tsx, script, file], { cwd, timeout: 60_000 })
    const out = JSON.parse(stdout)
    expect(out.text).toContain('Offline archive test')
    expect(readdirSync(cwd)).toEqual([])
  })

  it('refuses an image of 30,000 × 30,000 pixels from its header, without decoding it', async () => {
    dir ??= await tempDir()
    const file = path.join(dir, 'huge.png')
    await fsp.writeFile(file, pngHeaderOnly(30_000, 30_000))
    const before = process.memoryUsage().rss
    await expect(extractFile(file)).rejects.toMatchObject({ issue: 'TOO_LARGE', message: expect.stringMatching(/30,000 × 30,000 pixels \(900 megapixels\)/) })
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024)
  })
})
