// Harness downloads never outlive the process that made them, even one that exits without
// stopping the host.
import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { newArchivePath } from '../helpers'

describe('harness downloads at exit', () => {
  it('are removed when the process exits', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'downloadsChild.ts'), newArchivePath()], { encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(0)
    const root = r.stdout.trim()
    expect(path.basename(root)).toMatch(/^presskeep-exports-/)
    expect(existsSync(root)).toBe(false)
  })
})
