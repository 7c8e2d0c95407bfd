// Export throughput: a folder bag and a zipped bag of 1,000 items with 2 GB of attachments,
// and CSV of 100k items. `--quick`: 1,000 items, 100 MB, CSV of the same 1,000 items.
// PRESSKEEP_BENCH_EXPORT=csv measures the CSV only (the bag figures are then null): for
// work on the CSV, where the 2 GB of attachments and six bags cost minutes.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, promises as fsp } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { Archive } from '../../../electron/core/Archive'
import { exportItems } from '../../../electron/core/export'
import { generateItem } from '../generate'
import type { BenchPart } from '../run'

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

const part: BenchPart = {
  name: 'export',
  description: 'BagIt (folder and zip) MB/s over attachments, CSV items/s',
  async run({ quick, log }) {
    const bagItems = 1_000
    const attachmentBytes = quick ? 100e6 : 2e9
    const csvItems = quick ? 1_000 : 100_000
    const runs = 3
    const bags = process.env.PRESSKEEP_BENCH_EXPORT !== 'csv'
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pk-bench-export-'))
    try {
      const archive = await Archive.open(path.join(dir, 'bench.presskeep'))
      const t0 = Date.now()
      const ids: string[] = []
      for (let i = 0; i < csvItems; i += 1_000) {
        const batch = Array.from({ length: Math.min(1_000, csvItems - i) }, (_, k) => generateItem(i + k))
        ids.push(...(await archive.createItems(batch)).map((it) => it.id))
      }
      log(`  created ${ids.length} items in ${round((Date.now() - t0) / 1000)} s`)
      let bagit: number | null = null
      let zip: number | null = null
      if (bags) {
        // Random bytes (incompressible, like PDFs and scans); each file unique so that the
        // content-addressed store keeps them all. One random pool, sliced at varied offsets.
        const t1 = Date.now()
        const perFile = Math.floor(attachmentBytes / bagItems)
        const pool = randomBytes(perFile + 1_048_576)
        for (let i = 0; i < bagItems; i++) {
          const offset = (i * 4099) % 1_048_576
          const data = Buffer.concat([Buffer.from(`presskeep bench attachment ${i}\n`), pool.subarray(offset, offset + perFile - 40)])
          await archive.attachStream(ids[i], `scan-${i}.pdf`, Readable.from([data]))
        }
        log(`  attached ${round(attachmentBytes / 1e6, 0)} MB in ${round((Date.now() - t1) / 1000)} s`)
        const bagIds = ids.slice(0, bagItems)

        const measureBag = async (format: 'bagit' | 'bagit-zip') => {
          const speeds: number[] = []
          for (let r = 0; r < runs; r++) {
            const out = path.join(dir, `bag-${format}-${r}${format === 'bagit-zip' ? '.zip' : ''}`)
            const t = performance.now()
            const s = await exportItems(archive, bagIds, { format, out, collection: { name: 'Bench', description: 'Benchmark export.' } })
            const seconds = (performance.now() - t) / 1000
            speeds.push(s.attachmentBytes / 1e6 / seconds)
            log(`  ${format} run ${r + 1}: ${round(s.attachmentBytes / 1e6, 0)} MB in ${round(seconds, 2)} s`)
            await fsp.rm(out, { recursive: true, force: true })
          }
          return round(median(speeds))
        }
        bagit = await measureBag('bagit')
        zip = await measureBag('bagit-zip')
      }

      const csvSpeeds: number[] = []
      for (let r = 0; r < runs; r++) {
        const out = path.join(dir, `items-${r}.csv`)
        const t = performance.now()
        const s = await exportItems(archive, ids, { format: 'csv', out })
        const seconds = (performance.now() - t) / 1000
        csvSpeeds.push(s.items / seconds)
        log(`  csv run ${r + 1}: ${s.items} items in ${round(seconds, 2)} s`)
        await fsp.rm(out, { force: true })
      }
      await archive.close()
      return {
        export_bagit_mb_per_s: bagit,
        export_bagit_zip_mb_per_s: zip,
        export_csv_items_per_s: Math.round(median(csvSpeeds)),
        export_bag_items: bags ? bagItems : null,
        export_bag_attachment_mb: bags ? round(attachmentBytes / 1e6, 0) : null,
        export_csv_items: csvItems
      }
    } finally {
      await fsp.rm(dir, { recursive: true, force: true })
    }
  }
}

export default part
