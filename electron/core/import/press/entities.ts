// People, organisations and places named in an item. Our own rules, not compromise:
// compromise (tried first, see TOOLCHAIN.md) reads about 130 KB/s here, too slow for a
// 20 MB paste or 2,000 saved pages, takes "Director-General" for a person, drops
// "Amb." names and splits "Fez, Kingdom of Morocco". The rules below are the conventions
// press releases follow: honorifics before names, "Full Name (ACRONYM)", institutional
// head nouns, "City, Kingdom of Country", and a gazetteer of countries and capitals.
import { escapeRe, isCountry, knownPlaces } from './gazetteer'

export type OrgMention = { name: string; acronym?: string }
export type Mentions = {
  people: string[]
  /** Surnames seen only with a title ("Dr. AlMalik"). */
  shortPeople: string[]
  organisations: OrgMention[]
  /** Acronyms used on their own ("ICESCO", "UNESCO"). */
  acronyms: string[]
  places: string[]
  /** [canonical, as written] where they differ ("Morocco", "Kingdom of Morocco"). */
  placeVariants: Array<[string, string]>
  /** Cities seen as "Fez, Kingdom of Morocco": looked for on their own in every item. */
  placeHeads: Array<{ head: string; full: string }>
}

/** Names are looked for in this many characters of an item (bounded time on huge input). */
export const ENTITY_SCAN_CHARS = 60_000

const L = '\\p{L}'
const NAME_TOKEN = `(?:\\p{Lu}\\.|\\p{Lu}[\\p{Ll}'’]*(?:\\p{Lu}\\p{Ll}+)*(?:-\\p{L}[\\p{Ll}'’]*)*(?<![’']))`
const ROMAN = `(?:[IVX]{1,4}(?![${L}]))`
const PARTICLE = `(?:bin|bint|ibn|ben|al|el|de|del|della|di|da|dos|das|du|van|von|der|den|le|la|y|Al|El|Ben|Bin)`
const NAME = `${NAME_TOKEN}(?:\\s+(?:${PARTICLE}\\s+)?(?:${ROMAN}|${NAME_TOKEN})){0,4}`
const TITLES =
  `(?:(?:His|Her)\\s+(?:Royal\\s+)?(?:Majesty|Highness|Excellency|Eminence)\\s+(?:(?:King|Queen|Prince|Princess|Sheikh|Sheikha|Emir|Sultan|President)\\s+)?` +
  `|(?:H\\.\\s?E\\.|S\\.\\s?E\\.)\\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\\.?\\s+)?` +
  `|(?:Dr|Mr|Mrs|Ms|Mme|Mlle|Prof|Pr|Amb|Eng|Sen|Rep|Gen|Col|Capt|Rev|Hon|Mgr)\\.\\s*` +
  `|(?:Dr|Mr|Mrs|Ms|Mme|Mlle|Prof|Mgr)\\s+|M\\.\\s+` +
  `|(?:Sir|Dame|Madam|Madame|Monsieur|Sayyed|Sayed|Sayyid|Sheikh|Sheikha|Shaikh|King|Queen|Prince|Princess|Emir|Sultan|Professor|Ambassador|President|Président|Présidente|Minister|Ministre|Senator|Governor|Mayor|Judge|Pope|Imam)\\s+)`
const TITLED_PERSON = new RegExp(`(?<![${L}])(${TITLES})(${NAME})`, 'gu')
const SPEECH_VERBS =
  'said|says|told|added|stated|noted|explained|announced|stressed|underlined|affirmed|a déclaré|a dit|a affirmé|a annoncé|a accueilli|a indiqué|a souligné|a expliqué|a estimé|dijo|afirmó|declaró|disse'
const UNTITLED_BEFORE_VERB = new RegExp(`(?<![${L}.] )(?<=^|[.,;:!?"“”«»]\\s|\\n)(${NAME_TOKEN}(?:\\s+(?:${PARTICLE}\\s+)?${NAME_TOKEN}){1,3})\\s+(?:${SPEECH_VERBS})\\b`, 'gmu')
const VERB_BEFORE_NAME = new RegExp(`[,”"]\\s*(?:said|says|added|told reporters|a déclaré|a dit|ajoute|dijo)\\s+(${NAME_TOKEN}(?:\\s+(?:${PARTICLE}\\s+)?${NAME_TOKEN}){1,3})`, 'gu')
const ROLES =
  'Head|Director|Director-General|Deputy|Secretary|Secretary-General|Undersecretary|Under-Secretary|Minister|President|Vice-President|Chairman|Chair|Chairperson|Representative|Advisor|Adviser|Expert|Ambassador|Envoy|Commissioner|Governor|Mayor|Member|Spokesperson|Spokesman|CEO|Chief|Officer|Coordinator|Manager|Rector|Dean|Professor|King|Queen|Prince|Emir|Sultan|High|Président|Présidente|Directeur|Directrice|Ministre|Secrétaire|Représentant|Représentante|Chef|Conseiller|Conseillère'
const ROLE_SET = new Set(ROLES.split('|'))
const UNTITLED_APPOSITIVE = new RegExp(`(?<=(?:^|[,;]\\s|\\band\\s|\\bet\\s))(${NAME_TOKEN}\\s+(?:${PARTICLE}\\s+)?${NAME_TOKEN}(?:\\s+${NAME_TOKEN})?),\\s+(?:the\\s+|le\\s+|la\\s+)?(?:${ROLES})\\b`, 'gmu')

// Capitalised words that are never part of a person's name in these texts.
const NOT_NAME = new Set([
  'The', 'This', 'That', 'These', 'Those', 'He', 'She', 'They', 'We', 'It', 'His', 'Her', 'Their', 'In', 'On', 'At', 'For', 'During', 'After', 'Before',
  'Le', 'La', 'Les', 'Il', 'Elle', 'Ils', 'Dans', 'Pour', 'Selon', 'Mais', 'Et', 'Un', 'Une', 'Ce', 'Cette',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Organization', 'Organisation', 'Ministry', 'University', 'Government', 'Conference', 'Forum', 'Center', 'Centre', 'Sector', 'Department', 'Office', 'Commission', 'Council', 'Committee', 'Programme', 'Program', 'Nations', 'United', 'National', 'International', 'General', 'Global', 'World', 'Islamic', 'Arab', 'African', 'European',
  ...ROLE_SET
])

function cleanName(raw: string): string | null {
  const tokens = raw.trim().replace(/[’']s$/, '').split(/\s+/)
  while (tokens.length && NOT_NAME.has(tokens[tokens.length - 1])) tokens.pop()
  while (tokens.length && NOT_NAME.has(tokens[0])) tokens.shift()
  if (tokens.length === 0) return null
  if (tokens.some((t) => /^\p{Lu}{2,}$/u.test(t) && !/^[IVX]+$/.test(t))) return null
  const name = tokens.join(' ')
  return name.length >= 2 ? name : null
}

// ---- Arabic ----
const AR_TITLE = '(?:الدكتورة|الدكتور|د\\.|السيدة|السيد|الأستاذة|الأستاذ|معالي|سعادة|سمو|الشيخة|الشيخ|الملك|الأمير|الرئيس|السفيرة|السفير|المهندسة|المهندس)'
const AR_STOP = new Set(
  'في من على إلى الى عن مع خلال أن إن التي الذي الذين وقد قد كما حيث بعد قبل مدير المدير مديرة رئيس رئيسة الرئيس وزير وزيرة الوزير الأمين نائب سفير ممثل ممثلة المدير العام العامة الدكتور السيد السيدة معالي سعادة عضو خبير خبيرة رئيسة مستشار بمنظمة لمنظمة منظمة'.split(' ')
)
const AR_PERSON = new RegExp(`(?<![\\p{L}])(?:${AR_TITLE}\\s+){1,2}((?:[\\u0621-\\u064A]+\\s*){1,5})`, 'gu')
const AR_ORG_HEAD = 'منظمة|المنظمة|وزارة|جامعة|الجامعة|مؤسسة|اللجنة|لجنة|مجلس|المجلس|هيئة|الهيئة|اتحاد|الاتحاد|رابطة|البنك|بنك|صندوق|الجمعية|جمعية|الأمم المتحدة'
const AR_ORG = new RegExp(`(?<![\\p{L}])(?:[وبل]{0,2})((?:${AR_ORG_HEAD})(?:[ \\t]+[\\u0621-\\u064A]+){1,6})`, 'gu')
const AR_ORG_STOP = new Set('في من على إلى الى عن مع خلال التي الذي حول بشأن وذلك اليوم أمس لبحث حيث كما بين يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت مذكرة'.split(' '))

function arabicPeople(text: string, out: Set<string>): void {
  for (const m of text.matchAll(AR_PERSON)) {
    const words: string[] = []
    for (const w of m[1].trim().split(/\s+/)) {
      if (AR_STOP.has(w) || (w.startsWith('و') && AR_STOP.has(w.slice(1)))) break
      words.push(w)
      if (words.length === 4) break
    }
    if (words.length >= 2) out.add(words.join(' '))
  }
}

function arabicOrgs(text: string, out: OrgMention[], spans: Array<[number, number]>): void {
  for (const m of text.matchAll(AR_ORG)) {
    const words = m[1].split(/\s+/)
    const kept: string[] = []
    for (const w of words) {
      if (kept.length > 0 && (AR_ORG_STOP.has(w) || /[،.؛:]$/.test(kept[kept.length - 1]))) break
      // "المنظمة والجامعة" (the organisation and the university): a head joined by "and" is no name.
      if (kept.length === 1 && w.startsWith('و')) break
      kept.push(w)
    }
    const name = kept.join(' ').replace(/[،.؛:]+$/, '')
    if (kept.length >= 2) {
      const at = m.index! + m[0].indexOf(m[1])
      spans.push([at, at + name.length])
      out.push({ name })
    }
  }
}

// ---- Organisations (Latin script) ----
type Tok = { t: string; i: number }
// French elision (l’, d’, qu’) is its own token, so "l’Université" starts with a capital word.
const TOKEN_RE = /\n|(?:qu|[ldjmnstc])['’](?=\p{L})|[\p{L}\p{N}][\p{L}\p{N}'’\-]*|[^\s\p{L}\p{N}]/gu
const CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', 'de', 'des', 'du', 'la', 'le', 'les', 'pour', 'et', '&', 'sur', 'l’', "l'", 'd’', "d'"])
const ORG_HEADS = new Set(
  'Organization Organisation Ministry Ministère University Université Foundation Fondation Commission Council Conseil Committee Comité Agency Agence Bank Banque Fund Fonds League Ligue Institute Institut Union Association Federation Fédération Authority Autorité Academy Académie Society Société Secretariat Parliament Parlement Assembly Assemblée Court Partnership Alliance Corporation Company Nations'.split(' ')
)
const FR_NAMED_HEADS = new Set(['Université', 'Fondation', 'Institut', 'Académie', 'Association', 'Ligue', 'Agence', 'Banque'])
const EVENT_WORDS = new Set(
  'Conference Forum Summit Symposium Workshop Day Week Festival Session Meeting Congress Expo Exhibition Games Cup Award Prize Programme Program Initiative Strategy Plan Agenda Capital Year Conférence Sommet Atelier Journée Semaine Colloque Séminaire Seminar'.split(' ')
)
const STOP_CAPS = new Set(['The', 'A', 'An', 'Le', 'La', 'Les', 'L', 'This', 'In', 'On', 'At', 'During', 'As', 'For', 'With'])

function isCap(t: string): boolean {
  return /^\p{Lu}/u.test(t)
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = []
  for (const m of text.matchAll(TOKEN_RE)) out.push({ t: m[0], i: m.index! })
  return out
}

function spanText(text: string, toks: Tok[], a: number, b: number): string {
  return text.slice(toks[a].i, toks[b].i + toks[b].t.length).replace(/\s+/g, ' ').trim()
}

/** Leftmost token after the last role or event word (+ connectors) in toks[a..b]. */
function cutAfterRoles(toks: Tok[], a: number, b: number): number {
  let start = a
  for (let k = a; k < b; k++) {
    const w = toks[k].t
    if (ROLE_SET.has(w) || EVENT_WORDS.has(w) || /^\d/.test(w)) {
      let j = k + 1
      while (j <= b && (CONNECTORS.has(toks[j].t) || toks[j].t === ',')) j++
      start = j
    }
  }
  while (start <= b && (CONNECTORS.has(toks[start].t) || STOP_CAPS.has(toks[start].t))) start++
  return start
}

const ACRONYM_RE = /^[A-Z][A-Z0-9&\-]{1,11}$/

function initialsFit(words: string[], acr: string): number {
  const initials = words.filter((w) => /^\p{L}/u.test(w)).map((w) => w[0].toUpperCase()).join('')
  const dp = Array.from({ length: initials.length + 1 }, () => new Array<number>(acr.length + 1).fill(0))
  for (let i = 1; i <= initials.length; i++)
    for (let j = 1; j <= acr.length; j++)
      dp[i][j] = initials[i - 1] === acr[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1])
  return dp[initials.length][acr.length] / Math.max(acr.length, initials.length)
}

/** Capitalised words after toks[b], unless they lead to an event word ("... Civilizations Global Forum"). */
function extendCapRun(toks: Tok[], b: number): number {
  let e = b
  while (toks[e + 1] && isCap(toks[e + 1].t) && !EVENT_WORDS.has(toks[e + 1].t) && !ROLE_SET.has(toks[e + 1].t)) e++
  if (e > b && toks[e + 1] && EVENT_WORDS.has(toks[e + 1].t)) return b
  return e
}

/** A list closed by "and": "for Education, Culture and Science". */
function extendList(toks: Tok[], b: number): number {
  let e = b
  for (;;) {
    const sep = toks[e + 1]?.t
    const nxt = toks[e + 2]
    if (!nxt || !isCap(nxt.t) || ROLE_SET.has(nxt.t) || STOP_CAPS.has(nxt.t) || EVENT_WORDS.has(nxt.t)) return b
    if (sep === 'and' || sep === 'et' || sep === '&') return extendCapRun(toks, e + 2)
    if (sep !== ',') return b
    if (toks[e + 3]?.t === '.') return b
    e = extendCapRun(toks, e + 2)
  }
}

/** Start of the name led by the nearest head noun before toks[k] ("Organisation des Nations unies pour l’éducation… (UNESCO)"). */
function headBefore(toks: Tok[], k: number): number {
  for (let j = k - 1, n = 0; j >= 0 && n < 16; j--, n++) {
    if (/^[.;:!?"“”«»()\n]$/.test(toks[j].t)) return -1
    if (ORG_HEADS.has(toks[j].t) && toks[j].t !== 'Nations') {
      let a = j
      while (a > 0 && isCap(toks[a - 1].t) && !ROLE_SET.has(toks[a - 1].t) && !EVENT_WORDS.has(toks[a - 1].t) && !STOP_CAPS.has(toks[a - 1].t)) a--
      return a
    }
  }
  return -1
}

function quotedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const m of text.matchAll(/“[^”\n]{0,300}”|«[^»\n]{0,300}»|"[^"\n]{0,300}"/g)) out.push([m.index!, m.index! + m[0].length])
  return out
}

function orgsLatin(text: string, spans: Array<[number, number]>): { orgs: OrgMention[]; acronyms: string[] } {
  const toks = tokenize(text)
  const orgs: OrgMention[] = []
  const used = new Array<boolean>(toks.length).fill(false)
  const push = (a: number, b: number, acronym?: string) => {
    while (b >= a && (CONNECTORS.has(toks[b].t) || toks[b].t === ',')) b--
    if (b < a) return
    if (EVENT_WORDS.has(toks[b].t)) return
    const name = spanText(text, toks, a, b).replace(/[’']s$/, '')
    for (let k = a; k <= b; k++) used[k] = true
    spans.push([toks[a].i, toks[b].i + toks[b].t.length])
    orgs.push({ name, acronym })
  }
  // 1. "Full Name (ACR)"
  for (let k = 1; k + 2 < toks.length; k++) {
    if (toks[k].t !== '(' || toks[k + 2].t !== ')' || !ACRONYM_RE.test(toks[k + 1].t)) continue
    const acr = toks[k + 1].t
    // Nearest word back that starts with the acronym's letter, if the initials then fit
    // ("Global Partnership for Education (GPE)"); else the capitalised run before the
    // bracket, after any role ("Secretary-General of the International Organization of
    // Turkic Culture (TURKSOY)").
    let start = -1
    for (let j = k - 1, n = 0; j >= 0 && n < 14; j--, n++) {
      const w = toks[j].t
      if (/^[.;:!?"“”«»()\n]$/.test(w)) break
      if (isCap(w) && w[0] === acr[0] && !ROLE_SET.has(w) && !EVENT_WORDS.has(w)) {
        start = j
        break
      }
    }
    if (start >= 0) start = Math.max(start, cutAfterRoles(toks, start, k - 1))
    if (start < 0 || initialsFit(toks.slice(start, k).map((x) => x.t), acr) < 0.5) start = headBefore(toks, k)
    if (start < 0) {
      let j = k - 1
      while (j >= 0 && (isCap(toks[j].t) || CONNECTORS.has(toks[j].t) || toks[j].t === ',')) j--
      start = cutAfterRoles(toks, j + 1, k - 1)
    }
    if (start <= k - 1 && isCap(toks[start].t)) push(start, k - 1, acr)
    used[k] = used[k + 1] = used[k + 2] = true
  }
  // 2. Names built on an institutional head noun (not in quoted themes and titles of events).
  const quotes = quotedRanges(text)
  for (let k = 0; k < toks.length; k++) {
    const w = toks[k].t
    if (used[k] || !ORG_HEADS.has(w)) continue
    if (quotes.some(([x, y]) => toks[k].i > x && toks[k].i < y)) continue
    // "United Nations" is a name; in "United Nations Alliance of ..." it only qualifies the head.
    if (w === 'Nations' && (toks[k - 1]?.t !== 'United' || (toks[k + 1] && isCap(toks[k + 1].t)))) continue
    let a = k
    while (a > 0) {
      const p = toks[a - 1].t
      if (isCap(p) && !ROLE_SET.has(p) && !EVENT_WORDS.has(p) && !STOP_CAPS.has(p) && !used[a - 1]) a--
      else if ((p === 'the' || p === 'and') && a >= 2 && isCap(toks[a - 2].t) && !STOP_CAPS.has(toks[a - 2].t) && !ROLE_SET.has(toks[a - 2].t) && !EVENT_WORDS.has(toks[a - 2].t) && isCap(toks[a].t) && p === 'the') a--
      else break
    }
    // French names follow the head: "Université Cheikh Anta Diop"; English headlines would
    // run on ("Alliance Opens Regional Office"), so only French heads take what follows.
    let b = FR_NAMED_HEADS.has(w) ? extendCapRun(toks, k) : k
    let complement = false
    let usedFor = false
    for (;;) {
      const c = toks[b + 1]?.t
      if (c === 'of' || c === 'for' || c === 'on' || c === 'de' || c === 'du' || c === 'des' || c === 'pour') {
        if ((c === 'for' || c === 'pour') && (complement || usedFor)) break
        let j = b + 2
        if (toks[j] && (toks[j].t === 'the' || toks[j].t === 'la' || toks[j].t === 'l')) j++
        if (!toks[j] || !isCap(toks[j].t) || EVENT_WORDS.has(toks[j].t)) break
        if (c === 'for' || c === 'pour') usedFor = true
        complement = true
        b = j
        b = extendCapRun(toks, b)
        b = extendList(toks, b)
        continue
      }
      break
    }
    if (b === k && a === k && !['Nations'].includes(w)) continue
    push(a, b)
  }
  // 3. Acronyms on their own.
  const acronyms: string[] = []
  for (let k = 0; k < toks.length; k++) if (!used[k] && ACRONYM_RE.test(toks[k].t) && /[A-Z]{2}/.test(toks[k].t)) acronyms.push(toks[k].t.replace(/[’']s$/, ''))
  return { orgs, acronyms }
}

// ---- Places ----
const STATE_FORM = `(?:Kingdom|Republic|Sultanate|State|Emirate|Principality|Federal Republic|Islamic Republic|People[’']s Republic|United Republic|Royaume|République|Sultanat|État|Emirat)`
const STATE_OF = new RegExp(`(?:the\\s+)?${STATE_FORM}\\s+(?:of|du|de la|de l’|de|des|d’)\\s*((?:${NAME_TOKEN})(?:\\s+${NAME_TOKEN}){0,2})`, 'gu')
const COMPOSITE = new RegExp(
  `(?<=\\b(?:in|at|from|to|à|au|en|of|de)\\s+(?:the\\s+city\\s+of\\s+|la\\s+ville\\s+de\\s+)?)(${NAME_TOKEN}(?:\\s+${NAME_TOKEN}){0,2}),\\s+((?:the\\s+)?${STATE_FORM}\\s+(?:of|du|de la|de|des)\\s+${NAME_TOKEN}(?:\\s+${NAME_TOKEN})?|${NAME_TOKEN}(?:\\s+${NAME_TOKEN})?)`,
  'gu'
)
const CITY_OF = new RegExp(`\\b(?:city of|town of|ville de|ville d’|capital of)\\s+(${NAME_TOKEN}(?:\\s+${NAME_TOKEN})?)|مدينة\\s+([\\u0621-\\u064A]+)`, 'gu')

function overlaps(spans: Array<[number, number]>, a: number, b: number): boolean {
  return spans.some(([x, y]) => a < y && b > x)
}

function placesIn(
  text: string,
  orgSpans: Array<[number, number]>,
  heads: Array<{ head: string; full: string }>,
  variants: Array<[string, string]>
): string[] {
  const found: Array<{ name: string; a: number; b: number }> = []
  const taken: Array<[number, number]> = [...orgSpans]
  const add = (name: string, a: number, b: number) => {
    if (overlaps(taken, a, b)) return
    taken.push([a, b])
    found.push({ name, a, b })
  }
  for (const m of text.matchAll(COMPOSITE)) {
    // "in México, Venezuela y otros": a list of countries, not a city and its country.
    const next = /^\s*(?:,|and|y|et|e|und)\s+(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)/u.exec(text.slice(m.index! + m[0].length, m.index! + m[0].length + 40))
    if (next && (isCountry(next[1]) || isCountry(next[1].split(' ')[0]))) continue
    const country = m[2].replace(/^the\s+/, '')
    const inner = new RegExp(STATE_OF.source, 'u').exec(country)
    const countryName = inner ? inner[1] : country
    if (!isCountry(countryName)) continue
    if (isCountry(m[1])) continue
    const full = `${m[1]}, ${country}`
    add(full, m.index!, m.index! + m[0].length)
    heads.push({ head: m[1], full })
  }
  for (const m of text.matchAll(STATE_OF)) {
    const country = m[1]
    if (!isCountry(country)) continue
    const before = found.length
    add(country, m.index!, m.index! + m[0].length)
    if (found.length > before) variants.push([country, m[0].replace(/^the\s+/, '')])
  }
  for (const m of text.matchAll(CITY_OF)) {
    const name = m[1] ?? m[2]
    const off = m[0].indexOf(name)
    add(name, m.index! + off, m.index! + off + name.length)
  }
  for (const p of knownPlaces(text)) {
    let name = p.name
    if (name === 'Gulf' && !/\bthe\s+$/.test(text.slice(Math.max(0, p.index - 5), p.index))) continue
    add(name, p.index, p.index + p.length)
  }
  return found.sort((x, y) => x.a - y.a).map((f) => f.name)
}

/** Every name found in one item's text (title and body). */
export function findMentions(text: string): Mentions {
  const scan = text.length > ENTITY_SCAN_CHARS ? text.slice(0, ENTITY_SCAN_CHARS) : text
  const people = new Set<string>()
  const shortPeople = new Set<string>()
  const addPerson = (raw: string) => {
    const n = cleanName(raw)
    if (!n) return
    if (n.split(' ').length === 1) shortPeople.add(n)
    else people.add(n)
  }
  for (const m of scan.matchAll(TITLED_PERSON)) addPerson(m[2])
  for (const m of scan.matchAll(UNTITLED_BEFORE_VERB)) {
    const n = cleanName(m[1])
    if (n && n.split(' ').length >= 2) people.add(n)
  }
  for (const m of scan.matchAll(VERB_BEFORE_NAME)) {
    const n = cleanName(m[1])
    if (n && n.split(' ').length >= 2 && !isCountry(n)) people.add(n)
  }
  for (const m of scan.matchAll(UNTITLED_APPOSITIVE)) {
    const n = cleanName(m[1])
    if (n && n.split(' ').length >= 2 && !isCountry(n)) people.add(n)
  }
  if (/[\u0600-\u06ff]/.test(scan)) arabicPeople(scan, people)
  const spans: Array<[number, number]> = []
  const { orgs, acronyms } = orgsLatin(scan, spans)
  if (/[\u0600-\u06ff]/.test(scan)) arabicOrgs(scan, orgs, spans)
  // A person's name is never an organisation or a place.
  const orgNames = new Set(orgs.map((o) => o.name))
  for (const p of [...people]) if (orgNames.has(p) || isCountry(p)) people.delete(p)
  const placeHeads: Array<{ head: string; full: string }> = []
  const placeVariants: Array<[string, string]> = []
  const places = placesIn(scan, spans, placeHeads, placeVariants).filter((p) => !people.has(p))
  return {
    people: [...people],
    shortPeople: [...shortPeople],
    organisations: orgs,
    acronyms,
    places,
    placeVariants,
    placeHeads
  }
}

/** Whole-word occurrences of page-known names (acronyms, city heads) in a text. */
export function containsName(text: string, name: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(name)}(?![\\p{L}\\p{N}])`, 'u').test(text)
}
