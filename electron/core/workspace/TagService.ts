// Tags: the list with colours and counts, and the changes that reach every item at once
// (rename, merge, delete, colour). Tags are hierarchical: a change to `region` reaches
// `region/africa` too.
import { type TagInfo, type TagRecord } from '../../../shared/model'
import { CoreError } from '../errors'
import { quote, same } from '../items/values'
import { ancestorsOf, isSameOrBelow, normaliseTagName, retag } from './names'
import type { DocDiff } from './UndoStack'
import { WorkspacePart, type Draft } from './WorkspacePart'

export class TagService extends WorkspacePart {
  listTags(): TagInfo[] {
    return this.cached('tags', () => {
      const info = new Map<string, TagInfo>()
      const get = (name: string) => {
        let t = info.get(name)
        if (!t) info.set(name, (t = { name, colour: this.tags.get(name)?.colour ?? null, count: 0, total: 0 }))
        return t
      }
      for (const rec of this.tags.all()) get(rec.name)
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        const seen = new Set<string>()
        for (const t of r.tags) {
          get(t).count++
          seen.add(t)
          for (const a of ancestorsOf(t)) seen.add(a)
        }
        for (const t of seen) get(t).total++
      }
      for (const t of [...info.keys()]) for (const a of ancestorsOf(t)) get(a)
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
      return [...info.values()].sort((a, b) => collator.compare(a.name, b.name))
    })
  }

  private tagExists(name: string): boolean {
    return this.listTags().some((t) => t.name === name) || [...this.archive.catalog.all()].some((r) => r.tags.includes(name))
  }

  private requireTag(raw: string, field: string): string {
    const name = normaliseTagName(raw, field)
    if (!this.tagExists(name)) throw new CoreError('NOT_FOUND', `There is no tag ${quote(name)}.`, field, { reason: 'TAG_NOT_FOUND', name })
    return name
  }

  /** Creates an empty tag (so it can be given a colour and used later), or changes a tag's colour. */
  setTag(rawName: string, colour: string | null) {
    return this.serial(async () => {
      const name = normaliseTagName(rawName, 'name')
      const before = this.tags.get(name) ?? null
      const after: TagRecord = { name, colour }
      if (same(before, after)) return after
      await this.commit({
        label: before || this.tagExists(name) ? `Colour of tag ${quote(name)}` : `Create tag ${quote(name)}`,
        op: 'tag-set',
        items: [],
        docs: [{ store: 'tags', id: name, before, after }]
      })
      return after
    })
  }

  /** Changes tags everywhere at once: each tag at or below a source becomes the same path under `into`. */
  private async moveTags(label: string, op: string, sources: string[], into: string): Promise<{ items: number }> {
    const items: Draft['items'] = []
    for (const r of this.archive.catalog.all()) {
      if (!r.tags.some((t) => sources.some((s) => isSameOrBelow(t, s)))) continue
      const next = [...new Set(r.tags.map((t) => {
        const s = sources.find((x) => isSameOrBelow(t, x))
        return s ? retag(t, s, into) : t
      }))]
      if (!same(next, r.tags)) items.push({ id: r.id, before: { tags: r.tags }, after: { tags: next } })
    }
    const docs: DocDiff[] = []
    const planned = new Map<string, TagRecord | null>()
    for (const rec of this.tags.all()) {
      const s = sources.find((x) => isSameOrBelow(rec.name, x))
      if (!s) continue
      const to = retag(rec.name, s, into)
      planned.set(rec.name, planned.get(rec.name) ?? null)
      const existing = planned.has(to) ? planned.get(to) : (this.tags.get(to) ?? null)
      // The tag merged into keeps its own colour; otherwise it takes the colour of what came into it.
      planned.set(to, { name: to, colour: existing?.colour ?? rec.colour })
    }
    for (const [id, after] of planned) {
      const before = this.tags.get(id) ?? null
      if (!same(before, after)) docs.push({ store: 'tags', id, before, after })
    }
    await this.commit({ label, op, items, docs })
    return { items: items.length }
  }

  renameTag(rawFrom: string, rawTo: string) {
    return this.serial(async () => {
      const from = this.requireTag(rawFrom, 'from')
      const to = normaliseTagName(rawTo, 'to')
      if (to === from) return { items: 0 }
      if (this.tagExists(to))
        throw new CoreError('INVALID_INPUT', `There is already a tag ${quote(to)}; to bring ${quote(from)} into it, merge the two tags.`, 'to', { reason: 'TAG_EXISTS', name: to, from })
      return this.moveTags(`Rename tag ${quote(from)} to ${quote(to)}`, 'tag-rename', [from], to)
    })
  }

  mergeTags(rawSources: string[], rawInto: string) {
    return this.serial(async () => {
      const into = normaliseTagName(rawInto, 'into')
      const sources = [...new Set(rawSources.map((s) => this.requireTag(s, 'sources')))]
      for (const s of sources) {
        if (s === into) throw new CoreError('INVALID_INPUT', `A tag cannot be merged into itself (${quote(s)}).`, 'into', { reason: 'MERGE_SAME' })
        if (isSameOrBelow(into, s))
          throw new CoreError('INVALID_INPUT', `${quote(s)} cannot be merged into ${quote(into)}, which is below it.`, 'into', { reason: 'TAG_MERGE_BELOW', name: s, into })
      }
      return this.moveTags(`Merge ${sources.map(quote).join(', ')} into ${quote(into)}`, 'tag-merge', sources, into)
    })
  }

  /** Removes a tag (and the tags below it) from every item. */
  deleteTag(rawName: string) {
    return this.serial(async () => {
      const name = this.requireTag(rawName, 'name')
      const items: Draft['items'] = []
      for (const r of this.archive.catalog.all()) {
        const next = r.tags.filter((t) => !isSameOrBelow(t, name))
        if (next.length !== r.tags.length) items.push({ id: r.id, before: { tags: r.tags }, after: { tags: next } })
      }
      const docs: DocDiff[] = this.tags
        .all()
        .filter((t) => isSameOrBelow(t.name, name))
        .map((t) => ({ store: 'tags' as const, id: t.name, before: t, after: null }))
      await this.commit({ label: `Delete tag ${quote(name)}`, op: 'tag-delete', items, docs })
      return { items: items.length }
    })
  }
}
