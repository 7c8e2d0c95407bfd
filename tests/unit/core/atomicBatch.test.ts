// A change to many files, all or nothing: the batch itself, and the recovery at open of what a
// crash leaves (built here by hand, file by file, as the crash test's SIGKILLs leave it).
import { describe, it, expect } from 'vitest'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { AtomicBatch } from '../../../electron/core/commit/AtomicBatch'
import { recoverIntents } from '../../../electron/core/commit/recover'
import { Archive } from '../../../electron/core/Archive'
import { checkArchive } from '../../../electron/core/safety/integrity'
import { newArchivePath, tempDir } from '../helpers'

describe('AtomicBatch', () => {
  it('replaces, removes and appends in one commit, leaving nothing staged', async () => {
    const root = tempDir()
    writeFileSync(path.join(root, 'a.json'), 'old a')
    writeFileSync(path.join(root, 'gone.json'), 'to remove')
    writeFileSync(path.join(root, 'log.jsonl'), '{"torn')
    const batch = new AtomicBatch(root, 'test')
    for (let i = 0; i < 50; i++) batch.write(path.join(root, i === 0 ? 'a.json' : `sub/f${i}.json`), `new ${i}`)
    batch.remove(path.join(root, 'gone.json')).append(path.join(root, 'log.jsonl'), '{"n":1}\n')
    let after = false
    batch.afterCommit(() => (after = true))
    await batch.commit()
    expect(readFileSync(path.join(root, 'a.json'), 'utf8')).toBe('new 0')
    expect(readFileSync(path.join(root, 'sub', 'f49.json'), 'utf8')).toBe('new 49')
    expect(existsSync(path.join(root, 'gone.json'))).toBe(false)
    // A torn last line does not swallow the appended one.
    expect(readFileSync(path.join(root, 'log.jsonl'), 'utf8')).toBe('{"torn\n{"n":1}\n')
    expect(after).toBe(true)
    expect(readdirSync(path.join(root, 'intents'))).toEqual([])
  })

  it('changes nothing when one file cannot be placed, and refuses targets outside the archive', async () => {
    const root = tempDir()
    writeFileSync(path.join(root, 'a.json'), 'old a')
    writeFileSync(path.join(root, 'blocker'), 'a file where a folder should be')
    const batch = new AtomicBatch(root, 'test').write(path.join(root, 'a.json'), 'new a').write(path.join(root, 'blocker', 'b.json'), 'new b')
    await expect(batch.commit()).rejects.toThrow()
    expect(readFileSync(path.join(root, 'a.json'), 'utf8')).toBe('old a')
    expect(readdirSync(path.join(root, 'intents'))).toEqual([])
    expect(() => new AtomicBatch(root, 'x').write(path.join(root, '..', 'evil.json'), 'x')).toThrow(/inside its archive/)
  })
})

/** What a batch leaves when killed: its staged files, and its intent record if it got that far. */
function leftByCrash(root: string, name: string, staged: Record<string, string>, record?: object): void {
  const dir = path.join(root, 'intents', name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(staged)) writeFileSync(path.join(dir, file), text)
  if (record) writeFileSync(path.join(dir, 'intent.json'), JSON.stringify(record))
}

describe('recovery of an interrupted batch at open', () => {
  it('finishes one whose intent record is complete, once, and rolls back one whose record is missing', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'cat'))
    writeFileSync(path.join(root, 'cat', 'a.json'), 'old a')
    writeFileSync(path.join(root, 'cat', 'b.json'), 'new b') // renamed before the crash
    writeFileSync(path.join(root, 'cat', 'c.json'), 'old c')
    writeFileSync(path.join(root, 'cat', 'old.json'), 'made after the snapshot')
    const lines = '{"op":"bulk-edit","id":"x"}\n'
    leftByCrash(root, '0001', { w0: 'new a', a0: lines }, {
      format: 'presskeep-intent-1',
      label: 'Bulk edit of 2 items',
      created: '2026-01-01T00:00:00.000Z',
      writes: [
        { target: 'cat/a.json', staged: 'w0', bytes: 5 },
        { target: 'cat/b.json', staged: 'w1', bytes: 5 }
      ],
      removals: ['cat/old.json'],
      appends: [{ file: 'journal/2026-01.jsonl', staged: 'a0', bytes: lines.length }]
    })
    leftByCrash(root, '0002', { 'label.txt': 'Rename tag x', w0: 'new c' })
    const recovered = await recoverIntents(root)
    expect(recovered.map((r) => [r.label, r.outcome])).toEqual([
      ['Bulk edit of 2 items', 'completed'],
      ['Rename tag x', 'rolled-back']
    ])
    expect(readFileSync(path.join(root, 'cat', 'a.json'), 'utf8')).toBe('new a')
    expect(readFileSync(path.join(root, 'cat', 'b.json'), 'utf8')).toBe('new b')
    expect(readFileSync(path.join(root, 'cat', 'c.json'), 'utf8')).toBe('old c')
    expect(existsSync(path.join(root, 'cat', 'old.json'))).toBe(false)
    const journal = readFileSync(path.join(root, 'journal', '2026-01.jsonl'), 'utf8')
    expect(journal.split(lines).length - 1).toBe(1)
    expect(readdirSync(path.join(root, 'intents'))).toEqual([])
    expect(await recoverIntents(root)).toEqual([])
  })

  it('does not append the journal lines twice when the crash came after they were appended', async () => {
    const root = tempDir()
    const lines = '{"op":"undo","id":"y"}\n'
    mkdirSync(path.join(root, 'journal'))
    writeFileSync(path.join(root, 'journal', '2026-02.jsonl'), '{"op":"create"}\n' + lines)
    leftByCrash(root, '0003', { a0: lines }, { format: 'presskeep-intent-1', label: 'Undo', created: 'x', writes: [], removals: [], appends: [{ file: 'journal/2026-02.jsonl', staged: 'a0', bytes: lines.length }] })
    await recoverIntents(root)
    expect(readFileSync(path.join(root, 'journal', '2026-02.jsonl'), 'utf8')).toBe('{"op":"create"}\n' + lines)
  })

  it('refuses a record naming a path outside the archive (rolled back, nothing written there)', async () => {
    const root = tempDir()
    leftByCrash(root, '0004', { w0: 'evil' }, { format: 'presskeep-intent-1', label: 'x', created: 'x', writes: [{ target: '../evil.json', staged: 'w0', bytes: 4 }], removals: [], appends: [] })
    const [r] = await recoverIntents(root)
    expect(r.outcome).toBe('rolled-back')
    expect(existsSync(path.join(root, '..', 'evil.json'))).toBe(false)
  })

  it('is reported by the integrity check until a check has been journalled after it', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const [item] = await a.createItems([{ title: 'One' }])
    await a.close()
    leftByCrash(dir, '0005', { 'label.txt': 'Bulk edit of 1 item', w0: 'x' })
    const b = await Archive.open(dir)
    try {
      expect(b.recovered.map((r) => r.outcome)).toEqual(['rolled-back'])
      expect((await b.getItem(item.id)).title).toBe('One')
      const report = await checkArchive(b)
      expect(report.ok).toBe(true)
      const notes = report.issues.filter((i) => i.kind === 'change-interrupted')
      expect(notes).toHaveLength(1)
      expect(notes[0].message).toContain('“Bulk edit of 1 item” was interrupted by a crash before it began to apply, and was rolled back')
      await b.journal.append({ op: 'check', after: { ok: true } })
      expect((await checkArchive(b)).issues.filter((i) => i.kind === 'change-interrupted')).toHaveLength(0)
    } finally {
      await b.close()
    }
  })
})

describe('recovery of a batch whose record was written in the same wait as its staged files', () => {
  const crcOf = (text: string) => crc32(Buffer.from(text))
  /** A small batch's record: each staged file's size and checksum (AtomicBatch's one wave). */
  const record = (writes: Array<[string, string, string]>, lines?: string) => ({
    format: 'presskeep-intent-1',
    label: 'Edit “One”',
    created: '2026-01-01T00:00:00.000Z',
    writes: writes.map(([target, staged, text]) => ({ target, staged, bytes: Buffer.byteLength(text), crc32: crcOf(text) })),
    removals: [],
    appends: lines === undefined ? [] : [{ file: 'journal/2026-01.jsonl', staged: 'a0', bytes: Buffer.byteLength(lines), crc32: crcOf(lines) }]
  })
  const setUp = () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'cat'))
    writeFileSync(path.join(root, 'cat', 'a.json'), 'old a')
    writeFileSync(path.join(root, 'cat', 'b.json'), 'old b')
    return root
  }
  const read = (root: string, f: string) => readFileSync(path.join(root, 'cat', f), 'utf8')
  const lines = '{"op":"update","id":"x"}\n'

  it('rolls back when a staged file is torn or missing and its target does not hold it (the power failed before the wait ended)', async () => {
    const root = setUp()
    // Torn: the record reached the disk, one staged file only in part.
    leftByCrash(root, '0001', { w0: 'new a', w1: 'new', a0: lines }, record([['cat/a.json', 'w0', 'new a'], ['cat/b.json', 'w1', 'new b']], lines))
    // Missing, its target still old: it never reached the disk.
    leftByCrash(root, '0002', { w1: 'new b', a0: lines }, record([['cat/a.json', 'w0', 'new a'], ['cat/b.json', 'w1', 'new b']], lines))
    // The journal lines missing while a staged file is left: they never reached the disk either.
    leftByCrash(root, '0003', { w0: 'new a', w1: 'new b' }, record([['cat/a.json', 'w0', 'new a'], ['cat/b.json', 'w1', 'new b']], lines))
    const recovered = await recoverIntents(root)
    expect(recovered.map((r) => r.outcome)).toEqual(['rolled-back', 'rolled-back', 'rolled-back'])
    expect([read(root, 'a.json'), read(root, 'b.json')]).toEqual(['old a', 'old b'])
    expect(existsSync(path.join(root, 'journal', '2026-01.jsonl'))).toBe(false)
    expect(readdirSync(path.join(root, 'intents'))).toEqual([])
  })

  it('rolls forward when each staged file is whole or already renamed over its target', async () => {
    const root = setUp()
    writeFileSync(path.join(root, 'cat', 'b.json'), 'new b') // renamed before the crash
    leftByCrash(root, '0004', { w0: 'new a', a0: lines }, record([['cat/a.json', 'w0', 'new a'], ['cat/b.json', 'w1', 'new b']], lines))
    const recovered = await recoverIntents(root)
    expect(recovered.map((r) => r.outcome)).toEqual(['completed'])
    expect([read(root, 'a.json'), read(root, 'b.json')]).toEqual(['new a', 'new b'])
    expect(readFileSync(path.join(root, 'journal', '2026-01.jsonl'), 'utf8')).toBe(lines)
  })

  it('stages a small batch in one wait with checksums, and a large one without (its files fsynced before the record)', async () => {
    const root = tempDir()
    const seen: object[] = []
    // The record as the batch wrote it, read when the first rename would move it away.
    const watch = (n: number) => {
      const batch = new AtomicBatch(root, `n${n}`)
      for (let i = 0; i < n; i++) batch.write(path.join(root, 'cat', `f${i}.json`), `v${i}`)
      batch.append(path.join(root, 'journal', 'j.jsonl'), '{"n":1}\n')
      return batch
    }
    const small = watch(4)
    const large = watch(40)
    const realRename = (await import('node:fs')).promises.rename
    const fsp = (await import('node:fs')).promises as unknown as { rename: typeof realRename }
    fsp.rename = async (from, to) => {
      const intent = path.join(path.dirname(String(from)), 'intent.json')
      if (existsSync(intent)) seen.push(JSON.parse(readFileSync(intent, 'utf8')))
      return realRename(from, to)
    }
    try {
      await small.commit()
      await large.commit()
    } finally {
      fsp.rename = realRename
    }
    const byLabel = (label: string) => seen.find((r) => (r as { label: string }).label === label) as { writes: Array<{ crc32?: number; bytes: number }>; appends: Array<{ crc32?: number }> }
    expect(byLabel('n4').writes.map((w) => w.crc32)).toEqual([0, 1, 2, 3].map((i) => crcOf(`v${i}`)))
    expect(byLabel('n4').appends[0].crc32).toBe(crcOf('{"n":1}\n'))
    expect(byLabel('n40').writes.every((w) => w.crc32 === undefined)).toBe(true)
    expect(readFileSync(path.join(root, 'cat', 'f39.json'), 'utf8')).toBe('v39')
  })
})
