// Grouping the names found on a page into authority records: one person, organisation or
// place with the forms it was written in, so the archivist confirms one record per entity.
import type { Authority, AuthorityKind } from './types'
import type { Mentions } from './entities'
import { foldAccents } from './text'

/** Well-known acronyms used on their own without being spelled out on the page. */
export const KNOWN_ACRONYMS: Record<string, string> = {
  UN: 'United Nations',
  UNESCO: 'United Nations Educational, Scientific and Cultural Organization (UNESCO)',
  UNICEF: 'United Nations Children’s Fund (UNICEF)',
  UNDP: 'United Nations Development Programme (UNDP)',
  UNHCR: 'Office of the United Nations High Commissioner for Refugees (UNHCR)',
  WHO: 'World Health Organization (WHO)',
  WFP: 'World Food Programme (WFP)',
  FAO: 'Food and Agriculture Organization of the United Nations (FAO)',
  ILO: 'International Labour Organization (ILO)',
  IOM: 'International Organization for Migration (IOM)',
  IMF: 'International Monetary Fund (IMF)',
  OECD: 'Organisation for Economic Co-operation and Development (OECD)',
  WTO: 'World Trade Organization (WTO)',
  EU: 'European Union (EU)',
  AU: 'African Union (AU)',
  NATO: 'North Atlantic Treaty Organization (NATO)',
  OIC: 'Organisation of Islamic Cooperation (OIC)',
  ICESCO: 'Islamic World Educational, Scientific and Cultural Organization (ICESCO)',
  ALECSO: 'Arab League Educational, Cultural and Scientific Organization (ALECSO)',
  UNAOC: 'United Nations Alliance of Civilizations (UNAOC)'
}
// Acronyms that are also ordinary words in capitals ("WHO said", "US" in headlines).
const AMBIGUOUS_ACRONYMS = new Set(['WHO', 'AU', 'US', 'IT', 'UN'])

const PERSON_PARTICLES = new Set(['bin', 'bint', 'ibn', 'ben', 'al', 'el', 'de', 'del', 'di', 'da', 'dos', 'du', 'van', 'von', 'der', 'le', 'la', 'y'])

function fold(s: string): string {
  return foldAccents(s).toLowerCase()
}

/** Surname key: "AlMalik", "Al-Hammami", "El-Fadil" → "malik", "hammami", "fadil". */
function surnameKey(token: string): string {
  const t = fold(token).replace(/[-’'\s]/g, '')
  return t.length >= 6 && /^(al|el)/.test(t) ? t.slice(2) : t
}

function personTokens(name: string): string[] {
  return name
    .split(/\s+/)
    .filter((t) => !PERSON_PARTICLES.has(t.toLowerCase()) && !/^\p{Lu}\.$/u.test(t))
}

/** Levenshtein distance, bounded: returns max+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      rowMin = Math.min(rowMin, cur[j])
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length]
}

function close(a: string, b: string): boolean {
  if (a === b) return true
  return Math.min(a.length, b.length) >= 4 && editDistance(a, b, 1) <= 1
}

/** Two full names written for one person: same first name and surname, give or take a letter. */
export function samePerson(a: string, b: string): boolean {
  const ta = personTokens(a)
  const tb = personTokens(b)
  if (ta.length < 2 || tb.length < 2) return false
  if (!close(fold(ta[0]), fold(tb[0]))) return false
  if (!close(surnameKey(ta[ta.length - 1]), surnameKey(tb[tb.length - 1]))) return false
  const ma = ta.slice(1, -1).map(fold)
  const mb = tb.slice(1, -1).map(fold)
  if (ma.length && mb.length && ma.length === mb.length) return ma.every((m, i) => close(m, mb[i]))
  return true
}

type Group = { kind: AuthorityKind; preferred: string; variants: string[]; key?: string }

function acronymInitials(name: string): string {
  return name
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('')
}

function lcs(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1])
  return dp[a.length][b.length]
}

function orgKey(name: string): string {
  return fold(name)
    .replace(/^the\s+/, '')
    .replace(/^un\s+/, 'united nations ')
    .replace(/\borganisation\b/g, 'organization')
    .replace(/[’']s\b/g, '')
    .replace(/\s+/g, ' ')
}

export type Resolver = {
  authorities: Authority[]
  people(m: Mentions): string[]
  organisations(m: Mentions): string[]
  places(m: Mentions, text: string, containsName: (t: string, n: string) => boolean): string[]
}

/** Builds the page's authority records from every item's mentions. */
export function buildAuthorities(all: Mentions[], known: Authority[] = []): Resolver {
  // ---- people ----
  const personGroups: Group[] = []
  const personOf = new Map<string, Group>()
  for (const m of all)
    for (const p of m.people) {
      if (personOf.has(p)) continue
      let g = personGroups.find((x) => x.variants.some((v) => samePerson(v, p)))
      if (!g) personGroups.push((g = { kind: 'person', preferred: p, variants: [] }))
      g.variants.push(p)
      personOf.set(p, g)
    }
  const shortOf = new Map<string, Group>()
  const resolveShort = (s: string, local: string[]): Group | undefined => {
    const key = surnameKey(s)
    const match = (names: string[]) => {
      const gs = new Set<Group>()
      for (const n of names) {
        const toks = personTokens(n)
        if (toks.length && surnameKey(toks[toks.length - 1]) === key) gs.add(personOf.get(n)!)
      }
      return gs.size === 1 ? [...gs][0] : undefined
    }
    return match(local) ?? match([...personOf.keys()])
  }
  for (const m of all)
    for (const s of m.shortPeople) {
      let g = resolveShort(s, m.people)
      if (!g) {
        g = personGroups.find((x) => x.variants.length === 1 && x.variants[0] === s)
        if (!g) personGroups.push((g = { kind: 'person', preferred: s, variants: [s] }))
      } else if (!g.variants.includes(s)) g.variants.push(s)
      if (!shortOf.has(s)) shortOf.set(s, g)
    }
  for (const g of personGroups) {
    const full = g.variants.filter((v) => v.includes(' '))
    g.preferred = (full.length ? full : g.variants).reduce((a, b) => (b.length > a.length ? b : a))
  }

  // ---- organisations ----
  const orgGroups: Group[] = []
  const byAcr = new Map<string, Group & { best: number; full?: string }>()
  const byKey = new Map<string, Group>()
  for (const m of all)
    for (const o of m.organisations) {
      if (!o.acronym) continue
      let g = byAcr.get(o.acronym)
      if (!g) {
        g = { kind: 'organisation', preferred: o.acronym, variants: [], best: -1, key: o.acronym }
        byAcr.set(o.acronym, g)
        orgGroups.push(g)
      }
      const score = lcs(acronymInitials(o.name), o.acronym) / Math.max(o.acronym.length, acronymInitials(o.name).length)
      if (score > g.best) {
        g.best = score
        g.full = o.name
      }
      if (!g.variants.includes(o.name)) g.variants.push(o.name)
    }
  for (const [acr, g] of byAcr) {
    g.preferred = `${g.full} (${acr})`
    if (!g.variants.includes(acr)) g.variants.push(acr)
    for (const v of g.variants) byKey.set(orgKey(v), g)
  }
  const acronymGroup = (acr: string): Group | undefined => {
    let g: Group | undefined = byAcr.get(acr)
    if (g) return g
    const full = KNOWN_ACRONYMS[acr]
    if (!full) return undefined
    g = byKey.get(orgKey(full.replace(/\s*\([^)]*\)$/, '')))
    if (!g) {
      g = { kind: 'organisation', preferred: full, variants: [full.replace(/\s*\([^)]*\)$/, '')], key: acr }
      orgGroups.push(g)
      byKey.set(orgKey(g.variants[0]), g)
    }
    if (!g.variants.includes(acr)) g.variants.push(acr)
    byAcr.set(acr, g as Group & { best: number })
    return g
  }
  const orgGroupOf = (name: string): Group => {
    const key = orgKey(name)
    let g = byKey.get(key)
    if (!g) {
      // "Alliance of Civilizations" for "United Nations Alliance of Civilizations (UNAOC)".
      const words = key.split(' ').length
      if (words >= 3) {
        const ends = orgGroups.filter((x) => x.variants.some((v) => orgKey(v).endsWith(' ' + key)))
        if (ends.length === 1) g = ends[0]
      }
    }
    if (!g) {
      g = { kind: 'organisation', preferred: name, variants: [] }
      orgGroups.push(g)
    }
    if (!g.variants.includes(name)) g.variants.push(name)
    byKey.set(key, g)
    return g
  }
  // Named organisations first, so that a known acronym standing alone joins its spelled-out name.
  // Within one item, "Omani National Commission" is the "Omani National Commission for
  // Education, Culture and Science" named in full a line later.
  for (const m of all) {
    const names = m.organisations.filter((o) => !o.acronym).map((o) => o.name)
    const longestFirst = [...names].sort((a, b) => b.length - a.length)
    for (const n of longestFirst) {
      const longer = longestFirst.find((l) => l.length > n.length && l.startsWith(n + ' ') && n.split(' ').length >= 3)
      if (longer) {
        const g = orgGroupOf(longer)
        if (!g.variants.includes(n)) g.variants.push(n)
        byKey.set(orgKey(n), g)
      } else orgGroupOf(n)
    }
  }

  // ---- places ----
  const placeGroups: Group[] = []
  const placeOf = new Map<string, Group>()
  const placeGroup = (name: string): Group => {
    const key = fold(name)
    let g = placeOf.get(key)
    if (!g) {
      g = { kind: 'place', preferred: name, variants: [name] }
      placeGroups.push(g)
      placeOf.set(key, g)
    }
    return g
  }
  for (const m of all) {
    for (const h of m.placeHeads) {
      const g = placeGroup(h.full)
      if (!g.variants.includes(h.head)) g.variants.push(h.head)
      if (!placeOf.has(fold(h.head))) placeOf.set(fold(h.head), g)
    }
  }
  for (const m of all) {
    for (const p of m.places) placeGroup(p)
    for (const [canon, written] of m.placeVariants) {
      const g = placeGroup(canon)
      if (!g.variants.includes(written)) g.variants.push(written)
    }
  }

  // ---- records already in the archive ----
  const reuse = (groups: Group[], kind: AuthorityKind) => {
    const same = (a: string, b: string) => fold(a) === fold(b) || (kind === 'person' && samePerson(a, b))
    for (const g of groups)
      for (const k of known)
        if (k.kind === kind && k.variants.concat(k.preferred).some((v) => g.variants.some((gv) => same(gv, v)))) {
          g.preferred = k.preferred
          for (const v of k.variants) if (!g.variants.includes(v)) g.variants.push(v)
        }
  }
  reuse(personGroups, 'person')
  reuse(orgGroups, 'organisation')
  reuse(placeGroups, 'place')

  for (const m of all) for (const a of m.acronyms) if (!AMBIGUOUS_ACRONYMS.has(a) || byAcr.has(a)) acronymGroup(a)

  const uniq = (xs: string[]) => [...new Set(xs)]
  return {
    authorities: [...personGroups, ...orgGroups, ...placeGroups].map((g) => ({
      kind: g.kind,
      preferred: g.preferred,
      variants: uniq([g.preferred, ...g.variants])
    })),
    people: (m) =>
      uniq([
        ...m.people.map((p) => personOf.get(p)?.preferred ?? p),
        ...m.shortPeople.map((s) => (resolveShort(s, m.people) ?? shortOf.get(s))?.preferred ?? s)
      ]),
    organisations: (m) => {
      const out: string[] = []
      for (const o of m.organisations) out.push((o.acronym ? byAcr.get(o.acronym) : byKey.get(orgKey(o.name)))?.preferred ?? o.name)
      for (const a of m.acronyms) {
        if (AMBIGUOUS_ACRONYMS.has(a) && !byAcr.has(a)) continue
        const g = acronymGroup(a)
        if (g) out.push(g.preferred)
      }
      return uniq(out)
    },
    places: (m, text, containsName) => {
      const out: string[] = []
      for (const p of m.places) out.push(placeOf.get(fold(p))?.preferred ?? p)
      // A city first seen as "Fez, Kingdom of Morocco" counts wherever "Fez" stands alone.
      for (const g of placeGroups)
        if (g.preferred.includes(','))
          for (const v of g.variants) if (!v.includes(',') && containsName(text, v)) out.push(g.preferred)
      return uniq(out)
    }
  }
}
