// A table's "collection" column names collections: imported items land in the collection of
// that name, created once and then reused, and the archive checks out afterwards.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importPaths } from '../../../electron/core/import/files'
import { runCheck } from '../../../electron/core/safety/api'
import { tempDir } from '../helpers'
import { openTestArchive } from '../../pg/backend'

describe('collections named in imported tables', () => {
  it('resolve to the collection of that name, created and journalled once, then reused', async () => {
    const { archive: a } = await openTestArchive()
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
})
