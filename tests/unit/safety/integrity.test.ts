import { describe, it, expect } from 'vitest'
import { createHash } from 'node:crypto'
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { checkArchive, formatReport } from '../../../electron/core/safety/integrity'
import { relinkFrom, restoreFromBag } from '../../../electron/core/safety/repair'
import { lastCheck, runCheck, scheduleChecks } from '../../../electron/core/safety/api'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { corpus, newArchivePath, tempDir } from '../helpers'

const PDF = corpus('pdf', '2023-06-20-PV.pdf')
const PDF2 = corpus('pdf', 'scotus-transcript-p1.pdf')
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

async function archiveWithFiles() {
  const dir = newArchivePath()
  const a = await Archive.open(dir)
  const one = await a.attachPaths((await a.createItem({ title: 'Minutes', body: 'Procès-verbal' })).id, [PDF])
  const two = await a.attachPaths((await a.createItem({ title: 'Transcript' })).id, [PDF2])
  return { dir, a, one, two }
}

/** Stored files are read-only; the tests damage them as a failing disk or a careless person would. */
function damage(file: string, how: (f: string) => void) {
  chmodSync(file, 0o644)
  how(file)
}

describe('integrity check', () => {
  it('passes a sound archive and hashes every stored file', async () => {
    const { a } = await archiveWithFiles()
    const progress: number[] = []
    const report = await checkArchive(a, { onProgress: (p) => progress.push(p.done) })
    expect(report.ok).toBe(true)
    expect(report.issues).toEqual([])
    expect(report.counts).toMatchObject({ items: 2, attachments: 2, storedFiles: 2 })
    expect(report.counts.bytesHashed).toBe(readFileSync(PDF).length + readFileSync(PDF2).length)
    expect(progress.at(-1)).toBe(report.counts.storedFiles + report.counts.shards)
    expect(formatReport(report)).toContain('Everything checks out')
    await a.close()
  })

  it('finds a changed, a missing and an orphaned file, and says which item each belongs to', async () => {
    const { a, one, two } = await archiveWithFiles()
    const changed = a.files.pathOf(one.attachments[0].sha256)
    damage(changed, (f) => appendFileSync(f, 'bit rot'))
    rmSync(a.files.pathOf(two.attachments[0].sha256))
    const orphanSrc = path.join(tempDir(), 'orphan.txt')
    writeFileSync(orphanSrc, 'nobody wants me')
    const stored = await a.files.putPath(orphanSrc)

    const report = await checkArchive(a)
    expect(report.ok).toBe(false)
    const kinds = report.issues.map((i) => i.kind).sort()
    expect(kinds).toEqual(['file-changed', 'file-missing', 'file-orphan'])
    const missing = report.issues.find((i) => i.kind === 'file-missing')!
    expect(missing).toMatchObject({ severity: 'error', itemId: two.id, sha256: two.attachments[0].sha256 })
    expect(missing.message).toContain('scotus-transcript-p1.pdf')
    expect(report.issues.find((i) => i.kind === 'file-changed')).toMatchObject({ itemId: one.id, repairs: ['relink', 'restore-from-bag'] })
    expect(report.issues.find((i) => i.kind === 'file-orphan')).toMatchObject({ severity: 'warning', sha256: stored.sha256 })
    const text = formatReport(report)
    expect(text).toMatch(/2 problem\(s\) need attention/)
    expect(text).toContain('--repair-relink')
    // Exportable: the JSON round-trips.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
    await a.close()
  })

  it('re-links a moved file by its checksum from a folder, and keeps the damaged copy aside', async () => {
    const { dir, a, one, two } = await archiveWithFiles()
    damage(a.files.pathOf(one.attachments[0].sha256), (f) => writeFileSync(f, 'overwritten'))
    rmSync(a.files.pathOf(two.attachments[0].sha256))
    const before = await checkArchive(a)
    expect(before.counts.errors).toBe(2)
    // The person's folder: the originals under other names, among unrelated files.
    const folder = tempDir()
    mkdirSync(path.join(folder, 'deep', 'er'), { recursive: true })
    copyFileSync(PDF, path.join(folder, 'deep', 'er', 'renamed.pdf'))
    copyFileSync(PDF2, path.join(folder, 'other name.pdf'))
    writeFileSync(path.join(folder, 'unrelated.txt'), 'x')
    const result = await relinkFrom(a, before, folder)
    expect(result.actions.map((x) => x.sha256).sort()).toEqual([sha(PDF), sha(PDF2)].sort())
    expect(result.actions.find((x) => x.sha256 === sha(PDF))!.replacedDamaged).toBe(true)
    expect(result.stillMissing).toEqual([])
    const after = await checkArchive(a)
    expect(after.ok).toBe(true)
    expect(sha(a.files.pathOf(sha(PDF)))).toBe(sha(PDF))
    const corrupt = readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('corrupt-'))
    expect(readFileSync(path.join(dir, 'backups', corrupt[0], 'files', sha(PDF)), 'utf8')).toBe('overwritten')
    await expect(relinkFrom(a, before, dir)).rejects.toThrow(/outside the archive/)
    await a.close()
  })

  it('restores a missing file from a bag, refusing manifest paths that leave the bag', async () => {
    const { a, one } = await archiveWithFiles()
    rmSync(a.files.pathOf(one.attachments[0].sha256))
    const report = await checkArchive(a)
    const root = tempDir()
    const bag = path.join(root, 'bag')
    mkdirSync(path.join(bag, 'data'), { recursive: true })
    copyFileSync(PDF, path.join(root, 'outside.pdf'))
    // A hostile manifest first points outside the bag; only the payload copy may be used.
    writeFileSync(path.join(bag, 'manifest-sha256.txt'), `${sha(PDF)}  ../outside.pdf\n${sha(PDF)}  data/minutes.pdf\n`)
    const out = await restoreFromBag(a, report, bag)
    expect(out.actions).toEqual([])
    copyFileSync(PDF, path.join(bag, 'data', 'minutes.pdf'))
    const out2 = await restoreFromBag(a, report, bag)
    expect(out2.actions).toMatchObject([{ from: path.join(bag, 'data', 'minutes.pdf'), action: 'restored-from-bag' }])
    expect((await checkArchive(a)).ok).toBe(true)
    await a.close()
  })

  it('reports a damaged shard on disk, orphan texts, temp debris, torn journal lines and a stale index', async () => {
    const { dir, a, one } = await archiveWithFiles()
    const shard = readdirSync(path.join(dir, 'catalog', 'items'))[0]
    mkdirSync(path.join(dir, 'text', 'fff'), { recursive: true })
    writeFileSync(path.join(dir, 'text', 'fff', 'nobody00000.json'), '{"body":"x"}')
    writeFileSync(path.join(dir, 'tmp', 'x.json.1.1.tmp'), '{"ha')
    const journal = path.join(dir, 'journal', readdirSync(path.join(dir, 'journal'))[0])
    appendFileSync(journal, '{"t":"2026-01-01","op":"upd')
    await a.search.save()
    const manifest = JSON.parse(readFileSync(path.join(dir, 'index', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> }
    const indexFile = Object.keys(manifest.files)[0]
    writeFileSync(path.join(dir, 'index', indexFile), 'truncated')
    writeFileSync(path.join(dir, 'catalog', 'items', shard), '{"items": {"cut')
    const report = await checkArchive(a, { debrisMinAgeMs: 0 })
    const kinds = new Set(report.issues.map((i) => i.kind))
    for (const k of ['shard-unreadable', 'text-orphan', 'temp-debris', 'journal-torn', 'index-missing'] as const) expect(kinds).toContain(k)
    expect(report.issues.find((i) => i.kind === 'shard-unreadable')).toMatchObject({ severity: 'error', path: path.join('catalog', 'items', shard), repairs: ['restore-snapshot'] })
    expect(report.issues.find((i) => i.kind === 'index-missing')).toMatchObject({ repairs: ['rebuild-index'], message: expect.stringContaining(`index/${indexFile} is damaged`) })
    expect(report.ok).toBe(false)
    expect(report.issues.find((i) => i.kind === 'text-orphan')!.path).toBe(path.join('text', 'fff', 'nobody00000.json'))
    expect(one.attachments).toHaveLength(1)
    await a.close()
  })

  it('stops when cancelled and says so', async () => {
    const { a } = await archiveWithFiles()
    const ctl = new AbortController()
    ctl.abort()
    const report = await checkArchive(a, { signal: ctl.signal })
    expect(report.cancelled).toBe(true)
    expect(report.ok).toBe(false)
    expect(formatReport(report)).toContain('cancelled')
    await a.close()
  })

  it('runs from the API with progress events', async () => {
    const { a } = await archiveWithFiles()
    const events: string[] = []
    a.on('jobs:progress', (p) => events.push(`${p.kind}:${p.state}`))
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const r = await dispatch('archive:check', {})
    expect(r.ok && (r.value as { ok: boolean }).ok).toBe(true)
    expect(events[0]).toBe('check:running')
    expect(events.at(-1)).toBe('check:done')
    // Repairs take paths: never from the renderer.
    expect(await dispatch('archive:repair', { dir: '/' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect((await runCheck(a)).ok).toBe(true)
    await a.close()
  })

  it('runs on a schedule when one is due, and the journal keeps each check', async () => {
    const { a } = await archiveWithFiles()
    expect(await lastCheck(a)).toBeNull()
    // Each schedule says when it has looked (and whether it ran a check): the test waits for that.
    const looked = (onReport: (r: { ok: boolean }) => void) =>
      new Promise<{ ran: boolean; stop: () => void }>((resolve) => {
        const stop = scheduleChecks(a, onReport, { firstDelayMs: 1, onLooked: (ran) => resolve({ ran, stop }) })
      })
    const reports: boolean[] = []
    const first = await looked((r) => reports.push(r.ok))
    first.stop()
    expect(first.ran).toBe(true)
    expect(reports).toEqual([true])
    const last = await lastCheck(a)
    expect(last?.ok).toBe(true)
    // Not due again right after: a second schedule does not run it.
    const again: boolean[] = []
    const second = await looked((r) => again.push(r.ok))
    second.stop()
    expect(second.ran).toBe(false)
    expect(again).toEqual([])
    await a.close()
  })

  it('runs as a job that jobs:cancel stops, returning the report so far', async () => {
    const { a } = await archiveWithFiles()
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const pending = dispatch('archive:check', {})
    // The job is listed as soon as the call starts, like any other job.
    const [job] = (await dispatch('jobs:list', {}) as { ok: true; value: Array<{ jobId: string; kind: string }> }).value.filter((j) => j.kind === 'check')
    expect(await dispatch('jobs:cancel', { jobId: job.jobId })).toMatchObject({ ok: true, value: { cancelled: true } })
    const r = (await pending) as { ok: true; value: { cancelled: boolean; ok: boolean } }
    expect(r.ok).toBe(true)
    expect(r.value.cancelled).toBe(true)
    expect(r.value.ok).toBe(false)
    expect(await lastCheck(a)).toBeNull() // an unfinished check is not recorded as one
    await a.close()
  })
})
