// A change checked on one record must be written on that record. An edit made on an older
// version is checked against the journal (a read from the database); another process's change
// that the change feed brings while that read runs must be checked too, not written over: the
// edit is checked again on the record as it is now. The other process's change is made during
// the read (the journal's read of this process wrapped to wait for it), so the interleaving
// happens every time rather than once in thousands of requests.
import pg from 'pg'
import type { ItemPatch } from '../../../shared/model'
import { describe, expect, it } from 'vitest'
import type { TeamArchive } from '../../../electron/core/team/openTeamArchive'
import { twoProcesses } from './twoProcesses'

/**
 * Makes `during` happen while `target[method]` reads an item, once: at the read after `skip`
 * others; the read answers what it read before `during`.
 */
function duringNextRead<T, K extends keyof T>(target: T, method: K, during: () => Promise<void>, skip = 0): void {
  const read = (target[method] as (id: string) => Promise<unknown>).bind(target)
  target[method] = (async (id: string) => {
    if (skip-- > 0) return read(id)
    target[method] = read as T[K]
    const answer = await read(id)
    await during()
    return answer
  }) as T[K]
}

/** Process b changes the item, and a's change feed brings the change to a. */
const changedOnB = (a: TeamArchive, b: TeamArchive, id: string, fields: ItemPatch) => async () => {
  await b.updateItem(id, fields)
  await a.storage.feed.catchUp()
}

describe('an edit on an older version, while another process changes the item', () => {
  it('is checked against that change too: the same field is a conflict, nothing written over', async () => {
    const [a, b, database] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Harbour dues', tags: ['port'] }])
      // A tag added on A: the person below edits from the version before it (a field they do not touch).
      await (await a.workspace()).bulkApply([item.id], [{ op: 'addTags', tags: ['ferry'] }])
      await b.storage.feed.catchUp()
      duringNextRead(a.storage.journal, 'history', changedOnB(a, b, item.id, { title: 'Harbour dues, revised by B' }))
      await expect(a.updateItem(item.id, { title: 'Harbour dues, revised by A' }, item.version)).rejects.toMatchObject({ code: 'CONFLICT' })
      const db = new pg.Client(database)
      await db.connect()
      const { rows } = await db.query<{ title: string }>('SELECT title FROM items WHERE id = $1', [item.id])
      await db.end()
      expect(rows[0].title).toBe('Harbour dues, revised by B')
      // A field the other change did not touch still goes through, on top of it.
      duringNextRead(a.storage.journal, 'history', changedOnB(a, b, item.id, { outlet: 'Harbour Gazette' }))
      const saved = await a.updateItem(item.id, { byline: 'A. Person' }, item.version)
      expect(saved).toMatchObject({ title: 'Harbour dues, revised by B', outlet: 'Harbour Gazette', byline: 'A. Person', tags: ['port', 'ferry'] })
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('a bulk replace in the body is planned again on the body another process saved while it read the old one', async () => {
    const [a, b] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Ferry timetable', body: 'Boats leave at nine from the old quay.' }])
      await b.storage.feed.catchUp()
      duringNextRead(a.storage.texts, 'get', changedOnB(a, b, item.id, { body: 'Boats leave at ten from the old quay; the new quay opens in May.' }))
      await (await a.workspace()).bulkApply([item.id], [{ op: 'replace', field: 'body', find: 'old quay', replace: 'north quay', regex: false, caseSensitive: true }])
      await b.storage.feed.catchUp()
      expect((await b.getItem(item.id)).body).toBe('Boats leave at ten from the north quay; the new quay opens in May.')
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('a bulk replace whose item another process changed while its texts were read for the write is refused, nothing written over', async () => {
    const [a, b] = await twoProcesses()
    try {
      const [item] = await a.createItems([{ title: 'Ferry timetable', body: 'Boats leave at nine from the old quay.' }])
      await b.storage.feed.catchUp()
      // The first read plans the change; the second is the write's own, when the other change comes.
      duringNextRead(a.storage.texts, 'get', changedOnB(a, b, item.id, { body: 'Boats leave at ten from the old quay.' }), 1)
      await expect((await a.workspace()).bulkApply([item.id], [{ op: 'replace', field: 'body', find: 'old quay', replace: 'north quay', regex: false, caseSensitive: true }])).rejects.toMatchObject({
        code: 'CONFLICT',
        params: { reason: 'CHANGED_BY_SOMEONE_ELSE' }
      })
      await b.storage.feed.catchUp()
      expect((await b.getItem(item.id)).body).toBe('Boats leave at ten from the old quay.')
      expect((await a.getItem(item.id)).body).toBe('Boats leave at ten from the old quay.')
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('an item is shown as stored while a change to it is in flight, never as the change that the database then refuses', async () => {
    const [a, b, database] = await twoProcesses()
    const db = new pg.Client(database)
    await db.connect()
    try {
      const [item] = await a.createItems([{ title: 'Harbour dues' }])
      await b.storage.feed.catchUp()
      // The row moves on in the database without A's change feed telling it (as when A's feed has
      // not read B's change yet), so A's change, made on version 1, will be refused.
      await db.query("UPDATE items SET title = 'Harbour dues (B)', version = version + 1 WHERE id = $1", [item.id])
      // The row held by another connection: A's write waits in the database, its record changed in A's memory.
      await db.query('BEGIN')
      await db.query('SELECT 1 FROM items WHERE id = $1 FOR UPDATE', [item.id])
      const saving = a.updateItem(item.id, { title: 'Harbour dues (A)' })
      saving.catch(() => {})
      while (a.catalog.get(item.id)?.title !== 'Harbour dues (A)') await new Promise((resolve) => setImmediate(resolve))
      const shown = a.showItem(item.id)
      await db.query('ROLLBACK')
      await expect(saving).rejects.toMatchObject({ code: 'CONFLICT' })
      expect((await shown).title).not.toBe('Harbour dues (A)')
    } finally {
      await db.end()
      await a.close()
      await b.close()
    }
  })
})
