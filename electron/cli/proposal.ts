// `presskeep import PATH...` without --yes: what would be imported, extracted but not written.
import * as path from 'node:path'
import type { ItemCreate } from '../../shared/model'
import type { StagedProposal } from '../../shared/contract'
import { extractFile, previewTable, rememberedFor, walkPaths, type ColumnMapping, type Extracted } from '../core/import/files'

export type ProposedFile = {
  path: string
  kind: string
  items: Array<Partial<ItemCreate>>
  warnings: string[]
  /** CSV/JSON: column → item field ('' not imported), as the import would use it. */
  mapping?: ColumnMapping
}
export type FileProposal = { files: ProposedFile[]; skipped: Array<{ path: string; message: string }>; failed: Array<{ path: string; message: string }> }

function itemsOf(x: Extracted): Array<Partial<ItemCreate>> {
  if (x.children && x.children.length > 0) return x.children.flatMap(itemsOf)
  return [x.fields]
}

export async function proposeFiles(
  paths: string[],
  options: { ocr?: boolean; mapping?: ColumnMapping; remembered?: Record<string, ColumnMapping> } = {}
): Promise<FileProposal> {
  const walked = await walkPaths(paths)
  const proposal: FileProposal = { files: [], skipped: walked.skipped.map((s) => ({ path: s.path, message: s.message })), failed: walked.failed.map((s) => ({ path: s.path, message: s.message })) }
  for (const f of walked.files) {
    try {
      let mapping: ColumnMapping | undefined
      if (f.format === 'csv' || f.format === 'json') {
        const t = await previewTable(f.path, 0)
        const base = rememberedFor(t.columns, options.remembered) ?? t.mapping
        mapping = { ...base }
        for (const [c, field] of Object.entries(options.mapping ?? {})) if (c in mapping) mapping[c] = field
      }
      const x = await extractFile(f.path, { ocr: options.ocr, mapping }, f.format)
      proposal.files.push({ path: f.path, kind: x.kind, items: itemsOf(x), warnings: x.warnings.map((w) => w.message), ...(mapping ? { mapping } : {}) })
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
    if (f.mapping)
      lines.push(`  columns: ${Object.entries(f.mapping).map(([c, field]) => `${c} → ${field || '(not imported)'}`).join(', ')}`)
    for (const i of f.items.slice(0, 50)) lines.push(`  - ${i.date ? i.date + '  ' : ''}${i.title ?? '(untitled)'}`)
    if (f.items.length > 50) lines.push(`  … and ${f.items.length - 50} more`)
    for (const w of f.warnings) lines.push(`  warning: ${w}`)
  }
  for (const s of p.skipped) lines.push(`skipped  ${s.message}`)
  for (const s of p.failed) lines.push(`failed   ${s.message}`)
  if (p.files.some((f) => f.mapping)) lines.push('', 'Change a column with --map COLUMN=FIELD (repeatable); the mapping used is remembered for files with the same columns.')
  lines.push('', 'Nothing was written. Run again with --yes to import.')
  return lines.join('\n')
}

/** A press page split into items, as the review screen shows it. */
export function formatPageProposal(p: StagedProposal): string {
  const lines: string[] = [`${p.sourceName}: ${p.items.length} item(s) proposed`]
  p.items.forEach((it, i) => {
    const f = it.fields
    lines.push('', `${i + 1}. ${f.title}`)
    if (f.date) lines.push(`   date     ${f.date}${f.dateInferred ? ` (inferred from "${f.dateSource}")` : ''}`)
    if (f.language) lines.push(`   language ${f.language}`)
    if (f.outlet) lines.push(`   outlet   ${f.outlet}`)
    if (f.people?.length) lines.push(`   people   ${f.people.join('; ')}`)
    if (f.organisations?.length) lines.push(`   orgs     ${f.organisations.join('; ')}`)
    if (f.places?.length) lines.push(`   places   ${f.places.join('; ')}`)
    for (const w of f.warnings ?? []) lines.push(`   warning  ${w.message}`)
  })
  for (const s of p.skipped) lines.push('', `skipped (${s.reason}): ${s.text.replace(/\s+/g, ' ').slice(0, 100)}`)
  const grouped = p.authorities.filter((a) => a.variants.length > 1)
  if (grouped.length) lines.push('', 'Spelling variants grouped:', ...grouped.map((a) => `  ${a.preferred}: ${a.variants.join(' / ')}`))
  lines.push('', 'Nothing was written. Run again with --yes to import these items.')
  return lines.join('\n')
}
