// Place names we can recognise without context: countries (English, French, Arabic, with
// the usual short forms), capitals and regions. i18n-iso-countries and countries-list are
// well-kept ISO 3166 tables; the region list is ours because no package covers it.
import countries from 'i18n-iso-countries'
import { countries as countryTable } from 'countries-list'

const EXTRA_COUNTRIES = [
  'Russia', 'Iran', 'Syria', 'Palestine', 'Vietnam', 'Laos', 'Bolivia', 'Venezuela', 'Tanzania',
  'Moldova', 'Ivory Coast', 'Czech Republic', 'Britain', 'England', 'Scotland', 'Wales', 'Gaza', 'West Bank',
  'Côte d’Ivoire', 'Türkiye', 'Turkey', 'Emirates', 'UAE', 'United States', 'USA', 'UK', 'Taiwan', 'Kosovo'
]
const REGIONS = [
  'North Africa', 'West Africa', 'East Africa', 'Southern Africa', 'Central Africa', 'Sub-Saharan Africa', 'Africa',
  'Middle East', 'Near East', 'Gulf', 'Europe', 'Asia', 'Central Asia', 'South Asia', 'Southeast Asia', 'East Asia',
  'Latin America', 'South America', 'North America', 'Central America', 'Caribbean', 'Sahel', 'Maghreb', 'Balkans',
  'Afrique du Nord', 'Afrique de l’Ouest', 'Afrique', 'Moyen-Orient', 'Asie', 'Amérique latine', 'Golfe',
  'الشرق الأوسط', 'شمال أفريقيا', 'أفريقيا', 'أوروبا', 'آسيا', 'الخليج', 'المغرب العربي',
  // Arab capitals and large cities: the country tables give no Arabic city names.
  'الرباط', 'القاهرة', 'الرياض', 'الدوحة', 'بغداد', 'دمشق', 'بيروت', 'مسقط', 'أبوظبي', 'دبي', 'المنامة', 'نواكشوط',
  'الخرطوم', 'طرابلس', 'فاس', 'جدة', 'الدار البيضاء', 'مراكش', 'الإسكندرية', 'القدس', 'عمّان'
]
// Capitals that are also common words or first names, or that need context to be places.
const AMBIGUOUS_CAPITALS = new Set(['Victoria', 'Kingston', 'Hamilton', 'Georgetown', 'Male', 'Malé', 'Avarua', 'Praia', 'Saint John’s', 'Road Town', 'The Valley', 'Melekeok', 'Palikir', 'Yaren', 'Funafuti', 'Washington D.C.', 'Stanley', 'Adamstown', 'Kingstown'])

let cached: { countries: Set<string>; capitals: Set<string>; regions: Set<string>; re: RegExp; arRe: RegExp } | null = null

function names(lang: string): string[] {
  const all = countries.getNames(lang, { select: 'all' }) as Record<string, string[]>
  return Object.values(all).flat()
}

function gaz() {
  if (cached) return cached
  const countrySet = new Set<string>()
  for (const n of [...names('en'), ...names('fr'), ...names('es'), ...names('pt'), ...names('de'), ...EXTRA_COUNTRIES])
    if (!/,/.test(n) && n.length > 2) countrySet.add(n)
  const capitals = new Set<string>()
  for (const c of Object.values(countryTable) as Array<{ capital: string }>)
    if (c.capital && !AMBIGUOUS_CAPITALS.has(c.capital)) capitals.add(c.capital)
  const regions = new Set(REGIONS)
  const latin = [...countrySet, ...capitals, ...regions.values()]
    .filter((n) => !/[\u0600-\u06ff]/.test(n))
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
  const arabic = [...names('ar'), ...REGIONS.filter((r) => /[\u0600-\u06ff]/.test(r))]
    .filter((n) => n.length > 2)
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
  for (const n of names('ar')) countrySet.add(n)
  cached = {
    countries: countrySet,
    capitals,
    regions,
    re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${latin.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
    // Arabic attaches prepositions: "في المغرب", "بالمغرب", "للمغرب".
    arRe: new RegExp(`(?<![\\p{L}])(?:[وبلف]{0,2}(?:ال)?)?(${arabic.join('|')})(?![\\p{L}])`, 'gu')
  }
  return cached
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function isCountry(name: string): boolean {
  return gaz().countries.has(name)
}

export function isKnownPlace(name: string): boolean {
  const g = gaz()
  return g.countries.has(name) || g.capitals.has(name) || g.regions.has(name)
}

/** Known place names in a text, with their positions. */
export function knownPlaces(text: string): Array<{ name: string; index: number; length: number }> {
  const g = gaz()
  const out: Array<{ name: string; index: number; length: number }> = []
  for (const m of text.matchAll(g.re)) out.push({ name: m[0], index: m.index!, length: m[0].length })
  if (/[\u0600-\u06ff]/.test(text))
    for (const m of text.matchAll(g.arRe)) {
      const off = m[0].length - m[1].length
      out.push({ name: m[1], index: m.index! + off, length: m[1].length })
    }
  return out
}
