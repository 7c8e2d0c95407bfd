import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../electron/core/Archive'
import { importPaths, shutdownExtraction, terminateOcr } from '../../../electron/core/import/files'
import { attachmentHits } from '../../../electron/core/viewer/hits'
import { attachmentView } from '../../../electron/core/viewer/view'
import { openTestArchive } from '../../pg/backend'
import { CORPUS, makeEml, renderTextImage, tempDir } from '../files/helpers'

const LINES = ['The Minister announced a vaccination campaign', 'Le ministre a annoncé une coopération élargie', 'in Fez, Morocco, on Wednesday.']

let dir: string
let archive: Archive
afterAll(async () => {
  await archive?.close()
  await shutdownExtraction()
  await terminateOcr()
  if (dir) await fsp.rm(dir, { recursive: true, force: true })
})

async function importOne(file: string): Promise<{ itemId: string; attachmentId: string }> {
  const s = await importPaths(archive, [file], { ocrLanguages: ['eng', 'fra'] })
  expect(s.failed).toEqual([])
  const item = await archive.getItem(s.itemIds[0])
  return { itemId: item.id, attachmentId: item.attachments[0].id }
}

describe('search hits on a scan', () => {
  it('marks the boxes of the words the search matched, through the index analysis, and nothing for excluded words', async () => {
    dir = await tempDir('pk-viewer-')
    archive = (await openTestArchive(undefined, { under: dir })).archive
    const file = path.join(dir, 'scan.png')
    await fsp.writeFile(file, await renderTextImage(LINES, { width: 1200 }))
    const at = await importOne(file)
    const view = await attachmentView(archive, at.itemId, at.attachmentId)
    expect(view).toMatchObject({ kind: 'image', ocrPages: 1 })

    const one = await attachmentHits(archive, at.itemId, at.attachmentId, 'vaccination')
    expect(one.terms).toEqual(['vaccination'])
    expect(one.boxes.map((b) => b.text)).toEqual(['vaccination'])
    const [x0, y0, x1, y1] = one.boxes[0].box
    // The word sits on the first of three lines, in the right half of the line.
    expect(y1).toBeLessThan(0.4)
    expect(x0).toBeGreaterThan(0.3)
    expect(x1).toBeGreaterThan(x0)
    expect(y1).toBeGreaterThan(y0)

    // Stemmed (announce → announced), accent-folded (cooperation → coopération), typed prefix (Moroc…).
    const analysed = await attachmentHits(archive, at.itemId, at.attachmentId, 'announce cooperation moroc')
    expect(analysed.boxes.map((b) => b.text.replace(/[^\p{L}]/gu, '')).sort()).toEqual(['Morocco', 'announced', 'coopération'])
    // A phrase marks its words only where they stand together; an excluded word is never marked.
    const phrase = await attachmentHits(archive, at.itemId, at.attachmentId, '"vaccination campaign" -minister')
    expect(phrase.boxes.map((b) => b.text)).toEqual(['vaccination', 'campaign'])
    expect((await attachmentHits(archive, at.itemId, at.attachmentId, '-vaccination')).boxes).toEqual([])
  })
})

describe('the viewer reads', () => {
  it('an e-mail as headers, body and its attachments, each linked to the item attachment it became', async () => {
    const file = path.join(dir, 'statement.eml')
    const pdf = await fsp.readFile(path.join(CORPUS, 'pdf', 'scotus-transcript-p1.pdf'))
    await fsp.writeFile(
      file,
      makeEml({ subject: 'Statement on the forum', from: 'Press Office <press@example.org>', to: 'desk@example.org', date: 'Wed, 23 Nov 2022 10:00:00 +0100', body: 'Please find the statement attached.', attachments: [{ name: 'transcript.pdf', type: 'application/pdf', content: pdf }] })
    )
    const at = await importOne(file)
    const view = await attachmentView(archive, at.itemId, at.attachmentId)
    if (view.kind !== 'email') throw new Error(`expected an e-mail view, got ${view.kind}`)
    expect(view).toMatchObject({ subject: 'Statement on the forum', from: 'Press Office <press@example.org>', to: 'desk@example.org' })
    expect(view.text).toContain('Please find the statement attached.')
    const item = await archive.getItem(at.itemId)
    const stored = item.attachments.find((a) => a.name === 'transcript.pdf')
    expect(stored).toBeDefined()
    expect(view.attachments).toEqual([{ name: 'transcript.pdf', type: 'application/pdf', size: pdf.length, attachmentId: stored!.id }])
  })

  it('a saved page as its decoded HTML, and a PDF as pages to fetch', async () => {
    const html = path.join(dir, 'page.html')
    await fsp.writeFile(html, Buffer.from('<html><head><meta charset="windows-1252"><title>R\xe9sum\xe9</title></head><body><p>Caf\xe9</p></body></html>', 'latin1'))
    const at = await importOne(html)
    const view = await attachmentView(archive, at.itemId, at.attachmentId)
    expect(view.kind).toBe('html')
    expect(view.kind === 'html' && view.html).toContain('<p>Café</p>')
    const pdf = await importOne(path.join(CORPUS, 'pdf', 'federal-register-2020-17221.pdf'))
    expect(await attachmentView(archive, pdf.itemId, pdf.attachmentId)).toMatchObject({ kind: 'pdf', type: 'application/pdf' })
    expect((await attachmentHits(archive, pdf.itemId, pdf.attachmentId, 'tariff "federal register" -x')).terms).toEqual(['tariff', 'federal register'])
  })
})
