// Names already in the archive, as authority records, so that a new import reuses them:
// every name on a live item is a record with itself as its only form, then the archive's
// own authority records (catalog/authorities), which come last so that their preferred form
// is the one a proposal takes.
import type { Archive } from '../../Archive'
import type { Authority } from './types'

export async function authoritiesFromArchive(archive: Archive): Promise<Authority[]> {
  const records = (await archive.workspace()).authorities.all().map((a) => ({ kind: a.kind, preferred: a.preferred, variants: [a.preferred, ...a.variants] }))
  return [...namesOnItems(archive), ...records]
}

function namesOnItems(archive: Archive): Authority[] {
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
