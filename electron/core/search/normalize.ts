// Text normalisation shared by indexing and querying: one tokenizer, one folding, one
// stemmer, so that what a query asks for is spelt exactly as what was indexed.
//
// - tokens are maximal runs of letters, digits and combining marks; CJK ideographs and
//   kana are one token each (those scripts have no spaces between words);
// - folding: lower case, Latin accents removed (`École` → `ecole`), œ/æ/ß spelt out,
//   Arabic diacritics and tatweel removed, alef forms (أ إ آ ٱ) → ا, ى → ي, ة → ه,
//   hamza seats (ؤ ئ) → و ي, Arabic-Indic digits → ASCII digits;
// - stemming: Porter (the `stemmer` package) for Latin-script words, a light Arabic
//   stemmer (prefixes ال/وال/بال/…, common suffixes) written here because no maintained
//   npm package does light Arabic stemming without bringing a whole NLP toolkit.
//   French words go through the same Porter stemmer: it is only used to conflate forms
//   (plural, -ation/-ate), and doing the same thing to the index and the query is what
//   matters; `coopération` and `cooperation` both become `cooper`.
import { stemmer } from 'stemmer'

/** 0 = separator, 1 = word character, 2 = a character that is a token on its own (CJK). */
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(65536)
  const word = /[\p{L}\p{N}\p{M}]/u
  for (let c = 0; c < 65536; c++) {
    if (c < 128) {
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) table[c] = 1
      continue
    }
    if (c >= 0xd800 && c <= 0xdfff) continue
    if (word.test(String.fromCharCode(c))) table[c] = 1
  }
  // Zero-width (non-)joiners sit inside Persian and Arabic words.
  table[0x200c] = 1
  table[0x200d] = 1
  const cjk: Array<[number, number]> = [
    [0x3040, 0x30ff],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff]
  ]
  for (const [a, b] of cjk) for (let c = a; c <= b; c++) if (table[c]) table[c] = 2
  return table
})()

// The tokenizer: tokenStart and tokenEnd are the only code that decides where a token
// starts and ends; indexing (analysis), snippets and queries all walk text with them:
//   for (let i = tokenStart(text, 0); i < text.length; i = tokenStart(text, end)) { const end = tokenEnd(text, i) … }

/** Where the first token at or after `from` starts (text.length when there is none). */
export function tokenStart(text: string, from: number): number {
  const n = text.length
  let i = from
  while (i < n && CHAR_CLASS[text.charCodeAt(i)] === 0) i++
  return i
}

/** Where the token starting at `start` ends (exclusive). */
export function tokenEnd(text: string, start: number): number {
  if (CHAR_CLASS[text.charCodeAt(start)] === 2) return start + 1
  const n = text.length
  let i = start + 1
  while (i < n && CHAR_CLASS[text.charCodeAt(i)] === 1) i++
  return i
}

/**
 * Where token number `count` of `text` starts (0: the first token), text.length when the text
 * has no more tokens than that. A snippet starts at a token position taken from the index: this
 * walks to it without keeping the tokens it passes (and here, beside the tokenizer, the walk
 * calls tokenStart and tokenEnd as local functions, which the compiler inlines).
 */
export function tokenStartAt(text: string, count: number): number {
  const n = text.length
  let i = tokenStart(text, 0)
  for (let k = 0; k < count && i < n; k++) i = tokenStart(text, tokenEnd(text, i))
  return i
}

/** Calls `onToken(start, end)` for each token of `text`, in order. */
export function scanTokens(text: string, onToken: (start: number, end: number) => void): void {
  const n = text.length
  for (let i = tokenStart(text, 0); i < n; ) {
    const end = tokenEnd(text, i)
    onToken(i, end)
    i = tokenStart(text, end)
  }
}

/** Tokens of a piece of text, as raw substrings (not folded). */
export function tokensOf(text: string): string[] {
  const out: string[] = []
  scanTokens(text, (s, e) => out.push(text.slice(s, e)))
  return out
}

const SPECIAL: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  ð: 'd',
  þ: 'th'
}

/** Folds one lower-cased token: accents, Arabic letter forms, digits. */
export function foldLower(token: string): string {
  let ascii = true
  for (let i = 0; i < token.length; i++) {
    if (token.charCodeAt(i) >= 128) {
      ascii = false
      break
    }
  }
  if (ascii) return token
  // NFD splits Latin accents and Arabic hamza-on-alef (أ = ا + U+0654) into marks we drop.
  const d = token.normalize('NFD')
  let out = ''
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i)
    if (c < 128) {
      out += d[i]
      continue
    }
    if (c >= 0x300 && c <= 0x36f) continue // Latin combining marks
    if ((c >= 0x64b && c <= 0x65f) || c === 0x670 || c === 0x640) continue // tashkeel, tatweel
    if (c >= 0x6d6 && c <= 0x6ed) continue // Quranic annotation marks
    if (c === 0x200c || c === 0x200d) continue
    if (c === 0x671) out += 'ا'
    else if (c === 0x649) out += 'ي'
    else if (c === 0x629) out += 'ه'
    else if (c >= 0x660 && c <= 0x669) out += String.fromCharCode(c - 0x660 + 48)
    else if (c >= 0x6f0 && c <= 0x6f9) out += String.fromCharCode(c - 0x6f0 + 48)
    else out += SPECIAL[d[i]] ?? d[i]
  }
  return out
}

/** Folds a raw token (any case). */
export function fold(token: string): string {
  return foldLower(token.toLowerCase())
}

function isArabicLetter(c: number): boolean {
  return c >= 0x620 && c <= 0x64a
}

const AR_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال']
const AR_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي']

/** Light Arabic stemming (after Larkey et al.'s light10) on a folded word. */
export function stemArabic(w: string): string {
  let s = w
  for (const p of AR_PREFIXES) {
    if (s.startsWith(p) && s.length - p.length >= 2) {
      s = s.slice(p.length)
      break
    }
  }
  if (s.length > 3 && s.charCodeAt(0) === 0x648) s = s.slice(1)
  for (const suf of AR_SUFFIXES) {
    if (s.length - suf.length >= 2 && s.endsWith(suf)) s = s.slice(0, -suf.length)
  }
  return s
}

/** The index term of a folded token. */
export function stemFolded(f: string): string {
  if (f.length < 3) return f
  const c = f.charCodeAt(0)
  if (isArabicLetter(c)) return stemArabic(f)
  // Porter is for words; leave numbers and codes such as "covid19" alone.
  for (let i = 0; i < f.length; i++) {
    const k = f.charCodeAt(i)
    if (k < 97 || k > 122) return f
  }
  return stemmer(f)
}

/** Raw token → index term. */
export function termOf(token: string): string {
  return stemFolded(fold(token))
}
