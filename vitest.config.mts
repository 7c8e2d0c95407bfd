import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { defineConfig } from 'vitest/config'

// Team archives keep a working folder under the user's cache folder (electron/core/team/workingFolder.ts): the tests' go to a temp folder.
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // A throwaway PostgreSQL cluster for the team archive's tests (and PK_BACKEND=postgres).
    globalSetup: ['tests/pg/globalSetup.ts'],
    // Longer fuzz runs (PK_FUZZ_SCALE) get proportionally longer.
    testTimeout: 60_000 * Math.max(1, Number(process.env.PK_FUZZ_SCALE ?? 1) || 1),
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at once. Vitest's default on a 2-core machine is one (cores - 1), which ran
    // the suite file by file; the longest files (the crash tests) mostly wait for the child
    // processes they kill, so the other core is free for the rest of the suite meanwhile.
    maxWorkers: 2,
    reporters: ['default']
  }
})
