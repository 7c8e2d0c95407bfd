// Collections as people name them: by name, or by their path from the top ("Events/Fez 2022"),
// and with the collections below them. Search (`collection:`), export scopes, the CLI and the
// list's roll-up all resolve names here, so a name finds the same collections everywhere.
import type { Collection } from '../../../shared/model'
import { matchKey } from './names'

/** How a path is written in a query or on the command line: `Parent/Child` (also `Parent › Child`). */
const PATH_SPLIT = /\s*(?:\/|›)\s*/

type Node = Pick<Collection, 'id' | 'name' | 'parentId'>

/** Names from the top down to the collection itself (a cycle, which the catalogue refuses, stops the walk). */
export function collectionPathParts(all: readonly Node[], id: string): string[] {
  const byId = new Map(all.map((c) => [c.id, c]))
  const parts: string[] = []
  const seen = new Set<string>()
  for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) {
    seen.add(c.id)
    parts.unshift(c.name)
  }
  return parts
}

/** The collection and every collection below it. */
export function withDescendants(all: readonly Node[], ids: Iterable<string>): Set<string> {
  const wanted = new Set(ids)
  const children = new Map<string, string[]>()
  for (const c of all) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id])
  const stack = [...wanted]
  while (stack.length) for (const child of children.get(stack.pop()!) ?? []) if (!wanted.has(child)) wanted.add(child), stack.push(child)
  return wanted
}

/**
 * The collections a person means by `value`: its id; else the collections whose name, or whose
 * path ending ("Fez 2022", "Events/Fez 2022"), matches it with case, accents and punctuation
 * folded; else, when nothing matches whole, those whose name holds every word of it (as other
 * fields match in search). Several collections can share a name under different parents: all
 * of them are returned.
 */
export function findCollections(all: readonly Node[], value: string): Node[] {
  const v = value.trim()
  const byId = all.find((c) => c.id === v)
  if (byId) return [byId]
  const wanted = matchKey(v)
  if (!wanted) return []
  const whole = all.filter((c) => matchKey(c.name) === wanted)
  const segments = v.split(PATH_SPLIT).map(matchKey).filter(Boolean)
  if (segments.length > 1)
    for (const c of all) {
      const path = collectionPathParts(all, c.id).map(matchKey)
      if (path.length >= segments.length && segments.every((s, i) => path[path.length - segments.length + i] === s) && !whole.includes(c)) whole.push(c)
    }
  if (whole.length) return whole
  const words = wanted.split(' ')
  return all.filter((c) => {
    const own = matchKey(c.name).split(' ')
    return words.every((w) => own.includes(w))
  })
}
