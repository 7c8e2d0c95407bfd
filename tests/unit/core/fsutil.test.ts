import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import * as path from 'node:path'
import { writeFilesAtomic } from '../../../electron/core/fsutil'
import { tempDir } from '../helpers'

describe('writeFilesAtomic', () => {
  it('replaces many files at once, leaving no temp file', async () => {
    const dir = tempDir()
    const tmp = path.join(dir, 'tmp')
    mkdirSync(tmp)
    writeFileSync(path.join(dir, 'a.json'), 'old a')
    await writeFilesAtomic(
      Array.from({ length: 50 }, (_, i) => ({ target: path.join(dir, i === 0 ? 'a.json' : `f${i}.json`), data: `new ${i}` })),
      tmp
    )
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('new 0')
    expect(readFileSync(path.join(dir, 'f49.json'), 'utf8')).toBe('new 49')
    expect(readdirSync(tmp)).toEqual([])
  })

  it('changes nothing when one file cannot be written', async () => {
    const dir = tempDir()
    const tmp = path.join(dir, 'tmp')
    mkdirSync(tmp)
    writeFileSync(path.join(dir, 'a.json'), 'old a')
    writeFileSync(path.join(dir, 'blocker'), 'a file where a folder should be')
    await expect(
      writeFilesAtomic(
        [
          { target: path.join(dir, 'a.json'), data: 'new a' },
          { target: path.join(dir, 'blocker', 'b.json'), data: 'new b' }
        ],
        tmp
      )
    ).rejects.toThrow()
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('old a')
    expect(readdirSync(tmp)).toEqual([])
  })
})
