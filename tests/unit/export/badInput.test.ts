import { execFileSync } from 'node:child_process'
import { existsSync, promises as fsp, readdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportItems } from '../../../electron/core/export'
import { NameAllocator, safeFileName } from '../../../electron/core/export/names'
import { writeError } from '../../../electron/core/export/output'
import { filesFolderOf } from '../../pg/backend'
import { cleanup, makeArchive, type Fixture } from './helpers'

let f: Fixture

beforeAll(async () => {
  f = await makeArchive()
})
afterAll(async () => {
  await cleanup(f)
})

/** Makes a folder unwritable, for root too (chattr +i) when chmod alone does not stop root. */
function makeReadOnly(dir: string): () => void {
  execFileSync('chmod', ['555', dir])
  const probe = path.join(dir, '.probe')
  let writable = true
  try {
    writeFileSync(probe, 'x')
    execFileSync('rm', ['-f', probe])
  } catch {
    writable = false
  }
  if (writable) execFileSync('chattr', ['+i', dir])
  return () => {
    if (writable) execFileSync('chattr', ['-i', dir])
    execFileSync('chmod', ['755', dir])
  }
}

describe('export destinations', () => {
  // A team archive's folders are its files folder and this process's working folder (its root).
  it('refuses to write into the archive folder, or over it', async () => {
    const files = filesFolderOf(f.where)
    for (const out of [path.join(f.archive.root, 'export.csv'), path.join(files, 'bag'), f.archive.root, f.where, files, f.dir]) {
      await expect(exportItems(f.archive, f.ids, { format: 'bagit', out })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'out' })
    }
    expect(existsSync(path.join(f.archive.root, 'export.csv'))).toBe(false)
    expect(existsSync(path.join(files, 'bag'))).toBe(false)
  })

  it('refuses through a symbolic link that leads into the archive', async () => {
    const link = path.join(f.dir, 'link-to-archive')
    await fsp.symlink(f.where, link)
    await expect(exportItems(f.archive, f.ids, { format: 'csv', out: path.join(link, 'x.csv') })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(existsSync(path.join(f.where, 'x.csv'))).toBe(false)
  })

  it('says a read-only destination is read-only and leaves nothing there', async () => {
    const dir = path.join(f.dir, 'readonly')
    await fsp.mkdir(dir)
    const restore = makeReadOnly(dir)
    try {
      for (const format of ['bagit', 'csv'] as const) {
        const err = await exportItems(f.archive, f.ids, { format, out: path.join(dir, `out-${format}`) }).catch((e) => e)
        expect(err).toMatchObject({ code: 'IO_ERROR', field: 'out' })
        expect(err.message).toMatch(/read-only|permission denied/)
      }
      expect(readdirSync(dir)).toEqual([])
    } finally {
      restore()
    }
  })

  it('says a full disk is full and leaves nothing there', async () => {
    const dir = path.join(f.dir, 'tiny-disk')
    await fsp.mkdir(dir)
    let mounted = false
    try {
      // A 1 MB file system (root only): the bag's 1.2 MB of PDFs cannot fit.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' })
      mounted = true
    } catch {
      mounted = false
    }
    try {
      if (mounted) {
        const err = await exportItems(f.archive, f.ids, { format: 'bagit', out: path.join(dir, 'bag') }).catch((e) => e)
        expect(err).toMatchObject({ code: 'DISK_FULL', field: 'out' })
        expect(err.message).toMatch(/the disk is full/)
        expect(readdirSync(dir)).toEqual([])
      } else {
        // Without the right to mount, the message for a full disk is checked directly.
        const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' })
        expect(writeError('/x/bag', enospc)).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/the disk is full/) })
      }
    } finally {
      if (mounted) execFileSync('umount', [dir])
    }
  })

  it('does not overwrite an existing file unless asked, nor a folder that holds anything', async () => {
    const file = path.join(f.dir, 'existing.csv')
    writeFileSync(file, 'keep me')
    await expect(exportItems(f.archive, f.ids, { format: 'csv', out: file })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await fsp.readFile(file, 'utf8')).toBe('keep me')
    await exportItems(f.archive, f.ids, { format: 'csv', out: file, overwrite: true })
    expect((await fsp.readFile(file, 'utf8')).startsWith('\ufeffid,title')).toBe(true)
    const folder = path.join(f.dir, 'busy')
    await fsp.mkdir(folder)
    writeFileSync(path.join(folder, 'a.txt'), 'a')
    await expect(exportItems(f.archive, f.ids, { format: 'bagit', out: folder, overwrite: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(readdirSync(folder)).toEqual(['a.txt'])
  })

  it('refuses unknown items, no items and unknown formats before writing anything', async () => {
    const out = path.join(f.dir, 'never')
    await expect(exportItems(f.archive, [...f.ids, 'zzzzzzzzzzzz'], { format: 'json', out })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(exportItems(f.archive, [], { format: 'json', out })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(exportItems(f.archive, f.ids, { format: 'pdf' as never, out })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'format' })
    expect(existsSync(out)).toBe(false)
  })

  it('cancels cleanly: the promise rejects and no partial output is left', async () => {
    const parent = path.join(f.dir, 'cancel')
    await fsp.mkdir(parent)
    const ac = new AbortController()
    const done = exportItems(f.archive, f.ids, {
      format: 'bagit-zip',
      out: path.join(parent, 'bag.zip'),
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 2) ac.abort()
      }
    })
    await expect(done).rejects.toMatchObject({ name: 'AbortError' })
    expect(readdirSync(parent)).toEqual([])
  })

  it('reports progress up to the total', async () => {
    const seen: number[] = []
    await exportItems(f.archive, f.ids, { format: 'bagit', out: path.join(f.dir, 'progress-bag'), onProgress: (p) => seen.push(p.done) })
    expect(seen[seen.length - 1]).toBe(f.ids.length)
  })
})

describe('safe file names', () => {
  it('turns unsafe titles into safe, readable, unique names', () => {
    expect(safeFileName('..')).toBe('file')
    expect(safeFileName('.')).toBe('file')
    expect(safeFileName('CON')).toBe('_CON')
    expect(safeFileName('con.txt')).toBe('_con.txt')
    expect(safeFileName('LPT1')).toBe('_LPT1')
    expect(safeFileName('a/b\\c')).toBe('a_b_c')
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd')
    expect(safeFileName('name. ')).toBe('name')
    const long = safeFileName('é'.repeat(300) + '.pdf')
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(180)
    expect(long.endsWith('.pdf')).toBe(true)
    const emoji = safeFileName('🇲🇦'.repeat(100))
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(180)
    expect(emoji).not.toContain('\ufffd')
    expect([...emoji].every((c) => c === '🇲' || c === '🇦')).toBe(true)
    const names = new NameAllocator()
    expect(names.take('d', 'Report.pdf')).toBe('Report.pdf')
    expect(names.take('d', 'report.PDF')).toBe('report (2).PDF')
    expect(names.take('d', 'Report.pdf')).toBe('Report (3).pdf')
    expect(names.take('e', 'Report.pdf')).toBe('Report.pdf')
  })
})
