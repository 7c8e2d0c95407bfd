// The words of the archive search, as the viewer marks them on an attachment's pages: the
// positive words and phrases of the query (for PDFs with a text layer, found by pdf.js on the
// page itself), and, for scans, the OCR word boxes whose words the search matched, compared with
// the index's own analysis (folding, stemming, Arabic normalisation), so a box is marked where
// the search found the word.
import { distance } from 'fastest-levenshtein'
import type { AttachmentHits } from '../../../shared/contract'
import type { Archive } from '../Archive'
import { fold, termOf, tokensOf } from '../search/normalize'
import { parseQuery, type QueryNode } from '../search/queryParser'
import { readOcrWords } from './ocrWords'

type TextNode = Extract<QueryNode, { kind: 'text' }>

/** The text nodes a search requires or allows somewhere in an attachment's text. */
export function positiveTextNodes(query: string): TextNode[] {
  const nodes: TextNode[] = []
  for (const clause of parseQuery(query).clauses) {
    if (clause.negated) continue
    for (const n of clause.any) if (n.kind === 'text' && n.field !== 'title' && n.tokens.length > 0) nodes.push(n)
  }
  return nodes
}

function tokenMatches(node: TextNode, queryToken: string, wordToken: string): boolean {
  if (termOf(wordToken) === termOf(queryToken)) return true
  const fw = fold(wordToken)
  const fq = fold(queryToken)
  if (node.prefix && fw.startsWith(fq)) return true
  if (node.fuzzy && fq.length >= 4) return distance(fw, fq) <= (fq.length >= 8 ? 2 : 1)
  return false
}

export async function attachmentHits(archive: Archive, itemId: string, attachmentId: string, query: string): Promise<AttachmentHits> {
  const nodes = positiveTextNodes(query)
  const terms = [...new Set(nodes.map((n) => n.tokens.join(' ')))]
  const { attachment } = archive.attachment(itemId, attachmentId)
  const boxes: AttachmentHits['boxes'] = []
  if (nodes.length === 0) return { terms, boxes }
  for (const page of await readOcrWords(archive.root, attachment.sha256)) {
    // One entry per token of the page, pointing at the word box it came from ("Fez," → fez).
    const tokens: Array<{ token: string; word: number }> = []
    page.words.forEach((w, i) => {
      for (const token of tokensOf(w.text)) tokens.push({ token, word: i })
    })
    const marked = new Set<number>()
    for (const node of nodes) {
      for (let start = 0; start + node.tokens.length <= tokens.length; start++) {
        let all = true
        for (let k = 0; k < node.tokens.length && all; k++) all = tokenMatches(node, node.tokens[k], tokens[start + k].token)
        if (all) for (let k = 0; k < node.tokens.length; k++) marked.add(tokens[start + k].word)
      }
    }
    for (const i of [...marked].sort((a, b) => a - b)) boxes.push({ page: page.page, box: page.words[i].box, text: page.words[i].text })
  }
  return { terms, boxes }
}
