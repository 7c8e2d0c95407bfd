import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { defineConfig } from 'vitest/config'

// Team archives keep a working folder under the user's cache folder (electron/core/team/workingFolder.ts): the tests' go to a temp folder.
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))

// The core tests that open their archives through tests/pg/backend.ts (directly or through the
// workspace's setup) run twice: on an archive folder and on a PostgreSQL team archive. Found by
// what they import, so a new test written that way joins the matrix by itself; the team
// archive's own tests (tests/unit/team) are about PostgreSQL already.
const unitDir = path.join(import.meta.dirname, 'tests', 'unit')
const onBothBackends = readdirSync(unitDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith(`team${path.sep}`))
  .filter((f) => /from '(\.\/setup|[./]+\/(pg\/backend|workspace\/setup))'/.test(readFileSync(path.join(unitDir, f), 'utf8')))
  .map((f) => `tests/unit/${f.split(path.sep).join('/')}`)

/** What both projects share (each project lists it: `extends` would add the includes together). */
const common = {
  environment: 'node' as const,
  // A throwaway PostgreSQL cluster for the team archive's tests (and the postgres project).
  globalSetup: ['tests/pg/globalSetup.ts'],
  // Longer fuzz runs (PK_FUZZ_SCALE) get proportionally longer.
  testTimeout: 60_000 * Math.max(1, Number(process.env.PK_FUZZ_SCALE ?? 1) || 1),
  hookTimeout: 60_000,
  pool: 'forks' as const
}

export default defineConfig({
  test: {
    // Two test files at once. Vitest's default on a 2-core machine is one (cores - 1), which ran
    // the suite file by file; the longest files (the crash tests) mostly wait for the child
    // processes they kill, so the other core is free for the rest of the suite meanwhile.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { test: { ...common, name: 'folder', include: ['tests/unit/**/*.test.ts'] } },
      { test: { ...common, name: 'postgres', include: onBothBackends, env: { PK_BACKEND: 'postgres' } } }
    ]
  }
})
