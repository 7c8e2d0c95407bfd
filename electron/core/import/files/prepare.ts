// The column-mapping step: an import that includes CSV or JSON tables waits, holding its
// paths in the core, while the person checks each table's mapping against its first rows;
// then it runs as any import job. Paths never leave the core: the UI sees names and a key.
import * as path from 'node:path'
import { promises as fsp } from 'node:fs'
import type { ImportStart, TableToMap } from '../../../../shared/contract'
import type { Archive } from '../../Archive'
import { CoreError } from '../../errors'
import { newId } from '../../ids'
import { startImportJob } from './importPaths'
import type { HeldImport } from './pending'
import { previewTable } from './table'
import type { ColumnMapping } from './types'
import { walkPaths } from './walk'

type Pending = HeldImport
const PREVIEW_ROWS = 5

function run(archive: Archive, paths: string[], options: Pending['options'], cleanup?: Pending['cleanup']): { jobId: string } {
  return { jobId: startImportJob(archive, paths, options, cleanup).id }
}

/**
 * Starts an import, or, when files named directly (not inside a folder) are CSV/JSON tables,
 * returns them with their first rows and a mapping (remembered for the same columns, else
 * guessed) for the person to confirm with continueImport. A table that cannot be read is left
 * to the job, which reports it.
 */
export async function beginImport(
  archive: Archive,
  paths: string[],
  options: Pending['options'] = {},
  cleanup?: Pending['cleanup']
): Promise<ImportStart> {
  const { tables, held } = await scanTables(archive, paths)
  if (tables.length === 0) return run(archive, paths, options, cleanup)
  const pendingId = newId()
  archive.pendingImports.hold(pendingId, { paths, options, tables: held, cleanup })
  return { pendingId, tables }
}

/**
 * The CLI's `--map COLUMN=FIELD`: for each table named directly, those columns mapped so, the
 * others as remembered or guessed; the result is remembered as a confirmed mapping would be.
 */
export async function importWithMapping(archive: Archive, paths: string[], mapping: ColumnMapping, options: Pending['options'] = {}): Promise<{ jobId: string }> {
  const { tables, held } = await scanTables(archive, paths)
  const byPath: Record<string, ColumnMapping> = {}
  const used = new Set<string>()
  for (const t of tables) {
    const h = held.get(t.key)!
    const full = { ...t.mapping }
    for (const [c, f] of Object.entries(mapping))
      if (c in full) {
        full[c] = f
        used.add(c)
      }
    await archive.columnMappings.remember(h.columns, full)
    byPath[h.path] = full
  }
  const unused = Object.keys(mapping).filter((c) => !used.has(c))
  if (unused.length)
    throw new CoreError('INVALID_INPUT', `No CSV/JSON file given has a column ${JSON.stringify(unused[0])}${tables.length ? ` (columns: ${tables[0].columns.slice(0, 12).join(', ')})` : ''}.`, undefined, { reason: 'COLUMN_UNKNOWN', column: unused[0] })
  return run(archive, paths, { ...options, mappings: byPath })
}

async function scanTables(archive: Archive, paths: string[]): Promise<{ tables: TableToMap[]; held: Pending['tables'] }> {
  const topFiles: string[] = []
  for (const p of paths) {
    const st = await fsp.stat(p).catch(() => null)
    if (st?.isFile()) topFiles.push(p)
  }
  const walked = topFiles.length ? await walkPaths(topFiles) : { files: [] }
  const tables: TableToMap[] = []
  const held = new Map<string, { path: string; columns: string[] }>()
  const memory = archive.columnMappings
  for (const f of walked.files) {
    if (f.format !== 'csv' && f.format !== 'json') continue
    const preview = await previewTable(f.path, PREVIEW_ROWS).catch(() => null)
    if (!preview || preview.columns.length === 0) continue
    const remembered = await memory.get(preview.columns)
    const key = String(tables.length + 1)
    held.set(key, { path: f.path, columns: preview.columns })
    tables.push({
      key,
      name: path.basename(f.path),
      format: preview.format,
      columns: preview.columns,
      rows: preview.rows,
      totalRows: preview.totalRows,
      mapping: remembered ? { ...preview.mapping, ...remembered } : preview.mapping,
      remembered: Boolean(remembered),
      warnings: preview.warnings.map((w) => w.message)
    })
  }
  return { tables, held }
}

/** Runs a held import with the confirmed mappings, and remembers them for the same columns. */
export async function continueImport(archive: Archive, pendingId: string, mappings: Array<{ key: string; mapping: ColumnMapping }>): Promise<{ jobId: string }> {
  const p = archive.pendingImports.get(pendingId)
  if (!p) throw new CoreError('NOT_FOUND', 'This import is no longer waiting (it was started, cancelled, or left for over an hour); choose the files again.', undefined, { reason: 'IMPORT_EXPIRED' })
  const byPath: Record<string, ColumnMapping> = {}
  for (const { key, mapping } of mappings) {
    const t = p.tables.get(key)
    if (!t) throw new CoreError('INVALID_INPUT', `No table ${key} in this import.`)
    const unknown = Object.keys(mapping).filter((c) => !t.columns.includes(c))
    if (unknown.length) throw new CoreError('INVALID_INPUT', `${path.basename(t.path)} has no column ${JSON.stringify(unknown[0])}.`, undefined, { reason: 'COLUMN_UNKNOWN', column: unknown[0] })
    const full: ColumnMapping = Object.fromEntries(t.columns.map((c) => [c, mapping[c] ?? '']))
    await archive.columnMappings.remember(t.columns, full)
    byPath[t.path] = full
  }
  archive.pendingImports.take(pendingId)
  return run(archive, p.paths, { ...p.options, mappings: { ...p.options.mappings, ...byPath } }, p.cleanup)
}

/** Drops a held import; its staged uploads are removed. */
export function discardImport(archive: Archive, pendingId: string): Promise<boolean> {
  return archive.pendingImports.discard(pendingId)
}
