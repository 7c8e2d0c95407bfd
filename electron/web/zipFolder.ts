import { readdirSync, statSync } from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import yazl from 'yazl'

/** A folder as a zip stream (the browser downloads folder exports: bags, catalogues). */
export function zipFolder(dir: string): Readable {
  const zip = new yazl.ZipFile()
  const root = path.basename(dir)
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name)
      const r = `${rel}/${name}`
      if (statSync(p).isDirectory()) walk(p, r)
      else zip.addFile(p, r)
    }
  }
  walk(dir, root)
  zip.end()
  return zip.outputStream as unknown as Readable
}
