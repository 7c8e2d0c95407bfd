// Persistence: the index saved under the archive's index/ folder and loaded back.
//
// - postings.bin: the packed postings that queries read (item numbers, (tf, mask) codes, the
//   position block directory, and the checksums of positions.bin's blocks), one section per
//   array, 8-byte aligned, read in one go, checked and viewed in place;
// - positions.bin: neighbour signatures and position records, read on demand by phrases and
//   snippets and checked block by block as first read (coldPostings.ts);
// - meta.bin: the vocabulary, the saved item columns and the facet dictionaries, as typed
//   sections (metaFile.ts);
// - manifest.json, written last: format, version, the catalogue stamp it reflects, section
//   offsets and a CRC-32 per file.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { writeFileAtomic } from '../../fsutil'
import type { IndexLoadFailure } from '../types'
import { checkColumnLengths, renormalise, SAVED_COLUMNS, shareEmptyRows, type ItemColumns } from './columns'
import { metaFromSections, metaSections, packSections, sectionGetter, type SavedMeta, type SectionLayout } from './metaFile'
import { stemHash } from './analysis'
import { compact } from './compaction'
import { FACET_KINDS, FacetDictionary } from './facetDictionary'
import { coldFileBytes, FileCold, type ColdLayout } from './coldPostings'
import { POS_BLOCK_SHIFT } from './positions'
import type { PackedPostings } from './postings'
import { IndexState } from './state'

export const INDEX_FORMAT = 'presskeep-search-index'
// 2: the FlexSearch prefix dictionary (dictionary.json) beside the postings.
// 3: neighbour signatures per posting (the `adj` section), for phrases.
// 4: item columns saved by name (meta.json `columns`).
// 5: a position directory (positions.ts) instead of a start and a count per posting;
//    16-bit neighbour signatures hashed from the stem; (tf, mask) pairs by number (tfMask.ts).
// 6: no FlexSearch prefix dictionary (dictionary.json): prefixes walk the sorted forms of
//    meta.json (vocabulary.ts).
// 7: neighbour signatures and positions (varint records) in positions.bin, read on demand,
//    with a CRC-32 per 4 KB block; postings.bin keeps what every query reads.
// 8: meta.bin (typed sections, metaFile.ts) instead of meta.json.
export const INDEX_VERSION = 8

/** Postings arrays in postings.bin, by section name; coldCrc: the CRC-32 of each block of positions.bin. */
const SECTIONS = ['termStart', 'doc', 'code', 'codeTf', 'codeMask', 'posBlockAt', 'coldCrc'] as const
type SectionName = (typeof SECTIONS)[number]

export type LoadFailure = { ok: false; reason: IndexLoadFailure; message: string }

/** Writes the index under `dir` (the archive's index/ folder), compacting first. `stamp` says which catalogue state it reflects. */
export async function saveIndexState(index: IndexState, dir: string, stamp: string): Promise<void> {
  if (index.delta.length || index.deadInPacked || !index.packed) compact(index)
  index.vocab.mergePendingForms()
  const m = index.packed!
  const cold = m.cold.all()
  const coldFile = coldFileBytes(cold.adj, cold.records)
  const arrays: Record<SectionName, ArrayBufferView> = { termStart: m.termStart, doc: m.doc, code: m.code, codeTf: m.codeTf, codeMask: m.codeMask, posBlockAt: m.posBlockAt, coldCrc: coldFile.blockCrc }
  let size = 0
  const sectionAt: Record<string, { offset: number; length: number }> = {}
  for (const name of SECTIONS) {
    size = align8(size)
    const arr = arrays[name] as Uint8Array
    sectionAt[name] = { offset: size, length: arr.length }
    size += arr.byteLength
  }
  const bin = Buffer.alloc(size)
  for (const name of SECTIONS) {
    const arr = arrays[name]
    bin.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), sectionAt[name].offset)
  }
  const columns = Object.fromEntries(SAVED_COLUMNS.map((k) => [k, index.cols[k]])) as SavedMeta['columns']
  const metaFile = packSections(
    metaSections({
      stems: index.vocab.stems,
      forms: index.vocab.forms,
      formTerm: index.vocab.formTerm,
      columns,
      dicts: Object.fromEntries(Object.entries(index.dicts).map(([k, d]) => [k, d.values])) as SavedMeta['dicts'],
      totalLen: index.totalLen
    })
  )
  const metaBuf = metaFile.bytes
  await fsp.mkdir(dir, { recursive: true })
  // A new name per save, never written over: a save killed before its manifest leaves the old
  // manifest naming the old positions file, which is still there (the other files are checked
  // whole at open, and a torn one is found then).
  const coldName = `positions-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.bin`
  await writeFileAtomic(path.join(dir, coldName), coldFile.bytes)
  await writeFileAtomic(path.join(dir, 'postings.bin'), bin)
  await writeFileAtomic(path.join(dir, 'meta.bin'), metaBuf)
  const manifest = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    stamp,
    items: index.liveCount,
    saved: new Date().toISOString(),
    sections: sectionAt,
    metaSections: metaFile.layout,
    cold: coldFile.layout,
    files: {
      'postings.bin': { bytes: bin.length, crc32: crc32(bin) },
      'meta.bin': { bytes: metaBuf.length, crc32: crc32(metaBuf) },
      // Checked block by block as read (the coldCrc section of postings.bin).
      [coldName]: { bytes: coldFile.bytes.length }
    },
    positions: coldName
  }
  // The manifest goes last: a crash before it leaves a manifest whose checksums fail.
  await writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1))
  // From now on the signatures and positions are read from the file just written: what the
  // build or the compaction held in memory is let go.
  if (index.packed === m) {
    const before = m.cold
    m.cold = new FileCold(path.join(dir, coldName), coldFile.layout, coldFile.blockCrc)
    before.close()
  }
  // Older positions files are no longer named by the manifest (one still open elsewhere may
  // refuse removal on Windows: it goes at the next save).
  for (const f of await fsp.readdir(dir)) {
    if (f !== coldName && /^positions(-[a-z0-9-]+)?\.bin$/.test(f)) await fsp.rm(path.join(dir, f), { force: true }).catch(() => {})
  }
}

/**
 * Loads an index saved by saveIndexState. Never throws: a missing, older-format, stale
 * (stamp differs from `expectStamp` when given) or damaged index comes back as a reason.
 */
export async function loadIndexState(dir: string, expectStamp?: string): Promise<{ ok: true; state: IndexState; stamp: string } | LoadFailure> {
  let manifest: {
    format: string
    version: number
    stamp: string
    sections: Record<string, { offset: number; length: number }>
    metaSections: SectionLayout
    files: Record<string, { bytes: number; crc32: number }>
    cold: ColdLayout
    positions: string
  }
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing', message: 'There is no search index yet.' }
    return { ok: false, reason: 'corrupt', message: 'The search index manifest is unreadable.' }
  }
  if (!manifest || manifest.format !== INDEX_FORMAT || manifest.version !== INDEX_VERSION) {
    return { ok: false, reason: 'version', message: `The search index was written in another format (${String(manifest?.format)} ${String(manifest?.version)}; this version of Presskeep reads ${INDEX_VERSION}).` }
  }
  if (expectStamp !== undefined && manifest.stamp !== expectStamp) {
    return { ok: false, reason: 'stale', message: 'The search index is older than the catalogue.' }
  }
  try {
    const [bin, metaBuf] = await Promise.all([fsp.readFile(path.join(dir, 'postings.bin')), fsp.readFile(path.join(dir, 'meta.bin'))])
    const check = (name: string, buf: Buffer) => {
      const f = manifest.files?.[name]
      if (!f || f.bytes !== buf.length || f.crc32 !== crc32(buf)) throw new Error(`${name} does not match its checksum`)
    }
    check('postings.bin', bin)
    check('meta.bin', metaBuf)
    const state = fromSaved(bin, metaFromSections(sectionGetter(metaBuf, manifest.metaSections)), manifest.sections, path.join(dir, /^positions-[a-z0-9-]+\.bin$/.test(String(manifest.positions)) ? manifest.positions : 'missing'), manifest.cold)
    return { ok: true, state, stamp: manifest.stamp }
  } catch (err) {
    return { ok: false, reason: 'corrupt', message: `The search index is damaged (${(err as Error).message}).` }
  }
}

function fromSaved(bin: Buffer, meta: SavedMeta, sections: Record<string, { offset: number; length: number }>, coldFile: string, coldLayout: ColdLayout): IndexState {
  // One allocation holds every section; views need it aligned, which fresh large buffers are.
  let base = bin
  if (base.byteOffset % 8 !== 0) base = Buffer.from(new Uint8Array(base))
  const view = <T>(name: string, Ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T => {
    const s = sections[name]
    if (!s || s.offset + s.length * Ctor.BYTES_PER_ELEMENT > base.length) throw new Error(`section ${name} is missing`)
    return new Ctor(base.buffer as ArrayBuffer, base.byteOffset + s.offset, s.length)
  }
  const termStart = view('termStart', Uint32Array)
  const doc = view('doc', Uint32Array)
  const posBlockAt = view('posBlockAt', Uint32Array)
  const P = doc.length
  const layout = coldLayout ?? {}
  if (layout.postings !== P || posBlockAt.length !== ((P + (1 << POS_BLOCK_SHIFT) - 1) >>> POS_BLOCK_SHIFT) + 1 || posBlockAt[posBlockAt.length - 1] !== layout.recordBytes) throw new Error('the position directory does not match the postings')
  for (let b = 1; b < posBlockAt.length; b++) if (posBlockAt[b] < posBlockAt[b - 1]) throw new Error('the position directory is out of order')
  const packed: PackedPostings = {
    termCount: termStart.length - 1,
    termStart,
    doc,
    code: view('code', Uint16Array),
    codeTf: view('codeTf', Uint16Array),
    codeMask: view('codeMask', Uint16Array),
    posBlockAt,
    cold: new FileCold(coldFile, layout, view('coldCrc', Uint32Array))
  }
  const ix = new IndexState()
  const saved = meta.columns
  const ids = saved.id
  if (!Array.isArray(ids)) throw new Error('item column id is missing')
  const N = ids.length
  checkColumnLengths(saved, N)
  if (packed.termCount !== meta.stems.length || termStart[packed.termCount] !== P || packed.code.length !== P || packed.codeTf.length !== packed.codeMask.length) throw new Error('postings do not match the vocabulary')
  for (let i = 0; i < P; i++) if (packed.doc[i] >= N || packed.code[i] >= packed.codeTf.length) throw new Error('a posting points past the last item or pair')
  const vocab = ix.vocab
  vocab.stems = meta.stems
  for (let t = 0; t < vocab.stems.length; t++) {
    vocab.stemMap.set(vocab.stems[t], t)
    vocab.adjHash.push(stemHash(vocab.stems[t]))
  }
  vocab.forms = meta.forms
  vocab.formTerm = meta.formTerm
  // Prefixes are a binary search over the forms: unsorted forms would silently miss words.
  const forms = vocab.forms
  if (!Array.isArray(forms) || forms.length !== vocab.formTerm.length) throw new Error('the word forms do not match the vocabulary')
  for (let i = 0; i < forms.length; i++) {
    if (typeof forms[i] !== 'string' || (i > 0 && !(forms[i - 1] < forms[i])) || vocab.formTerm[i] >= vocab.stems.length) throw new Error('the word forms are not in order')
    vocab.tokMap.set(forms[i], vocab.formTerm[i])
  }
  for (const k of SAVED_COLUMNS) (ix.cols as Record<keyof ItemColumns, unknown>)[k] = saved[k as keyof SavedMeta['columns']]
  // Equal rows are one array already (metaFile.ts); empty ones become the shared empty row.
  shareEmptyRows(ix.cols)
  ix.cols.alive = new Array(N).fill(1)
  ix.idToDoc = new Map(ix.cols.id.map((id: string, i: number) => [id, i]))
  for (const k of FACET_KINDS) ix.dicts[k] = FacetDictionary.from(meta.dicts[k])
  ix.liveCount = N
  for (const y of ix.cols.year) {
    if (y < 0) continue
    if (y < ix.minYear) ix.minYear = y
    if (y > ix.maxYear) ix.maxYear = y
  }
  ix.totalLen = meta.totalLen
  ix.cols.norm = new Array(N)
  renormalise(ix)
  ix.packed = packed
  ix.packedDocs = N
  return ix
}

function align8(n: number): number {
  return (n + 7) & ~7
}
