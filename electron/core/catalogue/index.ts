import type { Archive } from '../Archive'
import { Catalogue } from './Catalogue'

const open = new WeakMap<Archive, Promise<Catalogue>>()

/** The cataloguing workspace of an open archive, loaded once on first use. */
export function catalogueOf(archive: Archive): Promise<Catalogue> {
  let c = open.get(archive)
  if (!c) {
    c = Catalogue.open(archive)
    open.set(archive, c)
    c.catch(() => open.delete(archive))
  }
  return c
}

export { Catalogue }
