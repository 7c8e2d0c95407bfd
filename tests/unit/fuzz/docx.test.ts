// Fuzz of the Word importer: a small generated .docx, mutated as a zip (flipped bytes,
// truncation, spliced slices) and rebuilt with hostile parts (climbing entry names, nested
// XML, a part that claims gigabytes: the zip-bomb guard must refuse it before inflating).
import fc from 'fast-check'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { extractDocx } from '../../../electron/core/import/files/docx'
import { makeDocx } from '../files/helpers'
import { fuzz, mutateBytes, mutateText, mutations, scaled } from './fuzzKit'
import { checkExtracted, scratch } from './fileInput'

let base: Buffer
let parts: Record<string, string>
beforeAll(async () => {
  base = await makeDocx(
    [
      { text: 'Director-General welcomes the pledge', style: 'Heading1' },
      { text: 'Fez, Kingdom of Morocco – today, Wednesday, November 23, 2022. أعلن الوزير اليوم' },
      { text: 'Second paragraph & "quotes".' }
    ],
    { title: 'Pledge', creator: 'Media Office', created: '2022-11-23T10:00:00Z' }
  )
  const zip = await JSZip.loadAsync(base)
  parts = {}
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) parts[name] = await entry.async('string')
})

/** A zip whose central directory claims `size` bytes for one entry: what a bomb looks like before it is inflated. */
function claimSize(zipBytes: Buffer, size: number): Buffer {
  const b = Buffer.from(zipBytes)
  for (let i = b.length - 22; i >= 0; i--) {
    if (b.readUInt32LE(i) !== 0x02014b50) continue // central directory header
    b.writeUInt32LE(size >>> 0, i + 24) // uncompressed size of the last entry found
    break
  }
  return b
}

const input = fc.oneof(
  // The bytes of the zip, mutated.
  { weight: 3, arbitrary: mutations(0, 4).map((ms) => ({ kind: 'bytes' as const, ms })) },
  // One XML part mutated as text (nesting, huge attributes, bad entities), the zip rebuilt.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('part' as const),
      part: fc.constantFrom('word/document.xml', 'docProps/core.xml', 'word/styles.xml', '[Content_Types].xml', '_rels/.rels', 'word/_rels/document.xml.rels'),
      ms: mutations(30, 4)
    })
  },
  // Hostile entries: climbing or absolute names, and sizes a bomb would claim.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('entries' as const),
      name: fc.constantFrom('../../evil.xml', '/etc/passwd', 'word/../../../x', 'C:\\evil', 'word/media/\u202egnp.exe', 'a/'.repeat(200) + 'deep.xml'),
      claimed: fc.constantFrom(0, 1, 400 * 1024 * 1024, 0xffffffff)
    })
  }
)

const files = scratch('docx')
afterAll(() => files.remove())

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never

async function build(i: Input): Promise<Buffer> {
  if (i.kind === 'bytes') return mutateBytes(base, i.ms)
  const zip = new JSZip()
  for (const [n, t] of Object.entries(parts)) zip.file(n, i.kind === 'part' && n === i.part ? mutateText(t, i.ms) : t)
  if (i.kind === 'entries') zip.file(i.name, 'x'.repeat(1000))
  const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
  return i.kind === 'entries' && i.claimed ? claimSize(out, i.claimed) : out
}

describe('fuzz: Word documents', () => {
  it('gives a document or a clear error for mutated .docx files', async () => {
    await fuzz({
      name: 'docx (extractDocx)',
      arbitrary: input,
      runs: scaled(1_000),
      exec: async (i) => extractDocx(await files.write('document.docx', await build(i))),
      check: (r) => checkExtracted(r),
      timeBoundMs: 15_000
    })
  })
})
