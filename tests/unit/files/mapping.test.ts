// The column-mapping step of CSV/JSON imports: tables wait with their first rows and a guessed
// (or remembered) mapping; the confirmed mapping is used, remembered, and offered next time.
import { afterEach, describe, expect, it } from 'vitest'
import type { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { beginImport, continueImport, discardImport, importPaths } from '../../../electron/core/import/files'
import { corpus, tempDir } from '../helpers'
import { openTestArchive } from '../../pg/backend'
import { CSV, writeCsv } from './mappingTables'

let archive: Archive | null = null
afterEach(async () => {
  await archive?.close()
  archive = null
})

async function waitJob(a: Archive, jobId: string) {
  const job = a.jobs.get(jobId)
  expect(job).toBeDefined()
  return job!.done
}

describe('column mapping of CSV/JSON imports', () => {
  it('waits for the mapping, imports with the confirmed one, and remembers it for the same columns', async () => {
    const a = (archive = (await openTestArchive()).archive)
    const dir = tempDir()
    const csv = writeCsv(dir, 'export-2022.csv')
    const pdf = corpus('pdf', 'scotus-transcript-p1.pdf')

    const start = await beginImport(a, [csv, pdf])
    if (!('pendingId' in start)) throw new Error('expected the import to wait for its mapping')
    expect(a.catalog.size).toBe(0) // nothing imported before the mapping is confirmed
    expect(start.tables).toHaveLength(1)
    const t = start.tables[0]
    expect(t).toMatchObject({ name: 'export-2022.csv', format: 'csv', totalRows: 3, remembered: false })
    expect(t.columns).toEqual(['Headline', 'Published', 'Summary', 'Keywords', 'Internal code'])
    expect(t.rows[2].Headline).toBe('مؤتمر صحفي في الرباط')
    expect(t.mapping).toMatchObject({ Headline: 'title', Published: 'date', Summary: 'description', Keywords: 'tags', 'Internal code': '' })

    // The person sends the summary to the notes and keeps the internal code as the identifier.
    const chosen = { ...t.mapping, Summary: 'notes', 'Internal code': 'identifier' }
    const { jobId } = await continueImport(a, start.pendingId, [{ key: t.key, mapping: chosen }])
    const outcome = await waitJob(a, jobId)
    expect(outcome.state).toBe('done')
    const items = [...a.catalog.all()]
    expect(items).toHaveLength(4) // three rows and the PDF
    const tangier = items.find((i) => i.title === 'Minister opens the port of Tangier')!
    expect(tangier).toMatchObject({ date: '2022-11-23', identifier: 'A-1', tags: ['ports', 'morocco'] })
    expect((await a.getItem(tangier.id)).notes).toBe('The new terminal doubles capacity.')
    expect((await a.getItem(tangier.id)).description ?? '').toBe('')

    // The same columns again (another order and case): the mapping is offered as remembered...
    const again = writeCsv(dir, 'export-2023.csv', CSV.replace('Headline,Published,Summary,Keywords,Internal code', 'internal code,KEYWORDS,summary,published,headline').split('\n').slice(0, 1).join('\n') + '\nB-1,press,A later summary,2023-01-05,A later release')
    const second = await beginImport(a, [again])
    if (!('pendingId' in second)) throw new Error('expected the import to wait for its mapping')
    expect(second.tables[0].remembered).toBe(true)
    expect(second.tables[0].mapping).toMatchObject({ summary: 'notes', 'internal code': 'identifier', headline: 'title' })
    expect(await discardImport(a, second.pendingId)).toBe(true)
    await expect(continueImport(a, second.pendingId, [])).rejects.toThrow(/no longer waiting/)

    // ...and used by an import that has no mapping step (a folder walked by the job).
    const folder = tempDir()
    writeCsv(folder, 'inside.csv', CSV.replace('A-1', 'C-1').replace('Minister opens', 'Minister reopens'))
    const s = await importPaths(a, [folder])
    expect(s.imported).toBe(1)
    const reopened = [...a.catalog.all()].find((i) => i.title === 'Minister reopens the port of Tangier')!
    expect(reopened.identifier).toBe('C-1')
    expect((await a.getItem(reopened.id)).notes).toBe('The new terminal doubles capacity.')
  })

  it('an import without tables starts at once; a dropped import runs its clean-up; bad mappings are refused clearly', async () => {
    const a = (archive = (await openTestArchive()).archive)
    const direct = await beginImport(a, [corpus('pdf', 'scotus-transcript-p1.pdf')])
    expect('jobId' in direct && (await waitJob(a, direct.jobId)).state).toBe('done')

    const dir = tempDir()
    const csv = writeCsv(dir, 'list.csv')
    let cleaned = 0
    const held = await beginImport(a, [csv], {}, () => void cleaned++)
    if (!('pendingId' in held)) throw new Error('expected a pending import')
    await expect(continueImport(a, held.pendingId, [{ key: '9', mapping: {} }])).rejects.toThrow(/No table 9/)
    await expect(continueImport(a, held.pendingId, [{ key: '1', mapping: { Nope: 'title' } }])).rejects.toThrow(/has no column "Nope"/)
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const bad = await dispatch('import:mapped', { pendingId: held.pendingId, mappings: [{ key: '1', mapping: { Headline: 'not-a-field' } }] })
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const ok = await dispatch('import:mapped', { pendingId: held.pendingId, mappings: [{ key: '1', mapping: { Headline: 'title', Published: 'date' } }] })
    expect(ok.ok).toBe(true)
    if (ok.ok) await waitJob(a, (ok.value as { jobId: string }).jobId)
    expect(cleaned).toBe(1)
    const row = [...a.catalog.all()].find((i) => i.title === 'Accord de coopération signé à Dakar')!
    expect(row.date).toBe('2022-11-22')
    expect(row.tags ?? []).toEqual([]) // Keywords left out by the confirmed mapping
  })
})
