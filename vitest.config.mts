import { defineConfig } from 'vitest/config'

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
    reporters: ['default']
  }
})
