// Fuzz of bag import: a small bag exported by Presskeep, its manifests, tag files and JSON
// mutated (sometimes re-sealed with fresh checksums, so that the JSON parsers are reached), and
// hostile paths ("../", absolute, backslashes), symbolic links and hard links in the bag folder.
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { mkdtempSync, promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { exportItems, importBag, verifyBag } from '../../../electron/core/export'
import type { BagSource } from '../../../electron/core/export/bagRead'
import { expectClearError, fuzz, mutateText, mutations, scaled } from './fuzzKit'
import { createLegacyItems } from '../helpers'

let dir: string
let source: Archive
let target: Archive
let bag: Map<string, Buffer>

async function readTree(root: string, rel = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) for (const [k, v] of await readTree(root, r)) out.set(k, v)
    else out.set(r, await fsp.readFile(path.join(root, r)))
  }
  return out
}

beforeAll(async () => {
  // Not tests/unit/helpers' tempDir: that one is removed after each test, and this folder serves them all.
  dir = mkdtempSync(path.join(os.tmpdir(), 'pk-fuzz-bag-'))
  source = await Archive.open(path.join(dir, 'Source.presskeep'))
  // An item filed by name, as an older Presskeep left it: the bag carries it as it is.
  const items = await createLegacyItems(source, [
    { title: 'Director-General welcomes the pledge', date: '2022-11-23', body: 'Fez – today.', tags: ['migration'], collections: ['Fez Forum'] },
    { title: 'بيان صحفي', language: 'ar', body: 'أعلن الوزير اليوم' }
  ])
  const note = path.join(dir, 'note.txt')
  await fsp.writeFile(note, 'A small attachment.\n')
  await source.attachPaths(items[0].id, [note])
  await exportItems(source, items.map((i) => i.id), { format: 'bagit', out: path.join(dir, 'bag') })
  bag = await readTree(path.join(dir, 'bag'))
  target = await Archive.open(path.join(dir, 'Target.presskeep'))
})

afterAll(async () => {
  await source?.close()
  await target?.close()
  await fsp.rm(dir, { recursive: true, force: true })
})

/** Manifests, tag manifests and Payload-Oxum recomputed: a mutated bag that verifies, so the JSON is read. */
function reseal(files: Map<string, Buffer>): Map<string, Buffer> {
  const out = new Map(files)
  const algs = [...files.keys()].map((n) => /^manifest-(\w+)\.txt$/.exec(n)?.[1]).filter((a): a is string => !!a)
  const payload = [...out.keys()].filter((p) => p.startsWith('data/')).sort()
  for (const alg of algs) out.set(`manifest-${alg}.txt`, Buffer.from(payload.map((p) => `${createHash(alg).update(out.get(p)!).digest('hex')}  ${p}\n`).join('')))
  const info = out.get('bag-info.txt')?.toString('utf8')
  if (info) {
    const bytes = payload.reduce((n, p) => n + out.get(p)!.length, 0)
    out.set('bag-info.txt', Buffer.from(info.replace(/^Payload-Oxum:.*$/m, `Payload-Oxum: ${bytes}.${payload.length}`)))
  }
  for (const name of [...out.keys()]) {
    const m = /^tagmanifest-(\w+)\.txt$/.exec(name)
    if (!m) continue
    const tags = [...out.keys()].filter((p) => !p.startsWith('data/') && !p.startsWith('tagmanifest-')).sort()
    out.set(name, Buffer.from(tags.map((p) => `${createHash(m[1]).update(out.get(p)!).digest('hex')}  ${p}\n`).join('')))
  }
  return out
}

const HOSTILE_PATHS = ['../evil.txt', '../../etc/passwd', '/etc/passwd', 'data/../../x', 'data/./x', 'data//x', 'data\\..\\x', 'C:/x', 'data/%2e%2e/x', 'data/\u0000x', './data/x']

type BagInput = { files: Map<string, Buffer> }

const bagInput = (): fc.Arbitrary<BagInput> =>
  fc
    .record({
      target: fc.nat(100),
      ms: mutations(100, 3),
      extra: fc.option(fc.record({ path: fc.constantFrom(...HOSTILE_PATHS), inManifest: fc.boolean() }), { freq: 4 }),
      reseal: fc.boolean()
    })
    .map(({ target: t, ms, extra, reseal: seal }) => {
      let files = new Map(bag)
      // Tag files and JSON are where the parsers are: they are picked more often than payload.
      const names = [...files.keys()].sort()
      const textual = names.filter((n) => /\.(txt|json)$/.test(n))
      const pick = t % 3 === 0 ? names[t % names.length] : textual[t % textual.length]
      files.set(pick, Buffer.from(mutateText(files.get(pick)!.toString('utf8'), ms), 'utf8'))
      if (seal) files = reseal(files)
      if (extra) {
        const alg = names.find((n) => n.startsWith('manifest-'))!
        if (extra.inManifest) files.set(alg, Buffer.concat([files.get(alg)!, Buffer.from(`${'0'.repeat(64)}  ${extra.path}\n`)]))
        else files.set(extra.path, Buffer.from('outside'))
      }
      return { files }
    })

/** The bag in memory: verifyBag reads it through the same BagSource interface as folders and zips. */
function memorySource(files: Map<string, Buffer>): BagSource {
  return {
    location: 'memory-bag',
    files: new Map([...files].map(([k, v]) => [k, v.length])),
    open: async (rel) => {
      const b = files.get(rel)
      if (!b) throw new Error(`no ${rel}`)
      return Readable.from([b])
    },
    close: async () => {}
  }
}

let folderN = 0
async function writeBag(files: Map<string, Buffer>): Promise<string> {
  const root = path.join(dir, 'bags', String(folderN++))
  for (const [rel, b] of files) {
    // A hostile name must not be written outside the test's folder either: those go in as manifest lines only.
    const abs = path.resolve(root, rel)
    if (!abs.startsWith(root + path.sep) || rel.includes('\0')) continue
    await fsp.mkdir(path.dirname(abs), { recursive: true })
    await fsp.writeFile(abs, b)
  }
  return root
}

describe('fuzz: bag import', () => {
  it('verifyBag gives a verified bag or a clear refusal for 10,000 mutated bags', async () => {
    await fuzz({
      name: 'bag verification (verifyBag, in memory)',
      arbitrary: bagInput(),
      runs: scaled(10_000),
      exec: (i) => verifyBag(memorySource(i.files)),
      check: (r) => expect((r as { manifests: Map<string, unknown> }).manifests.size).toBeGreaterThan(0),
      timeBoundMs: 5_000
    })
  })

  it('importBag imports or refuses 400 mutated bag folders whole, never writing outside the archive', async () => {
    const stats = await fuzz({
      name: 'bag import (importBag, folders)',
      arbitrary: bagInput(),
      runs: scaled(400),
      exec: async (i) => {
        const root = await writeBag(i.files)
        try {
          return await importBag(target, root)
        } finally {
          await fsp.rm(root, { recursive: true, force: true })
        }
      },
      check: (r) => expect(Array.isArray((r as { imported: unknown }).imported)).toBe(true),
      timeBoundMs: 10_000
    })
    expect(stats.results).toBeGreaterThan(0)
    expect(await fsp.readdir(dir)).toEqual(expect.arrayContaining(['Source.presskeep', 'Target.presskeep', 'bag', 'bags', 'note.txt']))
    expect((await fsp.readdir(dir)).length).toBe(5)
  })
})

describe('bag import refuses paths that leave the bag', () => {
  it('refuses "../", absolute and backslash paths in the manifest, and names them', async () => {
    for (const p of HOSTILE_PATHS) {
      const files = new Map(bag)
      const alg = [...files.keys()].find((n) => n.startsWith('manifest-'))!
      files.set(alg, Buffer.concat([files.get(alg)!, Buffer.from(`${'0'.repeat(64)}  ${p}\n`)]))
      const root = await writeBag(files)
      const err = await importBag(target, root).catch((e) => e)
      expectClearError(err)
      expect(err.message).toMatch(/outside the bag|not in the payload|does not hold|not "checksum path"/)
    }
  })

  it('refuses a symbolic link in the bag folder, to a file or a folder outside it', async () => {
    const outside = path.join(dir, 'secret.txt')
    await fsp.writeFile(outside, 'secret')
    for (const [link, to] of [['data/secret.txt', outside], ['data/etc', '/etc']]) {
      const root = await writeBag(bag)
      await fsp.symlink(to, path.join(root, link))
      const err = await importBag(target, root).catch((e) => e)
      expectClearError(err)
      expect(err.message).toMatch(/symbolic link/)
    }
    await fsp.rm(outside)
  })

  it('refuses a hard link in the bag folder (its content is a file outside the bag)', async () => {
    const outside = path.join(dir, 'secret.txt')
    await fsp.writeFile(outside, 'secret')
    const root = await writeBag(bag)
    await fsp.link(outside, path.join(root, 'data', 'secret.txt'))
    const err = await importBag(target, root).catch((e) => e)
    expectClearError(err)
    expect(err.message).toMatch(/hard link/)
    await fsp.rm(outside)
  })
})
