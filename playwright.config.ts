import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'

// Values fixed once per run: worker processes re-read this file but inherit the environment.
process.env.PK_E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000))
process.env.PK_E2E_SECRET ??= randomBytes(16).toString('hex')
process.env.PK_E2E_ARCHIVE ??= path.join(mkdtempSync(path.join(tmpdir(), 'presskeep-e2e-')), 'E2E.presskeep')
process.env.XDG_CONFIG_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-config-'))
process.env.XDG_CACHE_HOME ??= mkdtempSync(path.join(tmpdir(), 'pk-xdg-cache-'))

const target = process.env.PRESSKEEP_E2E_TARGET ?? 'web'
const port = Number(process.env.PK_E2E_PORT)

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
    },
    viewport: { width: 1400, height: 860 },
    trace: 'off'
  },
  // The browser harness: the built renderer served with the real core over loopback.
  webServer:
    target === 'web'
      ? {
          command: `npx tsx electron/web/index.ts --archive "${process.env.PK_E2E_ARCHIVE}" --port ${port} --secret ${process.env.PK_E2E_SECRET}`,
          url: `http://127.0.0.1:${port}/?k=${process.env.PK_E2E_SECRET}`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'pipe'
        }
      : undefined
})
