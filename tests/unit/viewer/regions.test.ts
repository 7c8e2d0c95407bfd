// Regions drawn on an attachment: kept on the item through the normal edit (journalled,
// undoable), searched with the item, carried by a bag both ways and exported as W3C Web
// Annotations.
import { promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { exportItems, importBag } from '../../../electron/core/export'
import type { Region } from '../../../shared/model'
import type { HistoryEntry } from '../../../shared/safety'
import { formatHistoryEntry } from '../../../electron/core/safety/history'
import { newArchivePath, tempDir } from '../helpers'
import { openWorkspace } from '../workspace/setup'

const PDF = path.resolve(__dirname, '../../../../shared/corpus/pdf/federal-register-2020-17221.pdf')
const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true })
})

function region(attachmentId: string, over: Partial<Region> = {}): Region {
  return { id: 'rg' + Math.random().toString(36).slice(2, 12), attachmentId, page: 3, x: 72, y: 144.5, w: 200, h: 50.25, title: 'Signature block', note: 'Signed by the acting administrator.', tags: ['Evidence/Signatures'], created: '2026-12-02T00:00:00.000Z', ...over }
}

describe('regions', () => {
  it('are kept on the item by an ordinary edit, checked, journalled and undone', async () => {
    const w = await openWorkspace()
    try {
      const item = await w.add('Federal notice')
      const withFile = await w.archive.attachPaths(item.id, [PDF])
      const att = withFile.attachments[0].id
      const r = region(att)
      const updated = await w.call('items:update', { id: item.id, fields: { regions: [r] } })
      // Kept as given (tags checked as the item's own are).
      expect(updated.regions).toEqual([r])
      expect((await w.journal()).at(-1)).toMatchObject({ op: 'update', id: item.id, before: { regions: [] } })

      // A region on a file the item does not have, or two with one id, is refused whole.
      const stray = await w.attempt('items:update', { id: item.id, fields: { regions: [region('zzzzzzzzzzzz')] } })
      expect(stray).toMatchObject({ ok: false, code: 'NOT_FOUND' })
      const twice = await w.attempt('items:update', { id: item.id, fields: { regions: [r, r] } })
      expect(twice).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      const negative = await w.attempt('items:update', { id: item.id, fields: { regions: [region(att, { w: -3 })] } })
      expect(negative.ok).toBe(false)
      expect((await w.call('items:get', { id: item.id })).regions).toHaveLength(1)

      await w.call('history:undo', {})
      expect((await w.call('items:get', { id: item.id })).regions).toEqual([])
      await w.call('history:redo', {})
      expect((await w.call('items:get', { id: item.id })).regions[0].title).toBe('Signature block')
    } finally {
      await w.archive.close()
    }
  })

  it('are found by search (title, note, tags), the snippet naming the region', async () => {
    const w = await openWorkspace()
    try {
      const item = await w.add('Federal notice')
      const att = (await w.archive.attachPaths(item.id, [PDF])).attachments[0].id
      const r = region(att, { title: 'Quokka stamp', note: 'A wombat watermark in the margin.', tags: ['marsupials'] })
      await w.call('items:update', { id: item.id, fields: { regions: [r] } })
      for (const q of ['quokka', 'wombat', 'marsupials']) {
        const answer = await w.call('search:query', { q })
        expect(answer.items.map((i) => i.id), q).toEqual([item.id])
      }
      const hit = (await w.call('search:query', { q: 'wombat' })).hits[0]
      expect(hit.snippet).toMatchObject({ field: 'region', regionId: r.id, regionTitle: 'Quokka stamp' })
      expect(hit.snippet!.text).toContain('wombat')
      // Removed from the item, gone from the index.
      await w.call('items:update', { id: item.id, fields: { regions: [] } })
      expect((await w.call('search:query', { q: 'wombat' })).total).toBe(0)
    } finally {
      await w.archive.close()
    }
  })

  it('go with their attachment when it is removed: in the same change, out of the search, kept in the history', async () => {
    const w = await openWorkspace()
    try {
      const item = await w.add('Federal notice')
      const [fr, minutes] = (await w.archive.attachPaths(item.id, [PDF, path.join(path.dirname(PDF), '2023-06-20-PV.pdf')])).attachments.map((a) => a.id)
      const onFr = region(fr, { title: 'Quokka stamp' })
      const onMinutes = region(minutes, { title: 'Wombat seal' })
      const before = await w.call('items:update', { id: item.id, fields: { regions: [onFr, onMinutes] } })

      const after = await w.archive.removeAttachment(item.id, fr)
      expect(after.attachments.map((a) => a.id)).toEqual([minutes])
      expect(after.regions).toEqual([onMinutes])
      // One change: one version, one journal line that keeps what went.
      expect(after.version).toBe(before.version + 1)
      const line = (await w.journal()).at(-1)!
      expect(line).toMatchObject({ op: 'detach', id: item.id, version: after.version, before: { id: fr, regions: [onFr] } })
      expect(formatHistoryEntry(line as HistoryEntry)).toContain('region Quokka stamp')
      expect((await w.call('search:query', { q: 'quokka' })).total).toBe(0)
      expect((await w.call('search:query', { q: 'wombat' })).items.map((i) => i.id)).toEqual([item.id])
      // A reader still showing the removed file's region cannot bring it back on the old version.
      const stale = await w.attempt('items:update', { id: item.id, fields: { regions: [onFr, onMinutes] }, baseVersion: before.version })
      expect(stale.ok).toBe(false)
      expect((await w.call('items:get', { id: item.id })).regions).toEqual([onMinutes])

      // A file with no region is removed as before, the regions of the others untouched.
      const other = (await w.archive.attachPaths(item.id, [path.join(path.dirname(PDF), 'scotus-transcript-p1.pdf')])).attachments.at(-1)!.id
      expect((await w.archive.removeAttachment(item.id, other)).regions).toEqual([onMinutes])
      expect((await w.journal()).at(-1)!.before).not.toHaveProperty('regions')
    } finally {
      await w.archive.close()
    }
  })

  it('travel in a bag both ways and leave as W3C Web Annotations (bag and JSON-LD)', async () => {
    const dir = tempDir('pk-regions-')
    dirs.push(dir)
    const a = await Archive.open(newArchivePath())
    const b = await Archive.open(newArchivePath())
    try {
      const item = await a.createItem({ title: 'Notice with regions' })
      const withFiles = await a.attachPaths(item.id, [PDF, path.resolve(__dirname, '../../../build/icon.png')])
      const [pdf, png] = withFiles.attachments
      const onPdf = region(pdf.id)
      const onImage = region(png.id, { page: null, x: 10, y: 20, w: 30, h: 40, title: 'Logo', note: '', tags: [] })
      await (await a.workspace()).updateItem(item.id, { regions: [onPdf, onImage] })

      const bag = path.join(dir, 'bag')
      await exportItems(a, [item.id], { format: 'bagit', out: bag })
      const collection = JSON.parse(readFileSync(path.join(bag, 'data/collection/annotations.jsonld'), 'utf8'))
      expect(collection).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 2 })
      const [pa, ia] = collection.first.items
      expect(pa).toMatchObject({
        id: `urn:presskeep:region:${onPdf.id}`,
        type: 'Annotation',
        target: {
          source: { type: 'Text', format: 'application/pdf' },
          scope: `urn:presskeep:item:${item.id}`,
          selector: { type: 'FragmentSelector', value: 'page=3', refinedBy: { type: 'FragmentSelector', value: 'xywh=72,144.5,200,50.25' } }
        }
      })
      expect(pa.body).toEqual([
        { type: 'TextualBody', purpose: 'identifying', value: 'Signature block', format: 'text/plain' },
        { type: 'TextualBody', purpose: 'commenting', value: 'Signed by the acting administrator.', format: 'text/plain' },
        { type: 'TextualBody', purpose: 'tagging', value: 'Evidence/Signatures' }
      ])
      // The target is the attachment's file in the bag, relative to the annotations file.
      const file = path.resolve(bag, 'data/collection', decodeURIComponent(pa.target.source.id))
      expect(readFileSync(file).equals(readFileSync(PDF))).toBe(true)
      expect(ia.target.selector).toEqual({ type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: 'xywh=10,20,30,40' })
      expect(ia.target.source.type).toBe('Image')

      // The JSON-LD export carries them beside the item, each with the annotation context.
      const ld = path.join(dir, 'items.jsonld')
      await exportItems(a, [item.id], { format: 'jsonld', out: ld })
      const graph = JSON.parse(readFileSync(ld, 'utf8'))['@graph'] as Array<Record<string, unknown>>
      const annotations = graph.filter((n) => n.type === 'Annotation')
      expect(annotations.map((n) => n['@context'])).toEqual(['http://www.w3.org/ns/anno.jsonld', 'http://www.w3.org/ns/anno.jsonld'])
      expect(annotations.map((n) => n.id)).toEqual([`urn:presskeep:region:${onPdf.id}`, `urn:presskeep:region:${onImage.id}`])

      // Back into another archive: the same regions on the same attachments.
      await importBag(b, bag)
      expect((await b.getItem(item.id)).regions).toEqual((await a.getItem(item.id)).regions)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
