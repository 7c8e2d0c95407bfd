import * as os from 'node:os'
import * as path from 'node:path'

/**
 * Where an archive opens when none is named: $PRESSKEEP_ARCHIVE, else
 * "Presskeep.presskeep" in the user's Documents folder (created on first run).
 */
export function defaultArchivePath(documentsDir = path.join(os.homedir(), 'Documents')): string {
  return process.env.PRESSKEEP_ARCHIVE || path.join(documentsDir, 'Presskeep.presskeep')
}
