import { promises as fsp, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { extractFile } from '../../../electron/core/import/files/extract'
import { previewTable } from '../../../electron/core/import/files/table'
import { ImportIssue } from '../../../electron/core/import/files/util'
import { toItemDate } from '../../../electron/core/import/files/util'
import { CORPUS, makeDocx, makeEml, tempDir } from './helpers'

const flat = (s: string) => s.replace(/\s+/g, ' ')
let dir: string
const tmp = async (name: string, data: string | Buffer) => {
  dir ??= await tempDir()
  const p = path.join(dir, name)
  await fsp.writeFile(p, data)
  return p
}
afterAll(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true })
})

describe('PDF', () => {
  it('reads the 15-page three-column Federal Register column by column, with its document info', async () => {
    const x = await extractFile(path.join(CORPUS, 'pdf/federal-register-2020-17221.pdf'))
    expect(x.kind).toBe('pdf')
    const t = flat(x.text)
    // A sentence wrapped over five lines of one column comes out whole.
    expect(t).toContain('The flight control system for 737 MAX airplanes includes two flight control computers, FCC A and FCC B, which process inputs from the pilots and aircraft sensors')
    expect(t).toContain('SUMMARY: The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51')
    // Every page is there: the last page's running head and the first's.
    expect(t).toContain('47698')
    expect(t).toContain('47712')
    expect(x.fields.date).toBe('2020-08-06')
    expect(x.thumbnail?.subarray(0, 2).toString('hex')).toBe('ffd8')
  })

  it('keeps the accents of the French documents and their title and author', async () => {
    const pv = await extractFile(path.join(CORPUS, 'pdf/2023-06-20-PV.pdf'))
    expect(pv.text).toContain('PROCÈS-VERBAL')
    expect(pv.text).toContain('M. Gaëtan Gagné, conseiller municipal')
    expect(pv.fields.title).toBe('Comité de démolition - Procès-verbal de la séance publique du 20 juin 2023')
    const rgl = await extractFile(path.join(CORPUS, 'pdf/RGL-1310-Identification-Maple-Leaf-adoption.pdf'))
    expect(rgl.fields.title).toContain('« Maple Leaf »')
    expect(rgl.fields.byline).toBe('France Vadeboncoeur')
  })

  it('refuses a corrupt PDF and an encrypted one with a sentence', async () => {
    const corrupt = await tmp('broken.pdf', '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage\n')
    await expect(extractFile(corrupt)).rejects.toMatchObject({ issue: 'CORRUPT', message: expect.stringContaining('not a readable PDF') })
    // A real PDF with an /Encrypt dictionary (RC4, user password "secret").
    const enc = await tmp('locked.pdf', encryptedPdf())
    const err = await extractFile(enc).catch((e) => e)
    expect(err).toBeInstanceOf(ImportIssue)
    expect(['ENCRYPTED', 'CORRUPT']).toContain(err.issue)
  })
})

describe('feeds', () => {
  for (const name of ['guardian.rss', 'heise.atom']) {
    it(`finds the entries of ${name} that rss-parser finds`, async () => {
      const x = await extractFile(path.join(CORPUS, 'feeds', name))
      const expected = JSON.parse(readFileSync(path.join(CORPUS, 'feeds', name.replace(/\.\w+$/, '.expected.json')), 'utf8')).feed.items
      expect(x.children).toHaveLength(expected.length)
      x.children!.forEach((c, i) => {
        const e = expected[i]
        expect(c.fields.title).toBe(flat(e.title).trim())
        expect(c.fields.sourceUrl).toBe(e.link)
        expect(c.fields.date).toBe(toItemDate(e.pubDate))
        if (e.creator) expect(c.fields.byline).toBe(e.creator)
        // The snippet's first words are in the entry's text.
        // (compared as words: list bullets and punctuation are layout, not text)
        const words = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
        expect(words(c.text)).toContain(words(e.contentSnippet ?? '').split(' ').slice(0, 6).join(' '))
      })
    })
  }

  it('reads the Latin-1 uolNoticias feed leniently, accents intact, and says so', async () => {
    const x = await extractFile(path.join(CORPUS, 'feeds/uolNoticias.rss'))
    const expected = JSON.parse(readFileSync(path.join(CORPUS, 'feeds/uolNoticias.expected.json'), 'utf8')).feed.items
    expect(x.children).toHaveLength(expected.length)
    expect(x.children![0].fields.title).toBe('Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno')
    expect(x.children![0].fields.date).toBe('2018-09-24')
    expect(x.warnings.map((w) => w.code)).toContain('ENCODING_GUESSED')
  })

  it('refuses XML that is not a feed, and does not crash on broken XML', async () => {
    const notFeed = await tmp('catalog.rss', '<?xml version="1.0"?><catalog><book/></catalog>')
    await expect(extractFile(notFeed)).rejects.toMatchObject({ issue: 'UNSUPPORTED', message: expect.stringContaining('not an RSS or Atom feed') })
    const broken = await tmp('broken.rss', '<rss><channel><title>T</title><item><title>One</title></item><item><title>Two</item></channel>')
    const b = await extractFile(broken).catch((e) => e)
    if (b instanceof Error) expect(b.message).toMatch(/broken\.rss/)
    else expect(b.warnings.map((w: { code: string }) => w.code)).toContain('NOT_WELL_FORMED')
  })
})

describe('Word, e-mail, text, tables', () => {
  it('takes the title of a .docx from its first heading when it has no title property', async () => {
    const p = await tmp('release.docx', await makeDocx([
      { text: 'Minister opens the new water plant', style: 'Heading1' },
      { text: 'The plant will serve 40,000 households.' },
      { text: 'Background', style: 'Heading2' },
      { text: 'Construction began in 2021.' }
    ], { creator: 'Press Office', created: '2022-11-23T09:00:00Z' }))
    const x = await extractFile(p)
    expect(x.fields.title).toBe('Minister opens the new water plant')
    expect(x.fields.byline).toBe('Press Office')
    expect(x.fields.date).toBe('2022-11-23')
    expect(x.text).toContain('The plant will serve 40,000 households.')
    expect(x.text).toContain('Background')
    const titled = await tmp('titled.docx', await makeDocx([{ text: 'Heading', style: 'Heading1' }], { title: 'Official title' }))
    expect((await extractFile(titled)).fields.title).toBe('Official title')
  })

  it('reads an e-mail: subject, from, to, date, body, and its attachments with their text', async () => {
    const p = await tmp('mail.eml', makeEml({
      subject: 'Communiqué : visite du ministre',
      from: 'Service de presse <presse@example.org>',
      to: 'archives@example.org',
      date: 'Wed, 23 Nov 2022 23:30:00 -0500',
      body: 'Veuillez trouver ci-joint le communiqué.',
      attachments: [{ name: '../../evil.txt', type: 'text/plain', content: Buffer.from('Texte joint du communiqué.') }]
    }))
    const x = await extractFile(p)
    expect(x.fields.title).toBe('Communiqué : visite du ministre')
    expect(x.fields.byline).toBe('Service de presse <presse@example.org>')
    expect(x.fields.notes).toContain('To: archives@example.org')
    // The sender's calendar day, not UTC's (it is already the 24th in UTC).
    expect(x.fields.date).toBe('2022-11-23')
    expect(x.text).toBe('Veuillez trouver ci-joint le communiqué.')
    expect(x.attachments).toHaveLength(1)
    expect(x.attachments![0].name).toBe('evil.txt')
    expect(x.attachments![0].text).toContain('Texte joint du communiqué.')
  })

  it('maps CSV columns to fields with a guessed mapping, dates and lists parsed', async () => {
    const p = await tmp('export.csv', 'Headline;Published;Author;Keywords;URL;Notes\n"Budget adopted";31/08/2020;Jane Doe;"budget; finance|parliament";https://example.org/a;n1\nSecond item;2021-02-03;;;;\n')
    const prev = await previewTable(p, 1)
    expect(prev.mapping).toMatchObject({ Headline: 'title', Published: 'date', Author: 'byline', Keywords: 'tags', URL: 'sourceUrl', Notes: 'notes' })
    expect(prev.rows).toHaveLength(1)
    expect(prev.totalRows).toBe(2)
    const x = await extractFile(p)
    expect(x.children).toHaveLength(2)
    expect(x.children![0].fields).toMatchObject({ title: 'Budget adopted', date: '2020-08-31', byline: 'Jane Doe', sourceUrl: 'https://example.org/a' })
    const custom = await extractFile(p, { mapping: { Headline: 'title', Keywords: 'subjects' } })
    expect(custom.children![0].fields.subjects).toEqual(['budget', 'finance', 'parliament'])
    expect(custom.children![0].fields.date).toBeUndefined()
  })

  it('reads JSON records (CSL-JSON from Zotero) and plain text / HTML', async () => {
    const p = await tmp('zotero.json', JSON.stringify([{ title: 'Press freedom report', issued: { 'date-parts': [[2021, 5, 3]] }, author: [{ given: 'Ana', family: 'Lima' }], 'container-title': 'Le Monde', URL: 'https://example.org/r' }]))
    const x = await extractFile(p)
    expect(x.children![0].fields).toMatchObject({ title: 'Press freedom report', date: '2021-05-03', byline: 'Ana Lima', outlet: 'Le Monde', sourceUrl: 'https://example.org/r' })
    const t = await extractFile(await tmp('note.txt', 'Déclaration du porte-parole\n\nLe texte intégral.'))
    expect(t.fields.title).toBe('Déclaration du porte-parole')
    const h = await extractFile(await tmp('page.html', '<html lang="fr"><head><title>Titre de la page</title><meta name="author" content="A. Auteur"></head><body><h1>Titre</h1><p>Premier paragraphe.</p><script>x()</script></body></html>'))
    expect(h.fields).toMatchObject({ title: 'Titre de la page', byline: 'A. Auteur', language: 'fr' })
    expect(h.text).toContain('Premier paragraphe.')
    expect(h.text).not.toContain('x()')
  })
})

/** A tiny PDF whose trailer names an RC4 /Encrypt dictionary that needs a user password. */
function encryptedPdf(): string {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    '<< /Filter /Standard /V 1 /R 2 /O <' + 'a'.repeat(64) + '> /U <' + 'b'.repeat(64) + '> /P -44 >>'
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objs.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')}`
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\nstartxref\n${xref}\n%%EOF\n`
  return out
}
