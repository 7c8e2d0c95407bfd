import { promises as fsp } from 'node:fs'
import * as path from 'node:path'

export type FileFormat = 'pdf' | 'image' | 'docx' | 'email' | 'feed' | 'csv' | 'json' | 'text' | 'html'

const BY_EXTENSION: Record<string, FileFormat> = {
  '.pdf': 'pdf',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.png': 'image',
  '.tif': 'image',
  '.tiff': 'image',
  '.webp': 'image',
  '.docx': 'docx',
  '.eml': 'email',
  '.rss': 'feed',
  '.atom': 'feed',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.json': 'json',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.markdown': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html'
}

/** Extensions Presskeep imports (for file pickers and drag-and-drop hints). */
export const SUPPORTED_EXTENSIONS = [...Object.keys(BY_EXTENSION), '.xml']

/**
 * The format of a file from its first bytes, then its extension: a PDF named .txt is
 * still a PDF, and an .xml file is a feed only when it holds one. null = not supported.
 */
export async function detectFormat(file: string, head?: Buffer): Promise<FileFormat | null> {
  const ext = path.extname(file).toLowerCase()
  if (!head) {
    const fh = await fsp.open(file, 'r')
    try {
      const buf = Buffer.alloc(1024)
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
      head = buf.subarray(0, bytesRead)
    } finally {
      await fh.close()
    }
  }
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image'
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image'
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image'
  const tiff = head.subarray(0, 4).toString('hex')
  if (tiff === '49492a00' || tiff === '4d4d002a') return 'image'
  const byExt = BY_EXTENSION[ext]
  if (head[0] === 0x50 && head[1] === 0x4b) return ext === '.docx' ? 'docx' : null
  if (byExt === 'image' || byExt === 'pdf' || byExt === 'docx') return byExt // wrong magic: the extractor says why
  if (byExt) return byExt
  if (ext === '.xml') {
    const text = head.toString('latin1')
    if (/<(rss|feed|rdf:RDF)\b/.test(text)) return 'feed'
  }
  return null
}
