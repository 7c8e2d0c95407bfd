// The prefix dictionary (the sorted folded word forms): as-you-type prefixes find every form,
// including forms added after a build or a load, and the forms are saved in meta.bin and
// checked like the rest.
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../electron/core/search/SearchIndex'
import { metaFromSections, metaSections, packSections, sectionGetter } from '../../../electron/core/search/engine/metaFile'
import type { SearchDoc } from '../../../electron/core/search/types'

const DOCS: SearchDoc[] = [
  { id: 'p01', title: 'Development plan', body: 'The ministry presented its development plan for the region.' },
  { id: 'p02', title: 'Developers meet', body: 'Software developers met in Rabat.' },
  { id: 'p03', title: 'Storm', body: 'The storm devastated the coast near Agadir.' },
  { id: 'p04', title: 'Dévouement', body: 'Un hommage au dévouement des bénévoles.' },
  { id: 'p05', title: 'Budget', body: 'The budget debate continued.' },
  { id: 'p06', title: 'تقرير التنمية', body: 'صدر تقرير التنمية البشرية.' },
  { id: 'p07', title: 'Delegation', body: 'A delegation visited Dakar.' }
]

let dir: string
beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'presskeep-prefix-'))
})
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true })
})

const ids = async (ix: SearchIndex, q: string) => (await ix.search(q, { limit: 100 })).hits.map((h) => h.id).sort()

describe('prefix dictionary', () => {
  it('finds every item with a word starting with the typed prefix, folded, in any script', async () => {
    const ix = SearchIndex.build(DOCS)
    expect(await ids(ix, 'dev')).toEqual(['p01', 'p02', 'p03', 'p04'])
    expect(await ids(ix, 'DÉV')).toEqual(['p01', 'p02', 'p03', 'p04'])
    expect(await ids(ix, 'devel')).toEqual(['p01', 'p02'])
    expect(await ids(ix, 'devo')).toEqual(['p04'])
    expect(await ids(ix, 'd')).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p07'])
    expect(await ids(ix, 'التنم')).toEqual(['p06'])
    // A finished word (trailing space) is not a prefix.
    expect(await ids(ix, 'devel ')).toEqual([])
    expect(await ids(ix, 'xyz')).toEqual([])
  })

  it('knows forms added after the build, and after a save and load', async () => {
    const ix = SearchIndex.build(DOCS)
    ix.add({ id: 'p08', title: 'Devolution', body: 'Devolution of powers to the regions.' })
    expect(await ids(ix, 'devol')).toEqual(['p08'])
    const ixDir = path.join(dir, 'added')
    await ix.save(ixDir, 's1')
    const loaded = await SearchIndex.load(ixDir, 's1')
    for (const q of ['dev', 'devol', 'd', 'التنم', 'bud']) expect(await ids(loaded, q)).toEqual(await ids(ix, q))
    loaded.add({ id: 'p09', title: 'Deviation', body: 'A deviation from the route.' })
    expect(await ids(loaded, 'devi')).toEqual(['p09'])
    expect(await ids(loaded, 'dev')).toEqual(['p01', 'p02', 'p03', 'p04', 'p08', 'p09'])
  })

  it('walks the saved sorted forms: forms out of order, or an index of format 5 with its FlexSearch dictionary, mean a rebuild', async () => {
    const ixDir = path.join(dir, 'checked')
    await SearchIndex.build(DOCS).save(ixDir, 's')
    await expect(fsp.access(path.join(ixDir, 'dictionary.json'))).rejects.toThrow()
    const manifestPath = path.join(ixDir, 'manifest.json')
    const metaPath = path.join(ixDir, 'meta.bin')
    const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8'))
    const meta = metaFromSections(sectionGetter(await fsp.readFile(metaPath), manifest.metaSections))
    expect(meta.forms).toEqual([...meta.forms].sort())

    // Two forms swapped, with a manifest that vouches for the file: a binary search would miss words, so the load refuses it.
    const swapped = { ...meta, forms: [...meta.forms] }
    ;[swapped.forms[1], swapped.forms[2]] = [swapped.forms[2], swapped.forms[1]]
    const { bytes: bad, layout } = packSections(metaSections(swapped))
    await fsp.writeFile(metaPath, bad)
    await fsp.writeFile(manifestPath, JSON.stringify({ ...manifest, metaSections: layout, files: { ...manifest.files, 'meta.bin': { bytes: bad.length, crc32: crc32(bad) } } }))
    const r = await SearchIndex.tryLoad(ixDir)
    expect(r).toMatchObject({ ok: false, reason: 'corrupt' })
    if (!r.ok) expect(r.message).toMatch(/forms/)

    // An index written in format 5 (its prefixes in dictionary.json) is rebuilt, not half-loaded.
    await fsp.writeFile(manifestPath, JSON.stringify({ ...manifest, version: 5 }))
    expect(await SearchIndex.tryLoad(ixDir)).toMatchObject({ ok: false, reason: 'version' })
  })
})
