// The flat generator (the bench corpus before the realistic one of tests/bench/corpus/): kept
// for the demo data and the unit tests that want small, varied items, not for figures.
// Deterministic; about 330 distinct words with flat frequencies:
// ~3 KB of body text each, about 83% English, 10% French and 7% Arabic, with outlets,
// people, organisations, places, tags and dates spread over 2000-2025.
import type { ItemCreate } from '../../shared/model'

/** mulberry32: small, fast, seedable; Math.random cannot be seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const EN = `the minister announced today that the government will expand cooperation with regional partners on
migration health education water security climate finance trade agreements infrastructure investment and
vaccination campaigns across the northern provinces while officials warned that funding remains uncertain
representatives of civil society welcomed the decision and called for transparent monitoring of the programme
the conference brought together delegates from member states international organisations and development banks
to discuss sustainable development refugees humanitarian assistance food prices drought resilience digital
transformation youth employment women empowerment capacity building statistics census elections parliament
agreement memorandum understanding signed ceremony headquarters delegation visit bilateral multilateral summit
spokesperson statement briefing journalists reporters interview quarterly report annual budget deficit growth
inflation unemployment exports imports tourism agriculture fisheries energy renewable solar wind hydrogen`.split(/\s+/)

const FR = `le ministre a annoncé aujourd'hui que le gouvernement renforcera la coopération avec les partenaires
régionaux dans les domaines de la santé de l'éducation de l'eau et de la sécurité alimentaire les représentants
de la société civile ont salué cette décision et appelé à un suivi transparent du programme la conférence a réuni
des délégués des États membres des organisations internationales et des banques de développement pour débattre
du développement durable des réfugiés de l'aide humanitaire de la sécheresse de la transformation numérique de
l'emploi des jeunes de l'égalité entre les femmes et les hommes école université hôpital région préfecture
accord mémorandum signé cérémonie siège délégation visite sommet porte-parole déclaration élection été hiver`.split(/\s+/)

const AR = `أعلن الوزير اليوم أن الحكومة ستعزز التعاون مع الشركاء الإقليميين في مجالات الصحة والتعليم والمياه
والأمن الغذائي ورحب ممثلو المجتمع المدني بهذا القرار ودعوا إلى متابعة شفافة للبرنامج وجمع المؤتمر مندوبين من
الدول الأعضاء والمنظمات الدولية وبنوك التنمية لمناقشة التنمية المستدامة واللاجئين والمساعدات الإنسانية والجفاف
والتحول الرقمي وتشغيل الشباب وتمكين المرأة مذكرة تفاهم توقيع حفل المقر وفد زيارة قمة المتحدث الرسمي بيان
انتخابات البرلمان الميزانية النمو التضخم البطالة الصادرات السياحة الزراعة الطاقة المتجددة مدرسة جامعة مستشفى`.split(/\s+/)

const OUTLETS = ['Reuters', 'Le Monde', 'Al Jazeera', 'The Guardian', 'Agence France-Presse', 'ISESCO News', 'Le Matin', 'Hespress', 'BBC News', 'Jeune Afrique']
const PEOPLE = ['Salim M. AlMalik', 'Ramata Almami Mbaye', 'Kais Hammami', 'Amina Diallo', 'Jean Dupont', 'Fatima Zahra', 'John Smith', 'Maria Garcia', 'Ahmed Benali', 'Claire Martin', 'Omar Haddad', 'Sofia Rossi']
const ORGS = ['International Organization for Migration', 'World Health Organization', 'UNESCO', 'African Union', 'European Commission', 'ISESCO', 'World Bank', 'Red Crescent', 'UNICEF', 'Arab League']
const PLACES = ['Rabat', 'Fez', 'Paris', 'Geneva', 'Cairo', 'Dakar', 'Tunis', 'Brussels', 'Amman', 'Nairobi', 'Doha', 'Lyon']
const TAGS = ['migration', 'health', 'education', 'climate', 'region/africa', 'region/europe', 'region/mena', 'economy', 'culture', 'youth', 'women', 'water']
const TYPES = ['press-release', 'article', 'interview', 'speech', 'statement', 'report'] as const

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]
}

function sentence(r: () => number, words: string[], n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(pick(r, words))
  const s = out.join(' ')
  return s.charAt(0).toUpperCase() + s.slice(1) + '.'
}

/** One generated item; `bodyBytes` is approximate. */
export function generateItem(index: number, seed = 1, bodyBytes = 3000): ItemCreate {
  const r = rng(seed * 1_000_003 + index)
  const roll = r()
  const lang = roll < 0.07 ? 'ar' : roll < 0.17 ? 'fr' : 'en'
  const words = lang === 'ar' ? AR : lang === 'fr' ? FR : EN
  const paragraphs: string[] = []
  let length = 0
  while (length < bodyBytes) {
    const p = Array.from({ length: 3 + Math.floor(r() * 3) }, () => sentence(r, words, 8 + Math.floor(r() * 14))).join(' ')
    paragraphs.push(p)
    length += Buffer.byteLength(p) + 2
  }
  const year = 2000 + Math.floor(r() * 26)
  const month = 1 + Math.floor(r() * 12)
  const day = 1 + Math.floor(r() * 28)
  const people = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, PEOPLE))
  return {
    title: sentence(r, words, 6 + Math.floor(r() * 6)).replace(/\.$/, ''),
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    type: pick(r, TYPES),
    language: lang,
    outlet: pick(r, OUTLETS),
    byline: pick(r, PEOPLE),
    description: sentence(r, words, 20),
    body: paragraphs.join('\n\n'),
    people: [...new Set(people)],
    organisations: [pick(r, ORGS)],
    places: [pick(r, PLACES)],
    tags: [...new Set([pick(r, TAGS), pick(r, TAGS)])],
    identifier: `GEN-${seed}-${index}`
  }
}

export function* generateItems(count: number, seed = 1, bodyBytes = 3000): Generator<ItemCreate> {
  for (let i = 0; i < count; i++) yield generateItem(i, seed, bodyBytes)
}
