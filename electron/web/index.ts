// `npm run web [-- --archive DIR] [--port N]`: serves the built renderer and the real core
// on 127.0.0.1 with a per-run secret, for any browser (and for the Playwright specs).
import * as path from 'node:path'
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Archive } from '../core/Archive'
import { defaultArchivePath } from '../core/paths'
import { startWebHost } from './server'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archive: { type: 'string' },
      port: { type: 'string' },
      secret: { type: 'string' },
      renderer: { type: 'string' }
    }
  })
  const rendererDir = path.resolve(values.renderer ?? path.join(__dirname, '..', '..', 'out', 'renderer'))
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`The interface is not built (no ${rendererDir}/index.html): run \`npm run build\` first.`)
    process.exit(1)
  }
  const archivePath = path.resolve(values.archive ?? defaultArchivePath())
  const archive = await Archive.open(archivePath)
  const host = await startWebHost({
    archive,
    rendererDir,
    port: values.port ? Number(values.port) : 0,
    secret: values.secret ?? process.env.PRESSKEEP_WEB_SECRET
  })
  console.log(`Presskeep is serving ${archivePath}`)
  console.log(`Open ${host.url} in your browser (loopback only; the address holds this run's secret). Ctrl+C stops.`)
  const stop = async () => {
    await host.close()
    await archive.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(`Presskeep could not start: ${(err as Error).message}`)
  process.exit(1)
})
