// `presskeep import PATH...` without --yes: what would be imported, extracted but not written.
import * as path from 'node:path'
import type { ItemCreate } from '../../shared/model'
import { extractFile, walkPaths, type Extracted } from '../core/import/files'

export type ProposedFile = { path: string; kind: string; items: Array<Partial<ItemCreate>>; warnings: string[] }
export type FileProposal = { files: ProposedFile[]; skipped: Array<{ path: string; message: string }>; failed: Array<{ path: string; message: string }> }

function itemsOf(x: Extracted): Array<Partial<ItemCreate>> {
  if (x.children && x.children.length > 0) return x.children.flatMap(itemsOf)
  return [x.fields]
}

export async function proposeFiles(paths: string[], options: { ocr?: boolean } = {}): Promise<FileProposal> {
  const walked = await walkPaths(paths)
  const proposal: FileProposal = { files: [], skipped: walked.skipped.map((s) => ({ path: s.path, message: s.message })), failed: [] }
  for (const f of walked.files) {
    try {
      const x = await extractFile(f.path, { ocr: options.ocr }, f.format)
      proposal.files.push({ path: f.path, kind: x.kind, items: itemsOf(x), warnings: x.warnings.map((w) => w.message) })
    } catch (err) {
      proposal.failed.push({ path: f.path, message: (err as Error).message })
    }
  }
  return proposal
}

export function formatProposal(p: FileProposal): string {
  const lines: string[] = []
  for (const f of p.files) {
    lines.push(`${path.basename(f.path)}  (${f.kind}): ${f.items.length} item(s)`)
    for (const i of f.items.slice(0, 50)) lines.push(`  - ${i.date ? i.date + '  ' : ''}${i.title ?? '(untitled)'}`)
    if (f.items.length > 50) lines.push(`  … and ${f.items.length - 50} more`)
    for (const w of f.warnings) lines.push(`  warning: ${w}`)
  }
  for (const s of p.skipped) lines.push(`skipped  ${s.message}`)
  for (const s of p.failed) lines.push(`failed   ${s.message}`)
  lines.push('', 'Nothing was written. Run again with --yes to import.')
  return lines.join('\n')
}
