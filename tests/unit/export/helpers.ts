import { mkdtempSync, promises as fsp, readdirSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Archive } from '../../../electron/core/Archive'
import type { ItemCreate } from '../../../shared/model'
import { createLegacyItems } from '../helpers'
import { openTestArchive } from '../../pg/backend'

export const CORPUS = path.resolve('../shared/corpus')
export const PDFS = readdirSync(path.join(CORPUS, 'pdf'))
  .filter((f) => f.endsWith('.pdf'))
  .sort()
  .map((f) => path.join(CORPUS, 'pdf', f))

export function tempDir(prefix = 'pk-export-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** Items that exercise every field and the awkward cases: unsafe titles, Arabic, formulas, ranges. */
export const SAMPLE_ITEMS: ItemCreate[] = [
  {
    title: 'Director-General welcomes Morocco’s pledge on migration',
    date: '2022-11-23',
    type: 'press-release',
    language: 'en',
    outlet: 'IOM News',
    section: 'Press releases',
    byline: 'Media Office',
    releaseNumber: 'PR-2022-117',
    sourceUrl: 'https://www.example.org/news/2022-11-23-pledge',
    description: 'The Director-General thanked the Kingdom of Morocco, Fez, for its pledge.',
    body: 'Fez, Kingdom of Morocco – today, Wednesday, November 23, 2022.\n\nSecond paragraph with <script>alert(1)</script> & "quotes".',
    notes: '=HYPERLINK("http://evil.example","click")',
    subjects: ['migration', 'pledges'],
    people: ['Dr. Salim M. AlMalik', 'Ramata Almami Mbaye'],
    organisations: ['ISESCO', 'International Organization for Migration'],
    places: ['Fez', 'Morocco'],
    tags: ['region/mena', 'migration'],
    collections: ['Fez Forum 2022'],
    status: 'catalogued',
    rights: '© IOM 2022',
    identifier: 'IOM-PR-117',
    warnings: [{ code: 'weekday-mismatch', message: 'The weekday does not match the date.' }],
    provenance: { method: 'paste', source: 'seed-press-page.txt', importedAt: '2024-01-02T03:04:05.000Z' }
  },
  {
    title: '..',
    date: '2022-11-22/2022-11-25',
    type: 'article',
    language: 'fr',
    outlet: 'Le Matin',
    byline: '+33 Rédaction',
    description: '-Élection à Fès : les délégués ont été accueillis.',
    body: 'Les délégués ont été accueillis à Fès.',
    people: ['Amina Diallo'],
    tags: ['@mention', 'région'],
    collections: ['Fez Forum 2022']
  },
  {
    title: 'CON',
    date: '2021',
    type: 'speech',
    language: 'ar',
    outlet: '',
    byline: 'كايس حمامي',
    body: 'أعلن الوزير اليوم أن الحكومة ستعزز التعاون مع الشركاء الإقليميين',
    places: ['الرباط'],
    collections: ['Fez Forum 2022']
  },
  { title: 'a/b\\c:d*e?f"g<h>i|j', type: 'statement', collections: ['Fez Forum 2022'] },
  { title: 'x'.repeat(300), date: '2020-02', type: 'report', collections: ['Fez Forum 2022'] },
  { title: '📰 Emoji headline 🎉 with flags 🇲🇦', type: 'photo', language: 'en', tags: ['emoji'], collections: ['Fez Forum 2022'] }
]

/** `dir` holds the archive and what the tests write; `where` is the archive (tests/pg/backend.ts). */
export type Fixture = { dir: string; archive: Archive; ids: string[]; where: string }

/** A real archive (on the back end the run tests) in a temp folder, with the sample items and real PDFs attached (some twice, some under clashing names). */
export async function makeArchive(): Promise<Fixture> {
  const dir = tempDir()
  const { archive, where } = await openTestArchive(undefined, { under: dir })
  // An archive from before collections had records: their collection is a name.
  const items = await createLegacyItems(archive, SAMPLE_ITEMS)
  const ids = items.map((i) => i.id)
  await archive.attachPaths(ids[0], [PDFS[0], PDFS[1]])
  await archive.attachPaths(ids[1], [PDFS[2]])
  // The same file twice on one item under the same name: the bag must not collide.
  await archive.attachPaths(ids[3], [PDFS[3], PDFS[3]])
  await archive.attachPaths(ids[5], [PDFS[4]])
  // Extracted attachment text, as an importer would have stored it.
  const t = await archive.texts.get(ids[0])
  const att = archive.catalog.get(ids[0])!.attachments[0]
  await archive.texts.put(ids[0], { ...t, attachments: { [att.id]: 'Text found in the PDF.' } })
  await archive.setTrashed([ids[4]], true)
  return { dir, archive, ids, where }
}

export async function cleanup(f: { dir: string; archive?: Archive }): Promise<void> {
  await f.archive?.close()
  await fsp.rm(f.dir, { recursive: true, force: true })
}

export async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), r)))
    else out.push(r)
  }
  return out.sort()
}
