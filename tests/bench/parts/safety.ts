// Issue 9 figures: the cost of a catalogue snapshot (first, after one edit, with no change) and
// of a restore, and the integrity check's hashing rate, on generated archives.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { Archive } from '../../../electron/core/Archive'
import { backupOnOpen, restoreSnapshot, takeSnapshot } from '../../../electron/core/safety/backups'
import { checkArchive } from '../../../electron/core/safety/integrity'
import type { BenchPart } from '../run'
import { generatedArchive } from '../archiveCache'
import { median, round } from '../stats'

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await fn()
  return [performance.now() - t0, v]
}

const part: BenchPart = {
  name: 'safety',
  description: 'catalogue snapshots, restore and the integrity check',
  async run({ quick, log }) {
    const count = quick ? 1_000 : 100_000
    const source = await generatedArchive(count, log)
    const work = mkdtempSync(path.join(tmpdir(), 'pk-bench-safety-'))
    try {
      const runs = quick ? 2 : 3
      const first: number[] = []
      const incremental: number[] = []
      const unchanged: number[] = []
      const restore: number[] = []
      for (let r = 0; r < runs; r++) {
        // A private copy: the cached archive is shared with the other benchmarks.
        const dir = path.join(work, `A${r}.presskeep`)
        for (const sub of ['archive.json', 'catalog', 'journal']) cpSync(path.join(source, sub), path.join(dir, sub), { recursive: true })
        const a = await Archive.open(dir)
        await a.openBackup
        rmSync(path.join(dir, 'backups'), { recursive: true, force: true })
        first.push((await timed(() => takeSnapshot(dir)))[0])
        const ids = [...a.catalog.all()].slice(0, 5).map((x) => x.id)
        for (const id of ids) await a.updateItem(id, { notes: `bench ${r}` })
        incremental.push((await timed(() => takeSnapshot(dir)))[0])
        unchanged.push((await timed(() => backupOnOpen(a)))[0])
        await a.close()
        restore.push((await timed(() => restoreSnapshot(dir)))[0])
        rmSync(dir, { recursive: true, force: true })
      }
      // Hashing rate of the check: 64 MB of attachments.
      const dir = path.join(work, 'H.presskeep')
      const a = await Archive.open(dir)
      const item = await a.createItem({ title: 'files' })
      const files: string[] = []
      for (let i = 0; i < 8; i++) {
        const f = path.join(work, `f${i}.bin`)
        writeFileSync(f, randomBytes(8 * 1024 * 1024))
        files.push(f)
      }
      await a.attachPaths(item.id, files)
      const rates: number[] = []
      for (let i = 0; i < runs; i++) {
        const [ms, report] = await timed(() => checkArchive(a))
        rates.push(report.counts.bytesHashed / 1024 / 1024 / (ms / 1000))
      }
      await a.close()
      const suffix = quick ? '1k' : '100k'
      return {
        [`snapshot_first_ms_${suffix}`]: round(median(first)),
        [`snapshot_after_5_edits_ms_${suffix}`]: round(median(incremental)),
        [`snapshot_skipped_unchanged_ms_${suffix}`]: round(median(unchanged), 1),
        [`restore_ms_${suffix}`]: round(median(restore)),
        check_hash_mb_per_s: round(median(rates), 1)
      }
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
}
export default part
