import { promises as fsp, rmSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { importPaths, startImportJob, shutdownExtraction, terminateOcr } from '../../../electron/core/import/files'
import type { JobProgress } from '../../../electron/core/jobs/JobRunner'
import { CORPUS, makeEml, pngHeaderOnly, renderTextImage, tempDir } from './helpers'

const dirs: string[] = []
afterAll(async () => {
  await shutdownExtraction()
  await terminateOcr()
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true })
})
const newDir = async () => {
  const d = await tempDir()
  dirs.push(d)
  return d
}

/** 1,000 small mixed files (text, HTML, CSV, JSON) in nested folders, plus hidden/system files. */
async function mixedFolder(root: string, n = 1000): Promise<void> {
  for (let i = 0; i < n; i++) {
    const sub = path.join(root, `batch-${Math.floor(i / 100)}`)
    await fsp.mkdir(sub, { recursive: true })
    const k = i % 4
    const name = `doc-${String(i).padStart(4, '0')}`
    if (k === 0) await fsp.writeFile(path.join(sub, `${name}.txt`), `Press note ${i}\n\nThe ministry said on day ${i} that work continues.`)
    else if (k === 1) await fsp.writeFile(path.join(sub, `${name}.html`), `<html><head><title>Article ${i}</title><meta name="date" content="2020-01-${String((i % 28) + 1).padStart(2, '0')}"></head><body><p>Body ${i}.</p></body></html>`)
    else if (k === 2) await fsp.writeFile(path.join(sub, `${name}.csv`), `title,date,tags\nRow A of ${i},2021-03-04,a;b\nRow B of ${i},2021-03-05,c\n`)
    else await fsp.writeFile(path.join(sub, `${name}.md`), `# Statement ${i}\n\nText of statement ${i}.`)
  }
  await fsp.writeFile(path.join(root, '.DS_Store'), 'x')
  await fsp.writeFile(path.join(root, 'Thumbs.db'), 'x')
  await fsp.writeFile(path.join(root, 'video.mkv'), Buffer.alloc(1024))
}

/** What an archive holds, independent of ids and times. */
async function contents(a: Archive): Promise<string[]> {
  const out: string[] = []
  for (const r of a.catalog.all()) {
    const body = (await a.texts.get(r.id)).body
    out.push(JSON.stringify([r.provenance?.sha256, r.provenance?.source, r.title, r.date, r.tags, body, r.attachments.map((x) => [x.name, x.sha256])]))
  }
  return out.sort()
}

describe('importPaths', () => {
  // 500 files here to keep the suite fast (every file is committed with fsyncs); the bench imports 1,000.
  it('imports a folder of 500 mixed files with progress, cancels midway, resumes to the same archive as an uninterrupted import', async () => {
    const base = await newDir()
    const src = path.join(base, 'src')
    await mixedFolder(src, 500)

    const ref = await Archive.open(path.join(base, 'ref'))
    const full = await importPaths(ref, [src])
    expect(full.total).toBe(500)
    expect(full.imported).toBe(500)
    expect(full.failed).toEqual([])
    expect(full.skipped.map((s) => s.code)).toEqual(['UNSUPPORTED']) // video.mkv; hidden/system files are not even listed
    expect(ref.info().counts.items).toBe(625) // 375 single files + 125 CSVs × 2 rows

    const a = await Archive.open(path.join(base, 'a'))
    const events: JobProgress[] = []
    a.on('jobs:progress', (p) => events.push(p as JobProgress))
    const job = startImportJob(a, [src])
    // Cancel once a few hundred files are in.
    await new Promise<void>((resolve) => {
      const off = a.on('jobs:progress', (p) => {
        if (p.done >= 150) {
          off()
          job.cancel()
          resolve()
        }
      })
    })
    const outcome = await job.done
    expect(outcome.state).toBe('cancelled')
    expect(outcome.result!.cancelled).toBe(true)
    const partial = outcome.result!.imported
    expect(partial).toBeGreaterThanOrEqual(150)
    expect(partial).toBeLessThan(500)
    expect(events[0]).toMatchObject({ kind: 'import', state: 'running' })
    expect(events.some((e) => e.total === 500 && e.done > 0 && /\.(txt|html|csv|md)$/.test(e.current))).toBe(true)
    expect(events.at(-1)!.state).toBe('cancelled')
    const dones = events.map((e) => e.done)
    expect(dones).toEqual([...dones].sort((x, y) => x - y))

    const resumed = await importPaths(a, [src])
    expect(resumed.imported).toBe(500 - partial)
    expect(resumed.skipped.filter((s) => s.code === 'ALREADY_IMPORTED')).toHaveLength(partial)
    expect(await contents(a)).toEqual(await contents(ref))

    await ref.close()
    await a.close()
  })

  it('gives each bad input a clear line and goes on; a file removed mid-import is reported, nothing half-made', async () => {
    const base = await newDir()
    const src = path.join(base, 'in')
    await fsp.mkdir(src)
    await fsp.writeFile(path.join(src, 'a-empty.pdf'), '')
    await fsp.writeFile(path.join(src, 'b-corrupt.pdf'), '%PDF-1.7\nthis is not a pdf at all')
    await fsp.writeFile(path.join(src, 'c-huge.png'), pngHeaderOnly(30_000, 30_000))
    await fsp.writeFile(path.join(src, 'd-good.txt'), 'A good note\n\nbody')
    await fsp.writeFile(path.join(src, 'e-vanishing.txt'), 'Will be removed\n\nbody')
    await fsp.writeFile(path.join(src, 'f-good.txt'), 'Another good note\n\nbody')
    await fsp.symlink('/etc/hostname', path.join(src, 'g-link-out.txt'))
    const a = await Archive.open(path.join(base, 'arch'))
    let removed = false
    const s = await importPaths(a, [src, '../../x', path.join(base, 'missing.pdf')], {
      lookahead: 1,
      onProgress: () => {
        // Removed once the import has listed the files (the first progress report comes right
        // after the walk), synchronously: removing it later, without waiting, raced the
        // lookahead that may already have read it.
        if (!removed) rmSync(path.join(src, 'e-vanishing.txt'), { force: true })
        removed = true
      }
    })
    expect(removed).toBe(true)
    const line = (name: string) => [...s.skipped, ...s.failed].find((l) => l.path.endsWith(name))
    expect(line('a-empty.pdf')).toMatchObject({ code: 'EMPTY' })
    expect(line('b-corrupt.pdf')).toMatchObject({ code: 'CORRUPT' })
    expect(line('c-huge.png')).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('30,000 × 30,000 pixels') })
    expect(line('e-vanishing.txt')).toMatchObject({ code: 'GONE' })
    expect(line('g-link-out.txt')).toMatchObject({ code: 'OUTSIDE_FOLDER' })
    expect(line('../../x')).toMatchObject({ code: 'UNSAFE_NAME' })
    expect(line('missing.pdf')).toMatchObject({ code: 'GONE' })
    expect(s.imported).toBe(2)
    const titles = [...a.catalog.all()].map((r) => r.title).sort()
    expect(titles).toEqual(['A good note', 'Another good note'])
    for (const r of a.catalog.all()) {
      expect(r.attachments).toHaveLength(1)
      expect(r.provenance).toMatchObject({ method: 'file-import', sha256: r.attachments[0].sha256 })
    }
    await a.close()
  })

  it('imports PDFs (in a worker), an e-mail with its attachment text, an OCR image; flags near-duplicates; skips the same file twice', async () => {
    const base = await newDir()
    const src = path.join(base, 'in')
    await fsp.mkdir(src)
    await fsp.copyFile(path.join(CORPUS, 'pdf/2023-06-20-PV.pdf'), path.join(src, 'pv.pdf'))
    await fsp.copyFile(path.join(CORPUS, 'pdf/2023-06-20-PV.pdf'), path.join(src, 'pv-copy.pdf'))
    await fsp.writeFile(path.join(src, 'mail.eml'), makeEml({
      subject: 'Statement on water', from: 'Press <press@example.org>', to: 'desk@example.org', date: 'Tue, 22 Nov 2022 10:00:00 +0000',
      body: 'See the attached statement.', attachments: [{ name: 'statement.txt', type: 'text/plain', content: Buffer.from('Full statement on the water programme.') }]
    }))
    await fsp.writeFile(path.join(src, 'note1.txt'), 'Statement on water\n\nfirst version')
    await fsp.writeFile(path.join(src, 'scan.png'), await renderTextImage(['Archive scan of the weekly bulletin'], { width: 900 }))
    const a = await Archive.open(path.join(base, 'arch'))
    const s = await importPaths(a, [src], { ocrLanguages: ['eng'] })
    expect(s.failed).toEqual([])
    expect(s.imported).toBe(4)
    expect(s.skipped.map((x) => x.code)).toEqual(['DUPLICATE_IN_BATCH'])
    const byTitle = new Map([...a.catalog.all()].map((r) => [r.title, r]))
    const mail = [...a.catalog.all()].find((r) => r.attachments[0]?.name === 'mail.eml')!
    expect(mail.attachments.map((x) => x.name)).toEqual(['mail.eml', 'statement.txt'])
    const texts = await a.texts.get(mail.id)
    expect(texts.body).toBe('See the attached statement.')
    expect(Object.values(texts.attachments)).toEqual(['Full statement on the water programme.'])
    const pv = [...byTitle.values()].find((r) => r.title.startsWith('Comité de démolition'))!
    expect((await a.texts.get(pv.id)).body).toContain('PROCÈS-VERBAL')
    const scan = [...byTitle.values()].find((r) => r.attachments[0]?.name === 'scan.png')!
    expect((await a.texts.get(scan.id)).body).toContain('weekly bulletin')

    // Near duplicate: another file with the same title and date as the e-mail.
    const dup = path.join(base, 'dup.html')
    await fsp.writeFile(dup, '<html><head><title>Statement on water</title><meta name="date" content="2022-11-22"></head><body>x</body></html>')
    const s2 = await importPaths(a, [dup, path.join(src, 'pv.pdf')])
    // (note1.txt has the same title but no date: not flagged; the e-mail has both)
    expect(s2.duplicates).toEqual([{ path: dup, itemId: expect.any(String), similarTo: mail.id }])
    expect(s2.skipped.map((x) => x.code)).toEqual(['ALREADY_IMPORTED'])
    await a.close()
  })
})
