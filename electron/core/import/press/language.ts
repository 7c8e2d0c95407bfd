// Language of a text: the script decides where it can (Arabic, CJK), tinyld otherwise.
import { detect } from 'tinyld/light'

const SAMPLE = 1_500

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE)
  let letters = 0
  let arabic = 0
  let kana = 0
  let han = 0
  let hangul = 0
  for (const ch of sample) {
    const c = ch.codePointAt(0)!
    if (c >= 0x0600 && c <= 0x06ff) arabic++
    else if (c >= 0x3040 && c <= 0x30ff) kana++
    else if (c >= 0x4e00 && c <= 0x9fff) han++
    else if (c >= 0xac00 && c <= 0xd7af) hangul++
    else if (/\p{L}/u.test(ch)) {
      letters++
      continue
    } else continue
    letters++
  }
  if (letters < 12) return ''
  if (arabic / letters > 0.4) return 'ar'
  if (kana / letters > 0.05) return 'ja'
  if (hangul / letters > 0.3) return 'ko'
  if (han / letters > 0.3) return 'zh'
  const lang = detect(sample)
  return lang || ''
}
