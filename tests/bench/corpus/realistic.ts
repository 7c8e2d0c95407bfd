// A seeded generator of press items shaped like a real archive's text (the bench's corpus):
// - words drawn by their real frequencies (Zipf: a few forms are most of the text, most forms
//   are rare), about 450 words an item, 85% English, 8% French, 7% Arabic items;
// - topic words clustered by item: each item is about one or two topics, and each topic's
//   words come back again and again in its items (and in its title), so a mid-frequency word
//   is concentrated in a few thousand items instead of sprinkled over all;
// - a few rare words repeated within one item (an item's own names and terms);
// - people, places and organisations drawn from long-tailed lists, mentioned in the body too.
// Item i depends only on (seed, i), so any slice of the corpus can be generated alone.
import type { ItemCreate } from '../../../shared/model'
import { rng } from '../generate'
import { FormStats } from './formStats'
import { aliasSampler, shuffle, zipfWeights, type Sampler } from './sampler'
import { ORG_KINDS, ORGS, OUTLETS, REGIONS, arabicCountryNames, englishVocabulary, persons, places, rankedWords } from './wordLists'

export const CORPUS_VERSION = 1

type Language = {
  code: 'en' | 'fr' | 'ar'
  forms: string[]
  formIds: Int32Array
  draw: Sampler
  topics: number[][]
  drawTopic: Sampler
  /** Forms rare enough to be an item's own repeated words. */
  tailFrom: number
  capitalise: boolean
}

const TYPES = ['press-release', 'article', 'article', 'article', 'interview', 'speech', 'statement', 'report'] as const
const TOPIC_SHARE = 0.07
const BURST_SHARE = 0.006
const MENTION_SHARE = 0.012

export class RealisticCorpus {
  readonly stats = new FormStats()
  private readonly langs: Record<'en' | 'fr' | 'ar', Language>
  private readonly people: string[]
  private readonly drawPerson: Sampler
  private readonly placeNames: string[]
  private readonly drawPlace: Sampler
  private readonly arabicPlaces: string[]
  private readonly drawArabicPlace: Sampler
  private readonly drawOutlet: Sampler
  private readonly drawOrg: Sampler

  constructor(readonly seed = 1) {
    const r = rng(seed * 7919 + 17)
    this.langs = {
      en: this.language('en', englishVocabulary(20_000), null, 700, r),
      fr: this.language('fr', null, rankedWords('french'), 90, r),
      ar: this.language('ar', null, rankedWords('arabic'), 80, r)
    }
    this.people = persons(12_000, seed)
    this.drawPerson = aliasSampler(zipfWeights(this.people.length, 1.05, 5))
    this.placeNames = places(5_000)
    this.drawPlace = aliasSampler(zipfWeights(this.placeNames.length, 1, 3))
    this.arabicPlaces = arabicCountryNames()
    this.drawArabicPlace = aliasSampler(zipfWeights(this.arabicPlaces.length, 1, 3))
    this.drawOutlet = aliasSampler(zipfWeights(OUTLETS.length, 1, 1))
    this.drawOrg = aliasSampler(zipfWeights(ORGS.length, 1, 1))
  }

  private language(code: Language['code'], counted: { forms: string[]; weights: Float64Array } | null, ranked: string[] | null, topicCount: number, r: () => number): Language {
    const forms = counted ? counted.forms : ranked!
    const weights = counted ? counted.weights : zipfWeights(forms.length, 1, 2.7)
    const formIds = Int32Array.from(forms, (f) => this.stats.id(f))
    // Topic words: from below the function words to the middle of the tail.
    const lo = Math.min(300, forms.length >> 3)
    const hi = Math.min(forms.length, 15_000)
    const topics: number[][] = []
    for (let t = 0; t < topicCount; t++) topics.push(Array.from({ length: 40 }, () => lo + Math.floor(r() * (hi - lo))))
    return {
      code,
      forms,
      formIds,
      draw: aliasSampler(weights),
      topics,
      drawTopic: aliasSampler(zipfWeights(topicCount, 0.8, 2)),
      tailFrom: Math.min(forms.length - 1, 3000),
      capitalise: code !== 'ar'
    }
  }

  /** Item `index` of this corpus; with `record`, its words are counted in `stats`. */
  item(index: number, record = false): ItemCreate {
    const r = rng(this.seed * 1_000_003 + index)
    const st = record ? this.stats : null
    st?.startItem()
    const roll = r()
    const L = roll < 0.85 ? this.langs.en : roll < 0.93 ? this.langs.fr : this.langs.ar
    const topicA = L.topics[L.drawTopic(r)]
    const topicB = r() < 0.4 ? L.topics[L.drawTopic(r)] : topicA
    const burst = [0, 1, 2].map(() => L.tailFrom + Math.floor(r() * (L.forms.length - L.tailFrom)))
    const peopleCount = 1 + Math.floor(r() * r() * 4)
    const people = [...new Set(Array.from({ length: peopleCount }, () => this.people[this.drawPerson(r)]))]
    const placeList =
      L.code === 'ar'
        ? [this.arabicPlaces[this.drawArabicPlace(r)]]
        : [...new Set(Array.from({ length: 1 + Math.floor(r() * 2) }, () => this.placeNames[this.drawPlace(r)]))]
    const org = r() < 0.5 ? ORGS[this.drawOrg(r)] : `${ORG_KINDS[Math.floor(r() * ORG_KINDS.length)]} ${titleCase(L.forms[topicA[0]])}`
    const mentions = [...people, ...placeList]

    const out: string[] = []
    const word = (): void => {
      const x = r()
      let f: number
      if (x < TOPIC_SHARE) {
        const topic = x < TOPIC_SHARE * 0.6 ? topicA : topicB
        // Within a topic, too, a few words carry most of it.
        f = topic[Math.floor(r() * r() * topic.length)]
      } else if (x < TOPIC_SHARE + BURST_SHARE) f = burst[Math.floor(r() * 3)]
      else if (x < TOPIC_SHARE + BURST_SHARE + MENTION_SHARE) {
        const m = mentions[Math.floor(r() * mentions.length)]
        out.push(m)
        st?.addAll(st.idsOf(m))
        return
      } else f = L.draw(r)
      out.push(L.forms[f])
      st?.add(L.formIds[f])
    }
    const sentence = (n: number): string => {
      out.length = 0
      for (let k = 0; k < n; k++) word()
      if (L.capitalise) out[0] = titleCase(out[0])
      return out.join(' ') + '.'
    }
    const title = sentence(6 + Math.floor(r() * 7)).slice(0, -1)
    const description = sentence(18 + Math.floor(r() * 14))
    // Body length: log-normal around 410 words (short notes to long features).
    const bodyWords = Math.max(60, Math.min(2500, Math.round(Math.exp(5.92 + 0.45 * gaussian(r)))))
    const paragraphs: string[] = []
    let written = 0
    while (written < bodyWords) {
      const sentences: string[] = []
      const count = 2 + Math.floor(r() * 4)
      for (let s = 0; s < count && written < bodyWords; s++) {
        const n = Math.min(bodyWords - written, 8 + Math.floor(r() * 22))
        sentences.push(sentence(n))
        written += n
      }
      paragraphs.push(sentences.join(' '))
    }
    const year = 2000 + Math.floor(26 * Math.sqrt(r()))
    const month = 1 + Math.floor(r() * 12)
    const day = 1 + Math.floor(r() * 28)
    const outlet = OUTLETS[this.drawOutlet(r)]
    const byline = this.people[this.people.length - 1 - this.drawPerson(r)]
    const tags = [...new Set([`topic/${fold1(L.forms[topicA[1]])}`, REGIONS[Math.floor(r() * r() * REGIONS.length)]])]
    if (st) {
      for (const v of [...people, ...placeList, org, outlet, byline, ...tags.map((t) => t.replace('/', ' '))]) st.addAll(st.idsOf(v))
    }
    return {
      title,
      date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      type: TYPES[Math.floor(r() * TYPES.length)],
      language: L.code,
      outlet,
      byline,
      description,
      body: paragraphs.join('\n\n'),
      people,
      organisations: [org],
      places: placeList,
      tags,
      identifier: `RPK-${this.seed}-${index}`
    }
  }
}

function titleCase(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1)
}

function fold1(w: string): string {
  return w.toLowerCase()
}

/** A standard normal draw (Box–Muller). */
function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
}

export { shuffle }
