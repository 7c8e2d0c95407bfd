// Authority records (people, organisations, places): the single truth for names. Their counts
// of mentions, their changes and merges (which bring the items to the preferred form), the
// likely duplicates to confirm or reject, and the records an import's name groups make.
import {
  AUTHORITY_FIELD,
  AUTHORITY_KINDS,
  type AuthorityIdentifier,
  type AuthorityInfo,
  type AuthorityKind,
  type AuthorityRecord,
  type DuplicateProposal
} from '../../../shared/model'
import { CoreError } from '../errors'
import { newId } from '../ids'
import { plural, quote, same } from '../items/values'
import { pairKey, proposeDuplicates } from './duplicates'
import { cleanName } from './names'
import type { DocDiff } from './UndoStack'
import { WorkspacePart, type Draft } from './WorkspacePart'

export class AuthorityService extends WorkspacePart {
  private mentions(): Map<string, number> {
    return this.cached('mentions', () => {
      const byKey = new Map<string, string>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) byKey.set(`${a.kind}:${this.key(n)}`, a.id)
      const counts = new Map<string, number>()
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        const hit = new Set<string>()
        for (const kind of AUTHORITY_KINDS)
          for (const n of r[AUTHORITY_FIELD[kind]]) {
            const id = byKey.get(`${kind}:${this.key(n)}`)
            if (id) hit.add(id)
          }
        for (const id of hit) counts.set(id, (counts.get(id) ?? 0) + 1)
      }
      return counts
    })
  }

  listAuthorities(kind?: AuthorityKind): AuthorityInfo[] {
    const counts = this.mentions()
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
    return this.authorities
      .all()
      .filter((a) => !kind || a.kind === kind)
      .map((a) => ({ ...a, count: counts.get(a.id) ?? 0 }))
      .sort((a, b) => collator.compare(a.preferred, b.preferred))
  }

  getAuthority(id: string): AuthorityInfo {
    const a = this.authorities.get(id)
    if (!a) throw new CoreError('NOT_FOUND', `There is no authority record with id ${id}.`, 'id', { reason: 'RECORD_NOT_FOUND' })
    return { ...a, count: this.mentions().get(id) ?? 0 }
  }

  private checkNames(kind: AuthorityKind, preferred: string, variants: string[], self: string | null): string[] {
    const keys = new Map<string, AuthorityRecord>()
    for (const a of this.authorities.all())
      if (a.kind === kind && a.id !== self) for (const n of [a.preferred, ...a.variants]) keys.set(this.key(n), a)
    const own = this.key(preferred)
    const kept: string[] = []
    for (const n of [preferred, ...variants]) {
      const other = keys.get(this.key(n))
      if (other)
        throw new CoreError(
          'INVALID_INPUT',
          `${quote(n)} is already a name of the ${kind} record ${quote(other.preferred)}; merge the two records instead.`,
          n === preferred ? 'preferred' : 'variants',
          { reason: 'NAME_OF_OTHER_RECORD', name: n, record: other.preferred }
        )
    }
    for (const v of variants) if (this.key(v) !== own && !kept.some((k) => this.key(k) === this.key(v))) kept.push(v)
    return kept
  }

  private cleanIdentifiers(ids: AuthorityIdentifier[]): AuthorityIdentifier[] {
    const formats: Record<string, [RegExp, string]> = {
      wikidata: [/^Q[1-9]\d*$/, 'a Wikidata id looks like Q42'],
      viaf: [/^[1-9]\d{0,21}$/, 'a VIAF id is a number, like 102333412'],
      isni: [/^\d{15}[\dX]$/, 'an ISNI has 16 characters, digits and a last X or digit, like 0000000121032683'],
      geonames: [/^[1-9]\d*$/, 'a GeoNames id is a number, like 2988507']
    }
    const out: AuthorityIdentifier[] = []
    for (const id of ids) {
      let value = id.value.trim()
      if (id.scheme === 'wikidata') value = value.replace(/^https?:\/\/(www\.)?wikidata\.org\/(wiki|entity)\//, '').toUpperCase()
      if (id.scheme === 'isni') value = value.replace(/\s+/g, '').toUpperCase()
      if (id.scheme === 'viaf') value = value.replace(/^https?:\/\/viaf\.org\/viaf\//, '').replace(/\/$/, '')
      const f = formats[id.scheme]
      if (f && !f[0].test(value)) throw new CoreError('INVALID_INPUT', `${quote(id.value)} is not a valid ${id.scheme} identifier: ${f[1]}.`, 'identifiers', { reason: 'IDENTIFIER_INVALID', value: id.value, scheme: id.scheme })
      if (!out.some((o) => o.scheme === id.scheme && o.value === value)) out.push({ scheme: id.scheme, value })
    }
    return out
  }

  createAuthority(input: { kind: AuthorityKind; preferred: string; variants?: string[]; note?: string; identifiers?: AuthorityIdentifier[] }) {
    return this.serial(async () => {
      const preferred = cleanName(input.preferred, 'The preferred name', 'preferred')
      const variants = this.checkNames(input.kind, preferred, (input.variants ?? []).map((v) => cleanName(v, 'A variant name', 'variants')), null)
      const now = new Date().toISOString()
      const a: AuthorityRecord = {
        id: newId(),
        kind: input.kind,
        preferred,
        variants,
        note: input.note ?? '',
        identifiers: this.cleanIdentifiers(input.identifiers ?? []),
        created: now,
        modified: now
      }
      await this.commit({ label: `Create ${a.kind} ${quote(preferred)}`, op: 'authority-create', items: [], docs: [{ store: 'authorities', id: a.id, before: null, after: a }] })
      return a
    })
  }

  updateAuthority(input: { id: string; preferred?: string; variants?: string[]; note?: string; identifiers?: AuthorityIdentifier[] }) {
    return this.serial(async () => {
      const before = this.getAuthority(input.id)
      const { count: _c, ...base } = before
      const preferred = input.preferred !== undefined ? cleanName(input.preferred, 'The preferred name', 'preferred') : base.preferred
      let variants = input.variants !== undefined ? input.variants.map((v) => cleanName(v, 'A variant name', 'variants')) : base.variants
      // A preferred form given up stays findable as a variant.
      if (input.preferred !== undefined && this.key(preferred) !== this.key(base.preferred) && input.variants === undefined) variants = [...variants, base.preferred]
      variants = this.checkNames(base.kind, preferred, variants, base.id)
      const next: AuthorityRecord = {
        ...base,
        preferred,
        variants,
        note: input.note ?? base.note,
        identifiers: input.identifiers ? this.cleanIdentifiers(input.identifiers) : base.identifiers
      }
      if (same(next, base)) return base
      next.modified = new Date().toISOString()
      await this.commit({ label: `Edit ${base.kind} ${quote(preferred)}`, op: 'authority-update', items: [], docs: [{ store: 'authorities', id: base.id, before: base, after: next }] })
      return next
    })
  }

  deleteAuthority(id: string) {
    return this.serial(async () => {
      const { count: _c, ...a } = this.getAuthority(id)
      await this.commit({ label: `Delete ${a.kind} ${quote(a.preferred)}`, op: 'authority-delete', items: [], docs: [{ store: 'authorities', id, before: a, after: null }] })
      return { deleted: id }
    })
  }

  /** Merges `sourceId` into `targetId`: every name of the source becomes a variant of the target. */
  mergeAuthorities(sourceId: string, targetId: string) {
    return this.serial(async () => {
      if (sourceId === targetId) throw new CoreError('INVALID_INPUT', 'A record cannot be merged into itself; choose two different records.', 'targetId', { reason: 'MERGE_SAME' })
      const { count: _s, ...source } = this.getAuthority(sourceId)
      const { count: _t, ...target } = this.getAuthority(targetId)
      if (source.kind !== target.kind)
        throw new CoreError('INVALID_INPUT', `A ${source.kind} record cannot be merged into ${target.kind === 'organisation' ? 'an' : 'a'} ${target.kind} record.`, 'targetId', { reason: 'RECORD_KINDS_DIFFER' })
      const names = [...target.variants]
      for (const n of [source.preferred, ...source.variants])
        if (this.key(n) !== this.key(target.preferred) && !names.some((x) => this.key(x) === this.key(n))) names.push(n)
      const identifiers = [...target.identifiers]
      for (const i of source.identifiers) if (!identifiers.some((x) => x.scheme === i.scheme && x.value === i.value)) identifiers.push(i)
      const note = [target.note, source.note].filter((n) => n.trim()).join('\n\n')
      const merged: AuthorityRecord = { ...target, variants: names, identifiers, note, modified: new Date().toISOString() }
      await this.commit({
        label: `Merge ${quote(source.preferred)} into ${quote(target.preferred)}`,
        op: 'authority-merge',
        items: this.preferredFormOnItems(merged),
        docs: [
          { store: 'authorities', id: source.id, before: source, after: null },
          { store: 'authorities', id: target.id, before: target, after: merged }
        ]
      })
      return merged
    })
  }

  /**
   * The items that name a record under another of its forms, changed to name it by its
   * preferred form (once), so that lists, facets and exports show one name. An imported
   * item keeps the spelling its source used in its provenance.
   */
  private preferredFormOnItems(record: AuthorityRecord): Draft['items'] {
    const field = AUTHORITY_FIELD[record.kind]
    const keys = new Set([record.preferred, ...record.variants].map((n) => this.key(n)))
    const out: Draft['items'] = []
    for (const r of this.archive.catalog.all()) {
      const names = r[field]
      if (!names.some((n) => keys.has(this.key(n)) && n !== record.preferred)) continue
      const next: string[] = []
      const replaced: string[] = []
      for (const n of names) {
        const named = keys.has(this.key(n))
        if (named && n !== record.preferred) replaced.push(n)
        const v = named ? record.preferred : n
        if (!next.includes(v)) next.push(v)
      }
      const before: Record<string, unknown> = { [field]: names }
      const after: Record<string, unknown> = { [field]: next }
      if (r.provenance) {
        const spellings = [...(r.provenance.spellings ?? [])]
        for (const n of replaced) if (!spellings.includes(n)) spellings.push(n)
        before.provenance = r.provenance
        after.provenance = { ...r.provenance, spellings }
      }
      out.push({ id: r.id, before, after })
    }
    return out
  }

  private rejected(): Set<string> {
    const r = this.authorities.data.rejected
    return new Set(Array.isArray(r) ? (r as string[]) : [])
  }

  duplicates(kind?: AuthorityKind): DuplicateProposal[] {
    return proposeDuplicates(
      this.authorities.all().filter((a) => !kind || a.kind === kind),
      this.rejected()
    )
  }

  /** Remembers that two records are not the same, so they are not proposed again. */
  rejectDuplicate(a: string, b: string) {
    return this.serial(async () => {
      if (a === b) throw new CoreError('INVALID_INPUT', 'Choose two different records.', 'b', { reason: 'MERGE_SAME' })
      const ra = this.getAuthority(a)
      const rb = this.getAuthority(b)
      const set = this.rejected()
      set.add(pairKey(a, b))
      this.authorities.data.rejected = [...set]
      await this.authorities.write()
      await this.archive.journal.append({ op: 'authority-not-duplicate', records: [a, b], names: [ra.preferred, rb.preferred] })
      return { rejected: [a, b] }
    })
  }

  /**
   * The spelling variants an import grouped ("Ramata Almami Mbaye" / "Ramata Almamy Mbaye")
   * become authority records: a group that shares a name with a record joins it (its other
   * forms become variants), else it makes a new record. A name another record already holds
   * stays with that record (records are merged by a person, never behind their back); a lone
   * name makes no record.
   */
  recordNameGroups(groups: ReadonlyArray<{ kind: AuthorityKind; preferred: string; variants: readonly string[] }>) {
    return this.serial(async () => {
      const owner = new Map<string, AuthorityRecord>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) owner.set(`${a.kind}:${this.key(n)}`, a)
      const before = new Map<string, AuthorityRecord | null>()
      const after = new Map<string, AuthorityRecord>()
      const now = new Date().toISOString()
      for (const g of groups) {
        const names: string[] = []
        for (const raw of [g.preferred, ...g.variants]) {
          const n = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
          if (n && n.length <= 500 && this.key(n) && !names.some((x) => this.key(x) === this.key(n))) names.push(n)
        }
        if (names.length < 2) continue
        const found = names.map((n) => owner.get(`${g.kind}:${this.key(n)}`)).find((r) => r !== undefined)
        let rec: AuthorityRecord
        if (found) {
          rec = after.get(found.id) ?? { ...found, variants: [...found.variants] }
          if (!before.has(found.id)) before.set(found.id, found)
        } else {
          rec = { id: newId(), kind: g.kind, preferred: names[0], variants: [], note: '', identifiers: [], created: now, modified: now }
          before.set(rec.id, null)
        }
        for (const n of names) {
          const key = `${g.kind}:${this.key(n)}`
          if (owner.has(key)) continue
          if (this.key(n) !== this.key(rec.preferred)) rec.variants.push(n)
          owner.set(key, rec)
        }
        after.set(rec.id, rec)
      }
      const docs: DocDiff[] = []
      for (const [id, rec] of after) {
        const was = before.get(id) ?? null
        if (was && same(was.variants, rec.variants)) continue
        docs.push({ store: 'authorities', id, before: was, after: was ? { ...rec, modified: now } : rec })
      }
      const created = docs.filter((d) => d.before === null).length
      await this.commit({
        label: `Record the names of an import (${plural(created, 'new authority record')}, ${plural(docs.length - created, 'record')} with new variants)`,
        op: 'authority-from-import',
        items: [],
        docs
      })
      return { created, joined: docs.length - created }
    })
  }

  /** Creates a record for every name in the items that no record covers yet (the commonest spelling preferred). */
  authoritiesFromItems(kind?: AuthorityKind) {
    return this.serial(async () => {
      const known = new Set<string>()
      for (const a of this.authorities.all()) for (const n of [a.preferred, ...a.variants]) known.add(`${a.kind}:${this.key(n)}`)
      const found = new Map<string, { kind: AuthorityKind; spellings: Map<string, number> }>()
      for (const r of this.archive.catalog.all()) {
        if (r.trashed) continue
        for (const k of AUTHORITY_KINDS) {
          if (kind && k !== kind) continue
          for (const n of r[AUTHORITY_FIELD[k]]) {
            const key = `${k}:${this.key(n)}`
            if (known.has(key) || this.key(n) === '') continue
            let f = found.get(key)
            if (!f) found.set(key, (f = { kind: k, spellings: new Map() }))
            f.spellings.set(n, (f.spellings.get(n) ?? 0) + 1)
          }
        }
      }
      const now = new Date().toISOString()
      const docs: DocDiff[] = []
      for (const f of found.values()) {
        const ranked = [...f.spellings].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length)
        const rec: AuthorityRecord = {
          id: newId(),
          kind: f.kind,
          preferred: ranked[0][0],
          variants: ranked.slice(1).map(([n]) => n),
          note: '',
          identifiers: [],
          created: now,
          modified: now
        }
        docs.push({ store: 'authorities', id: rec.id, before: null, after: rec })
      }
      await this.commit({ label: `Create ${plural(docs.length, 'authority record')} from the items`, op: 'authority-from-items', items: [], docs })
      return { created: docs.length }
    })
  }
}
