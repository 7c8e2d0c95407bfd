import { createHash, randomBytes } from 'node:crypto'

let last = 0
let seq = 0

/** Time-ordered, url- and file-name-safe ids: 9 chars of time, 3 of sequence, 8 random (base 36). */
export function newId(): string {
  const now = Date.now()
  seq = now === last ? seq + 1 : 0
  last = now
  const rand = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(10, '0').slice(-8)
  return now.toString(36).padStart(9, '0') + (seq % 46656).toString(36).padStart(3, '0') + rand
}

/** The shard an id lives in: 4096 shards keep each file small at 100k items (about 25 each). */
export function shardOf(id: string): string {
  return createHash('sha1').update(id).digest('hex').slice(0, 3)
}
