// Child of downloadsExit.test.ts: prepares a harness download, prints where it is, and exits
// without stopping anything (as a terminal's Ctrl+C or a crashed host would).
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { downloadOf, prepareDownload } from '../../../electron/core/export/service'

async function main(): Promise<void> {
  const a = await Archive.open(process.argv[2])
  await a.createItem({ title: 'Private', notes: 'not for anyone else' })
  const { jobId, token } = await prepareDownload(a, { kind: 'all' }, 'json')
  await new Promise<void>((resolve) => a.on('jobs:finished', (o) => o.jobId === jobId && resolve()))
  const found = await downloadOf(a, token)
  process.stdout.write(path.dirname(path.dirname(found.path)) + '\n')
  process.exit(0)
}
void main()
