// The build on every core gives the very index the one-thread build gives: the same files
// byte for byte once saved, so the same answers.
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IndexState } from '../../../electron/core/search/engine/state'
import { buildInParallel } from '../../../electron/core/search/parallelBuild'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import type { SearchDoc } from '../../../electron/core/search/types'
import { generateItem } from '../../bench/generate'

let dir: string

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-parallel-build-'))
})

afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true })
})

function docs(): SearchDoc[] {
  const out: SearchDoc[] = Array.from({ length: 2_500 }, (_, i) => ({ id: `gen${String(i).padStart(6, '0')}`, ...generateItem(i, 3, 500) }) as SearchDoc)
  // What the one-thread build leaves out, the parallel one must too: a repeated id (the first is kept), an item without an id.
  out.splice(1_200, 0, { ...out[10], title: 'A second item with an id seen before' }, { title: 'No id' } as SearchDoc)
  return out
}

async function savedFiles(ix: SearchIndex, name: string): Promise<Record<string, Buffer>> {
  const at = path.join(dir, name)
  await ix.save(at, 'same')
  const files: Record<string, Buffer> = {}
  for (const f of ['postings.bin', 'meta.bin']) files[f] = await fsp.readFile(path.join(at, f))
  return files
}

describe('the parallel build', () => {
  it('uses worker threads and gives the same index as the one-thread build', async () => {
    const all = docs()
    const one = SearchIndex.build(all)
    const state = new IndexState()
    const { workerBatches } = await buildInParallel(state, all, { threads: 2, batchSize: 300 })
    // Nine batches: the worker takes some, this thread the others, merged in order.
    expect(workerBatches).toBeGreaterThan(0)
    expect(workerBatches).toBeLessThan(9)
    const two = new SearchIndex(state)
    expect(two.stats()).toEqual(one.stats())
    expect(two.size).toBe(2_500)
    const a = await savedFiles(one, 'one')
    const b = await savedFiles(two, 'two')
    for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true)
    for (const q of ['"press conference"', 'migr', 'lang:fr', 'minister health']) {
      const x = await one.search(q, { prefix: true })
      const y = await two.search(q, { prefix: true })
      expect(y.total, q).toBe(x.total)
      expect(y.hits, q).toEqual(x.hits)
    }
  })
})
