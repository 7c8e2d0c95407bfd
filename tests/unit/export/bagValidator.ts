// An independent BagIt 1.0 validator for the tests (RFC 8493 §3), written apart from the
// exporter's own reader so that a shared bug cannot make a bad bag pass.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import * as path from 'node:path'

export type BagReport = { errors: string[]; info: Record<string, string>; payloadFiles: string[]; algorithms: string[] }

function walk(dir: string, rel = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const r = rel ? `${rel}/${name}` : name
    const st = statSync(path.join(dir, name))
    if (st.isDirectory()) out.push(...walk(path.join(dir, name), r))
    else out.push(r)
  }
  return out
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
}

function unescapePath(p: string): string {
  return p.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function checkManifest(bag: string, name: string, alg: string, errors: string[]): Map<string, string> {
  const entries = new Map<string, string>()
  for (const line of readLines(path.join(bag, name))) {
    const m = /^([0-9a-f]+) +(.+)$/.exec(line)
    if (!m) {
      errors.push(`${name}: bad line ${line}`)
      continue
    }
    const p = unescapePath(m[2])
    if (p.split('/').includes('..') || p.startsWith('/')) errors.push(`${name}: unsafe path ${p}`)
    entries.set(p, m[1])
    let actual: string
    try {
      actual = createHash(alg).update(readFileSync(path.join(bag, p))).digest('hex')
    } catch {
      errors.push(`${name}: ${p} does not exist`)
      continue
    }
    if (actual !== m[1]) errors.push(`${name}: ${p} has ${actual}, manifest says ${m[1]}`)
  }
  return entries
}

export function validateBag(bag: string): BagReport {
  const errors: string[] = []
  const all = walk(bag)
  const decl = readLines(path.join(bag, 'bagit.txt'))
  if (decl[0] !== 'BagIt-Version: 1.0') errors.push(`bagit.txt first line is ${decl[0]}`)
  if (decl[1] !== 'Tag-File-Character-Encoding: UTF-8') errors.push(`bagit.txt second line is ${decl[1]}`)
  if (decl.length !== 2) errors.push('bagit.txt must have exactly two lines')
  const info: Record<string, string> = {}
  let last = ''
  for (const line of readLines(path.join(bag, 'bag-info.txt'))) {
    if (/^\s/.test(line)) {
      info[last] += '\n' + line.trim()
      continue
    }
    const i = line.indexOf(': ')
    if (i < 1) errors.push(`bag-info.txt: bad line ${line}`)
    last = line.slice(0, i)
    info[last] = line.slice(i + 2)
  }
  const payloadFiles = all.filter((p) => p.startsWith('data/'))
  const manifests = all.filter((p) => /^manifest-\w+\.txt$/.test(p))
  if (manifests.length === 0) errors.push('no payload manifest')
  const algorithms = manifests.map((m) => /^manifest-(\w+)\.txt$/.exec(m)![1])
  for (const m of manifests) {
    const alg = /^manifest-(\w+)\.txt$/.exec(m)![1]
    const entries = checkManifest(bag, m, alg, errors)
    for (const p of payloadFiles) if (!entries.has(p)) errors.push(`${m}: payload file ${p} is not listed`)
    for (const p of entries.keys()) if (!p.startsWith('data/')) errors.push(`${m}: ${p} is outside data/`)
  }
  for (const t of all.filter((p) => /^tagmanifest-\w+\.txt$/.test(p))) {
    const alg = /^tagmanifest-(\w+)\.txt$/.exec(t)![1]
    const entries = checkManifest(bag, t, alg, errors)
    for (const p of all)
      if (!p.startsWith('data/') && !/^tagmanifest-/.test(p) && !entries.has(p)) errors.push(`${t}: tag file ${p} is not listed`)
  }
  const bytes = payloadFiles.reduce((n, p) => n + statSync(path.join(bag, p)).size, 0)
  if (info['Payload-Oxum'] !== `${bytes}.${payloadFiles.length}`)
    errors.push(`Payload-Oxum is ${info['Payload-Oxum']}, payload is ${bytes}.${payloadFiles.length}`)
  return { errors, info, payloadFiles, algorithms }
}
