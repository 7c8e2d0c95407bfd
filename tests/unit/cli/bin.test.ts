// The installed `presskeep` bin runs the built bundle (out/main/cli.js), workers included.
import { describe, it, expect, beforeAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { corpus, newArchivePath, projectRoot } from '../helpers'

const bin = path.join(projectRoot, 'bin', 'presskeep.cjs')

beforeAll(() => {
  if (!existsSync(path.join(projectRoot, 'out', 'main', 'cli.js')))
    expect(spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: projectRoot }).status).toBe(0)
}, 120_000)

describe('the presskeep bin (built)', () => {
  // Four runs of the built app, one starting the extraction worker: slow on a loaded machine.
  it('adds, imports with the extraction worker, and searches', { timeout: 180_000 }, () => {
    const dir = newArchivePath()
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--archive', dir, ...args], { encoding: 'utf8' })
    expect(run('add', '--title', 'Built bundle', '--body', 'quetzal').status).toBe(0)
    const imported = run('import', corpus('pdf', '2023-06-20-PV.pdf'), '--yes', '--json')
    expect(imported.status).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ total: 1, imported: 1 })
    const found = JSON.parse(run('--json', 'search', 'démolition').stdout)
    expect(found.total).toBe(1)
    expect(JSON.parse(run('--json', 'search', 'quetzal').stdout).items[0].title).toBe('Built bundle')
  })
})
