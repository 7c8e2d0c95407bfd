// Bytes of a text file to a string, whatever its encoding. Its own module: the table and feed
// readers need it without the HTML article reader and its packages.
import { isUtf8 } from 'node:buffer'
import { iconvLite } from './lazyPackages'

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without BOM), else the declared charset, else
 * Windows-1252 (a superset of Latin-1). Valid UTF-8 wins over a declaration: saved pages are
 * often re-encoded to UTF-8 by the browser or a tool that leaves the old <meta charset> in
 * place (a GB2312 page saved as UTF-8 came out scrambled), and bytes in another charset are
 * almost never valid UTF-8 by chance. The same order as the press page importer's (decode.ts).
 */
export function decodeText(buf: Buffer, declared?: string): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconvLite().decode(buf, 'utf16le')
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconvLite().decode(buf, 'utf16be')
  if (declared && !/^utf-?8$/i.test(declared) && !isUtf8(buf) && iconvLite().encodingExists(declared)) return iconvLite().decode(buf, declared)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '')
  } catch {
    return iconvLite().decode(buf, 'windows-1252')
  }
}
