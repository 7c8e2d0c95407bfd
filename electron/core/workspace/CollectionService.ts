// Collections: the tree with each collection's own and total counts, and its changes (create,
// rename, move, delete, manual order of its items).
import { type Collection, type CollectionInfo } from '../../../shared/model'
import { CoreError } from '../errors'
import { newId } from '../ids'
import { quote, same } from '../items/values'
import { cleanName } from './names'
import type { DocDiff } from './UndoStack'
import { WorkspacePart, type Draft } from './WorkspacePart'

export class CollectionService extends WorkspacePart {
  listCollections(): CollectionInfo[] {
    return this.cached('collections', () => {
      const all = this.collections.all()
      const parent = new Map(all.map((c) => [c.id, c.parentId]))
      const counts = new Map<string, number>()
      const totals = new Map<string, number>()
      const add = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1)
      for (const r of this.archive.catalog.all()) {
        if (r.trashed || r.collections.length === 0) continue
        for (const c of r.collections) add(counts, c)
        // An item counts once in each collection above it, however many of their children hold it.
        const above = new Set<string>()
        for (const c of r.collections) for (let id: string | null | undefined = c; id && !above.has(id); id = parent.get(id)) above.add(id)
        for (const id of above) add(totals, id)
      }
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
      return all
        .map((c) => ({ ...c, count: counts.get(c.id) ?? 0, total: totals.get(c.id) ?? 0 }))
        .sort((a, b) => collator.compare(a.name, b.name))
    })
  }

  private requireCollection(id: string, field = 'id'): Collection {
    const c = this.collections.get(id)
    if (!c) throw new CoreError('NOT_FOUND', `There is no collection with id ${id}.`, field, { reason: 'COLLECTION_NOT_FOUND' })
    return c
  }

  private checkCollectionName(name: string, parentId: string | null, self: string | null): void {
    const clash = this.collections
      .all()
      .find((c) => c.id !== self && c.parentId === parentId && c.name.toLocaleLowerCase() === name.toLocaleLowerCase())
    if (clash) {
      const where = parentId ? `inside ${quote(this.collections.get(parentId)!.name)}` : 'at the top level'
      throw new CoreError('INVALID_INPUT', `There is already a collection ${quote(clash.name)} ${where}.`, 'name', { reason: 'COLLECTION_EXISTS', name: clash.name })
    }
  }

  createCollection(input: { name: string; parentId?: string | null; description?: string; notes?: string }) {
    return this.serial(async () => {
      const name = cleanName(input.name, 'A collection name', 'name')
      const parentId = input.parentId ?? null
      if (parentId) this.requireCollection(parentId, 'parentId')
      this.checkCollectionName(name, parentId, null)
      const now = new Date().toISOString()
      const c: Collection = { id: newId(), name, parentId, description: input.description ?? '', notes: input.notes ?? '', order: [], created: now, modified: now }
      await this.commit({ label: `Create collection ${quote(name)}`, op: 'collection-create', items: [], docs: [{ store: 'collections', id: c.id, before: null, after: c }] })
      return c
    })
  }

  updateCollection(input: { id: string; name?: string; parentId?: string | null; description?: string; notes?: string }) {
    return this.serial(async () => {
      const before = this.requireCollection(input.id)
      const next: Collection = { ...before }
      if (input.name !== undefined) next.name = cleanName(input.name, 'A collection name', 'name')
      if (input.description !== undefined) next.description = input.description
      if (input.notes !== undefined) next.notes = input.notes
      if (input.parentId !== undefined) {
        const parentId = input.parentId
        if (parentId !== null) {
          this.requireCollection(parentId, 'parentId')
          // Walking up from the new parent must never reach the collection itself.
          for (let p: string | null = parentId; p; p = this.collections.get(p)?.parentId ?? null)
            if (p === before.id)
              throw new CoreError(
                'INVALID_INPUT',
                parentId === before.id
                  ? `The collection ${quote(before.name)} cannot be its own parent.`
                  : `The collection ${quote(before.name)} cannot be placed inside ${quote(this.collections.get(parentId)!.name)}, which is inside it.`,
                'parentId',
                { reason: 'COLLECTION_CYCLE', name: before.name, parent: this.collections.get(parentId)!.name }
              )
        }
        next.parentId = parentId
      }
      this.checkCollectionName(next.name, next.parentId, next.id)
      const changed = (['name', 'parentId', 'description', 'notes'] as const).some((k) => next[k] !== before[k])
      if (!changed) return before
      next.modified = new Date().toISOString()
      await this.commit({ label: `Edit collection ${quote(next.name)}`, op: 'collection-update', items: [], docs: [{ store: 'collections', id: next.id, before, after: next }] })
      return next
    })
  }

  /** Deletes a collection: its items stay (they leave it), its sub-collections move up one level. */
  deleteCollection(id: string) {
    return this.serial(async () => {
      const c = this.requireCollection(id)
      const docs: DocDiff[] = [{ store: 'collections', id, before: c, after: null }]
      for (const child of this.collections.all())
        if (child.parentId === id) docs.push({ store: 'collections', id: child.id, before: child, after: { ...child, parentId: c.parentId } })
      const items: Draft['items'] = []
      for (const r of this.archive.catalog.all())
        if (r.collections.includes(id)) items.push({ id: r.id, before: { collections: r.collections }, after: { collections: r.collections.filter((x) => x !== id) } })
      await this.commit({ label: `Delete collection ${quote(c.name)}`, op: 'collection-delete', items, docs })
      return { items: items.length }
    })
  }

  /** Sets the manual order of items in a collection (every id must be in it). */
  reorderCollection(id: string, itemIds: string[]) {
    return this.serial(async () => {
      const c = this.requireCollection(id)
      const order = [...new Set(itemIds)]
      for (const i of order) {
        const r = this.record(i)
        if (!r.collections.includes(id)) throw new CoreError('INVALID_INPUT', `The item ${quote(r.title)} is not in the collection ${quote(c.name)}.`, 'itemIds', { reason: 'NOT_IN_COLLECTION', title: r.title, name: c.name })
      }
      if (same(order, c.order)) return c
      const next = { ...c, order, modified: new Date().toISOString() }
      await this.commit({ label: `Reorder ${quote(c.name)}`, op: 'collection-reorder', items: [], docs: [{ store: 'collections', id, before: c, after: next }] })
      return next
    })
  }
}
