import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import Ajv from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSV_COLUMNS, exportItems, exportJsonSchema, ExportJsonSchema } from '../../../electron/core/export'
import type { Item } from '../../../shared/model'
import { CORPUS, cleanup, makeArchive, type Fixture } from './helpers'

let f: Fixture
let items: Item[]
const collection = { name: 'Fez Forum 2022', description: 'Coverage of the forum.' }

beforeAll(async () => {
  f = await makeArchive()
  items = await Promise.all(f.ids.map((id) => f.archive.getItem(id)))
})
afterAll(async () => {
  await cleanup(f)
})

const out = (name: string) => path.join(f.dir, name)

describe('CSV', () => {
  it('has one row per item with every field, a BOM, lists joined, and formulas neutralised', async () => {
    await exportItems(f.archive, f.ids, { format: 'csv', out: out('items.csv') })
    const bytes = readFileSync(out('items.csv'))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true })
    expect(rows).toHaveLength(items.length)
    expect(Object.keys(rows[0])).toEqual(CSV_COLUMNS.map((c) => c.key))
    // Every field of the model has a column (lists, provenance and attachments spread over several).
    const columns = new Set(CSV_COLUMNS.map((c) => c.key))
    for (const key of Object.keys(items[0]))
      expect(columns.has(key) || [...columns].some((c) => c.startsWith(key.replace(/s$/, '')))).toBe(true)
    const first = rows.find((r) => r.id === f.ids[0])!
    expect(first.title).toBe(items[0].title)
    expect(first.body).toBe(items[0].body)
    expect(first.people).toBe('Dr. Salim M. AlMalik; Ramata Almami Mbaye')
    expect(first.attachments.split('; ')).toEqual(items[0].attachments.map((a) => a.name))
    expect(first.provenanceMethod).toBe('paste')
    expect(first.notes).toBe(`'=HYPERLINK("http://evil.example","click")`)
    const second = rows.find((r) => r.id === f.ids[1])!
    expect(second.byline).toBe(`'+33 Rédaction`)
    expect(second.description).toBe(`'-Élection à Fès : les délégués ont été accueillis.`)
    expect(second.tags).toBe(`'@mention; région`)
    const arabic = rows.find((r) => r.id === f.ids[2])!
    expect(arabic.body).toBe(items[2].body)
    expect(arabic.byline).toBe('كايس حمامي')
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/)
  })
})

describe('JSON', () => {
  it('holds the full records under a versioned, documented schema', async () => {
    await exportItems(f.archive, f.ids, { format: 'json', out: out('items.json'), collection })
    const doc = JSON.parse(readFileSync(out('items.json'), 'utf8'))
    expect(doc.format).toBe('presskeep-export')
    expect(doc.version).toBe(1)
    expect(doc.collection).toEqual(collection)
    expect(ExportJsonSchema.safeParse(doc).success).toBe(true)
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    const validate = ajv.compile(exportJsonSchema())
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...doc, version: 2 })).toBe(false)
    // collectionNames is added beside the record; here the collections have no records, so their values are shown as they are.
    const records = doc.items.map(({ collectionNames, ...rest }: Record<string, unknown>) => {
      expect(collectionNames).toEqual(rest.collections)
      return rest
    })
    const { attachmentText, ...first } = records[0]
    expect(first).toEqual(items[0])
    expect(Object.values(attachmentText)).toEqual(['Text found in the PDF.'])
    expect(records.slice(1)).toEqual(items.slice(1))
  })
})

describe('JSON-LD', () => {
  it('describes each item as a schema.org NewsArticle or CreativeWork', async () => {
    await exportItems(f.archive, f.ids, { format: 'jsonld', out: out('items.jsonld'), collection })
    const doc = JSON.parse(readFileSync(out('items.jsonld'), 'utf8'))
    expect(doc['@context']).toBe('https://schema.org')
    const graph: Record<string, any>[] = doc['@graph']
    expect(graph).toHaveLength(items.length + 1)
    const first = graph[0]
    expect(first['@type']).toBe('NewsArticle')
    expect(first.headline).toBe(items[0].title)
    expect(first.datePublished).toBe('2022-11-23')
    expect(first.inLanguage).toBe('en')
    expect(first.author).toEqual({ '@type': 'Person', name: 'Media Office' })
    expect(first.publisher).toEqual({ '@type': 'Organization', name: 'IOM News' })
    expect(first.about.map((a: any) => a.name)).toEqual(['migration', 'pledges'])
    const mentionTypes = first.mentions.map((m: any) => `${m['@type']}:${m.name}`)
    expect(mentionTypes).toContain('Person:Dr. Salim M. AlMalik')
    expect(mentionTypes).toContain('Organization:ISESCO')
    expect(mentionTypes).toContain('Place:Fez')
    expect(first.associatedMedia).toHaveLength(2)
    expect(first.associatedMedia[0]).toMatchObject({ '@type': 'MediaObject', encodingFormat: 'application/pdf', sha256: items[0].attachments[0].sha256 })
    expect(graph[1].datePublished).toBe('2022-11-22')
    expect(graph[2]['@type']).toBe('CreativeWork')
    const coll = graph[graph.length - 1]
    expect(coll).toMatchObject({ '@type': 'Collection', name: collection.name, description: collection.description })
    expect(coll.hasPart).toHaveLength(items.length)
    for (const node of graph.slice(0, -1)) expect(node['@id']).toMatch(/^urn:presskeep:item:/)
  })

  it('links media to their files inside a bag', async () => {
    await exportItems(f.archive, f.ids, { format: 'bagit', out: out('jsonld-bag') })
    const dir = path.join(out('jsonld-bag'), 'data', 'collection')
    const doc = JSON.parse(readFileSync(path.join(dir, 'items.jsonld'), 'utf8'))
    const url: string = doc['@graph'][0].associatedMedia[0].contentUrl
    expect(url.startsWith('../items/')).toBe(true)
    expect(existsSync(path.join(dir, decodeURIComponent(url)))).toBe(true)
  })
})

describe('Dublin Core (oai_dc)', () => {
  const xsd = path.join(CORPUS, 'xsd', 'oai_dc.xsd')
  const xmllint = (files: string[]) =>
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', xsd, ...files], {
      env: { ...process.env, XML_CATALOG_FILES: path.join(CORPUS, 'xsd', 'catalog.xml') },
      stdio: 'pipe'
    })

  it('writes one record per item, each valid against oai_dc.xsd (xmllint, offline)', async () => {
    await exportItems(f.archive, f.ids, { format: 'oai_dc', out: out('oai_dc'), collection })
    const files = readdirSync(out('oai_dc')).map((n) => path.join(out('oai_dc'), n))
    expect(files).toHaveLength(items.length)
    // xmllint is from Debian's libxml2-utils; without it this test fails and says so.
    expect(() => xmllint(files)).not.toThrow()
    const first = readFileSync(path.join(out('oai_dc'), `${f.ids[0]}.xml`), 'utf8')
    expect(first).toContain('<dc:title xml:lang="en">Director-General welcomes Morocco’s pledge on migration</dc:title>')
    expect(first).toContain('<dc:coverage>Fez</dc:coverage>')
    expect(first).toContain('<dc:date>2022-11-23</dc:date>')
    const arabic = readFileSync(path.join(out('oai_dc'), `${f.ids[2]}.xml`), 'utf8')
    expect(arabic).toContain('<dc:creator>كايس حمامي</dc:creator>')
  })

  it('is checked by a validation that can fail', () => {
    expect(() => xmllint([path.join(CORPUS, 'xsd', 'sample-oai_dc-zenodo.xml')])).not.toThrow()
    expect(() => xmllint([path.join(CORPUS, 'xsd', 'catalog.xml')])).toThrow()
  })
})

describe('CSL-JSON', () => {
  it('is valid against the CSL data schema', async () => {
    await exportItems(f.archive, f.ids, { format: 'csl-json', out: out('items.csl.json') })
    const doc = JSON.parse(readFileSync(out('items.csl.json'), 'utf8'))
    const schema = JSON.parse(readFileSync(path.join(CORPUS, 'csl', 'csl-data.json'), 'utf8'))
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(ajv)
    const validate = ajv.compile(schema)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(validate([{ id: 'x', type: 'press-release' }])).toBe(false)
    expect(doc).toHaveLength(items.length)
    expect(doc[0]).toMatchObject({ id: f.ids[0], type: 'article', title: items[0].title, publisher: 'IOM News', issued: { 'date-parts': [[2022, 11, 23]] } })
    expect(doc[1]).toMatchObject({ type: 'article-newspaper', 'container-title': 'Le Matin', issued: { 'date-parts': [[2022, 11, 22], [2022, 11, 25]] } })
    expect(doc[0].author).toEqual([{ literal: 'Media Office' }])
    for (const c of doc) expect(['article', 'article-newspaper']).toContain(c.type)
  })
})

describe('HTML catalogue', () => {
  it('is a self-contained folder: index with search data, a page per item, attachments copied and linked', async () => {
    const dir = out('catalogue')
    const summary = await exportItems(f.archive, f.ids, { format: 'html', out: dir, collection })
    expect(summary.attachments).toBe(6)
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8')
    expect(index).toContain('id="search"')
    for (const id of ['filter-type', 'filter-language', 'filter-year', 'filter-outlet', 'filter-tag', 'results', 'result-count'])
      expect(index).toContain(`id="${id}"`)
    // Nothing is fetched: no external scripts, styles, images or frames.
    for (const html of [index, ...f.ids.map((id) => readFileSync(path.join(dir, 'items', `${id}.html`), 'utf8'))]) {
      expect(html).not.toMatch(/<script[^>]+src=/i)
      expect(html).not.toMatch(/<link[^>]+href=/i)
      expect(html).not.toMatch(/<(img|iframe|audio|video|source)[^>]+src=["']?https?:/i)
      expect(html).toContain('@media print')
      expect(html).not.toContain('<script>alert(1)</script>')
    }
    // The embedded data cannot close its script element early.
    const data = /<script type="application\/json" id="catalogue-data">([\s\S]*?)<\/script>/.exec(index)![1]
    expect(JSON.parse(data)).toHaveLength(items.length)
    for (const id of f.ids) expect(index).toContain(`href="items/${id}.html"`)
    const page = readFileSync(path.join(dir, 'items', `${f.ids[0]}.html`), 'utf8')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;')
    const hrefs = [...page.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]).filter((h) => h.startsWith('../files/'))
    expect(hrefs).toHaveLength(2)
    for (const h of hrefs) expect(existsSync(path.join(dir, 'items', decodeURIComponent(h)))).toBe(true)
  })
})
