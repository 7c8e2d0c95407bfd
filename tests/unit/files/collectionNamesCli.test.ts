// Collections named where ids belong (as imports before names were resolved left them): found
// by the check and taken off by the command line's --repair-references. Folder only: the
// command line opens archive folders (--archive DIR), not team archives.
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { runCheck } from '../../../electron/core/safety/api'
import { runCli } from '../../../electron/cli/cli'
import { createLegacyItems, newArchivePath } from '../helpers'

describe('collections named in imported tables', () => {
  it('that point nowhere are found by the check and taken off by --repair-references', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    // As an import before names were resolved left it: a name where a collection id belongs.
    const [item] = await createLegacyItems(a, [{ title: 'First', date: '2022-11-23', collections: ['Forum 2022'], tags: ['kept'] }])
    const report = await runCheck(a)
    expect(report.ok).toBe(false)
    expect(report.issues.filter((i) => i.kind === 'reference-dangling')).toMatchObject([{ severity: 'error', itemId: item.id, repairs: ['drop-references'] }])
    await a.close()

    const out: string[] = []
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) }
    expect(await runCli(['--archive', dir, 'check'], io)).toBe(1)
    expect(out.join('\n')).toContain('Items filed in collections that do not exist')
    expect(await runCli(['--archive', dir, 'check', '--repair-references'], io)).toBe(0)
    expect(out.join('\n')).toContain('Took missing collections off 1 item(s).')
    const b = await Archive.open(dir)
    expect((await b.getItem(item.id)).collections).toEqual([])
    expect((await b.getItem(item.id)).tags).toEqual(['kept'])
    expect((await runCheck(b)).ok).toBe(true)
    await b.close()
  })
})
