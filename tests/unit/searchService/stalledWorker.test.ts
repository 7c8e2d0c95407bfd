// A rebuild worker that stops answering is stopped: the rebuild fails with that reason and a
// search says so instead of waiting; a later rebuild starts afresh.
import { describe, it, expect, afterEach } from 'vitest'
import { rmSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { SearchService } from '../../../electron/core/search/SearchService'
import { newArchivePath } from '../helpers'

const normalSilence = SearchService.workerSilenceMs
afterEach(() => {
  SearchService.workerSilenceMs = normalSilence
})

describe('a silent index worker', () => {
  it('is stopped after the silence allowed, and every search then says why', { timeout: 180_000 }, async () => {
    const dir = newArchivePath()
    let a = await Archive.open(dir)
    await a.createItems(Array.from({ length: 2100 }, (_, i) => ({ title: `Item ${i}`, body: i === 3 ? 'quetzalcoatl' : 'text' })))
    await a.close()
    rmSync(path.join(dir, 'index'), { recursive: true, force: true })
    // Shorter than the worker takes to start and say anything: it counts as stuck.
    SearchService.workerSilenceMs = 1
    a = await Archive.open(dir)
    const finished = new Promise<{ state: string; error?: string }>((resolve) => a.on('jobs:finished', (o) => o.kind === 'reindex' && resolve(o)))
    await a.search.ready()
    expect(await finished).toMatchObject({ state: 'failed', error: expect.stringContaining('stopped answering') })
    expect(a.search.status()).toMatchObject({ ready: false, loading: false, rebuilding: null, failed: expect.stringContaining('stopped answering') })
    await expect(a.search.query('quetzalcoatl', {})).rejects.toThrow(/could not be rebuilt.*stopped answering/)
    SearchService.workerSilenceMs = normalSilence
    const again = a.search.rebuild()
    expect((await again.done).state).toBe('done')
    expect(a.search.status().failed).toBeNull()
    expect((await a.search.query('quetzalcoatl', {})).items.map((i) => i.title)).toEqual(['Item 3'])
    await a.close()
  })
})
