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

const target = process.env.PRESSKEEP_E2E_TARGET ?? 'web'

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  // Spec files side by side, each worker with its own archive and harness; the tests of one
  // file in order (they build on each other's items).
  fullyParallel: false,
  workers: Number(process.env.PK_E2E_WORKERS ?? (target === 'web' ? 2 : 1)),
  retries: 0,
  timeout: 60_000,
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
