// One reading of a saved page: a folder or file import gives the article that *Import page…*
// gives, not the site's navigation around it.
import { promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { extractFile, importPaths, shutdownExtraction } from '../../../electron/core/import/files'
import { proposeFromBytes } from '../../../electron/core/import/press/propose'
import { openTestArchive } from '../../pg/backend'
import { CORPUS, tempDir } from './helpers'

const PAGES = path.join(CORPUS, 'html')
const dirs: string[] = []
afterAll(async () => {
  await shutdownExtraction()
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true })
})

describe('saved HTML pages: one reading for every way in', () => {
  // Six of the corpus's twenty pages keep the test to seconds: English, French, Japanese, a right-to-left
  // page, and a Chinese page saved as UTF-8 that still declares GB2312 (the two paths read it alike).
  it('saved pages give the same title and body as a file as through Import page', async () => {
    const names = ['nytimes-1', 'telegraph', 'liberation-1', 'yahoo-4', 'rtl-1', 'qq']
    for (const name of names) {
      const file = path.join(PAGES, name, 'source.html')
      const asFile = await extractFile(file)
      const proposal = proposeFromBytes(readFileSync(file), { sourceName: 'source.html' })
      expect(proposal.items, name).toHaveLength(1)
      const [item] = proposal.items
      expect(asFile.fields.title, name).toBe(item.fields.title)
      expect(asFile.text, name).toBe(item.fields.body)
      const expected = JSON.parse(readFileSync(path.join(PAGES, name, 'expected-metadata.json'), 'utf8')) as { title?: string }
      if (expected.title) expect(asFile.fields.title, name).toBe(expected.title.replace(/\s+/g, ' ').trim())
    }
  })

  it('a folder import keeps the article without the navigation, with the byline and date the page gives', async () => {
    const base = await tempDir()
    dirs.push(base)
    const folder = path.join(base, 'saved pages')
    await fsp.mkdir(folder)
    await fsp.copyFile(path.join(PAGES, 'nytimes-1', 'source.html'), path.join(folder, 'sudan.html'))
    const raw = readFileSync(path.join(folder, 'sudan.html'), 'utf8')
    expect(raw).toContain('Skip to content') // the site's navigation is in the saved page…
    const { archive: a } = await openTestArchive(undefined, { under: base })
    const summary = await importPaths(a, [folder])
    expect(summary.imported).toBe(1)
    const [item] = a.catalog.all()
    const body = (await a.texts.get(item.id)).body
    expect(body).not.toContain('Skip to content') // …and not in the item
    expect(body).toContain('In exchange for the lifting of United States trade sanctions')
    expect(item).toMatchObject({ title: 'United States to Lift Sudan Sanctions', date: '2017-01-13', language: 'en' })
    expect(item.byline).toBe('Jeffrey Gettleman')
    expect(item.sourceUrl).toBe('https://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html')
    await a.close()
  })
})
