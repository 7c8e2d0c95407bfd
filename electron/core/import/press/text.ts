// Plain-text helpers shared by the splitter and the enrichers.

/** Line ends unified, invisible characters dropped, no-break spaces made plain. */
export function normaliseText(input: string): string {
  return (
    input
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?|\u2028|\u2029/g, '\n')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
      // Zero-width and bidi controls copied from pages; ZWNJ (U+200C) is kept: Persian needs it.
      .replace(/[\u200B\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\t/g, '    ')
  )
}

export type Block = {
  /** Text with inner whitespace collapsed. */
  text: string
  /** The lines as they were in the source (indentation kept). */
  raw: string
  words: number
}

const WRAPPED_MIN = 45
const WRAPPED_MAX = 110

/**
 * Cuts a text into blocks: one per paragraph. Pages copied from a browser put one
 * paragraph per line, sometimes without blank lines between them; e-mails and plain-text
 * releases are hard-wrapped at ~72 columns. Lines of a blank-separated group are joined
 * when they look hard-wrapped, otherwise each line is its own block.
 */
export function toBlocks(text: string): Block[] {
  const blocks: Block[] = []
  const groups = text.split(/\n(?:[ \t]*\n)+/)
  for (const group of groups) {
    const lines = group.split('\n').filter((l) => l.trim() !== '')
    if (lines.length === 0) continue
    const wrapped =
      lines.length > 1 &&
      lines.slice(0, -1).every((l) => {
        const n = l.trim().length
        return n >= WRAPPED_MIN && n <= WRAPPED_MAX && !/[.!?:؟]["”»’)]?$/.test(l.trim())
      })
    if (wrapped) blocks.push(makeBlock(lines.map((l) => l.trim()).join(' '), lines.join('\n')))
    else for (const l of lines) blocks.push(makeBlock(l, l))
  }
  return blocks
}

export function makeBlock(text: string, raw: string): Block {
  const clean = text.replace(/\s+/g, ' ').trim()
  return { text: clean, raw, words: countWords(clean) }
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g

/** Words, counting CJK characters at about two per word since those scripts use no spaces. */
export function countWords(text: string): number {
  let n = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const space = c === 32 || c === 10 || c === 9 || c === 13
    if (!space && !inWord) n++
    inWord = !space
  }
  const cjk = text.match(CJK)
  return cjk ? Math.max(n, Math.round(cjk.length / 2)) : n
}

/** A paragraph that ends like a sentence. */
export function endsLikeSentence(text: string): boolean {
  return /[.!?؟。！？…]["'”’»)\]]*$/.test(text.trim())
}

export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
}

export function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** A title made from the start of a text when the page gives none. */
export function titleFrom(text: string, max = 120): string {
  const first = text.replace(/\s+/g, ' ').trim()
  const sentence = /^(.{10,}?[.!?؟。])\s/.exec(first)?.[1] ?? first
  if (sentence.length <= max) return sentence
  const cut = sentence.slice(0, max)
  const sp = cut.lastIndexOf(' ')
  return (sp > max / 2 ? cut.slice(0, sp) : cut) + '…'
}
