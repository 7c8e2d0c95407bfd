// The CSV writer reads the items' texts in batches straight from the archive folder's text
// files: a damaged file stays in its own slot and stops the export. Folder only: a team
// archive keeps its texts in rows, which have no such file to damage (the batch reads that
// hold on both back ends are in csv.test.ts).
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { exportItems } from '../../../electron/core/export'
import { shardOf } from '../../../electron/core/ids'
import { awkwardItems } from './awkwardItems'
import { newArchivePath, tempDir } from '../helpers'

describe('CSV export from an archive folder', () => {
  it('reads texts in batches exactly as one at a time, and keeps a damaged file to its own slot', async () => {
    const dir = tempDir('pk-csv-')
    const archive = await Archive.open(newArchivePath())
    const ids = (await archive.createItems(awkwardItems())).map((i) => i.id)
    const batch = archive.texts.getManySync(ids)
    expect(batch).toEqual(ids.map((id) => archive.texts.getSync(id)))
    expect((batch[5] as { body: string }).body.length).toBeGreaterThan(65_536)
    // After the long one, a short read must not carry bytes from the bigger buffer.
    expect(archive.texts.getManySync([ids[5], ids[7]])[1]).toEqual(archive.texts.getSync(ids[7]))
    const missing = '0000000000000000zzzz'
    expect(archive.texts.getManySync([missing])).toEqual([{ body: '', description: '', notes: '', attachments: {} }])
    const damaged = ids[2]
    writeFileSync(path.join(archive.root, 'text', shardOf(damaged), `${damaged}.json`), '{"body": "cut sh')
    const [before, bad, after] = archive.texts.getManySync([ids[1], damaged, ids[4]])
    expect(bad).toBeInstanceOf(Error)
    expect(before).toEqual(archive.texts.getSync(ids[1]))
    expect(after).toEqual(archive.texts.getSync(ids[4]))
    // The export does not write a damaged item as if it had no text: it stops and says why.
    await expect(exportItems(archive, ids, { format: 'csv', out: path.join(dir, 'damaged.csv') })).rejects.toThrow()
    await archive.close()
  })
})
