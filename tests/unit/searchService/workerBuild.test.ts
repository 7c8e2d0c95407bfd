// An archive past the size where the rebuild's analysis spreads over worker threads (more
// items than one batch of parallelBuild.ts): the app's rebuild takes that path and saves the
// very index a one-thread build of the same items gives, so it answers the same.
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { searchDocOf } from '../../../electron/core/search/docs'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { generateItem } from '../../bench/generate'

// One batch is 4,000 items: 4,100 make two, one of them analysed by another thread.
const ITEMS = 4_100

describe('the rebuild of an archive past one batch', () => {
  it('analyses in worker threads and saves the index the one-thread build gives', async () => {
    // Its own folder, removed by the test itself: removing 8,000 files can outlast a hook's time on a loaded machine.
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-worker-build-'))
    let a = await Archive.open(dir)
    // Short bodies: the number of items decides the path, not their length.
    await a.createItems(Array.from({ length: ITEMS }, (_, i) => generateItem(i, 11, 120)))
    // Reopened, the catalogue lists its items in the order the rebuild worker reads them from disk, which the one-thread build below follows.
    await a.close()
    a = await Archive.open(dir)
    await a.search.ready()
    const outcome = await a.search.rebuild().done
    expect(outcome).toMatchObject({ state: 'done', result: { size: ITEMS } })
    expect((outcome.result as { workerBatches: number }).workerBatches).toBeGreaterThan(0)

    const live = [...a.catalog.all()].filter((r) => r.trashed === null)
    const texts = await a.texts.getMany(live.map((r) => r.id))
    const one = SearchIndex.build(live.map((r, k) => searchDocOf(r, texts[k])))
    const manifest = JSON.parse(await fsp.readFile(path.join(dir, 'index', 'manifest.json'), 'utf8'))
    const oneDir = path.join(dir, 'one-thread-index')
    await one.save(oneDir, manifest.stamp)
    for (const f of ['postings.bin', 'meta.bin']) {
      const [x, y] = await Promise.all([fsp.readFile(path.join(dir, 'index', f)), fsp.readFile(path.join(oneDir, f))])
      expect(x.equals(y), f).toBe(true)
    }
    for (const q of ['minister', '"press conference"', 'gov', 'lang:fr', 'health budget']) {
      const app = await a.search.query(q, { limit: 20 })
      const ref = await one.search(q, { limit: 20, prefix: q === 'gov' })
      expect(app.total, q).toBe(ref.total)
      expect(app.items.map((i) => i.id), q).toEqual(ref.hits.map((h) => h.id))
    }
    await a.close()
    await fsp.rm(dir, { recursive: true, force: true })
    // Minutes on a loaded shared machine (writing 4,100 items dominates), about 20 s on a quiet one.
  }, 300_000)
})
