import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, promises as fsp, readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportItems } from '../../../electron/core/export'
import { validateBag } from './bagValidator'
import { cleanup, listFiles, makeArchive, PDFS, type Fixture } from './helpers'

const collection = { name: 'Fez Forum 2022', description: 'Press coverage of the forum in Fez.\nSelected by the archive.' }
let f: Fixture

beforeAll(async () => {
  f = await makeArchive()
})
afterAll(async () => {
  await cleanup(f)
})

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('BagIt export', () => {
  it('writes a folder bag that a BagIt validator accepts, with readable names and every metadata format', async () => {
    const out = path.join(f.dir, 'Fez Forum bag')
    const summary = await exportItems(f.archive, f.ids, { format: 'bagit', out, collection, organization: 'Archive of the Forum' })
    expect(summary.items).toBe(f.ids.length)
    expect(summary.attachments).toBe(6)
    expect(summary.missing).toEqual([])
    const report = validateBag(out)
    expect(report.errors).toEqual([])
    expect(report.algorithms.sort()).toEqual(['sha256', 'sha512'])
    expect(report.info['Source-Organization']).toBe('Archive of the Forum')
    expect(report.info['Bagging-Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(report.info['External-Description']).toBe(collection.description)
    expect(report.info['Internal-Sender-Identifier']).toBe(collection.name)
    for (const tag of ['tagmanifest-sha256.txt', 'tagmanifest-sha512.txt', 'manifest-sha256.txt', 'manifest-sha512.txt'])
      expect(existsSync(path.join(out, tag))).toBe(true)

    const files = await listFiles(path.join(out, 'data'))
    // The attachments keep their names; two attachments with one name do not collide.
    const fedReg = files.filter((p) => /federal-register-2020-17221( \(2\))?\.pdf$/.test(p))
    expect(fedReg).toHaveLength(2)
    expect(sha256(path.join(out, 'data', fedReg[0]))).toBe(sha256(PDFS[3]))
    expect(files.filter((p) => p.endsWith('/item.json'))).toHaveLength(f.ids.length)
    for (const p of ['collection/items.csv', 'collection/items.json', 'collection/items.jsonld', 'collection/items.csl.json', 'collection/catalogue/index.html'])
      expect(files).toContain(p)
    expect(files.filter((p) => p.startsWith('collection/oai_dc/'))).toHaveLength(f.ids.length)
    const desc = JSON.parse(readFileSync(path.join(out, 'data', 'presskeep-bag.json'), 'utf8'))
    expect(desc.collection).toEqual(collection)
    expect(desc.items.map((i: { id: string }) => i.id)).toEqual(f.ids)
  })

  it('keeps every path segment safe whatever the titles', async () => {
    const out = path.join(f.dir, 'names-bag')
    await exportItems(f.archive, f.ids, { format: 'bagit', out })
    const files = await listFiles(out)
    for (const p of files)
      for (const seg of p.split('/')) {
        expect(seg).not.toMatch(/^\.\.?$/)
        expect(seg).not.toMatch(/[<>:"\\|?*\u0000-\u001f]/)
        expect(seg).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i)
        expect(seg).not.toMatch(/[. ]$/)
        expect(Buffer.byteLength(seg)).toBeLessThanOrEqual(255)
      }
    const itemDirs = readdirSync(path.join(out, 'data', 'items'))
    expect(itemDirs).toHaveLength(f.ids.length)
    // The emoji title keeps its emoji, whole.
    expect(itemDirs.some((d) => d.includes('📰 Emoji headline 🎉'))).toBe(true)
    expect(itemDirs.every((d) => !d.includes('\ufffd'))).toBe(true)
  })

  it('writes a zip that unpacks to one bag folder that validates', async () => {
    const out = path.join(f.dir, 'forum-bag.zip')
    const summary = await exportItems(f.archive, f.ids, { format: 'bagit-zip', out, collection })
    expect(summary.out).toBe(out)
    const unpacked = path.join(f.dir, 'unzipped')
    // Python's zipfile: an unzipper that is not ours.
    execFileSync('python3', ['-m', 'zipfile', '-e', out, unpacked])
    expect(readdirSync(unpacked)).toEqual(['forum-bag'])
    const report = validateBag(path.join(unpacked, 'forum-bag'))
    expect(report.errors).toEqual([])
    expect(report.payloadFiles.filter((p) => p.endsWith('.pdf'))).toHaveLength(6)
  })

  it('reports a missing attachment file, goes on, and says so in a tag file', async () => {
    const g = await makeArchive()
    try {
      const att = g.archive.catalog.get(g.ids[1])!.attachments[0]
      await fsp.rm(g.archive.files.pathOf(att.sha256), { force: true })
      const out = path.join(g.dir, 'bag-with-hole')
      const summary = await exportItems(g.archive, g.ids, { format: 'bagit', out })
      expect(summary.items).toBe(g.ids.length)
      expect(summary.missing).toEqual([{ itemId: g.ids[1], attachmentId: att.id, name: att.name, sha256: att.sha256 }])
      expect(summary.warnings.join(' ')).toMatch(/missing/)
      const report = validateBag(out)
      expect(report.errors).toEqual([])
      expect(report.info['Presskeep-Missing-Attachments']).toBe('1')
      const tag = readFileSync(path.join(out, 'missing-attachments.txt'), 'utf8')
      expect(tag).toContain(att.sha256)
      expect(readFileSync(path.join(out, 'tagmanifest-sha256.txt'), 'utf8')).toContain('missing-attachments.txt')
      // The other attachments are all there.
      expect(report.payloadFiles.filter((p) => p.endsWith('.pdf'))).toHaveLength(5)
    } finally {
      await cleanup(g)
    }
  })
})
