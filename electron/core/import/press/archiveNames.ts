// Names already in the archive, as authority records, so that a new import reuses them.
// Until the archive keeps authority records of its own (catalog/authorities), every name
// on a live item is a record with itself as its only form.
import type { Archive } from '../../Archive'
import type { Authority } from './types'

export function authoritiesFromArchive(archive: Archive): Authority[] {
  const seen = new Map<string, Authority>()
  const add = (kind: Authority['kind'], name: string) => {
    const key = `${kind}|${name}`
    if (!seen.has(key)) seen.set(key, { kind, preferred: name, variants: [name] })
  }
  for (const r of archive.catalog.all()) {
    if (r.trashed) continue
    for (const n of r.people) add('person', n)
    for (const n of r.organisations) add('organisation', n)
    for (const n of r.places) add('place', n)
  }
  return [...seen.values()]
}
