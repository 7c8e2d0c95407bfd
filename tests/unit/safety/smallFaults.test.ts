// Smaller faults, each one that lost or blocked data before: torn journal lines, shards of
// the wrong shape, a damaged undo state, lone surrogates, '%' and bidi controls in names,
// export leftovers, unbounded --body-file, Word files that unpack into gigabytes.
import { existsSync, promises as fsp, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { Item } from '../../../shared/model'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { exportItems, importBag } from '../../../electron/core/export'
import { extractDocx } from '../../../electron/core/import/files/docx'
import { shardOf } from '../../../electron/core/ids'
import { cli, newArchivePath, tempDir } from '../helpers'
import { validateBag } from '../export/bagValidator'

describe('small faults', () => {
  it('starts a journal entry on a new line after a torn one, so the torn line never swallows it', async () => {
    const a = await Archive.open(newArchivePath())
    try {
      const item = await a.createItem({ title: 'Before the crash' })
      const file = path.join(a.root, 'journal', readdirSync(path.join(a.root, 'journal'))[0])
      await fsp.appendFile(file, '{"t":"2026-01-01T00:00:00Z","op":"upd') // a crash mid-append
      await a.updateItem(item.id, { title: 'After the crash' })
      const history = await a.journal.history(item.id)
      expect(history.map((e) => e.op)).toEqual(['create', 'update'])
      expect(readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"t":"2026-01-01'))).toEqual(['{"t":"2026-01-01T00:00:00Z","op":"upd'])
    } finally {
      await a.close()
    }
  })

  it('names a shard of valid JSON but the wrong shape (open and check name the file), backups lists, --damaged-only repairs it', async () => {
    const dir = newArchivePath()
    const added = JSON.parse((await cli(dir, '--json', 'add', '--title', 'Kept safe')).out)
    expect((await cli(dir, 'backup')).code).toBe(0)
    const shard = path.join(dir, 'catalog', 'items', `${shardOf(added.id)}.json`)
    writeFileSync(shard, JSON.stringify({ items: { [added.id]: 5 } }))

    const openErr = await Archive.open(dir).catch((e) => e)
    expect(openErr.code).toBe('ARCHIVE_INVALID')
    expect(openErr.message).toContain(`catalog/items/${shardOf(added.id)}.json is damaged`)
    const check = await cli(dir, 'check')
    expect(check.err + check.out).not.toMatch(/Unexpected error|Cannot use 'in'/)
    expect(check.err + check.out).toContain(`${shardOf(added.id)}.json`)
    const backups = await cli(dir, 'backups')
    expect(backups.code).toBe(0)
    expect(backups.out).toMatch(/^\d{4}-\d\d-\d\dT\S+ +\S+ +\d+ file\(s\)/)
    const restored = await cli(dir, 'restore-backup', '--damaged-only')
    expect(restored.code).toBe(0)
    expect(JSON.parse((await cli(dir, '--json', 'show', added.id)).out)).toMatchObject({ title: 'Kept safe' })
    const aside = readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('corrupt-'))
    expect(aside).toHaveLength(1)
  })

  it('says a damaged undo history is damaged, and keeps the file aside', async () => {
    const dir = newArchivePath()
    const added = JSON.parse((await cli(dir, '--json', 'add', '--title', 'One')).out)
    await cli(dir, 'edit', added.id, '--title', 'Two')
    writeFileSync(path.join(dir, 'undo', 'state.json'), '{"next": 3, "undo": [{"seq": 1, "lab')
    const undo = await cli(dir, 'undo')
    expect(undo.code).toBe(1)
    expect(undo.err).toMatch(/nothing to undo.*undo history \(undo\/state\.json\) was damaged.*kept as backups\/corrupt-[^/]+\/undo-state\.json/)
    const aside = readdirSync(path.join(dir, 'backups')).find((n) => n.startsWith('corrupt-'))!
    expect(readFileSync(path.join(dir, 'backups', aside, 'undo-state.json'), 'utf8')).toContain('"lab')
    // The history goes on from there.
    await cli(dir, 'edit', added.id, '--title', 'Three')
    expect((await cli(dir, 'undo-state')).out).toMatch(/^undo: .*\(1 change\(s\)\)/)
  })

  it('repairs a lone surrogate at input, keeps % and bidi controls out of names, and the bag imports back', async () => {
    const a = await Archive.open(newArchivePath())
    try {
      // Through the API, where every input comes in.
      const call = createDispatcher(() => a, { allow: ['app'] })
      const created = await call('items:create', { fields: { title: 'Summit \ud83d report', tags: ['x\udc00'] } })
      if (!created.ok) throw new Error(created.message)
      const item = created.value as Item
      expect(item.title).toBe('Summit \ufffd report')
      expect(item.tags).toEqual(['x\ufffd'])
      const src = path.join(tempDir(), 'invoice\u202efdp.exe 100% final.txt')
      await fsp.writeFile(src, 'payload')
      const attached = await a.attachPaths(item.id, [src])
      expect(attached.attachments[0].name).toBe('invoicefdp.exe 100% final.txt')
      const bag = path.join(tempDir(), 'bag')
      await exportItems(a, [item.id], { format: 'bagit', out: bag })
      const report = validateBag(bag)
      expect(report.errors).toEqual([])
      expect(report.payloadFiles.filter((f) => /[%\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(f))).toEqual([])
      expect(report.payloadFiles.some((f) => f.endsWith('invoicefdp.exe 100_ final.txt'))).toBe(true)
      const b = await Archive.open(newArchivePath())
      try {
        const summary = await importBag(b, bag)
        expect(summary.imported).toEqual([item.id])
        expect(await b.getItem(item.id)).toMatchObject({ title: 'Summit \ufffd report' })
      } finally {
        await b.close()
      }
    } finally {
      await a.close()
    }
  })

  it('removes what a killed export left beside its destination, never what a live one is writing', async () => {
    const a = await Archive.open(newArchivePath())
    try {
      const item = await a.createItem({ title: 'Exported' })
      const dest = tempDir()
      const dead = `.old.csv.partial-999999-0123abcd`
      const live = `.other.csv.partial-${process.ppid}-89abcdef`
      writeFileSync(path.join(dest, dead), 'half')
      await fsp.mkdir(path.join(dest, `.bag.partial-999998-00ff00ff`))
      writeFileSync(path.join(dest, live), 'being written')
      await exportItems(a, [item.id], { format: 'csv', out: path.join(dest, 'out.csv') })
      expect(readdirSync(dest).sort()).toEqual([live, 'out.csv'].sort())
    } finally {
      await a.close()
    }
  })

  it('bounds --body-file: /dev/zero is refused with the limit named instead of filling the memory', async () => {
    const dir = newArchivePath()
    const r = await cli(dir, 'add', '--title', 'Endless', '--body-file', '/dev/zero')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/\/dev\/zero is larger than 64 MB/)
    expect(existsSync(path.join(dir, 'archive.json')) ? JSON.parse((await cli(dir, '--json', 'list')).out).total : 0).toBe(0)
  })

  it('refuses a Word file whose text markup unpacks past the bound, before reading it', async () => {
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    const para = '<w:p><w:r><w:t>The minister spoke about the harvest.</w:t></w:r></w:p>'
    zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${para.repeat(Math.ceil((40 * 1024 * 1024) / para.length))}</w:body></w:document>`)
    const file = path.join(tempDir(), 'bomb.docx')
    await fsp.writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } }))
    expect((await fsp.stat(file)).size).toBeLessThan(2 * 1024 * 1024)
    await expect(extractDocx(file)).rejects.toMatchObject({ issue: 'TOO_LARGE', message: expect.stringMatching(/40\.0 MB of text markup.*up to 32\.0 MB/) })
  })
})
