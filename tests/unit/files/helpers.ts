import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import * as zlib from 'node:zlib'

export const CORPUS = path.resolve('../shared/corpus')

export async function tempDir(prefix = 'pk-files-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix))
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A minimal but genuine .docx (WordprocessingML) with core properties and heading styles. */
export async function makeDocx(paragraphs: Array<{ text: string; style?: 'Heading1' | 'Heading2' }>, props: { title?: string; creator?: string; created?: string } = {}): Promise<Buffer> {
  const zip = new JSZip()
  zip.file('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`)
  zip.file('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`)
  zip.file('word/_rels/document.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
  zip.file('word/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`)
  const body = paragraphs
    .map((p) => `<w:p>${p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${esc(p.text)}</w:t></w:r></w:p>`)
    .join('')
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`)
  zip.file('docProps/core.xml', `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${props.title ? `<dc:title>${esc(props.title)}</dc:title>` : ''}${props.creator ? `<dc:creator>${esc(props.creator)}</dc:creator>` : ''}${props.created ? `<dcterms:created xsi:type="dcterms:W3CDTF">${props.created}</dcterms:created>` : ''}</cp:coreProperties>`)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** An e-mail with a text body and attachments, as a mail client writes it. */
export function makeEml(o: { subject: string; from: string; to: string; date: string; body: string; attachments?: Array<{ name: string; type: string; content: Buffer }> }): string {
  const boundary = 'pk-boundary-42'
  const subject = /[^\x20-\x7e]/.test(o.subject) ? `=?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=` : o.subject
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(o.body).toString('base64')}\r\n`,
    ...(o.attachments ?? []).map(
      (a) => `--${boundary}\r\nContent-Type: ${a.type}; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${a.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`
    )
  ]
  return `From: ${o.from}\r\nTo: ${o.to}\r\nSubject: ${subject}\r\nDate: ${o.date}\r\nMessage-ID: <test-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts.join('')}--${boundary}--\r\n`
}

/** Known text rendered black on white with DejaVu Sans (Debian fonts-dejavu-core). */
export async function renderTextImage(lines: string[], o: { width?: number; fontSize?: number; format?: 'png' | 'jpeg' } = {}): Promise<Buffer> {
  const fontSize = o.fontSize ?? 32
  const lineH = Math.round(fontSize * 1.6)
  const width = o.width ?? 1400
  const height = lineH * lines.length + fontSize * 2
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${lines
    .map((t, i) => `<text x="${fontSize}" y="${fontSize * 1.5 + i * lineH}" font-family="DejaVu Sans" font-size="${fontSize}" fill="black">${esc(t)}</text>`)
    .join('')}</svg>`
  const img = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' })
  return o.format === 'jpeg' ? img.jpeg({ quality: 92 }).toBuffer() : img.png().toBuffer()
}

/** Levenshtein-based character accuracy: 1 - edits / length of the expected text. */
export function charAccuracy(expected: string, actual: string): number {
  const a = expected.replace(/\s+/g, ' ').trim()
  const b = actual.replace(/\s+/g, ' ').trim()
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }
  return 1 - prev[b.length] / Math.max(1, a.length)
}

/** A PNG whose header claims width × height; the pixel data is a stub (never decoded). */
export function pngHeaderOnly(width: number, height: number): Buffer {

  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(td) >>> 0)
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0))
  ])
}
