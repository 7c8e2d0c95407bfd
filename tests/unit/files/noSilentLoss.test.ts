// Imports never drop a file or a row without saying so.
import { promises as fsp, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { importPaths, shutdownExtraction } from '../../../electron/core/import/files'
import { tempDir } from '../helpers'

afterAll(() => shutdownExtraction())

describe('imports that would lose data', () => {
  it('lists a file whose name is not valid UTF-8 as failed, with the reason, beside the files imported', async () => {
    const base = tempDir()
    const src = path.join(base, 'in')
    await fsp.mkdir(src)
    await fsp.writeFile(path.join(src, 'good.txt'), 'A good note\n\nbody')
    // "café.txt" as Latin-1 wrote it: the byte E9 alone is not UTF-8.
    writeFileSync(Buffer.concat([Buffer.from(src + '/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]), 'Une note\n\ntexte')
    const a = await Archive.open(path.join(base, 'A.presskeep'))
    try {
      const s = await importPaths(a, [src], { extractIn: 'inline' })
      expect(s.imported).toBe(1)
      expect(s.total).toBe(2)
      expect(s.failed).toHaveLength(1)
      expect(s.failed[0]).toMatchObject({ code: 'UNSAFE_NAME', message: expect.stringMatching(/caf\uFFFD\.txt .*not valid UTF-8 \(bytes 63 61 66 e9 2e 74 78 74\)/) })
    } finally {
      await a.close()
    }
  })

  it('refuses a table of more than 100,000 rows whole, naming the limit, and again on a re-run (never a silent cut)', async () => {
    const base = tempDir()
    const csv = path.join(base, 'clippings.csv')
    const rows = Array.from({ length: 100_001 }, (_, i) => `Clipping ${i},2021-03-04`)
    await fsp.writeFile(csv, `title,date\n${rows.join('\n')}\n`)
    const a = await Archive.open(path.join(base, 'B.presskeep'))
    try {
      for (let run = 0; run < 2; run++) {
        const s = await importPaths(a, [csv], { extractIn: 'inline' })
        expect(s.imported).toBe(0)
        expect(s.failed).toEqual([
          { path: csv, code: 'TOO_LARGE', message: expect.stringMatching(/more than 100,000 rows.*at most 100,000 rows from one table.*none of this one was imported/) }
        ])
        expect(a.info().counts.items).toBe(0)
      }
    } finally {
      await a.close()
    }
  })
})
