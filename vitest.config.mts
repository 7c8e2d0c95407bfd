import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Team archives keep a working folder under the user's cache folder (electron/core/team/workingFolder.ts): the tests' go to a temp folder.
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))

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
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // A throwaway PostgreSQL cluster for the team archive's tests (and PK_BACKEND=postgres).
    globalSetup: ['tests/pg/globalSetup.ts'],
    // Longer fuzz runs (PK_FUZZ_SCALE) get proportionally longer.
    testTimeout: 60_000 * Math.max(1, Number(process.env.PK_FUZZ_SCALE ?? 1) || 1),
    hookTimeout: 60_000,
    pool: 'forks',
    // The files of a worker share its modules: each file no longer loads the core and its
    // packages again (a fresh process per file spent more time importing than testing: 80 s of
    // CPU against 48 s on the export, i18n and press files). Per-file clean-up is registered in
    // setupFiles, which run for every file.
    isolate: false,
    setupFiles: ['tests/unit/setup.ts'],
    sequence: { sequencer: LongestFirst },
    // Two test files at once. Vitest's default on a 2-core machine is one (cores - 1), which ran
    // the suite file by file; the longest files (the crash tests) mostly wait for the child
    // processes they kill, so the other core is free for the rest of the suite meanwhile.
    maxWorkers: 2,
    reporters: ['default']
  }
})
