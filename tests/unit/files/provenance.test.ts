// Provenance that can be checked later: the feed file behind every entry, the real place of a
// file, and an upload named by where it came from rather than where it waited.
import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { importPaths, shutdownExtraction } from '../../../electron/core/import/files'
import { stageUpload } from '../../../electron/core/staging'
import { openTestArchive } from '../../pg/backend'
import { CORPUS, tempDir } from './helpers'

const dirs: string[] = []
afterAll(async () => {
  await shutdownExtraction()
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true })
})
const newDir = async () => {
  const d = await tempDir()
  dirs.push(d)
  return d
}
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('import provenance', () => {
  it('keeps a feed file as the source attachment of every entry it gave, stored once; a folder file is named by its real path', async () => {
    const base = await newDir()
    const folder = path.join(base, 'feeds')
    await fsp.mkdir(folder)
    await fsp.copyFile(path.join(CORPUS, 'feeds', 'heise.atom'), path.join(folder, 'heise.atom'))
    await fsp.copyFile(path.join(CORPUS, 'html', 'liberation-1', 'source.html'), path.join(folder, 'nepal.html'))
    const { archive: a } = await openTestArchive(undefined, { under: base })
    await importPaths(a, [folder])
    const feedSha = sha(path.join(folder, 'heise.atom'))
    const entries = [...a.catalog.all()].filter((r) => r.provenance?.sha256 === feedSha)
    expect(entries.length).toBeGreaterThan(5)
    for (const r of entries) {
      expect(r.attachments.map((x) => [x.name, x.sha256])).toEqual([['heise.atom', feedSha]])
      expect(r.provenance?.source).toMatch(new RegExp(`^${path.join(folder, 'heise.atom').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#entry=\\d+$`))
    }
    expect(readFileSync(a.files.pathOf(feedSha))).toEqual(readFileSync(path.join(folder, 'heise.atom')))
    const page = [...a.catalog.all()].find((r) => r.provenance?.sha256 === sha(path.join(folder, 'nepal.html')))!
    expect(page.provenance?.source).toBe(path.join(folder, 'nepal.html'))
    await a.close()
  })

  it('names an uploaded file by its path in the folder the person chose, never by the staging path', async () => {
    const base = await newDir()
    const { archive: a } = await openTestArchive(undefined, { under: base })
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const file = path.join(CORPUS, 'html', 'nytimes-1', 'source.html')
    const token = await stageUpload(a, 'sudan.html', createReadStream(file), undefined, 'saved pages/2017/sudan.html')
    const started = (await dispatch('import:staged', { tokens: [token] })) as { ok: true; value: { jobId: string } }
    expect(started.ok).toBe(true)
    await new Promise<void>((resolve) => {
      const off = a.on('jobs:finished', (o) => {
        if ((o as { jobId: string }).jobId === started.value.jobId) off(), resolve()
      })
    })
    const [item] = [...a.catalog.all()]
    expect(item.provenance).toMatchObject({ method: 'file-import', source: 'upload: saved pages/2017/sudan.html', sha256: sha(file) })
    expect(item.attachments.map((x) => x.name)).toEqual(['sudan.html'])
    await expect(fsp.readdir(path.join(a.root, 'tmp', 'staging'))).resolves.toEqual([])
    await a.close()
  })
})
