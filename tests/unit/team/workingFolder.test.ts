// A team archive's working folder is kept between runs, one per process of the machine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { claimWorkingFolder } from '../../../electron/core/team/workingFolder'
import { tempDir } from '../helpers'

describe('a team archive working folder', () => {
  it('gives each open its own folder, the same one again once released, and takes over one whose process is gone', () => {
    const base = tempDir('pk-cache-')
    const a = claimWorkingFolder('archive-1', base)!
    const b = claimWorkingFolder('archive-1', base)!
    expect(a.dir).toBe(path.join(base, 'archive-1', '1'))
    expect(b.dir).toBe(path.join(base, 'archive-1', '2'))
    expect(readFileSync(path.join(a.dir, 'owner.pid'), 'utf8')).toBe(String(process.pid))
    a.release()
    expect(existsSync(path.join(a.dir, 'owner.pid'))).toBe(false)
    const again = claimWorkingFolder('archive-1', base)!
    expect(again.dir).toBe(a.dir)
    // A folder locked by a process that no longer runs (pid numbers do not go this high), with a half-written temp file.
    b.release()
    again.release()
    const stale = path.join(base, 'other', '1')
    mkdirSync(path.join(stale, 'tmp'), { recursive: true })
    writeFileSync(path.join(stale, 'owner.pid'), '99999999')
    writeFileSync(path.join(stale, 'tmp', 'half'), 'x')
    const taken = claimWorkingFolder('other', base)!
    expect(taken.dir).toBe(stale)
    expect(existsSync(path.join(stale, 'tmp', 'half'))).toBe(false)
    taken.release()
  })
})
