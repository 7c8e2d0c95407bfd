// Items for the CSV tests: awkward values of every kind, and texts long enough to cross the
// reader's and the writer's buffers.
import type { ItemCreate } from '../../../shared/model'

const ARABIC = 'أعلن الوزير اليوم أن الحكومة ستعزز التعاون مع الشركاء الإقليميين، "بسرعة".'

/** 75 items (more than two read batches, not a whole number of them), each with something awkward. */
export function awkwardItems(): ItemCreate[] {
  return Array.from({ length: 75 }, (_, i): ItemCreate => {
    const base: ItemCreate = { title: `Item ${i}`, type: 'article', date: '2023-05-0' + ((i % 9) + 1) }
    switch (i % 8) {
      case 0:
        return base // no long texts at all
      case 1:
        return { ...base, language: 'ar', title: ARABIC, body: `${ARABIC}\n\n${ARABIC}`, byline: 'كايس حمامي', places: ['الرباط', 'فاس'] }
      case 2:
        return { ...base, body: 'First paragraph.\n\nSecond, with "quotes".\r\nThird after CRLF.\rAfter a lone CR.', notes: 'a\nb' }
      case 3:
        return { ...base, title: '=SUM(A1:A9)', description: '+33 1 23 45', notes: '-minus', byline: '@handle', tags: ['=tag', 'ok'] }
      case 4:
        return { ...base, description: 'Only a description, with a comma', notes: '"quoted notes"' }
      case 5:
        // Texts longer than the reader's first buffer (64 KiB), multi-byte throughout; the
        // first one's row is also longer than the writer's 1 MiB buffer.
        return { ...base, body: `${ARABIC} ${i}\n`.repeat(i === 5 ? 6000 : 1500) }
      case 6:
        return { ...base, body: '📰 '.repeat(40) + '\u00e9\u0301 é', people: ['Amina Diallo', 'Dr. Salim M. AlMalik'] }
      default:
        return { ...base, body: `Short body ${i}.` }
    }
  })
}
