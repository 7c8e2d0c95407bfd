// A table's "collection" column names collections: imported items land in the collection of
// that name, created once and then reused, and the archive checks out afterwards.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { importPaths } from '../../../electron/core/import/files'
import { runCheck } from '../../../electron/core/safety/api'
import { runCli } from '../../../electron/cli/cli'
import { createLegacyItems, newArchivePath, tempDir } from '../helpers'

describe('collections named in imported tables', () => {
  it('resolve to the collection of that name, created and journalled once, then reused', async () => {
    const a = await Archive.open(newArchivePath())
    const dir = tempDir()
    const first = path.join(dir, 'first.csv')
    writeFileSync(first, 'title,date,collection\nFirst,2022-11-23,Forum 2022\n')
    const second = path.join(dir, 'second.csv')
    writeFileSync(second, 'title,date,collection,tags\nSecond,2022-11-24,forum 2022,/bad/\n')
    expect((await importPaths(a, [first], { extractIn: 'inline' })).itemIds).toHaveLength(1)
    expect((await importPaths(a, [second], { extractIn: 'inline' })).itemIds).toHaveLength(1)

    const workspace = await a.workspace()
    const collections = workspace.listCollections()
    expect(collections.map((c) => [c.name, c.count])).toEqual([['Forum 2022', 2]])
    const inIt = workspace.ids({ view: 'all', sort: 'title', order: 'asc', filter: { collection: collections[0].id } })
    const titles = await Promise.all(inIt.map(async (id) => (await a.getItem(id)).title))
    expect(titles.sort()).toEqual(['First', 'Second'])
    // The tag that cannot be one is dropped with a warning; the item is kept.
    const secondItem = await a.getItem(inIt.find((id) => a.catalog.get(id)!.title === 'Second')!)
    expect(secondItem.tags).toEqual([])
    expect(secondItem.warnings.map((w) => w.code)).toContain('FIELD_DROPPED')
    // The import is one undoable change, and the collection's creation the one before it (in
    // the journal and on the undo stack): undoing the import moves its item to the trash.
    expect(workspace.historyState().undo).toBe('Import “Second”')
    await workspace.undo()
    expect(a.catalog.get(secondItem.id)!.trashed).not.toBeNull()
    expect(workspace.historyState().undo).toBe('Import “First”')
    await workspace.undo()
    expect(workspace.historyState().undo).toBe('Create collection “Forum 2022”')
    await workspace.redo()
    await workspace.redo()
    expect(a.catalog.get(secondItem.id)!.trashed).toBeNull()
    expect((await a.journal.history(secondItem.id)).filter((e) => e.op === 'import')).toHaveLength(1)
    expect((await runCheck(a)).ok).toBe(true)
    await a.close()
  })

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
