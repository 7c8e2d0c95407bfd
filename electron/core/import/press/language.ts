// Language of a text: the script decides where it can (Arabic, CJK); then the commonest
// function words, which settle ordinary press prose in microseconds; tinyld for the rest
// (it takes a millisecond or more per text: too slow to run on each of 20,000 items).
import { detect } from 'tinyld/light'

const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'with', 'was', 'on', 'by', 'which', 'its', 'has', 'are', 'from'],
  fr: ['le', 'la', 'les', 'des', 'et', 'du', 'une', 'est', 'que', 'dans', 'pour', 'qui', 'sur', 'par', 'au', 'avec', 'aux'],
  es: ['el', 'los', 'las', 'del', 'que', 'una', 'por', 'con', 'para', 'es', 'como', 'más', 'pero', 'sus', 'ha'],
  pt: ['os', 'das', 'dos', 'uma', 'não', 'com', 'para', 'por', 'mais', 'como', 'foi', 'são', 'ao', 'pela', 'pelo'],
  de: ['der', 'die', 'und', 'das', 'den', 'ist', 'nicht', 'mit', 'sich', 'auf', 'für', 'ein', 'eine', 'dem', 'wird'],
  it: ['il', 'della', 'che', 'di', 'per', 'una', 'sono', 'nel', 'alla', 'gli', 'anche', 'delle', 'dei', 'è', 'con']
}
const WORD_LANGS = new Map<string, string[]>()
for (const [lang, words] of Object.entries(FUNCTION_WORDS))
  for (const w of words) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang])

function byFunctionWords(sample: string): string {
  const score = new Map<string, number>()
  for (const m of sample.toLowerCase().matchAll(/\p{L}+/gu))
    for (const lang of WORD_LANGS.get(m[0]) ?? []) score.set(lang, (score.get(lang) ?? 0) + 1)
  const ranked = [...score].sort((a, b) => b[1] - a[1])
  const [best, second] = ranked
  if (best && best[1] >= 8 && best[1] >= 2.5 * (second?.[1] ?? 0)) return best[0]
  return ''
}

const SAMPLE = 1_000

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE)
  const letters = (sample.match(/\p{L}/gu) ?? []).length
  const arabic = (sample.match(/[\u0600-\u06ff]/g) ?? []).length
  const kana = (sample.match(/[\u3040-\u30ff]/g) ?? []).length
  const han = (sample.match(/[\u4e00-\u9fff]/g) ?? []).length
  const hangul = (sample.match(/[\uac00-\ud7af]/g) ?? []).length
  if (letters < 12) return ''
  if (arabic / letters > 0.4) return 'ar'
  if (kana / letters > 0.05) return 'ja'
  if (hangul / letters > 0.3) return 'ko'
  if (han / letters > 0.3) return 'zh'
  return byFunctionWords(sample) || detect(sample) || ''
}
