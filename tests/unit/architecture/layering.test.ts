// The layering of DESIGN.md, enforced: a change that breaks it fails here.
import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import * as path from 'node:path'
import { projectRoot } from '../helpers'

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (/\.(ts|tsx)$/.test(name)) out.push(p)
  }
  return out
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2])
  return found
}

/** Runtime imports only: `import type` disappears at build time. */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/import\s+type\s+[^;]+?from\s+['"][^'"]+['"]/g, '')
  const found: string[] = []
  const re = /(?:import|export)\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2])
  return found
}

const rel = (f: string) => path.relative(projectRoot, f)
const resolvesInto = (file: string, spec: string, folder: string) =>
  spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(projectRoot, folder))

/** The local module a relative import names (file.ts or folder/index.ts), or null. */
function resolveLocal(file: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith('.')) return null
  const base = path.resolve(path.dirname(file), spec)
  for (const candidate of [base + '.ts', base + '.tsx', path.join(base, 'index.ts')]) if (known.has(candidate)) return candidate
  return null
}

/** Every import cycle (type imports included: they tie modules as much as values do), each as a path. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return cycles
}

function importGraph(dir: string, importsIn: (file: string) => string[] = importsOf): Map<string, string[]> {
  const files = sources(dir)
  const known = new Set(files)
  return new Map(files.map((f) => [f, importsIn(f).map((s) => resolveLocal(f, s, known)).filter((x): x is string => x !== null)]))
}

describe('layering', () => {
  it('no module in electron/ imports itself through others (no import cycles)', () => {
    const cycles = importCycles(importGraph(path.join(projectRoot, 'electron'))).map((c) => c.map(rel).join(' -> '))
    // The search engine's modules name their shared state's type (engine/state.ts), which names
    // theirs: type-only cycles, erased at build time, left to the engine's own split. Every
    // other cycle, and any cycle at run time, fails here.
    const engine = path.join('electron', 'core', 'search', 'engine') + path.sep
    expect(cycles.filter((c) => !c.split(' -> ').every((f) => f.startsWith(engine)))).toEqual([])
    const runtime = importCycles(importGraph(path.join(projectRoot, 'electron'), runtimeImportsOf)).map((c) => c.map(rel).join(' -> '))
    expect(runtime).toEqual([])
  })

  it('no module in renderer/ or shared/ imports itself through others', () => {
    for (const dir of ['renderer', 'shared']) expect(importCycles(importGraph(path.join(projectRoot, dir))).map((c) => c.map(rel).join(' -> '))).toEqual([])
  })

  it('the cycle check finds a cycle, type imports included', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']]
    ])
    expect(importCycles(graph)).toEqual([['a', 'b', 'c', 'a']])
    const folder = path.join(projectRoot, 'electron', 'core')
    const graphOfCore = importGraph(folder)
    // SearchService names the store it indexes with `import type`: that edge is in the graph.
    expect(graphOfCore.get(path.join(folder, 'search', 'SearchService.ts'))).toContain(path.join(folder, 'ArchiveFolder.ts'))
  })

  it('electron/core never imports electron, nor the shell, CLI or web host', () => {
    const bad: string[] = []
    for (const f of sources(path.join(projectRoot, 'electron', 'core')))
      for (const spec of importsOf(f))
        if (spec === 'electron' || spec.startsWith('electron/') || ['electron/main', 'electron/preload', 'electron/cli', 'electron/web'].some((d) => resolvesInto(f, spec, d)))
          bad.push(`${rel(f)} imports ${spec}`)
    expect(bad).toEqual([])
  })

  it('only the shell and the preload import electron at run time', () => {
    const bad: string[] = []
    for (const dir of ['electron', 'shared', 'renderer'])
      for (const f of sources(path.join(projectRoot, dir))) {
        const allowed = ['electron/main/index.ts', 'electron/preload/index.ts'].includes(rel(f).split(path.sep).join('/'))
        if (!allowed && runtimeImportsOf(f).includes('electron')) bad.push(rel(f))
      }
    expect(bad).toEqual([])
  })

  it('the renderer never asks through the browser\'s prompt() (untranslated, unstyled, blocking): its own dialogs do', () => {
    const calls = sources(path.join(projectRoot, 'renderer'))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ at: `${rel(f)}:${i + 1}`, line })))
      .filter(({ line }) => /(^|[^.\w])(window\.)?prompt\(/.test(line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, '')))
    expect(calls.map((c) => c.at)).toEqual([])
  })

  it('shared/ imports nothing local but itself', () => {
    const bad: string[] = []
    for (const f of sources(path.join(projectRoot, 'shared')))
      for (const spec of importsOf(f)) if (spec.startsWith('.') && !resolvesInto(f, spec, 'shared')) bad.push(`${rel(f)} imports ${spec}`)
    expect(bad).toEqual([])
  })

  it('the renderer imports only shared/ and itself (never Node or the core)', () => {
    const bad: string[] = []
    for (const f of sources(path.join(projectRoot, 'renderer')))
      for (const spec of importsOf(f)) {
        if (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'electron'].includes(spec)) bad.push(`${rel(f)} imports ${spec}`)
        if (spec.startsWith('.') && !resolvesInto(f, spec, 'renderer') && !resolvesInto(f, spec, 'shared')) bad.push(`${rel(f)} imports ${spec}`)
      }
    expect(bad).toEqual([])
  })

  // The stores behind the interfaces of electron/core/stores.ts, and the only files that may
  // build them on an archive's folder: ArchiveFolder for an open archive; the index-building
  // worker, which reads the folder in its own thread; backups, which restore a closed archive;
  // ColumnMappings, which keeps its records in a RecordFile; and for a team archive, PgStorage,
  // which builds the PostgreSQL back end's stores (its attachments are the same content-addressed
  // files), and migrate, which copies attachments between the two back ends' file stores.
  const STORE_CLASSES = ['CatalogStore', 'TextStore', 'FileStore', 'Journal', 'UndoStack', 'RecordFile', 'SavedSearches', 'ColumnMappings', 'DurableJsonFile']
  const MAY_BUILD_STORES = ['ArchiveFolder.ts', 'search/buildWorker.ts', 'safety/backups.ts', 'import/files/mappings.ts', 'workspace/RecordFile.ts', 'search/SavedSearches.ts', 'CatalogStore.ts', 'team/PgStorage.ts', 'team/migrateArchive.ts']
  const STORAGE_LIBRARY_USERS = ['DurableJsonFile.ts', 'CatalogStore.ts', 'workspace/RecordFile.ts', 'search/SavedSearches.ts']

  it('only the store implementations touch lowdb, and only the folder builds stores', () => {
    const core = path.join(projectRoot, 'electron', 'core')
    const relCore = (f: string) => path.relative(core, f).split(path.sep).join('/')
    const bad: string[] = []
    for (const f of sources(path.join(projectRoot, 'electron'))) {
      const name = relCore(f)
      for (const spec of importsOf(f))
        if ((spec === 'lowdb' || spec.startsWith('lowdb/') || /\/DurableJsonFile$/.test(spec)) && !STORAGE_LIBRARY_USERS.includes(name)) bad.push(`${rel(f)} imports ${spec}`)
      const text = readFileSync(f, 'utf8')
      for (const cls of STORE_CLASSES)
        if (new RegExp(`new ${cls}\\b`).test(text) && !MAY_BUILD_STORES.includes(name)) bad.push(`${rel(f)} builds a ${cls}`)
    }
    expect(bad).toEqual([])
    // The workspace and the search service hold stores by their interfaces, not their classes.
    const code = (f: string) =>
      readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'[^'\n]*'/g, "''")
    const named = new RegExp(`\\b(${STORE_CLASSES.join('|')})\\b`, 'g')
    for (const service of ['workspace/Workspace.ts', 'search/SearchService.ts', 'Archive.ts'])
      expect(code(path.join(core, service)).match(named) ?? [], service).toEqual([])
    expect(code(path.join(core, 'ArchiveFolder.ts')).match(named)).toContain('CatalogStore')
  })

  // Every write to an item goes through the item repository, so every one is checked,
  // journalled, undoable and versioned the same way: nothing else calls the raw writes of the
  // item stores (the catalogue records, the texts, the undo log).
  const RAW_ITEM_WRITE = /\.catalog\.put\(|\.texts\.(?:put|stage|remove)\(|\.(?:history|undo|undoLog)\.(?:push|stagePush|stageMove)\(/g
  it('only the item repository writes items', () => {
    const codeOf = (f: string) =>
      readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
    const writers: string[] = []
    for (const f of sources(path.join(projectRoot, 'electron'))) if (codeOf(f).match(RAW_ITEM_WRITE)) writers.push(rel(f).split(path.sep).join('/'))
    // `migrate` copies a whole archive from one back end into a new, empty one, records,
    // versions and journal as they are: a move of the stores, not a change to any item.
    expect(writers).toEqual(['electron/core/items/ItemRepository.ts', 'electron/core/team/migrateArchive.ts'])
    // The pattern finds the writes it is about (so that an empty list above means something).
    const repo = codeOf(path.join(projectRoot, 'electron', 'core', 'items', 'ItemRepository.ts'))
    expect(new Set(repo.match(RAW_ITEM_WRITE)?.map((m) => m.replace(/^\.\w+\./, '.').replace(/^\.(stores|this)\./, '.')))).toEqual(
      new Set(['.put(', '.stage(', '.stagePush(', '.stageMove('])
    )
  })

  it('the check itself catches a violation', () => {
    const probe = path.join(projectRoot, 'electron', 'core', 'Archive.ts')
    expect(importsOf(probe).length).toBeGreaterThan(3)
    expect(runtimeImportsOf(path.join(projectRoot, 'electron', 'main', 'index.ts'))).toContain('electron')
    expect(resolvesInto(probe, '../main/index', 'electron/main')).toBe(true)
  })
})
