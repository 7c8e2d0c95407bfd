// The integrity check's look at the catalogue pack: a pack that cannot be used (damaged, cut
// short, made for other fields) is said, and every section whose shard file is still the one it
// was made from is compared with that file, so that a pack that would be believed over the
// catalogue files (its shard changed without its identity changing: a clock set back, or a
// program that put the old times back) is found. The pack is a cache: nothing is lost with it.
import { lstatSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { PACK_PATH, readPack, sameFile, sectionOffsets } from './packFile'
import { RECORD_KEYS, rowsText } from './rows'
import { shardProblem, type ShardData } from './shardFormat'

export type PackCheck =
  | { state: 'absent' | 'fine' | 'other-fields' }
  | { state: 'unusable'; problem: string }
  /** Shard files (relative to the archive) the pack disagrees with although they look unchanged. */
  | { state: 'disagrees'; files: string[] }

export async function checkPack(root: string, yieldNow: () => Promise<void> = async () => {}): Promise<PackCheck> {
  const pack = await readPack(path.join(root, PACK_PATH))
  if (!pack) return { state: 'absent' }
  if ('problem' in pack) return { state: 'unusable', problem: pack.problem }
  if (pack.header.keys.join() !== RECORD_KEYS.join()) return { state: 'other-fields' }
  const offsets = sectionOffsets(pack.header)
  const files: string[] = []
  for (let i = 0; i < pack.header.sections.length; i++) {
    if (i % 64 === 63) await yieldNow()
    const section = pack.header.sections[i]
    const rel = path.join('catalog', 'items', `${section[0]}.json`)
    const file = path.join(root, rel)
    let data: ShardData
    try {
      if (!sameFile(section, lstatSync(file))) continue
      data = JSON.parse(readFileSync(file, 'utf8')) as ShardData
    } catch {
      // Gone since, or damaged: the check of the catalogue files says so; opening reads the file.
      continue
    }
    if (shardProblem(data) !== null) continue
    if (rowsText(data) !== pack.body.toString('utf8', offsets[i], offsets[i] + section[5])) files.push(rel)
  }
  return files.length ? { state: 'disagrees', files } : { state: 'fine' }
}
