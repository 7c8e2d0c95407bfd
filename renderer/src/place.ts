import type { AuthorityKind, ListFilter } from '../../shared/model'
import type { ListQuery } from './components/ItemList'

/** What the sidebar has chosen: the list shows the items of that place. */
export type Place =
  | { kind: 'all' }
  | { kind: 'trash' }
  | { kind: 'unfiled' }
  | { kind: 'warnings' }
  | { kind: 'status'; status: ListFilter['status'] & string }
  | { kind: 'collection'; id: string }
  | { kind: 'tag'; name: string }
  | { kind: 'authority'; id: string; authorityKind: AuthorityKind }

/** `rollup`: a collection lists the items of the collections below it too. */
export function queryOf(place: Place, rollup = false): ListQuery {
  switch (place.kind) {
    case 'all':
      return { view: 'all' }
    case 'trash':
      return { view: 'trash' }
    case 'unfiled':
      return { view: 'all', filter: { unfiled: true } }
    case 'warnings':
      return { view: 'all', filter: { warnings: true } }
    case 'status':
      return { view: 'all', filter: { status: place.status } }
    case 'collection':
      return { view: 'all', filter: rollup ? { collection: place.id, withSubcollections: true } : { collection: place.id } }
    case 'tag':
      return { view: 'all', filter: { tag: place.name } }
    case 'authority':
      return { view: 'all', filter: { authority: place.id } }
  }
}

export const samePlace = (a: Place, b: Place) => JSON.stringify(a) === JSON.stringify(b)
export const isPlace = (v: unknown) => !!v && typeof v === 'object' && typeof (v as Place).kind === 'string'
