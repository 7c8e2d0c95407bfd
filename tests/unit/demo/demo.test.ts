import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import { buildDemoData, demoJson } from '../../../scripts/demoData'
import { demoData } from '../../../electron/core/demo'
import { openWorkspace } from '../workspace/setup'

const root = path.resolve(__dirname, '..', '..', '..')
const seedPage = readFileSync(path.join(root, '..', 'shared', 'corpus', 'seed-press-page.txt'), 'utf8')

describe('the demo archive', () => {
  it('ships data that match what scripts/demo.ts builds from the seed press page today', () => {
    const committed = readFileSync(path.join(root, 'build', 'demo', 'demo-items.json'), 'utf8')
    // If this fails, the press importer or the generator changed: run `npx tsx scripts/demo.ts` and commit.
    expect(committed).toBe(demoJson(buildDemoData(seedPage)))
    expect(demoData.press.items.length).toBe(10)
    expect(new Set(demoData.generated.map((g) => g.language))).toEqual(new Set(['en', 'fr', 'ar']))
  })

  it('fills an empty archive: items, tags, a collection, the page attached as the source', async () => {
    const w = await openWorkspace()
    const r = await w.call('archive:loadDemo', {})
    expect(r.ids).toHaveLength(16)
    const all = await w.call('items:list', { limit: 100 })
    expect(all.total).toBe(16)
    const inCollection = await w.call('items:list', { filter: { collection: r.collectionId }, limit: 100 })
    expect(inCollection.items.map((i) => i.title)).toContain('ICESCO and TURKSOY Explore Cooperation Prospects')
    expect(inCollection.total).toBe(10)
    const collections = await w.call('collections:list', {})
    expect(collections.map((c) => c.name)).toEqual(['Demo: a press page'])
    const tags = await w.call('tags:list', {})
    expect(tags.find((t) => t.name === 'demo/press-page')).toMatchObject({ colour: '#1a7f37' })
    expect(tags.find((t) => t.name === 'demo/generated')).toBeTruthy()

    const pageSha = createHash('sha256').update(seedPage, 'utf8').digest('hex')
    const first = await w.call('items:get', { id: r.ids[0] })
    expect(first.attachments.map((a) => [a.name, a.sha256])).toEqual([['seed-press-page.txt', pageSha]])
    expect(first.provenance?.source).toBe('seed-press-page.txt')
    // The items are searchable at once, in the archive's own index.
    const hits = await w.archive.search.query('TURKSOY', {})
    expect(hits.hits.map((h) => h.id)).toContain(inCollection.items.find((i) => i.title.includes('TURKSOY'))!.id)
    await w.archive.close()
  })

  it('refuses an archive that already holds an item, even one in the trash, and adds nothing', async () => {
    const w = await openWorkspace()
    const mine = await w.add('My own item')
    await w.call('items:trash', { ids: [mine.id] })
    const r = await w.attempt('archive:loadDemo', {})
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.code).toBe('CONFLICT')
      expect(r.message).toMatch(/only be loaded into an empty archive.*holds 1 item/)
    }
    expect(w.archive.catalog.size).toBe(1)
    expect(await w.call('collections:list', {})).toEqual([])
    await w.archive.close()
  })
})
