import { describe, it, expect } from 'vitest'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { spawnSync } from 'node:child_process'
import { Archive } from '../../../electron/core/Archive'
import { shardOf } from '../../../electron/core/ids'
import { ARCHIVE_FORMAT_VERSION } from '../../../shared/model'
import { corpus, newArchivePath, tempDir } from '../helpers'

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('archive folder', () => {
  it('creates the v1 layout with a manifest on first open', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const manifest = JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8'))
    expect(manifest.format).toBe('presskeep-archive')
    expect(manifest.version).toBe(ARCHIVE_FORMAT_VERSION)
    expect(manifest.id).toMatch(/^[0-9a-f-]{36}$/)
    for (const sub of ['catalog/items', 'text', 'files/sha256', 'index', 'journal', 'backups'])
      expect(statSync(path.join(dir, sub)).isDirectory()).toBe(true)
    await a.close()
  })

  it('keeps every field exactly across close and reopen', async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    const fields = {
      title: 'Fez hosts the migration conference',
      date: '2022-11-22/2022-11-25',
      type: 'press-release' as const,
      language: 'en',
      outlet: 'ISESCO',
      byline: 'Media department',
      description: 'Opening of the conference.',
      body: 'Fez, Kingdom of Morocco — Dr. Salim M. AlMalik opened… « École » العربية',
      notes: 'Check the date range.',
      rights: 'CC BY 4.0',
      identifier: 'ISE-2022-117',
      tags: ['migration', 'region/africa'],
      people: ['Salim M. AlMalik'],
      organisations: ['International Organization for Migration'],
      places: ['Fez']
    }
    const created = await a.createItem(fields)
    const edited = await a.updateItem(created.id, { outlet: 'ISESCO News', body: fields.body + ' (edited)' })
    await a.attachPaths(created.id, [corpus('pdf', 'scotus-transcript-p1.pdf')])
    const before = await a.getItem(created.id)
    await a.close()

    a = await Archive.open(dir)
    const after = await a.getItem(created.id)
    expect(after).toEqual(before)
    expect(after.outlet).toBe('ISESCO News')
    expect(after.body.endsWith('(edited)')).toBe(true)
    expect(edited.modified >= created.modified).toBe(true)
    expect(after.attachments[0].sha256).toBe(sha256(corpus('pdf', 'scotus-transcript-p1.pdf')))
    await a.close()
  })

  it('saves an edit by rewriting one small shard, not the catalogue', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const items = await a.createItems(Array.from({ length: 300 }, (_, i) => ({ title: `Item ${i}`, body: 'x'.repeat(500) })))
    const shardDir = path.join(dir, 'catalog', 'items')
    // A rewritten shard is a new file (written aside, then renamed over the old one) or new bytes.
    const fingerprint = (f: string) => `${statSync(path.join(shardDir, f)).ino}:${readFileSync(path.join(shardDir, f), 'utf8')}`
    const before = new Map(readdirSync(shardDir).map((f) => [f, fingerprint(f)]))
    await a.updateItem(items[7].id, { title: 'Changed' })
    const changed = readdirSync(shardDir).filter((f) => fingerprint(f) !== before.get(f))
    expect(changed).toEqual([`${shardOf(items[7].id)}.json`])
    // Long texts stay out of the catalogue files.
    const shardText = readFileSync(path.join(shardDir, changed[0]), 'utf8')
    expect(shardText).not.toContain('x'.repeat(500))
    // Default values are left out on disk and restored on reading.
    expect(shardText).not.toContain('"dateSource"')
    expect(shardText).toContain('"title":"Changed"')
    await a.close()
  })

  it('stores an attachment once by SHA-256, whatever its name', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const one = await a.createItem({ title: 'One' })
    const two = await a.createItem({ title: 'Two' })
    const src = corpus('pdf', '2023-06-20-PV.pdf')
    const copy = path.join(tempDir(), 'renamed copy.pdf')
    writeFileSync(copy, readFileSync(src))
    await a.attachPaths(one.id, [src])
    const t = await a.attachPaths(two.id, [copy])
    expect(t.attachments[0].name).toBe('renamed copy.pdf')
    const sha = sha256(src)
    const stored = path.join(dir, 'files', 'sha256', sha.slice(0, 2), sha)
    expect(sha256(stored)).toBe(sha)
    const all = readdirSync(path.join(dir, 'files', 'sha256'), { recursive: true }).filter((f) =>
      statSync(path.join(dir, 'files', 'sha256', String(f))).isFile()
    )
    expect(all).toHaveLength(1)
    await a.close()
  })

  it('streams a large attachment without reading it whole', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Big' })
    const chunk = Buffer.alloc(1024 * 1024, 7)
    const total = 256 // 256 MB through a stream that never exists whole in memory
    let sent = 0
    const hash = createHash('sha256')
    const source = new Readable({
      read() {
        if (sent++ < total) {
          hash.update(chunk)
          this.push(chunk)
        } else this.push(null)
      }
    })
    const heapBefore = process.memoryUsage().heapUsed
    const updated = await a.attachStream(item.id, 'video.bin', source)
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore
    expect(updated.attachments[0].size).toBe(total * chunk.length)
    expect(updated.attachments[0].sha256).toBe(hash.digest('hex'))
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024)
    await a.close()
  })

  it('refuses a missing or unreadable file by name and attaches nothing', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'x' })
    const missing = path.join(tempDir(), 'nope.pdf')
    await expect(a.attachPaths(item.id, [corpus('pdf', '2023-06-20-PV.pdf'), missing])).rejects.toThrow(/nope\.pdf: no such file/)
    await expect(a.attachPaths(item.id, [tempDir()])).rejects.toThrow(/not a regular file/)
    expect((await a.getItem(item.id)).attachments).toEqual([])
    expect(existsSync(path.join(dir, 'files', 'incoming'))).toBe(false)
    await a.close()
  })

  it('moves items to the trash and back', async () => {
    const a = await Archive.open(newArchivePath())
    const item = await a.createItem({ title: 'Trash me' })
    expect(await a.setTrashed([item.id], true)).toBe(1)
    expect(a.catalog.sorted('trash', 'modified', 'desc').map((r) => r.id)).toEqual([item.id])
    expect(a.catalog.sorted('all', 'modified', 'desc')).toHaveLength(0)
    expect(await a.setTrashed([item.id], true)).toBe(0)
    expect(await a.setTrashed([item.id], false)).toBe(1)
    expect((await a.getItem(item.id)).trashed).toBeNull()
    await a.close()
  })

  it('writes a journal line per change with before and after', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Old title' })
    await a.updateItem(item.id, { title: 'New title' })
    await a.setTrashed([item.id], true)
    const history = await a.journal.history(item.id)
    expect(history.map((h) => h.op)).toEqual(['create', 'update', 'trash'])
    expect(history[1].before).toEqual({ title: 'Old title' })
    expect(history[1].after).toEqual({ title: 'New title' })
    expect(typeof history[1].user).toBe('string')
    await a.close()
  })

  it('lets one process hold an archive; a second gets a clear error', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    await expect(Archive.open(dir)).rejects.toThrow(/open in another window or process/)
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(path.resolve(__dirname, '../../../electron/core/Archive.ts'))}).Archive.open(${JSON.stringify(dir)}).then(()=>process.exit(0),e=>{console.error(e.code+': '+e.message);process.exit(3)})`], { encoding: 'utf8' })
    expect(child.status).toBe(3)
    expect(child.stderr).toContain('ARCHIVE_LOCKED')
    await a.close()
    const again = await Archive.open(dir)
    await again.close()
  })

  it('takes over a stale lock left by a process that died', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    await a.close()
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    writeFileSync(path.join(dir, 'archive.lock'), JSON.stringify({ pid: Number(dead.stdout), host: require('node:os').hostname(), started: '2020-01-01' }))
    const b = await Archive.open(dir)
    await b.close()
  })

  it('refuses an archive from a newer format, untouched', async () => {
    const dir = newArchivePath()
    await (await Archive.open(dir)).close()
    const file = path.join(dir, 'archive.json')
    const m = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...m, version: ARCHIVE_FORMAT_VERSION + 1 }))
    const before = readFileSync(file, 'utf8')
    await expect(Archive.open(dir)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_NEW' })
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(existsSync(path.join(dir, 'archive.lock'))).toBe(false)
  })

  it('names a damaged catalogue file and leaves it as it was', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'x' })
    await a.close()
    const shard = path.join(dir, 'catalog', 'items', `${shardOf(item.id)}.json`)
    writeFileSync(shard, '{"items": {"trunc')
    await expect(Archive.open(dir)).rejects.toThrow(new RegExp(`${shardOf(item.id)}\\.json is damaged`))
    expect(readFileSync(shard, 'utf8')).toBe('{"items": {"trunc')
    expect(existsSync(path.join(dir, 'archive.lock'))).toBe(false)
  })

  it('refuses to turn a folder of other files into an archive', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'thesis.docx'), 'x')
    await expect(Archive.open(dir)).rejects.toThrow(/already holds other files/)
    expect(readdirSync(dir)).toEqual(['thesis.docx'])
  })

  it('sweeps temp files a crash left behind, and keeps committed data', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Survivor' })
    await a.close()
    const shardDir = path.join(dir, 'catalog', 'items')
    writeFileSync(path.join(shardDir, `${shardOf(item.id)}.json.999.1.tmp`), '{"half')
    writeFileSync(path.join(dir, 'tmp', 'abc.json.999.2.tmp'), '{"half')
    mkdirSync(path.join(dir, 'files', 'incoming'), { recursive: true })
    writeFileSync(path.join(dir, 'files', 'incoming', 'upload.1.tmp'), 'partial')
    const b = await Archive.open(dir)
    expect((await b.getItem(item.id)).title).toBe('Survivor')
    expect(readdirSync(shardDir).some((f) => f.endsWith('.tmp'))).toBe(false)
    expect(existsSync(path.join(dir, 'files', 'incoming'))).toBe(false)
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([])
    await b.close()
  })

  it('stored files are read-only', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'x' })
    const it = await a.attachPaths(item.id, [corpus('pdf', '2023-06-20-PV.pdf')])
    const mode = statSync(a.files.pathOf(it.attachments[0].sha256)).mode & 0o777
    expect(mode).toBe(0o444)
    chmodSync(a.files.pathOf(it.attachments[0].sha256), 0o444)
    await a.close()
  })
})
