// Child of lock.test.ts: says "ready" once loaded, waits for "go", tries to open the archive,
// reports, then holds it until killed (or exits at once with "--release").
import { Archive } from '../../../electron/core/Archive'

const [dir, mode] = process.argv.slice(2)
process.stdout.write('ready\n')
process.stdin.once('data', async () => {
  try {
    const a = await Archive.open(dir)
    process.stdout.write('opened\n')
    if (mode === '--release') {
      await new Promise((r) => setTimeout(r, 300))
      await a.close()
      process.exit(0)
    }
    setInterval(() => {}, 1 << 30)
  } catch (err) {
    process.stdout.write(`refused ${(err as { code?: string }).code}\n`)
    process.exit(0)
  }
})
