// Readable file names that are safe on Windows, macOS and Linux, and never collide.
// Hand-written because the libraries for this (sanitize-filename, filenamify) neither
// truncate by bytes without splitting characters nor keep names unique per folder, and
// both are needed here.

import { wellFormed } from '../../../shared/model'

// Windows device names are reserved with any extension ("CON.txt" too).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
// eslint-disable-next-line no-control-regex
// '%' too: BagIt manifests percent-encode it, and bagit-python refuses payload names holding one.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*%\u2028\u2029\ufeff]/g
/**
 * Bidirectional controls (LRM, RLM, ALM, embeddings, overrides, isolates) are invisible and
 * make a name read differently from what it is ("invoice\u202Efdp.exe" shows as
 * "invoiceexe.pdf"); names never need them, so they are dropped.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A name without bidirectional controls and without lone surrogate halves. */
export function plainName(name: string): string {
  return wellFormed(name).replace(BIDI_CONTROLS, '')
}

/** Most file systems allow 255 bytes per name; leave room for " (12)" and a partial suffix. */
export const MAX_NAME_BYTES = 180

function truncateBytes(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s
  let out = ''
  let bytes = 0
  // Iterate by code point so that an emoji or an Arabic letter is never cut in half.
  for (const ch of s) {
    const b = Buffer.byteLength(ch)
    if (bytes + b > maxBytes) break
    out += ch
    bytes += b
  }
  return out
}

/** A single path segment made safe: no separators, no control characters, no dots-only names, no Windows device names. */
export function safeFileName(name: string, maxBytes = MAX_NAME_BYTES, fallback = 'file'): string {
  let s = plainName(name).normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/g, ' ')
  // Leading dots hide files (and make "..") ; trailing dots and spaces are dropped by Windows.
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
  if (s === '' || /^_+$/.test(s)) s = fallback
  if (RESERVED.test(s)) s = '_' + s
  const dot = s.lastIndexOf('.')
  const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : ''
  if (Buffer.byteLength(s) > maxBytes) {
    const stem = truncateBytes(s.slice(0, s.length - ext.length), maxBytes - Buffer.byteLength(ext)).replace(/[.\s]+$/, '')
    s = (stem || fallback) + ext
  }
  return s
}

/**
 * Hands out names unique within each folder, comparing as a case-insensitive file system
 * would ("Report.pdf" and "report.PDF" collide on Windows and macOS).
 */
export class NameAllocator {
  private readonly taken = new Map<string, Set<string>>()

  take(folder: string, wanted: string): string {
    let set = this.taken.get(folder)
    if (!set) this.taken.set(folder, (set = new Set()))
    const dot = wanted.lastIndexOf('.')
    const ext = dot > 0 && wanted.length - dot <= 10 ? wanted.slice(dot) : ''
    const stem = wanted.slice(0, wanted.length - ext.length)
    let name = wanted
    for (let n = 2; set.has(key(name)); n++) name = `${stem} (${n})${ext}`
    set.add(key(name))
    return name
  }
}

function key(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/** "2022-11-23 Title of the item" made safe for a folder name. */
export function itemFolderName(title: string, date: string): string {
  const prefix = date ? date.replace(/\//g, '_') + ' ' : ''
  return safeFileName(prefix + title, 100, 'item')
}
