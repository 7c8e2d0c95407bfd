// Opening reads the catalogue's shards with several reads in flight once there are many of
// them (readFilesParallel.ts): the records come in the same order as read one by one, and a
// shard that cannot be used is named as when it was read alone.
import { describe, it, expect } from 'vitest'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { CatalogStore } from '../../../electron/core/CatalogStore'
import { readFilesInOrder } from '../../../electron/core/readFilesParallel'
import { tempDir } from '../helpers'

/** A catalogue folder of `shards` shard files, each holding two minimal records. */
function catalogue(shards: number): string {
  const root = tempDir()
  const dir = path.join(root, 'catalog', 'items')
  mkdirSync(dir, { recursive: true })
  for (let s = 0; s < shards; s++) {
    const key = s.toString(16).padStart(3, '0')
    const items: Record<string, unknown> = {}
    for (const n of [0, 1]) items[`${key}-${n}`] = { id: `${key}-${n}`, title: `Item ${key} ${n}`, created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' }
    writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ items }))
  }
  return root
}

describe('loading the catalogue', () => {
  it('takes every record of 600 shards, in the order the shards are listed', async () => {
    const root = catalogue(600)
    const dir = path.join(root, 'catalog', 'items')
    const store = new CatalogStore(dir, path.join(root, 'tmp'), root)
    await store.load()
    const oneByOne: string[] = []
    for (const name of readdirSync(dir)) oneByOne.push(...Object.keys(JSON.parse(readFileSync(path.join(dir, name), 'utf8')).items))
    expect(store.size).toBe(1200)
    expect([...store.all()].map((r) => r.id)).toEqual(oneByOne)
    expect(store.get('1f3-1')?.title).toBe('Item 1f3 1')
  })

  it('names a damaged shard among hundreds, and a file that cannot be read fails with its own error', async () => {
    const root = catalogue(400)
    const dir = path.join(root, 'catalog', 'items')
    writeFileSync(path.join(dir, '17a.json'), '{"items": {"x": ')
    await expect(new CatalogStore(dir, path.join(root, 'tmp'), root).load()).rejects.toThrow(/catalog\/items\/17a\.json is damaged \(not valid JSON\)/)
    const files = readdirSync(dir).map((n) => path.join(dir, n))
    files.splice(300, 0, path.join(dir, 'missing.json'))
    const seen: number[] = []
    await expect(readFilesInOrder(files, (i) => seen.push(i))).rejects.toMatchObject({ code: 'ENOENT' })
    // Everything before the missing file was taken, in order, and nothing after it.
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i))
  })
})
