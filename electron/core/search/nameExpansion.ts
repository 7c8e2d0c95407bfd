// Names in a query resolved through the catalogue, before the index runs it:
//   collection:NAME (or "Parent/Child")  → the ids of those collections and of the ones below them
//   person: / org: / place: NAME         → every form of the authority records that NAME is a form of
// The index stores what items carry (collection ids; names as spelled in each item), so the
// catalogue's records are what make a name find every item that names the same collection,
// person, organisation or place. The original node is kept beside the added ones, so a name no
// record covers still matches as it did.
import { AUTHORITY_KINDS, type AuthorityKind, type AuthorityRecord, type Collection } from '../../../shared/model'
import { findCollections, withDescendants } from '../workspace/collectionPaths'
import { matchKey } from '../workspace/names'
import type { MetaField, ParsedQuery, QueryNode } from './queryParser'

type MetaNode = Extract<QueryNode, { kind: 'meta' }>

const AUTHORITY_OF: Partial<Record<MetaField, AuthorityKind>> = { person: 'person', org: 'organisation', place: 'place' }

export type NameSources = {
  collections(): ReadonlyArray<Pick<Collection, 'id' | 'name' | 'parentId'>>
  authorities(): ReadonlyArray<Pick<AuthorityRecord, 'kind' | 'preferred' | 'variants'>>
}

/** A query rewriter over the catalogue's names (read only when the query names a field that needs them). */
export function nameExpander(sources: NameSources): (parsed: ParsedQuery) => ParsedQuery {
  return (parsed) => {
    if (!parsed.clauses.some((c) => c.any.some((n) => n.kind === 'meta' && (n.field === 'collection' || AUTHORITY_OF[n.field])))) return parsed
    let forms: Map<AuthorityKind, Array<{ keys: string[]; names: string[] }>> | null = null
    const formsOf = (kind: AuthorityKind) => {
      if (!forms) {
        forms = new Map(AUTHORITY_KINDS.map((k) => [k, []]))
        for (const a of sources.authorities()) {
          const names = [a.preferred, ...a.variants]
          forms.get(a.kind)!.push({ keys: names.map(matchKey), names })
        }
      }
      return forms.get(kind)!
    }
    const ignored = [...parsed.ignored]
    const expand = (node: QueryNode): QueryNode[] => {
      if (node.kind !== 'meta') return [node]
      if (node.field === 'collection') {
        const all = sources.collections()
        const found = findCollections(all, node.value)
        if (found.length === 0) {
          ignored.push(`no collection is named "${node.value}"`)
          return [node]
        }
        return [...withDescendants(all, found.map((c) => c.id))].map((id): MetaNode => ({ kind: 'meta', field: 'collection', value: id }))
      }
      const kind = AUTHORITY_OF[node.field]
      if (!kind) return [node]
      const key = matchKey(node.value)
      const words = key.split(' ').filter(Boolean)
      if (words.length === 0) return [node]
      const out: QueryNode[] = [node]
      const added = new Set([key])
      for (const record of formsOf(kind)) {
        const named = record.keys.some((k) => k === key || (words.length > 0 && words.every((w) => k.split(' ').includes(w))))
        if (!named) continue
        record.names.forEach((name, i) => {
          if (added.has(record.keys[i]) || !record.keys[i]) return
          added.add(record.keys[i])
          out.push({ kind: 'meta', field: node.field, value: name })
        })
      }
      return out
    }
    const clauses = parsed.clauses.map((c) => ({ ...c, any: c.any.flatMap(expand) }))
    return { clauses, ignored }
  }
}
