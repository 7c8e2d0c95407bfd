import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'

// Values fixed once per run: worker processes re-read this file but inherit the environment.
// In the browser each worker serves an archive of its own (tests/e2e/fixtures.ts); the real app
// opens this one.
process.env.PK_E2E_SECRET ??= randomBytes(16).toString('hex')
process.env.PK_E2E_ARCHIVE ??= path.join(mkdtempSync(path.join(tmpdir(), 'presskeep-e2e-')), 'E2E.presskeep')
process.env.XDG_CONFIG_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-config-'))
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))


export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  // The tests of one file in order (they build on each other's items). Each worker serves an
  // archive of its own, so spec files can run side by side (PK_E2E_WORKERS=N) on a machine with
  // cores to spare; on 2 cores two workers took as long as one (5.9 min for 49 tests), each test
  // twice as slow, so one is the default.
  fullyParallel: false,
  workers: Number(process.env.PK_E2E_WORKERS ?? 1),
  retries: 0,
  // A test's whole walk: on a 2-core CI machine with the unit tests beside, the slowest walks
  // took 40-60 s; each expectation inside still has its own bound below.
  timeout: 90_000,
  // `npm test` runs the specs beside the unit tests (scripts/test.sh), so a page may wait for the
  // CPU longer than on a machine of its own: what a spec waits for is the same, it is given longer
  // to come than Playwright's default 5 s.
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
    },
    viewport: { width: 1400, height: 860 },
    trace: 'off'
  }
})
