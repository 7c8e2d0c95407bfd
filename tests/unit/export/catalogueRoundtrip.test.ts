// A bag carries the catalogue records of its items: archive → bag → new archive gives back the
// collections tree, membership, manual order, tag colours and authority records; a second
// import adds nothing; records meet same-named ones in the target sensibly; version-1 bags
// (no records) still import.
import { createHash } from 'node:crypto'
import { promises as fsp, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../electron/core/Archive'
import { type Workspace } from '../../../electron/core/workspace'
import { CSV_COLUMNS, exportItems, importBag } from '../../../electron/core/export'
import { validateBag } from './bagValidator'
import { listFiles, PDFS, tempDir } from './helpers'
import { createLegacyItems } from '../helpers'
import { openTestArchive, storedSetText } from '../../pg/backend'

let dir: string
let source: Archive
let cat: Workspace
let bag: string
const ids: string[] = []
const col: Record<string, string> = {}
let authorityId: string

/** Where each archive was opened (tests/pg/backend.ts). */
const whereOf = new Map<Archive, string>()
const openArchive = async () => {
  const { archive, where } = await openTestArchive(undefined, { under: dir })
  whereOf.set(archive, where)
  return archive
}
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
/** The three record sets exactly as stored (the files, or the rows). */
const catalogueFiles = async (a: Archive) =>
  Object.fromEntries(await Promise.all((['collections', 'tags', 'authorities'] as const).map(async (n) => [n, await storedSetText(whereOf.get(a)!, n)])))

beforeAll(async () => {
  dir = tempDir('pk-bagcat-')
  source = await openArchive()
  cat = await source.workspace()
  const top = await cat.createCollection({ name: 'Elections', description: 'Everything on the elections.', notes: 'Curated by the desk.' })
  const year = await cat.createCollection({ name: '2023', parentId: top.id })
  const debates = await cat.createCollection({ name: 'Debates', parentId: year.id, description: 'Televised debates.' })
  const unused = await cat.createCollection({ name: 'Unused' })
  Object.assign(col, { top: top.id, year: year.id, debates: debates.id, unused: unused.id })
  const a = await cat.createItem({ title: 'Debate night', date: '2023-03-01', people: ['Dr. Salim M. AlMalik'], tags: ['region/mena/north'], collections: [debates.id, top.id] })
  const b = await cat.createItem({ title: 'Results announced', date: '2023-03-10', collections: [year.id, top.id], tags: ['results'] })
  const c = await cat.createItem({ title: 'Campaign opens', date: '2023-01-05', places: ['Fès'], collections: [top.id] })
  const d = await cat.createItem({ title: 'Not in the bag', people: ['Nobody Atall'], collections: [unused.id, top.id], tags: ['unused'] })
  ids.push(a.id, b.id, c.id)
  await source.attachPaths(a.id, [PDFS[0]])
  await cat.reorderCollection(top.id, [c.id, d.id, a.id, b.id])
  await cat.reorderCollection(year.id, [b.id])
  await cat.setTag('region', '#d73a49')
  await cat.setTag('region/mena', '#1f6feb')
  await cat.setTag('unused', '#000000')
  await cat.setTag('results', null)
  const salim = await cat.createAuthority({
    kind: 'person',
    preferred: 'Salim AlMalik',
    variants: ['Salim M. AlMalik', 'سليم المالك'],
    note: 'Minister, 2019–2024.',
    identifiers: [{ scheme: 'wikidata', value: 'Q42' }]
  })
  authorityId = salim.id
  await cat.createAuthority({ kind: 'place', preferred: 'Fez', variants: ['Fès', 'فاس'] })
  await cat.createAuthority({ kind: 'person', preferred: 'Nobody Atall' })
  // A person record of the same name as a place must not come along: names match within a kind.
  await cat.createAuthority({ kind: 'organisation', preferred: 'Fès' })
  bag = path.join(dir, 'bag')
  await exportItems(source, ids, { format: 'bagit', out: bag })
})

afterAll(async () => {
  await source.close()
  await fsp.rm(dir, { recursive: true, force: true })
})

describe('the bag carries the catalogue records of its items', () => {
  it('lists them in data/presskeep-catalogue.json, in the manifests, and no others', () => {
    const report = validateBag(bag)
    expect(report.errors).toEqual([])
    expect(report.payloadFiles).toContain('data/presskeep-catalogue.json')
    const description = JSON.parse(readFileSync(path.join(bag, 'data/presskeep-bag.json'), 'utf8'))
    expect(description.version).toBe(2)
    expect(description.catalogue).toBe('presskeep-catalogue.json')
    const records = JSON.parse(readFileSync(path.join(bag, 'data/presskeep-catalogue.json'), 'utf8'))
    // Parents first; "Unused" is no exported item's.
    expect(records.collections.map((c: { name: string }) => c.name)).toEqual(['Elections', '2023', 'Debates'])
    // The manual order lists only the bag's items.
    expect(records.collections[0].order).toEqual([ids[2], ids[0], ids[1]])
    expect(records.tags).toEqual([
      { name: 'region', colour: '#d73a49' },
      { name: 'region/mena', colour: '#1f6feb' },
      { name: 'results', colour: null }
    ])
    expect(records.authorities.map((a: { preferred: string }) => a.preferred).sort()).toEqual(['Fez', 'Salim AlMalik'])
  })

  it('shows collection names, not ids, in JSON, CSV, JSON-LD and the HTML catalogue', async () => {
    const json = JSON.parse(readFileSync(path.join(bag, 'data/collection/items.json'), 'utf8'))
    expect(json.items[0].collectionNames).toEqual(['Elections › 2023 › Debates', 'Elections'])
    expect(json.items[0].collections).toEqual([col.debates, col.top])
    const csv = readFileSync(path.join(bag, 'data/collection/items.csv'), 'utf8')
    const header = csv.split('\r\n')[0].replace(/^\uFEFF/, '').split(',')
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.key))
    expect(csv).toContain('Elections › 2023 › Debates; Elections')
    const ld = JSON.parse(readFileSync(path.join(bag, 'data/collection/items.jsonld'), 'utf8'))
    expect(ld['@graph'][0].isPartOf).toEqual([
      { '@type': 'Collection', name: 'Elections › 2023 › Debates', identifier: col.debates },
      { '@type': 'Collection', name: 'Elections', identifier: col.top }
    ])
    const page = readFileSync(path.join(bag, `data/collection/catalogue/items/${ids[0]}.html`), 'utf8')
    expect(page).toContain('Elections › 2023 › Debates')
    expect(page).not.toContain(col.debates)
  })
})

describe('bag import recreates the records', () => {
  it('gives back the tree, membership, manual order, tag colours and authority records; a second import adds nothing', async () => {
    const b = await openArchive()
    try {
      const bc = await b.workspace()
      const first = await importBag(b, bag)
      expect(first.imported.sort()).toEqual([...ids].sort())
      expect(first.records).toEqual({ collectionsCreated: 3, collectionsReused: 0, tagsSet: 3, authoritiesCreated: 2, authoritiesMerged: 0 })
      expect(first.warnings).toEqual([])
      // Collections: the same records (the top's manual order without the item left out of the bag).
      const want = [col.top, col.year, col.debates].map((id) => cat.collections.get(id)!)
      want[0] = { ...want[0], order: want[0].order.filter((id) => ids.includes(id)) }
      expect(byId(bc.collections.all())).toEqual(byId(want))
      for (const id of ids) expect(b.catalog.get(id)).toEqual(source.catalog.get(id))
      const manual = (c: Workspace, collection: string) => c.ids({ view: 'all', sort: 'manual', order: 'asc', filter: { collection } })
      expect(manual(bc, col.top)).toEqual(manual(cat, col.top).filter((id) => ids.includes(id)))
      expect(manual(bc, col.year)).toEqual(manual(cat, col.year))
      const colours = (c: Workspace) => Object.fromEntries(c.listTags().map((t) => [t.name, t.colour]))
      expect(colours(bc)).toEqual({ region: '#d73a49', 'region/mena': '#1f6feb', 'region/mena/north': null, results: null })
      expect(bc.getAuthority(authorityId)).toEqual(cat.getAuthority(authorityId))
      expect(bc.getAuthority(authorityId).count).toBe(1)
      expect(bc.listAuthorities().map((a) => a.preferred).sort()).toEqual(['Fez', 'Salim AlMalik'])
      // One undoable step for the records.
      expect(bc.historyState().undo).toMatch(/^Import the catalogue records of the bag/)

      const files = await catalogueFiles(b)
      const depth = bc.historyState().undoDepth
      const again = await importBag(b, bag)
      expect(again.imported).toEqual([])
      expect(again.unchanged.sort()).toEqual([...ids].sort())
      expect(again.records).toEqual({ collectionsCreated: 0, collectionsReused: 0, tagsSet: 0, authoritiesCreated: 0, authoritiesMerged: 0 })
      expect(await catalogueFiles(b)).toEqual(files)
      expect(bc.historyState().undoDepth).toBe(depth)
    } finally {
      await b.close()
    }
  })

  it('reuses a same-named collection and merges an authority record sharing a name, then adds nothing on a second import', async () => {
    const t = await openArchive()
    try {
      const tc = await t.workspace()
      const own = await tc.createCollection({ name: 'elections', description: 'Ours.' })
      const other = await tc.createItem({ title: 'Already here', collections: [own.id] })
      await tc.reorderCollection(own.id, [other.id])
      const person = await tc.createAuthority({ kind: 'person', preferred: 'S. AlMalik', variants: ['salim almalik'], note: '' })
      await tc.setTag('region', '#ffffff')
      const first = await importBag(t, bag)
      expect(first.records).toEqual({ collectionsCreated: 2, collectionsReused: 1, tagsSet: 2, authoritiesCreated: 1, authoritiesMerged: 1 })
      // The bag's "Elections" is ours: its items carry our id, its order follows ours, "2023" sits inside it.
      expect(tc.collections.get(col.top)).toBeUndefined()
      expect(t.catalog.get(ids[2])!.collections).toEqual([own.id])
      expect(tc.collections.get(own.id)!.order).toEqual([other.id, ids[2], ids[0], ids[1]])
      expect(tc.collections.get(own.id)!.description).toBe('Ours.')
      expect(tc.collections.get(col.year)!.parentId).toBe(own.id)
      expect(tc.collections.get(col.debates)!.parentId).toBe(col.year)
      expect(tc.ids({ view: 'all', sort: 'manual', order: 'asc', filter: { collection: own.id } })).toEqual([other.id, ids[2], ids[0], ids[1]])
      // Our tag colour stays; the others come from the bag.
      expect(tc.listTags().find((x) => x.name === 'region')!.colour).toBe('#ffffff')
      expect(tc.listTags().find((x) => x.name === 'region/mena')!.colour).toBe('#1f6feb')
      // Our record took in the bag's names but those it had already by match key ("Salim M. AlMalik" is
      // "salim almalik" to the catalogue: "M." is read as an honorific), its identifiers and its note.
      expect(tc.authorities.get(authorityId)).toBeUndefined()
      const merged = tc.getAuthority(person.id)
      expect(merged.preferred).toBe('S. AlMalik')
      expect(merged.variants).toEqual(['salim almalik', 'سليم المالك'])
      expect(merged.identifiers).toEqual([{ scheme: 'wikidata', value: 'Q42' }])
      expect(merged.note).toBe('Minister, 2019–2024.')
      expect(merged.count).toBe(1)

      const files = await catalogueFiles(t)
      const again = await importBag(t, bag)
      expect(again.imported).toEqual([])
      expect(again.unchanged.sort()).toEqual([...ids].sort())
      expect(again.conflicts).toEqual([])
      expect(again.records).toEqual({ collectionsCreated: 0, collectionsReused: 1, tagsSet: 0, authoritiesCreated: 0, authoritiesMerged: 0 })
      expect(await catalogueFiles(t)).toEqual(files)
    } finally {
      await t.close()
    }
  })

  it('refuses a bag whose collections are each other’s parents, writing nothing', async () => {
    const bad = path.join(dir, 'cycle-bag')
    await fsp.cp(bag, bad, { recursive: true })
    const file = path.join(bad, 'data/presskeep-catalogue.json')
    const records = JSON.parse(readFileSync(file, 'utf8'))
    records.collections[0].parentId = records.collections[2].id
    writeFileSync(file, JSON.stringify(records))
    rehash(bad)
    expect(validateBag(bad).errors).toEqual([])
    const t = await openArchive()
    try {
      await expect(importBag(t, bad)).rejects.toThrow(/each other's parents/)
      expect(t.catalog.size).toBe(0)
      expect((await t.workspace()).collections.all()).toEqual([])
    } finally {
      await t.close()
    }
  })
})

/** Rewrites a bag's manifests, tag manifests and Payload-Oxum after its files were changed on purpose. */
function rehash(bagDir: string): void {
  const hash = (alg: string, f: string) => createHash(alg).update(readFileSync(path.join(bagDir, f))).digest('hex')
  const all = listFilesSync(bagDir)
  const payload = all.filter((f) => f.startsWith('data/'))
  let bytes = 0
  for (const f of payload) bytes += readFileSync(path.join(bagDir, f)).length
  const info = readFileSync(path.join(bagDir, 'bag-info.txt'), 'utf8').replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${bytes}.${payload.length}`)
  writeFileSync(path.join(bagDir, 'bag-info.txt'), info)
  for (const alg of ['sha256', 'sha512']) writeFileSync(path.join(bagDir, `manifest-${alg}.txt`), payload.map((f) => `${hash(alg, f)}  ${f}\n`).join(''))
  const tags = listFilesSync(bagDir).filter((f) => !f.startsWith('data/') && !f.startsWith('tagmanifest-'))
  for (const alg of ['sha256', 'sha512']) writeFileSync(path.join(bagDir, `tagmanifest-${alg}.txt`), tags.map((f) => `${hash(alg, f)}  ${f}\n`).join(''))
}

function listFilesSync(root: string, rel = ''): string[] {
  const out: string[] = []
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...listFilesSync(root, r))
    else out.push(r)
  }
  return out.sort()
}

describe('a version-1 bag (no catalogue records)', () => {
  it('still imports: names become collections, ids stay as they were, and a second import adds nothing', async () => {
    // An item from before collections had records: its collection is a name.
    const [legacy] = await createLegacyItems(source, [{ title: 'From an older Presskeep', collections: ['Fez Forum 2022'] }])
    const v1 = path.join(dir, 'v1-bag')
    {
      await exportItems(source, [...ids, legacy.id], { format: 'bagit', out: v1 })
      // Make it what Presskeep wrote before: version 1, no records file.
      await fsp.rm(path.join(v1, 'data/presskeep-catalogue.json'))
      const descFile = path.join(v1, 'data/presskeep-bag.json')
      const { catalogue: _c, ...desc } = JSON.parse(readFileSync(descFile, 'utf8'))
      writeFileSync(descFile, JSON.stringify({ ...desc, version: 1 }, null, 1))
      for (const ref of desc.items as Array<{ path: string }>) {
        const f = path.join(v1, 'data', ref.path)
        writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), version: 1 }, null, 1))
      }
      rehash(v1)
      expect(validateBag(v1).errors).toEqual([])
      expect((await listFiles(v1)).some((f) => f.includes('presskeep-catalogue'))).toBe(false)

      const t = await openArchive()
      try {
        const tc = await t.workspace()
        const first = await importBag(t, v1)
        expect(first.imported.length).toBe(4)
        const made = tc.collections.all()
        expect(made.map((c) => c.name)).toEqual(['Fez Forum 2022'])
        expect(t.catalog.get(legacy.id)!.collections).toEqual([made[0].id])
        // The other items keep the ids they had; the import says they point at nothing here.
        expect(t.catalog.get(ids[0])!.collections).toEqual(source.catalog.get(ids[0])!.collections)
        expect(first.warnings.join(' ')).toMatch(/3 collection\(s\) the items are in have no record/)
        expect(first.records.collectionsCreated).toBe(1)

        const again = await importBag(t, v1)
        expect(again.imported).toEqual([])
        expect(again.unchanged.length).toBe(4)
        expect(tc.collections.all().length).toBe(1)
      } finally {
        await t.close()
      }
    }
  })
})
