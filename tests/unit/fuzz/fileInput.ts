// The file extractors take a path: each fuzz input is written to one reused temp file.
import { mkdtempSync, rmSync } from 'node:fs'
import { promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Extracted } from '../../../electron/core/import/files/types'

export function scratch(prefix: string): { dir: string; write(name: string, data: Buffer | string): Promise<string>; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pk-fuzz-${prefix}-`))
  return {
    dir,
    async write(name, data) {
      const file = path.join(dir, name)
      await fsp.writeFile(file, data)
      return file
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** The shape every extractor promises: a kind, a text, fields, warnings with messages; children alike. */
export function checkExtracted(r: unknown, depth = 0): void {
  const e = r as Extracted
  const fail = (why: string) => {
    throw new Error(`not a well-formed extraction: ${why}`)
  }
  if (!e || typeof e !== 'object') fail('not an object')
  if (typeof e.kind !== 'string') fail('no kind')
  if (typeof e.text !== 'string') fail('text is not a string')
  if (!e.fields || typeof e.fields !== 'object') fail('no fields')
  if (!Array.isArray(e.warnings) || e.warnings.some((w) => typeof w.message !== 'string' || !w.message)) fail('warnings without messages')
  for (const [k, v] of Object.entries(e.fields)) if (typeof v === 'string' && v.length > 5_000_000) fail(`field ${k} is ${v.length} characters`)
  if (e.children) {
    if (!Array.isArray(e.children)) fail('children is not a list')
    if (depth < 1) for (const c of e.children.slice(0, 50)) checkExtracted(c, depth + 1)
  }
}
