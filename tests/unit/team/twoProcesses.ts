// Two server processes of one team archive: a fresh database, one files folder, a working folder each.
import { openTeamArchive, type TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

/** Both processes, and the database's address (for a third, or a direct connection). */
export async function twoProcesses(): Promise<[TeamArchive, TeamArchive, string]> {
  const database = await freshDatabase()
  const files = tempDir('pk-files-')
  const a = await openTeamArchive({ database, files, state: tempDir() })
  const b = await openTeamArchive({ database, files, state: tempDir() })
  return [a, b, database]
}
