// The team server of `npm run serve` (started by scripts/serve.cjs once the prerequisites are
// there): a throwaway PostgreSQL cluster, the team archive's schema in it, an administrator
// with a password made for this run and printed once, the demo items, the server on loopback;
// Ctrl+C stops the server and removes the cluster and the files folder.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { parseArgs } from 'node:util'
import { runAs } from '../electron/core/actor'
import { loadDemo } from '../electron/core/demo'
import { startLocalCluster } from '../electron/core/team/localCluster'
import { openTeamArchive } from '../electron/core/team/openTeamArchive'
import { parseListen } from '../electron/cli/commands/team'
import { teamServerBooks } from '../electron/server/pgAccounts'
import { startTeamServer } from '../electron/server/teamServer'
import pg from 'pg'

const ADMIN = 'admin'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { listen: { type: 'string', default: '127.0.0.1:8443' }, renderer: { type: 'string' }, 'no-demo': { type: 'boolean', default: false } }
  })
  const { host, port } = parseListen(values.listen!)
  // Loopback only: this set-up is for trying the team server on one's machine, without TLS.
  if (!/^(127\.|localhost$|::1$)/.test(host)) throw new Error(`npm run serve listens on this machine only (127.0.0.1); for ${host}, run \`presskeep serve --database … --files … --tls-cert … --tls-key …\`.`)
  const rendererDir = path.resolve(values.renderer ?? path.join(__dirname, '..', 'out', 'renderer'))

  const cluster = await startLocalCluster()
  const work = mkdtempSync(path.join(tmpdir(), 'pk-serve-'))
  const cleanUp = () => {
    cluster.stop()
    rmSync(work, { recursive: true, force: true })
  }
  try {
    const admin = new pg.Client(cluster.url)
    await admin.connect()
    await admin.query('CREATE DATABASE presskeep')
    await admin.end()
    const database = cluster.urlOf('presskeep')
    const archive = await openTeamArchive({ database, files: path.join(work, 'files'), state: path.join(work, 'state'), name: 'Team demo' })
    // As `presskeep serve --database` has them: sessions kept in memory, dropped on the feed's notifications.
    const { accounts, sessionBook, lockoutBook } = teamServerBooks(archive.storage.db, archive.storage.feed)
    // A password for this run only, never written anywhere but in the database as its hash.
    const password = randomBytes(12).toString('base64url')
    await accounts.add(ADMIN, 'admin', password)
    if (!values['no-demo']) await runAs(ADMIN, () => loadDemo(archive))
    const server = await startTeamServer({
      archive,
      accounts,
      sessionBook,
      lockoutBook,
      rendererDir,
      host,
      port
    })
    console.log(`Throwaway PostgreSQL cluster: ${cluster.dir} (database ${database}); removed when you stop.`)
    console.log(`Sign in as ${ADMIN} with the password ${password} (made for this run).`)
    console.log(`Presskeep team server: open ${server.url} in your browser. Ctrl+C stops it.`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    console.log('Stopping: the server, then the cluster (its folder is removed).')
    await server.close()
    await archive.close()
  } finally {
    cleanUp()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`The team server could not start: ${(err as Error).message}`)
    process.exit(1)
  }
)
