// Committing a proposal into a real archive folder, and finding duplicates there.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { CoreError } from '../../../electron/core/errors'
import { authoritiesFromArchive, commitProposal, findDuplicates, markDuplicates, proposeFromBytes, proposeFromText } from '../../../electron/core/import/press'

const SEED_PATH = '../shared/corpus/seed-press-page.txt'
const seedBytes = readFileSync(SEED_PATH)
const seedSha = createHash('sha256').update(seedBytes).digest('hex')

let dir: string
let archive: Archive

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'presskeep-press-'))
  archive = await Archive.open(path.join(dir, 'test.presskeep'))
})
afterEach(async () => {
  await archive.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('commitProposal', () => {
  it('creates every item with provenance and the source attached, stored once', async () => {
    const proposal = proposeFromBytes(seedBytes, { sourceName: 'seed-press-page.txt' })
    const before = Date.now()
    const { items, sourceSha256, attachmentName } = await commitProposal(archive, proposal, {
      sourceName: 'seed-press-page.txt',
      sourceBytes: seedBytes
    })
    expect(sourceSha256).toBe(seedSha)
    expect(attachmentName).toBe('seed-press-page.txt')
    expect(items).toHaveLength(10)
    expect(archive.info().counts).toEqual({ items: 10, trashed: 0, attachments: 10 })
    for (const [i, item] of items.entries()) {
      const stored = await archive.getItem(item.id)
      expect(stored.title).toBe(proposal.items[i].fields.title)
      expect(stored.body).toBe(proposal.items[i].fields.body)
      expect(stored.people).toEqual(proposal.items[i].fields.people)
      expect(stored.warnings).toEqual(proposal.items[i].fields.warnings)
      expect(stored.provenance).toMatchObject({ method: 'press-page', source: 'seed-press-page.txt', sha256: seedSha })
      expect(Date.parse(stored.provenance!.importedAt!)).toBeGreaterThanOrEqual(before - 1000)
      expect(stored.attachments).toHaveLength(1)
      expect(stored.attachments[0]).toMatchObject({ name: 'seed-press-page.txt', sha256: seedSha, size: seedBytes.length })
      const { path: file } = archive.attachment(item.id, stored.attachments[0].id)
      expect(readFileSync(file).equals(seedBytes)).toBe(true)
    }
    // The TURKSOY item keeps its warnings in the archive.
    expect(items[4].warnings.map((w) => w.code)).toEqual(['WEEKDAY_MISMATCH', 'TRUNCATED'])
  })

  it('pasted text is attached as a .txt named after the source', async () => {
    const text = readFileSync('tests/fixtures/press/ministere-fr.txt', 'utf8')
    const proposal = proposeFromBytes(Buffer.from(text))
    const { items, attachmentName } = await commitProposal(archive, proposal, { sourceName: 'pasted text', sourceBytes: text })
    expect(attachmentName).toBe('pasted text.txt')
    expect(items.every((i) => i.attachments[0].type === 'text/plain')).toBe(true)
  })

  it('refuses an invalid proposal before writing anything', async () => {
    const proposal = proposeFromBytes(seedBytes)
    proposal.items[3].fields.date = '2022-13-45'
    await expect(commitProposal(archive, proposal, { sourceName: 'x.txt', sourceBytes: seedBytes })).rejects.toThrow(
      /Item 4 .* date .*Nothing was imported/
    )
    expect(archive.info().counts.items).toBe(0)
    await expect(commitProposal(archive, { ...proposal, items: [] }, { sourceName: 'x.txt', sourceBytes: seedBytes })).rejects.toBeInstanceOf(
      CoreError
    )
  })
})

describe('duplicates', () => {
  it('the same page imported twice: every item is a duplicate (same text)', async () => {
    const first = proposeFromBytes(seedBytes)
    expect(await findDuplicates(first, archive)).toEqual([])
    const { items } = await commitProposal(archive, first, { sourceName: 'seed.txt', sourceBytes: seedBytes })
    const again = proposeFromBytes(seedBytes)
    const dups = await findDuplicates(again, archive)
    expect(dups.map((d) => [d.key, d.itemId, d.reason])).toEqual(items.map((it, i) => [`p${i + 1}`, it.id, 'same-text']))
    const marked = await markDuplicates(again, archive)
    for (const i of marked.items) expect(i.fields.warnings!.map((w) => w.code)).toContain('DUPLICATE')
    expect(marked.items[0].fields.warnings!.find((w) => w.code === 'DUPLICATE')!.message).toContain(items[0].id)
  })

  it('same title and date, edited text: a duplicate by title and date; a trashed item is not', async () => {
    const first = proposeFromBytes(seedBytes)
    const { items } = await commitProposal(archive, first, { sourceName: 'seed.txt', sourceBytes: seedBytes })
    const edited = readFileSync(SEED_PATH, 'utf8').replace('aims to promote digital innovation', 'aimed to promote innovation')
    const again = proposeFromBytes(Buffer.from(edited))
    const dups = await findDuplicates(again, archive)
    expect(dups.find((d) => d.key === 'p1')).toMatchObject({ itemId: items[0].id, reason: 'same-title-and-date' })
    await archive.setTrashed([items[0].id], true)
    expect((await findDuplicates(again, archive)).find((d) => d.key === 'p1')).toBeUndefined()
  })
})

describe('names known from earlier imports', () => {
  it('are reused by the next import', async () => {
    await commitProposal(archive, proposeFromBytes(seedBytes), { sourceName: 'seed.txt', sourceBytes: seedBytes })
    const known = await authoritiesFromArchive(archive)
    expect(known).toContainEqual({ kind: 'person', preferred: 'Salim M. AlMalik', variants: ['Salim M. AlMalik'] })
    const next = proposeFromText(
      'ICESCO Director-General receives the Ambassador of Senegal\n\nDr. Salim AlMalik, Director-General of ICESCO, received on Monday, 5 December 2022 at the headquarters of the Organization in Rabat the Ambassador of Senegal, with whom he discussed cooperation in education.',
      { knownAuthorities: known }
    )
    expect(next.items[0].fields.people).toEqual(['Salim M. AlMalik'])
    expect(next.items[0].fields.organisations).toEqual(['Islamic World Educational, Scientific and Cultural Organization (ICESCO)'])
    expect(next.items[0].fields.places).toEqual(['Senegal', 'Rabat'])
  })
})

describe('proposing against the open archive (what import:proposeText and the CLI call)', () => {
  it('reads a file, marks duplicates of what is already there, and commits with the file as source', async () => {
    const { proposeBytesForArchive, proposeTextForArchive, readSourceFile } = await import('../../../electron/core/import/press')
    const { bytes, sourceName } = await readSourceFile(SEED_PATH)
    expect(sourceName).toBe('seed-press-page.txt')
    const first = await proposeBytesForArchive(archive, bytes, { sourceName })
    expect(first.items.flatMap((i) => i.fields.warnings!.map((w) => w.code))).not.toContain('DUPLICATE')
    await commitProposal(archive, first, { sourceName, sourceBytes: bytes })
    const second = await proposeTextForArchive(archive, bytes.toString('utf8'), { sourceName: 'pasted text' })
    expect(second.items.every((i) => i.fields.warnings!.some((w) => w.code === 'DUPLICATE'))).toBe(true)
    await expect(readSourceFile(path.join(dir, 'missing.txt'))).rejects.toThrow(/no such file/)
    await expect(readSourceFile(dir)).rejects.toThrow(/not a regular file/)
  })
})
