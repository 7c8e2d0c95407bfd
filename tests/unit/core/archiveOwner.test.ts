// The open archive owns what it started: closing it leaves nothing running or half-written.
import { describe, it, expect } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { beginImport } from '../../../electron/core/import/files'
import { newArchivePath, tempDir } from '../helpers'

describe('the open archive', () => {
  it('on close drops imports waiting for a mapping, stops running jobs, finishes queued catalogue writes, then lets go', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const table = path.join(tempDir(), 'press.csv')
    writeFileSync(table, 'Headline,Published\nFirst,2022-11-23\n')
    let stagedRemoved = false
    const held = await beginImport(a, [table], {}, () => {
      stagedRemoved = true
    })
    expect('pendingId' in held && a.pendingImports.size).toBe(1)
    // A job that only ends when it is cancelled.
    const job = a.jobs.startJob('endless', 0, (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped'))))
    // A catalogue change still in the workspace's queue when close is called.
    const tagging = (await a.workspace()).setTag('closing/left', '#112233')

    await a.close()
    expect(stagedRemoved).toBe(true)
    expect(a.pendingImports.size).toBe(0)
    expect(a.jobs.running()).toEqual([])
    expect((await job.done).state).toBe('cancelled')
    expect(readFileSync(path.join(dir, 'catalog', 'tags.json'), 'utf8')).toContain('closing/left')
    await tagging
    expect(existsSync(path.join(dir, 'archive.lock'))).toBe(false)
    // Twice is the same close.
    await a.close()
  })
})
