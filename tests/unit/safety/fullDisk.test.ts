// A full disk, for real where we may mount a tmpfs (root, as on CI), else through the
// injected fs budget of smallDisk: what is stored is whole or not there, a leftover is never
// reused, and an import stops with "the disk is full" instead of going on.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { startImportJob } from '../../../electron/core/import/files'
import { checkArchive } from '../../../electron/core/safety/integrity'
import { tempDir } from '../helpers'
import { smallDisk, type SmallDisk } from '../smallDisk'

let disk: SmallDisk | null = null
let archive: Archive | null = null
afterEach(async () => {
  await archive?.close()
  archive = null
  await disk?.dispose()
  disk = null
})

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('a full disk', () => {
  it('stores an attachment whole or not at all, and never reuses what a failed write left', async () => {
    disk = await smallDisk()
    archive = await Archive.open(path.join(disk.dir, 'A.presskeep'))
    const a = archive
    const [i1, i2] = [await a.createItem({ title: 'One' }), await a.createItem({ title: 'Two' })]
    const data = randomBytes(60_000)
    const src = path.join(tempDir(), '60k.bin')
    await fsp.writeFile(src, data)

    await disk.fill(8 * 1024)
    const err = await a.attachPaths(i1.id, [src]).catch((e) => e)
    expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/the disk is full/i) })
    expect(await a.files.has(sha(data))).toBe(false)
    // Through the API too: the code the interface translates.
    const call = createDispatcher(() => a, { allow: ['app', 'trusted'] })
    const res = await call('attachments:addFiles', { itemId: i1.id, paths: [src] })
    expect(res).toMatchObject({ ok: false, code: 'DISK_FULL' })

    await disk.free()
    const item = await a.attachPaths(i2.id, [src])
    expect(item.attachments[0]).toMatchObject({ sha256: sha(data), size: 60_000 })
    const stored = await fsp.readFile(a.files.pathOf(sha(data)))
    expect(stored.length).toBe(60_000)
    expect(sha(stored)).toBe(sha(data))
    const report = await checkArchive(a)
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([])
  })

  it('replaces a cut-short file stored under a hash by an older version instead of reusing it', async () => {
    archive = await Archive.open(path.join(tempDir(), 'B.presskeep'))
    const a = archive
    const data = randomBytes(60_000)
    const target = a.files.pathOf(sha(data))
    await fsp.mkdir(path.dirname(target), { recursive: true })
    await fsp.writeFile(target, data.subarray(0, 4096), { mode: 0o444 })
    const item = await a.createItem({ title: 'One' })
    const src = path.join(tempDir(), '60k.bin')
    await fsp.writeFile(src, data)
    await a.attachPaths(item.id, [src])
    expect(sha(await fsp.readFile(target))).toBe(sha(data))
    // The same file again is now reused, not rewritten.
    expect(await a.files.putStream(createReadStream(src))).toMatchObject({ created: false, size: 60_000 })
  })

  it('stops an import with "the disk is full", and the same import run again after freeing space completes it', async () => {
    disk = await smallDisk()
    archive = await Archive.open(path.join(disk.dir, 'C.presskeep'))
    const a = archive
    const src = tempDir()
    for (let i = 0; i < 6; i++) await fsp.writeFile(path.join(src, `note-${i}.txt`), `Press note ${i}\n\n${'The minister spoke to the press about the harvest. '.repeat(4000)}`)

    await disk.fill(700 * 1024)
    const job = startImportJob(a, [src], { extractIn: 'inline' })
    const outcome = await job.done
    expect(outcome).toMatchObject({ state: 'failed', code: 'DISK_FULL' })
    expect(outcome.error).toMatch(/the disk is full.*stopped.*of 6 files were imported/is)
    const before = [...a.catalog.all()].length
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(6)
    // The files said imported are in; the one being committed when the disk filled may be in part
    // (its item written, its journal line not): the run below completes it.
    const said = Number(/(\d+) of 6 files were imported/.exec(outcome.error ?? '')?.[1])
    expect(said).toBeGreaterThan(0)
    expect(said).toBeLessThanOrEqual(before)

    await disk.free()
    const again = await startImportJob(a, [src], { extractIn: 'inline' }).done
    expect(again.state).toBe('done')
    expect([...a.catalog.all()].length).toBe(6)
    const report = await checkArchive(a)
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([])
  })
})
