import type { BagSink, Digests } from './bagSink'

// RFC 8493 (BagIt 1.0), written by hand: the npm BagIt packages are unmaintained, write
// only SHA-1/MD5 or read whole files into memory, and the format is a handful of text files.

export const BAGIT_VERSION = '1.0'
export const ALGORITHMS = ['sha256', 'sha512'] as const

/** RFC 8493 §2.1.3: in manifests, CR, LF and % in a path are percent-encoded. */
export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function decodeManifestPath(p: string): string {
  return p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

export function manifestText(files: Map<string, Digests>, alg: 'sha256' | 'sha512'): string {
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, d]) => `${d[alg]}  ${encodeManifestPath(p)}\n`)
    .join('')
}

/** bag-info.txt: "Label: value" lines; a value's further lines are indented (RFC 8493 §2.2.2). */
export function bagInfoText(fields: Array<[string, string]>): string {
  return fields
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => `${k}: ${v.replace(/\r\n?/g, '\n').trim().replace(/\n/g, '\n  ')}\n`)
    .join('')
}

export function payloadOxum(payload: Map<string, Digests>): string {
  let bytes = 0
  for (const d of payload.values()) bytes += d.size
  return `${bytes}.${payload.size}`
}

function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let n = bytes
  let u = 0
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000
    u++
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`
}

/**
 * Writes the tag files of a bag whose payload (everything under data/) is already in the
 * sink: bagit.txt, the payload manifests, bag-info.txt, extra tag files, then the tag
 * manifests over all of those.
 */
export async function writeTagFiles(
  sink: BagSink,
  payload: Map<string, Digests>,
  info: Array<[string, string]>,
  extraTags: Array<{ name: string; text: string }>
): Promise<void> {
  const tags = new Map<string, Digests>()
  const put = async (name: string, text: string) => tags.set(name, await sink.put(name, Buffer.from(text, 'utf8')))
  await put('bagit.txt', `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`)
  for (const alg of ALGORITHMS) await put(`manifest-${alg}.txt`, manifestText(payload, alg))
  let bytes = 0
  for (const d of payload.values()) bytes += d.size
  await put('bag-info.txt', bagInfoText([...info, ['Payload-Oxum', payloadOxum(payload)], ['Bag-Size', humanSize(bytes)]]))
  for (const t of extraTags) await put(t.name, t.text)
  for (const alg of ALGORITHMS) await sink.put(`tagmanifest-${alg}.txt`, Buffer.from(manifestText(tags, alg), 'utf8'))
}
