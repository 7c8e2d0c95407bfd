// Cold-cache runs (`npm run bench -- --cold`): the page cache is dropped before each measured
// open or edit, so that the figure includes reading the archive from the disk, as after a
// reboot or once the machine reclaimed the cache. Root only (it writes /proc/sys/vm/drop_caches).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'

/** Writes back dirty pages, then drops the page cache, dentries and inodes of the whole machine. */
export function dropCaches(): void {
  execFileSync('sync')
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3')
  } catch (err) {
    throw new Error(`--cold needs to drop the page cache, which only root can do (${(err as Error).message}).`)
  }
}
