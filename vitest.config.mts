import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Team archives keep a working folder under the user's cache folder (electron/core/team/workingFolder.ts): the tests' go to a temp folder.
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))

// The core tests that open their archives through tests/pg/backend.ts (directly, or through a
// helper of the tests that does, such as the workspace's setup) run twice: on an archive folder
// and on a PostgreSQL team archive. Found by what they import, so a new test written that way
// joins the matrix by itself; the team archive's own tests (tests/unit/team) are about
// PostgreSQL already.
const unitDir = path.join(import.meta.dirname, 'tests', 'unit')
const backendModule = path.join(import.meta.dirname, 'tests', 'pg', 'backend.ts')
const reaches = new Map<string, boolean>()
/** Whether a test module imports tests/pg/backend.ts, itself or through the test helpers it imports. */
function opensThroughBackend(file: string): boolean {
  if (file === backendModule) return true
  if (reaches.has(file)) return reaches.get(file)!
  reaches.set(file, false) // an import cycle answers no until the walk is done
  const imports = [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]))
  const found = imports.some((i) => i.startsWith(path.join(import.meta.dirname, 'tests')) && [`${i}.ts`, path.join(i, 'index.ts')].some((f) => existsSync(f) && opensThroughBackend(f)))
  reaches.set(file, found)
  return found
}
const onBothBackends = readdirSync(unitDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith(`team${path.sep}`))
  .filter((f) => opensThroughBackend(path.join(unitDir, f)))
  .map((f) => `tests/unit/${f.split(path.sep).join('/')}`)

/** What both projects share (each project lists it: `extends` would add the includes together). */
const common = {
  environment: 'node' as const,
  // A throwaway PostgreSQL cluster for the team archive's tests (and the postgres project).
  globalSetup: ['tests/pg/globalSetup.ts'],
  // Longer fuzz runs (PK_FUZZ_SCALE) get proportionally longer. Three minutes, not one: `npm test`
  // runs these tests beside the browser specs (scripts/test.sh), and on a machine also loaded by
  // others (load 15-20) the longest (a 500-file import, the e-mail and feed fuzzers) took over one.
  testTimeout: 180_000 * Math.max(1, Number(process.env.PK_FUZZ_SCALE ?? 1) || 1),
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // The files of a worker share its modules: each file no longer loads the core and its
  // packages again (a fresh process per file spent more time importing than testing: 80 s of
  // CPU against 48 s on the export, i18n and press files). Per-file clean-up is registered in
  // setupFiles, which run for every file.
  isolate: false,
  setupFiles: ['tests/unit/setup.ts']
}

// The crash tests are the longest files by far (minutes each, against seconds for the rest): they
// start first, one per worker, and the other files fill the workers around them. Without this,
// a fresh checkout (no timings cached yet) would start the largest files first, and a crash test
// started last would run alone at the end.
const LONGEST_FIRST = [/safety\/crashPoints\.test\.ts$/, /safety\/crash\.test\.ts$/]
class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((re) => re.test(f.moduleId))
      return i < 0 ? LONGEST_FIRST.length : i
    }
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f)
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    // Two test files at once. Vitest's default on a 2-core machine is one (cores - 1), which ran
    // the suite file by file; the longest files (the crash tests) mostly wait for the child
    // processes they kill, so the other core is free for the rest of the suite meanwhile.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { test: { ...common, name: 'folder', include: ['tests/unit/**/*.test.ts'] } },
      // Its own module copies: tests/pg/backend.ts reads PK_BACKEND when first imported, so a
      // module shared with a folder-project file would keep the other back end.
      { test: { ...common, name: 'postgres', include: onBothBackends, env: { PK_BACKEND: 'postgres' }, isolate: true } }
    ]
  }
})
