import { describe, expect, it } from 'vitest'
import { createReadStream, readdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { checkArchive } from '../../../electron/core/safety/integrity'
import { stageUpload } from '../../../electron/core/staging'
import { corpus, newArchivePath, tempDir } from '../helpers'

type Ok<T> = { ok: true; value: T }

/** Waits for a job's end as a person's window does: from the jobs:finished event. */
function finished(a: Archive, jobId: string): Promise<{ state: string }> {
  return new Promise((resolve) => {
    const off = a.on('jobs:finished', (o) => {
      if ((o as { jobId: string }).jobId !== jobId) return
      off()
      resolve(o as { state: string })
    })
  })
}

describe('ordinary cancels leave nothing for the check to call a crash', () => {
  it('a cancelled upload import, a closed page review and a cancelled export: no temporary-file warning; a crash leftover still is one', async () => {
    const a = await Archive.open(newArchivePath())
    const dispatch = createDispatcher(() => a, { allow: ['app', 'trusted'] })
    for (let i = 0; i < 30; i++) await a.createItem({ title: `Item ${i}`, body: 'Text '.repeat(200) })

    // A browser import: files uploaded to staging, the import job started, then cancelled at once.
    const files = readdirSync(corpus('pdf')).filter((n) => n.endsWith('.pdf')).slice(0, 4).map((n) => corpus('pdf', n))
    const tokens: string[] = []
    for (const f of files) tokens.push(await stageUpload(a, path.basename(f), createReadStream(f)))
    const started = (await dispatch('import:staged', { tokens })) as Ok<{ jobId: string } | { pendingId: string }>
    expect(started.ok).toBe(true)
    const importJob = (started.value as { jobId: string }).jobId
    const importEnd = finished(a, importJob)
    await dispatch('jobs:cancel', { jobId: importJob })
    expect((await importEnd).state).toMatch(/cancelled|done/)

    // A page proposed for review, then the review closed without importing.
    const proposal = (await dispatch('import:proposeText', { text: 'Minister visits Fez\n\nFez, 21 November 2013. The minister visited the medina.' })) as Ok<{ token: string }>
    expect(proposal.ok).toBe(true)
    expect(await dispatch('import:discardPage', { token: proposal.value.token })).toMatchObject({ ok: true })

    // An export to a folder, cancelled as soon as it starts.
    const out = path.join(tempDir(), 'bag')
    const exp = (await dispatch('export:run', { scope: { kind: 'all' }, format: 'bagit', out })) as Ok<{ jobId: string }>
    expect(exp.ok).toBe(true)
    const exportEnd = finished(a, exp.value.jobId)
    await dispatch('jobs:cancel', { jobId: exp.value.jobId })
    await exportEnd

    // Each cancel cleaned its own staged copies.
    expect(readdirSync(path.join(a.root, 'tmp', 'staging'))).toEqual([])
    const report = await checkArchive(a, { debrisMinAgeMs: 0 })
    expect(report.issues.filter((i) => i.kind === 'temp-debris')).toEqual([])

    // What a crash leaves is still reported.
    writeFileSync(path.join(a.root, 'tmp', 'searches.json.1234.tmp'), 'half')
    const after = await checkArchive(a, { debrisMinAgeMs: 0 })
    expect(after.issues.filter((i) => i.kind === 'temp-debris').map((i) => i.path)).toEqual([path.join('tmp', 'searches.json.1234.tmp')])
    await a.close()
  })
})
