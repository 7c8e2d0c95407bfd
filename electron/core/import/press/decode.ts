// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM (or without, when the zero
// bytes give it away), else Windows-1252, the usual encoding of old Western pages and of
// text saved by Windows programs. WHATWG TextDecoder (built into Node) does the decoding.
import { isUtf8 } from 'node:buffer'
import { CoreError, megabytes } from '../../errors'

export type Decoded = { text: string; encoding: string; kind: 'html' | 'text' }

export const MAX_SOURCE_BYTES = 32 * 1024 * 1024

/** The file's own name for a refusal's values: callers pass it quoted for the English sentence (“page.html”). */
const plainName = (sourceName: string) => sourceName.replace(/^“(.*)”$/s, '$1')

export function decodeBytes(buf: Buffer, sourceName = 'The file'): Decoded {
  if (buf.length === 0) throw new CoreError('INVALID_INPUT', `${sourceName} is empty: there is nothing to import.`, undefined, { reason: 'FILE_EMPTY', name: plainName(sourceName) })
  if (buf.length > MAX_SOURCE_BYTES)
    throw new CoreError(
      'INVALID_INPUT',
      `${sourceName} is ${(buf.length / 1048576).toFixed(1)} MB; a press page to import can be at most ${MAX_SOURCE_BYTES / 1048576} MB. Split it into smaller files.`,
      undefined,
      { reason: 'FILE_TOO_LARGE', name: plainName(sourceName), max: megabytes(MAX_SOURCE_BYTES) }
    )
  let encoding: string
  let start = 0
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    encoding = 'utf-8'
    start = 3
  } else if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16le'
    start = 2
  } else if (buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = 'utf-16be'
    start = 2
  } else {
    const sample = buf.subarray(0, 4096)
    let evenZeros = 0
    let oddZeros = 0
    for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++)
    if (oddZeros > sample.length / 4 && evenZeros < sample.length / 50) encoding = 'utf-16le'
    else if (evenZeros > sample.length / 4 && oddZeros < sample.length / 50) encoding = 'utf-16be'
    else encoding = isUtf8(buf) ? 'utf-8' : 'windows-1252'
  }
  let text: string
  if (encoding === 'utf-16be') {
    const body = buf.subarray(start, start + ((buf.length - start) & ~1))
    text = new TextDecoder('utf-16le').decode(Buffer.from(body).swap16())
  } else if (encoding === 'windows-1252') text = decodeWindows1252(buf)
  else text = new TextDecoder(encoding).decode(buf.subarray(start))
  if (looksBinary(text))
    throw new CoreError(
      'FILE_UNREADABLE',
      `${sourceName} does not look like text or a web page (it holds binary data). Import a .txt or .html file, or paste the text.`,
      undefined,
      { reason: 'NOT_TEXT', name: plainName(sourceName) }
    )
  const kind = /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 2048)) ||
    (/<(p|div|article|h1|h2|title)[\s>]/i.test(text.slice(0, 8192)) && /<\/(p|div|article|h1|h2|title)>/i.test(text.slice(0, 65536)))
    ? 'html'
    : 'text'
  return { text, encoding, kind }
}

// Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters,
// losing the curly quotes, dashes and € that make Windows text Windows text; the 32
// code points of that row are mapped here (undefined bytes become U+FFFD).
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178
]

export function decodeWindows1252(buf: Buffer): string {
  const out = new Array<string>()
  const CHUNK = 8192
  for (let i = 0; i < buf.length; i += CHUNK) {
    const part = buf.subarray(i, i + CHUNK)
    const codes = new Array<number>(part.length)
    for (let j = 0; j < part.length; j++) {
      const b = part[j]
      codes[j] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b
    }
    out.push(String.fromCharCode(...codes))
  }
  return out.join('')
}


/** Control characters or replacement characters in quantity: not a text a person wrote. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536)
  if (sample.length === 0) return false
  let bad = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || (c >= 0x80 && c < 0xa0)) bad++
  }
  return bad / sample.length > 0.02
}
