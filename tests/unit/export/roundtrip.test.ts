import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import type { Archive } from '../../../electron/core/Archive'
import { exportItems, importBag } from '../../../electron/core/export'
import { openTestArchive, storedNames } from '../../pg/backend'
import { cleanup, listFiles, makeArchive, type Fixture } from './helpers'

let f: Fixture
let folderBag: string
let zipBag: string
const collection = { name: 'Fez Forum 2022', description: 'Items of the forum.' }

beforeAll(async () => {
  f = await makeArchive()
  folderBag = path.join(f.dir, 'bag')
  zipBag = path.join(f.dir, 'bag.zip')
  await exportItems(f.archive, f.ids, { format: 'bagit', out: folderBag, collection })
  await exportItems(f.archive, f.ids, { format: 'bagit-zip', out: zipBag, collection })
})
afterAll(async () => {
  await cleanup(f)
})

/** Where each archive newArchive opened is (tests/pg/backend.ts). */
const whereOf = new Map<Archive, string>()

async function newArchive(): Promise<Archive> {
  const { archive, where } = await openTestArchive(undefined, { under: f.dir })
  whereOf.set(archive, where)
  return archive
}

const hashFile = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

async function expectSameArchiveContent(a: Archive, b: Archive, ids: string[]): Promise<void> {
  for (const id of ids) {
    expect(await b.getItem(id)).toEqual(await a.getItem(id))
    expect(b.catalog.get(id)).toEqual(a.catalog.get(id))
    expect(await b.texts.get(id)).toEqual(await a.texts.get(id))
    for (const att of a.catalog.get(id)!.attachments) expect(hashFile(b.files.pathOf(att.sha256))).toBe(att.sha256)
  }
}

/** Everything the archive stores, by name (its files/ and catalog/, or its files and rows), to show that a refused import changed nothing. */
async function snapshot(a: Archive): Promise<string[]> {
  return storedNames(whereOf.get(a)!)
}

describe('bag round trip', () => {
  for (const kind of ['folder', 'zip'] as const) {
    it(`gives back equal records and identical files (${kind})`, async () => {
      const b = await newArchive()
      try {
        const summary = await importBag(b, kind === 'folder' ? folderBag : zipBag)
        expect(summary.imported.sort()).toEqual([...f.ids].sort())
        expect(summary.collection).toEqual(collection)
        expect(summary.filesAdded).toBe(5) // six attachments, one file stored twice
        expect(b.catalog.size).toBe(f.ids.length)
        await expectSameArchiveContent(f.archive, b, f.ids)
        expect(b.catalog.get(f.ids[4])!.trashed).not.toBeNull()
        const history = await b.journal.history(f.ids[0])
        expect(history.map((h) => h.op)).toEqual(['import-bag'])
      } finally {
        await b.close()
      }
    })
  }

  it('does not duplicate when the same bag is imported twice, and keeps local edits', async () => {
    const b = await newArchive()
    try {
      await importBag(b, folderBag)
      const again = await importBag(b, zipBag)
      expect(again.imported).toEqual([])
      expect(again.unchanged.sort()).toEqual([...f.ids].sort())
      expect(again.filesAdded).toBe(0)
      expect(b.catalog.size).toBe(f.ids.length)
      await b.updateItem(f.ids[2], { title: 'Edited after import' })
      const third = await importBag(b, folderBag)
      expect(third.conflicts).toEqual([f.ids[2]])
      expect((await b.getItem(f.ids[2])).title).toBe('Edited after import')
      const edited = (await b.getItem(f.ids[2])).version
      const replaced = await importBag(b, folderBag, { onConflict: 'replace' })
      expect(replaced.imported).toEqual([f.ids[2]])
      // The bag's record, at this archive's next version: whoever held the edited one is told it changed.
      const { version, ...record } = await b.getItem(f.ids[2])
      const { version: _v, ...original } = await f.archive.getItem(f.ids[2])
      expect(record).toEqual(original)
      expect(version).toBeGreaterThan(edited)
    } finally {
      await b.close()
    }
  })
})

async function copyBag(name: string): Promise<string> {
  const dir = path.join(f.dir, name)
  await fsp.cp(folderBag, dir, { recursive: true })
  return dir
}

async function expectRefused(bag: string, message: RegExp): Promise<void> {
  const b = await newArchive()
  try {
    const before = await snapshot(b)
    await expect(importBag(b, bag)).rejects.toMatchObject({ code: 'INVALID_INPUT', message })
    expect(b.catalog.size).toBe(0)
    expect(await snapshot(b)).toEqual(before)
  } finally {
    await b.close()
  }
}

describe('bag import refuses bad bags whole', () => {
  it('refuses a bag whose file no longer matches its checksum', async () => {
    const bag = await copyBag('tampered')
    const pdf = (await listFiles(path.join(bag, 'data'))).find((p) => p.endsWith('.pdf'))!
    const file = path.join(bag, 'data', pdf)
    const bytes = readFileSync(file)
    bytes[bytes.length - 10] ^= 0xff
    writeFileSync(file, bytes)
    await expectRefused(bag, /checksums do not match/)
  })

  it('refuses an edited record even when its size is unchanged', async () => {
    const bag = await copyBag('edited-record')
    const itemFile = (await listFiles(path.join(bag, 'data'))).find((p) => p.endsWith('item.json'))!
    const file = path.join(bag, 'data', itemFile)
    writeFileSync(file, readFileSync(file, 'utf8').replace('"status": "', '"status": "X'))
    await expectRefused(bag, /checksums do not match/)
  })

  it('refuses a file that is not in the manifests, and a wrong Payload-Oxum', async () => {
    const extra = await copyBag('extra-file')
    writeFileSync(path.join(extra, 'data', 'stowaway.txt'), 'not listed')
    await expectRefused(extra, /not in manifest-sha/)
    const oxum = await copyBag('oxum')
    const info = path.join(oxum, 'bag-info.txt')
    writeFileSync(info, readFileSync(info, 'utf8').replace(/Payload-Oxum: \d+/, 'Payload-Oxum: 1'))
    await expectRefused(oxum, /Payload-Oxum/)
  })

  it('refuses a manifest path that climbs out of the bag', async () => {
    const bag = await copyBag('traversal')
    appendFileSync(path.join(bag, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/../../outside.txt\n`)
    await expectRefused(bag, /outside the bag/)
  })

  it('refuses a zip whose entries climb out of the bag', async () => {
    // yazl will not write "../" itself, so the name is patched in the bytes afterwards.
    const zip = new yazl.ZipFile()
    zip.addBuffer(Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), 'bag/bagit.txt')
    zip.addBuffer(Buffer.from('evil'), 'XX/evil.txt')
    zip.end()
    const chunks: Buffer[] = []
    for await (const c of zip.outputStream) chunks.push(c as Buffer)
    const bytes = Buffer.concat(chunks)
    const patched = Buffer.from(bytes.toString('latin1').replaceAll('XX/evil.txt', '../evil.txt'), 'latin1')
    expect(patched.indexOf('../evil.txt')).toBeGreaterThan(0)
    const file = path.join(f.dir, 'evil.zip')
    writeFileSync(file, patched)
    await expectRefused(file, /unsafe|outside the bag/)
    await expect(fsp.access(path.join(f.dir, 'evil.txt'))).rejects.toThrow()
  })

  it('refuses a folder that is not a bag, and a bag that Presskeep did not make', async () => {
    await expectRefused(path.join(f.dir), /no bagit\.txt|not a BagIt bag/)
    const plain = path.join(f.dir, 'plain-bag')
    await fsp.mkdir(path.join(plain, 'data'), { recursive: true })
    writeFileSync(path.join(plain, 'data', 'a.txt'), 'hello')
    writeFileSync(path.join(plain, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')
    writeFileSync(path.join(plain, 'manifest-sha256.txt'), `${createHash('sha256').update('hello').digest('hex')}  data/a.txt\n`)
    await expectRefused(plain, /not one made by Presskeep/)
  })

  it('reads a zip made by another zip tool (Info-ZIP)', async () => {
    const b = await newArchive()
    try {
      const file = path.join(f.dir, 'infozip.zip')
      execFileSync('zip', ['-qr', file, 'bag'], { cwd: f.dir })
      const s = await importBag(b, file)
      expect(s.imported).toHaveLength(f.ids.length)
    } finally {
      await b.close()
    }
  })
})
